"""Benchmark of the sweep engine (sharedrep.sweep): the same small sweep in this process and
on a Dask LocalCluster of 2 single-threaded workers, and the paper protocol projected onto
1, 8 and 64 workers.

The sweep: ``--units`` paper-1 conditions (mixed input, consistent pairing, depths taken in
turn from ``--depths``, default 4: units of equal cost, as the conditions of one depth are),
each ``--networks`` networks x ``--epochs`` epochs on 100 images per digit, with the
information analysis at every snapshot, no classifiers. Both paths store into scratch
folders. Each is timed twice, and the throughput ratio is the in-process wall time over the
cluster's:

- *warm* (the engine's steady state, what hours-long units see): the process and every
  worker have already trained a unit of each depth (TensorFlow imported, the data loaded,
  each depth's XLA programs compiled), so what is left is the engine's own cost (goal: at
  most 10 %, ratio >= 0.9; two single-threaded workers on two cores can also gain from
  running two units' small matrix products side by side);
- *cold* (what a short sweep sees): the in-process sweep in a fresh Python process, against
  a fresh cluster's start-up and sweep; every worker imports TensorFlow, loads the data and
  compiles the programs of each depth it meets, once. The difference is printed as fixed
  seconds, not as a ratio: it does not grow with the units' length.

Units of unequal cost measure something else: on two workers the longest unit is the critical
path, and a single-threaded worker runs a depth-3 unit (784-unit decoder layers, whose
products two threads split well) about twice as slowly as a two-threaded process (try
``--depths 1,2,3,4``; measured here: ratio 0.54). For such units, fewer workers with more
threads each (``SLURMCluster(cores=2)`` with ``TF_NUM_INTRAOP_THREADS=2``, as in the README) or
``--networks-per-unit`` (shorter units) keep the critical path short.

The projection: every unit of ``sharedrep reproduce --protocol paper`` (paper-1 conditions at
10 networks x 5,000 epochs with their classifiers, paper-2 folds, the scaling measurement),
each at the time the stored runs measured on this machine (``reproduce.units``), placed
longest first on N workers as fast as this machine; the longest single unit is the critical
path no number of workers shortens.
Run: python benchmarks/sweep.py [--units 4 --networks 2 --epochs 200]
     python benchmarks/sweep.py --quick     # 2 units x 1 network x 3 epochs (CI)
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sharedrep import reproduce, sweep
from sharedrep.experiments import runner
from sharedrep.locations import checkout

QUIET = dict(echo=lambda line: None)


def plan(directory, units: int, networks: int, epochs: int, base: int = 0) -> list:
    """The sweep's units; ``base`` shifts every seed (a warm-up of the same shapes, other networks)."""
    conditions = [runner.Condition("mixed", ARGS.depths[k % len(ARGS.depths)], "consistent",
                                   seeds=tuple(range(base + 100 * k, base + 100 * k + networks)),
                                   epochs=epochs, snapshot_epochs=(0, epochs // 2), images_per_digit=100)
                  for k in range(units)]
    return [runner.unit_of(c, directory) for c in conditions]


def warm_up(directory) -> None:
    """Compute a 2-epoch unit of every depth of the sweep here (in this process, or on a worker)."""
    for unit in plan(directory, min(ARGS.units, len(ARGS.depths)), ARGS.networks, 2, base=10_000):
        sweep.compute(unit)


def cold_in_process(directory) -> float:
    """The sweep in a fresh Python process, timed from its start (TensorFlow's import included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--in-process", str(directory), "--units", str(ARGS.units),
                    "--depths", ",".join(map(str, ARGS.depths)),
                    "--networks", str(ARGS.networks), "--epochs", str(ARGS.epochs)], check=True)
    return time.perf_counter() - start


def main():
    print(f"sweep of {ARGS.units} paper-1 units (depths {ARGS.depths}) x {ARGS.networks} networks x {ARGS.epochs} "
          f"epochs; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    units = lambda folder: plan(folder, ARGS.units, ARGS.networks, ARGS.epochs)     # noqa: E731
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        cold_here = cold_in_process(scratch / "cold-here")
        start = time.perf_counter()
        sweep.execute(units(scratch / "cold-there"), workers=2, directory=scratch / "cold-there", **QUIET)
        cold_there = time.perf_counter() - start
        warm_up(scratch / "warm-up")
        start = time.perf_counter()
        sweep.execute(units(scratch / "here"), directory=scratch / "here", **QUIET)
        here = time.perf_counter() - start
        with sweep._client(2, None) as client:
            client.run(warm_up, str(scratch / "warm-up-workers"))            # every worker, every depth
            start = time.perf_counter()
            sweep._on_cluster(client, units(scratch / "there"), scratch / "there", QUIET["echo"], 60.0)
            there = time.perf_counter() - start
    print(f"  warm (steady state): in this process {here:.1f} s, LocalCluster of 2 workers {there:.1f} s; "
          f"throughput ratio {here / there:.2f} (goal >= 0.9)", flush=True)
    print(f"  cold (a fresh process; a fresh cluster, its start-up included): {cold_here:.1f} s and "
          f"{cold_there:.1f} s; the cluster's fixed start-up cost: {cold_there - cold_here:+.1f} s "
          f"(the workers' imports, data and compilations)", flush=True)

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
    parser.add_argument("--in-process", metavar="FOLDER", help=argparse.SUPPRESS)     # the cold run's own process
    parser.add_argument("--units", type=int, default=4)
    parser.add_argument("--depths", type=lambda text: [int(d) for d in text.split(",")], default=[4],
                        help="depths of the units, taken in turn (default 4: units of equal cost)")
    parser.add_argument("--networks", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="2 units x 1 network x 3 epochs: checks that it runs")
    ARGS = parser.parse_args()
    if ARGS.quick:
        ARGS.units, ARGS.networks, ARGS.epochs = 2, 1, 3
    if ARGS.in_process:
        sweep.execute(plan(Path(ARGS.in_process), ARGS.units, ARGS.networks, ARGS.epochs),
                      directory=Path(ARGS.in_process), **QUIET)
    else:
        main()
