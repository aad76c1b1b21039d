"""Benchmark of shared-representation learning's classifiers (paper 1): seconds per
classifier-epoch for N classifiers trained together in one batched computation.

The book trains N = networks x 2 training modalities x snapshots classifiers per run
(e.g. 2 x 2 x 8 = 32), each for 1,000 epochs of 5,000 rows at batch 256 (20 steps) on
64 encoder features. Each figure is the steady state: the time of a 22-epoch call minus a
2-epoch call (both pay the same compilation), divided by 20 epochs.
Tried and dropped (2026-11-25): splitting the classifiers over two single-threaded
processes, as the autoencoder trainer can, gave 0.98x at N = 32 on the 2-core machine.
Run: python benchmarks/classifier.py [--sizes 8 32 80]
     python benchmarks/classifier.py --quick   # N = 4, 8: checks that it runs (CI)
"""
import argparse
import os
import time

import numpy as np

from sharedrep.models import train_classifier

ROWS, FEATURES = 5000, 64
FLOP_PER_ROW = 2 * 3 * (FEATURES * 64 + 64 * 64 + 64 * 10)   # forward + backward, multiply-adds x 2


def seconds_per_epoch(n, rng, short: int = 2, long: int = 22):
    """Steady-state seconds per epoch of ``n`` classifiers trained together: a ``long``-epoch
    call minus a ``short``-epoch call (both compile alike), over the epochs between."""
    x = rng.random((n, ROWS, FEATURES), dtype=np.float32)
    y = rng.integers(0, 10, (n, ROWS))
    times = []
    for epochs in (short, long):
        start = time.perf_counter()
        train_classifier(x, y, seeds=list(range(n)), epochs=epochs)
        times.append(time.perf_counter() - start)
    return (times[1] - times[0]) / (long - short)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="numbers of classifiers (default 1 8 32 80)")
    parser.add_argument("--quick", action="store_true", help="N = 4 and 8: checks that it runs")
    args = parser.parse_args()
    sizes = args.sizes or ([4, 8] if args.quick else [1, 8, 32, 80])
    rng = np.random.default_rng(0)
    print(f"classifiers of 64-64-64-10 on {ROWS} rows, batch 256; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    seconds_per_epoch(1, rng, 1, 2)     # warm-up: TensorFlow's one-time start-up is not an epoch
    base = None
    for n in sizes:
        seconds = seconds_per_epoch(n, rng)
        per = seconds / n
        base = base or per
        print(f"  N = {n:3d}: {per * 1000:6.1f} ms per classifier-epoch ({n * ROWS * FLOP_PER_ROW / seconds / 1e9:.1f} "
              f"GFLOP/s; {base / per:.2f}x the first size per classifier); 1,000 epochs of all {n}: "
              f"{seconds * 1000 / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
