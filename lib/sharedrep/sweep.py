"""Compute independent units of work in this process, on a local Dask cluster, or on any Dask cluster.

A :class:`Unit` is one stored result still to compute: its kind and parameters (its key in
the results store, :mod:`sharedrep.results`) and the function that computes its arrays. The
library makes units where it decides what a page needs (a paper-1 condition:
:func:`sharedrep.experiments.runner.pending`; a paper-2 fold:
:func:`sharedrep.experiments.dbn_folds.fold_unit`; the scaling measurement:
:func:`sharedrep.experiments.dbn_scaling.scaling_unit`), and :func:`execute` computes a list
of them:

- ``execute(units)``: one after another in this process;
- ``execute(units, workers=4)``: on a ``LocalCluster`` of 4 single-threaded worker processes;
- ``execute(units, scheduler="tcp://host:8786")``: on an existing Dask cluster (SLURM or PBS
  through dask-jobqueue, Kubernetes, ...), whose workers import ``sharedrep`` and find the data
  themselves (``SHAREDREP_DATA``).

A worker computes a unit and sends its arrays back; this process stores each result the
moment it arrives (:func:`store`), so workers need no shared filesystem and an interruption
loses only the units in flight: the next call computes only what is still missing. A worker
that dies mid-unit has the unit rerun on another one by Dask, and the result is stored once.
A unit that raises stops the sweep with :class:`UnitFailed` (its label, parameters and the
worker's traceback), keeping every result that arrived before.

Results equal the in-process path's for the same seeds: the same functions run on the same
inputs. Workers run TensorFlow and BLAS with one thread each (``LocalCluster``), so float
sums may be ordered differently than in a multi-threaded process: equal to float rounding,
bit for bit when the process also computes single-threaded (tests/test_sweep.py).
"""
from __future__ import annotations

import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import results
from .validation import Int

#: the topic of the events a worker sends when it starts a unit (``Worker.log_event``)
TOPIC = "sharedrep-sweep"
#: seconds within which an unreachable scheduler fails
CONNECT_TIMEOUT_S = 10
#: environment of LocalCluster workers: one thread each for TensorFlow and BLAS
SINGLE_THREADED = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1",
                   "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


@dataclass(frozen=True, eq=False)
class Unit:
    """One result still to compute.

    kind, parameters : where it is stored (:func:`sharedrep.results.save`).
    label : what progress lines call it, e.g. ``"mixed-4-consistent"``, ``"fold theo"``.
    compute : ``compute(verbose: bool) -> {name: ndarray}``; picklable (a
        :func:`functools.partial` of a module-level function) so a worker can run it.
    extent : recorded with the result beside its key (a paper-1 run's snapshots and classifiers).
    checkpoint : the file a long unit checkpoints to (a paper-1 run), removed once stored;
        workers that share the results folder resume a retried unit from it.
    seconds : the expected computing time on one 2-core machine, or None when unknown.
    """
    kind: str
    label: str
    parameters: dict
    compute: Callable[[bool], dict]
    extent: dict | None = None
    checkpoint: str | None = None
    seconds: float | None = field(default=None)

    @property
    def key(self) -> str:
        return results.result_key(self.kind, self.parameters)


@dataclass(frozen=True)
class Computed:
    """A unit's arrays with what :func:`sharedrep.results.save` records beside them."""
    unit: Unit
    arrays: dict
    wall_time_s: float
    code: dict


class UnitFailed(RuntimeError):
    """A unit raised: the sweep stopped; every result that arrived before is stored."""


def compute(unit: Unit, verbose: bool = False) -> Computed:
    """Compute ``unit`` here (timed, with the code that computed it); nothing is stored."""
    code = results.code_provenance()
    start = time.perf_counter()
    arrays = unit.compute(verbose)
    return Computed(unit, arrays, time.perf_counter() - start, code)


def store(computed: Computed, directory=None) -> results.StoredResult:
    """Save a computed unit in the results store (``directory``) and remove its checkpoint."""
    unit = computed.unit
    stored = results.save(unit.kind, unit.parameters, computed.arrays, computed.wall_time_s, directory,
                          code=computed.code, extent=unit.extent)
    if unit.checkpoint:
        checkpoint = Path(unit.checkpoint)
        for leftover in checkpoint.parent.glob(f"{checkpoint.stem}*.npz"):
            leftover.unlink()
    return stored


def load_or_compute(unit: Unit, directory=None, verbose: bool = False, keep: bool = True) -> results.StoredResult:
    """The stored result of ``unit``, or compute it here and (``keep``) store it."""
    found = results.load(unit.kind, unit.parameters, directory)
    if found is not None:
        return found
    computed = compute(unit, verbose)
    if keep:
        return store(computed, directory)
    return results.unstored(unit.kind, unit.parameters, computed.arrays, computed.wall_time_s, computed.code,
                            unit.extent)


def missing(units, directory=None, stored: bool = False) -> list:
    """The units of ``units`` whose result is not stored (``stored``: every unit), each once
    (same kind and key)."""
    seen, out = set(), []
    for unit in units:
        wanted = stored or results.find(unit.kind, unit.parameters, directory) is None
        if (unit.kind, unit.key) not in seen and wanted:
            seen.add((unit.kind, unit.key))
            out.append(unit)
    return out


def execute(units, *, workers: int | None = None, scheduler: str | None = None, directory=None,
            verbose: bool = False, echo=print, report_every_s: float = 60.0) -> list:
    """Compute every unit and store each result as soon as it is computed; returns the stored
    results in the order of ``units``.

    workers : compute on a ``LocalCluster`` of this many single-threaded worker processes.
    scheduler : compute on the Dask cluster at this address (e.g. ``"tcp://10.0.0.5:8786"``);
        :class:`ConnectionError` within :data:`CONNECT_TIMEOUT_S` seconds when it cannot be reached.
    Neither: in this process, one unit after another (``verbose``: each unit's own progress).
    echo : where progress lines go (units done / total, the unit running longest, time left).
    """
    units = list(units)
    if workers is not None and scheduler is not None:
        raise ValueError("give workers (a local cluster) or scheduler (an existing one), not both")
    if workers is None and scheduler is None:
        out = []
        for i, unit in enumerate(units, 1):
            echo(f"[unit {i}/{len(units)}] {unit.label}")
            out.append(store(compute(unit, verbose), directory))
        return out
    if workers is not None:
        Int(1).check("workers", workers)
    with _client(workers, scheduler) as client:
        return _on_cluster(client, units, directory, echo, report_every_s)


def _client(workers, scheduler):
    """A connected ``distributed.Client`` (closing its LocalCluster with it)."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               env=SINGLE_THREADED, dashboard_address=":0")
        client = Client(cluster)
        client.close = _closing(client.close, cluster.close)
        return client
    try:
        return Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
    # distributed's loop runner asserts (AssertionError) when its IO loop does not start within
    # its own 10 s, which a loaded machine can cause: the same clear error, naming the scheduler
    except (OSError, TimeoutError, ValueError, AssertionError) as error:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler!r} within {CONNECT_TIMEOUT_S} s "
                              f"({type(error).__name__}: {error}). Is it running (`dask scheduler`), and is the "
                              "address its tcp://host:port?") from error


def count_workers(scheduler: str) -> int:
    """The number of workers connected to the Dask scheduler at ``scheduler`` (checks that it
    can be reached: :class:`ConnectionError` otherwise)."""
    with _client(None, scheduler) as client:
        return len(client.scheduler_info()["workers"])


def _closing(*closers):
    def close(*args, **kwargs):
        for closer in closers:
            closer()
    return close


def _run_on_worker(unit: Unit) -> Computed:
    """What a worker runs: announce the start (for the client's progress line), then compute."""
    from distributed import get_worker

    get_worker().log_event(TOPIC, {"key": unit.key, "label": unit.label, "start": time.time()})
    with warnings.catch_warnings():    # scikit-learn: one job per worker is what we ask for
        warnings.filterwarnings("ignore", message="Inside a Dask worker with daemon=True")
        return compute(unit)


def _on_cluster(client, units, directory, echo, report_every_s) -> list:
    from distributed import wait

    link = client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else None
    n_workers = max(1, len(client.scheduler_info()["workers"]))
    echo(f"Dask: {n_workers} worker(s) at {client.scheduler.address}" + (f"; dashboard {link}" if link else ""))
    started, lock = {}, threading.Lock()

    def on_event(event):
        message = event[1] if isinstance(event, tuple) else event
        with lock:
            started[message["key"]] = (message["label"], message["start"])

    client.subscribe_topic(TOPIC, on_event)
    futures = {client.submit(_run_on_worker, unit, key=f"{unit.kind}-{unit.key}", pure=False): i
               for i, unit in enumerate(units)}
    stored, durations, pending = [None] * len(units), [], set(futures)
    try:
        while pending:
            try:
                done, pending = wait(pending, timeout=report_every_s, return_when="FIRST_COMPLETED")
            except TimeoutError:        # nothing finished in this interval: report and wait again
                done = ()
            for future in done:
                unit = units[futures[future]]
                if future.status != "finished":
                    raise _failure(unit, future)
                computed = future.result()
                stored[futures[future]] = store(computed, directory)
                durations.append(computed.wall_time_s)
            with lock:
                echo(progress_line(units, stored, durations, started, n_workers))
    finally:
        for future in pending:
            future.cancel()
    return stored


def _failure(unit: Unit, future) -> UnitFailed:
    error = future.exception()
    trace = "".join(traceback.format_exception(type(error), error, future.traceback()))
    return UnitFailed(f"unit {unit.label!r} ({unit.kind}, parameters {unit.parameters}) failed on a worker; "
                      f"the results that arrived before it are stored.\n{trace}")


def progress_line(units, stored, durations, started, n_workers, now: float | None = None) -> str:
    """``"3/9 units done; running longest: mixed-4-consistent (41 min); about 2.1 h left"``.

    The time left: the units not done, each at the mean measured time of the finished ones
    (else its own estimate, :attr:`Unit.seconds`), shared by ``n_workers``."""
    now = time.time() if now is None else now
    done = sum(s is not None for s in stored)
    line = f"{done}/{len(units)} units done"
    running = [(now - start, label) for key, (label, start) in started.items()
               if not any(s is not None and s.provenance["key"] == key for s in stored)]
    if running:
        seconds, label = max(running)
        line += f"; running longest: {label} ({_duration(seconds)})"
    left = [u for u, s in zip(units, stored) if s is None]
    mean = sum(durations) / len(durations) if durations else None
    estimates = [mean if mean is not None else u.seconds for u in left]
    if left and all(e is not None for e in estimates):
        line += f"; about {_duration(sum(estimates) / n_workers)} left"
    return line


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min" if seconds < 7200 else \
        f"{seconds / 3600:.1f} h"

