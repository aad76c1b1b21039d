"""Benchmark of the sweep engine (sharedrep.sweep): the same small sweep in this process and
on a Dask LocalCluster of 2 single-threaded workers, and the paper protocol projected onto
1, 8 and 64 workers.

The sweep: ``--units`` paper-1 conditions (mixed depth 1-4, consistent pairing), each
``--networks`` networks x ``--epochs`` epochs on 100 images per digit, with the information
analysis at every snapshot, no classifiers: units of about the same cost, as a paper-1
condition is. Both paths store into scratch folders. The throughput ratio is the in-process
wall time over the cluster's, the cluster's start-up included (goal: the engine costs at
most 10 %, ratio >= 0.9; on two cores two single-threaded workers also gain from running
two units' small matmuls side by side).

The projection: every unit of ``sharedrep reproduce --protocol paper`` (paper-1 conditions at
10 networks x 5,000 epochs with their classifiers, paper-2 folds, the scaling measurement),
each at the time the stored runs measured on this machine (``reproduce.units``), placed
longest first on N workers as fast as this machine; the longest single unit is the critical
path no number of workers shortens.
Run: python benchmarks/sweep.py [--units 4 --networks 2 --epochs 40]
     python benchmarks/sweep.py --quick     # 2 units x 1 network x 3 epochs (CI)
"""
import argparse
import os
import tempfile
import time
from pathlib import Path

from sharedrep import reproduce, sweep
from sharedrep.experiments import runner
from sharedrep.locations import checkout


def plan(directory, units: int, networks: int, epochs: int) -> list:
    conditions = [runner.Condition("mixed", 1 + k % 4, "consistent", seeds=tuple(range(100 * k, 100 * k + networks)),
                                   epochs=epochs, snapshot_epochs=(0, epochs // 2), images_per_digit=100)
                  for k in range(units)]
    return [runner.unit_of(c, directory) for c in conditions]


def timed(directory, workers=None) -> float:
    start = time.perf_counter()
    sweep.execute(plan(directory, ARGS.units, ARGS.networks, ARGS.epochs), workers=workers, directory=directory,
                  echo=lambda line: None)
    return time.perf_counter() - start


def main():
    print(f"sweep of {ARGS.units} paper-1 units x {ARGS.networks} networks x {ARGS.epochs} epochs; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        timed(Path(scratch) / "warm-up")           # TensorFlow's one-time start-up in this process
        here = timed(Path(scratch) / "here")
        there = timed(Path(scratch) / "there", workers=2)
    print(f"  in this process: {here:.1f} s; LocalCluster of 2 workers (start-up included): {there:.1f} s; "
          f"throughput ratio {here / there:.2f} (goal >= 0.9)", flush=True)

    todo = reproduce.units(reproduce.plan("paper"), checkout() / "results", include_stored=True)
    seconds = [u.seconds for u in todo if u.seconds is not None]
    unknown = len(todo) - len(seconds)
    print(f"the paper protocol: {len(todo)} units ({unknown} without a stored run to measure), "
          f"{sum(seconds) / 3600:.0f} h of work on this machine")
    for workers in (1, 8, 64):
        wall, longest = reproduce.projection(seconds, workers)
        print(f"  on {workers:2d} workers: about {wall:.1f} h (critical path: the longest unit, {longest:.1f} h)")
    split = [u.seconds for u in reproduce.units(reproduce.plan("paper"), checkout() / "results", include_stored=True,
                                                 networks_per_unit=1) if u.seconds is not None]
    print(f"  with --networks-per-unit 1: {len(split)} units")
    for workers in (8, 64, 128):
        wall, longest = reproduce.projection(split, workers)
        print(f"  on {workers:3d} workers: about {wall:.1f} h (critical path: the longest unit, {longest:.1f} h)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=4)
    parser.add_argument("--networks", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="2 units x 1 network x 3 epochs: checks that it runs")
    ARGS = parser.parse_args()
    if ARGS.quick:
        ARGS.units, ARGS.networks, ARGS.epochs = 2, 1, 3
    main()
