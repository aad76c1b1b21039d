"""The sweep engine (issue 20): units computed in this process or on a Dask cluster, each
result stored by the client as it arrives, equal to the in-process results; faults."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sharedrep import cli, results, sweep
from sharedrep.dbn import DBNConfig
from sharedrep.experiments import dbn_folds, runner

#: arrays that time the computation: they differ between any two runs
TIMINGS = {"train_seconds", "earlier_train_seconds", "stage_seconds", "backfit_seconds"}


def tiny_plan(directory) -> list:
    """Two paper-1 conditions x 2 networks x 3 epochs with snapshots, and one small paper-2 fold."""
    conditions = [runner.Condition("mixed", depth, "consistent", seeds=(0, 1), epochs=3, snapshot_epochs=(0, 1),
                                   images_per_digit=10) for depth in (1, 2)]
    fold = dbn_folds.fold_unit("theo", DBNConfig(layers=dbn_folds.scaled_layers(0.05), epochs=2,
                                                 associative_hidden=40, max_sweeps=3))
    return [runner.pending(c, directory) for c in conditions] + [fold]


def stored_arrays(directory) -> dict:
    """{(kind, key): {name: array}} of every result under ``directory``, timings left out."""
    out = {}
    for meta in sorted(Path(directory).glob("*/*.json")):
        provenance = json.loads(meta.read_text())
        arrays = results.read_arrays(meta.with_suffix(".npz"), provenance)
        out[(provenance["kind"], provenance["key"])] = {k: v for k, v in arrays.items() if k not in TIMINGS}
    return out


def fake_unit(label: str, compute, seconds=None) -> sweep.Unit:
    """A unit stored under kind paper2_scaling with made-up parameters (the engine does not care)."""
    return sweep.Unit("paper2_scaling", label, {"test": label}, compute, seconds=seconds)


@pytest.mark.slow
def test_a_local_cluster_stores_what_the_process_computes(tmp_path, shared_data):
    """The in-process path, run here in a process with the workers' environment (one thread
    for TensorFlow and BLAS), and a LocalCluster store the same arrays bit for bit."""
    here, there = tmp_path / "here", tmp_path / "there"
    script = ("import sys; sys.path.insert(0, sys.argv[2]); from pathlib import Path; from sharedrep import sweep; "
              "from test_sweep import tiny_plan; here = Path(sys.argv[1]); "
              "sweep.execute(tiny_plan(here), directory=here)")
    done = subprocess.run([sys.executable, "-c", script, str(here), str(Path(__file__).parent)],
                          env={**os.environ, **sweep.SINGLE_THREADED}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["[unit 1/3] mixed-1-consistent", "[unit 2/3] mixed-2-consistent",
                                        "[unit 3/3] fold theo"]
    lines = []
    stored = sweep.execute(tiny_plan(there), workers=2, directory=there, echo=lines.append, report_every_s=5)
    assert lines[0].startswith("Dask: 2 worker(s) at tcp://127.0.0.1:")
    assert lines[-1].startswith("3/3 units done")
    assert [s.provenance["kind"] for s in stored] == ["paper1", "paper1", "paper2_fold"]   # in plan order
    ours, theirs = stored_arrays(here), stored_arrays(there)
    assert ours.keys() == theirs.keys() and len(ours) == 3
    for key, arrays in ours.items():
        assert arrays.keys() == theirs[key].keys()
        for name, array in arrays.items():
            np.testing.assert_array_equal(array, theirs[key][name], err_msg=f"{key} {name}")
    assert not list((there / "checkpoints").glob("*.npz"))   # removed once stored
    # the next call finds everything stored: nothing is computed again
    again = tiny_plan(there)
    assert again[:2] == [None, None] and sweep.missing(again[2:], there) == []


def _dies_once(marker: str, verbose: bool) -> dict:
    """Kill the worker process the first time (as a crashed or preempted machine would)."""
    if not os.path.exists(marker):
        Path(marker).write_text("died")
        os._exit(1)
    return {"value": np.arange(3)}


def _sleeps_then(seconds: float, fail: bool, verbose: bool) -> dict:
    time.sleep(seconds)
    if fail:
        raise ArithmeticError("this unit is broken")
    return {"value": np.array([seconds])}


@pytest.mark.slow
def test_a_unit_whose_worker_dies_is_rerun_and_stored_once(tmp_path, monkeypatch):
    from functools import partial

    saved = []
    real_store = sweep.store
    monkeypatch.setattr(sweep, "store", lambda computed, directory=None: saved.append(computed.unit.label)
                        or real_store(computed, directory))
    units = [fake_unit("dies", partial(_dies_once, str(tmp_path / "died"))),
             fake_unit("fine", partial(_sleeps_then, 0.5, False))]
    stored = sweep.execute(units, workers=2, directory=tmp_path, echo=lambda line: None)
    assert (tmp_path / "died").read_text() == "died"                 # the first attempt did die
    assert sorted(saved) == ["dies", "fine"]                         # each stored exactly once
    np.testing.assert_array_equal(stored[0].arrays["value"], np.arange(3))
    assert len(list((tmp_path / "paper2_scaling").glob("*.npz"))) == 2


@pytest.mark.slow
def test_a_failing_unit_stops_the_sweep_keeping_what_finished(tmp_path):
    from functools import partial

    fine = fake_unit("fine", partial(_sleeps_then, 0.1, False))
    broken = fake_unit("broken", partial(_sleeps_then, 3, True))
    with pytest.raises(sweep.UnitFailed) as failure:
        sweep.execute([fine, broken], workers=2, directory=tmp_path, echo=lambda line: None)
    message = str(failure.value)
    assert "unit 'broken'" in message and "{'test': 'broken'}" in message
    assert "ArithmeticError: this unit is broken" in message and "_sleeps_then" in message   # the traceback
    assert results.find(fine.kind, fine.parameters, tmp_path) is not None      # kept
    # rerun after the interruption: only the unit still missing is computed
    assert sweep.missing([fine, broken], tmp_path) == [broken]


def test_an_unreachable_scheduler_fails_within_seconds_naming_it(tmp_path, capsys):
    start = time.perf_counter()
    with pytest.raises(ConnectionError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:9' within 10 s"):
        sweep.execute([fake_unit("x", None)], scheduler="tcp://127.0.0.1:9", directory=tmp_path)
    assert time.perf_counter() - start < 15
    assert cli.main(["reproduce", "--protocol", "book", "--chapters", "paper2_scaling", "--dry-run",
                     "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in capsys.readouterr().err


def test_execute_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        sweep.execute([], workers=2, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ValueError, match="workers must be"):
        sweep.execute([], workers=0)


def test_progress_line_names_the_longest_running_unit_and_the_time_left():
    units = [fake_unit(name, None, seconds=600) for name in ("a", "b", "c", "d")]
    done = results.unstored("paper2_scaling", units[0].parameters, {}, 60.0, {})
    started = {units[0].key: ("a", 0.0), units[1].key: ("b", 100.0), units[2].key: ("c", 400.0)}
    line = sweep.progress_line(units, [done, None, None, None], [60.0], started, n_workers=2, now=1000.0)
    # b has run 900 s (a is done); 3 units left at the measured 60 s each, over 2 workers
    assert line == "1/4 units done; running longest: b (15 min); about 90 s left"
    assert sweep.progress_line(units, [None] * 4, [], {}, 2) == "0/4 units done; about 20 min left"


def test_the_protocol_plan_projects_onto_workers():
    from sharedrep import reproduce

    assert reproduce.projection([3600, 3600, 3600, 7200], 1) == (5.0, 2.0)
    assert reproduce.projection([3600, 3600, 3600, 7200], 2) == (3.0, 2.0)
    assert reproduce.projection([3600, 3600, 3600, 7200], 64) == (2.0, 2.0)   # the critical path
