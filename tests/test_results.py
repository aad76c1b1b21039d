"""The results store: round trip, no reuse across parameters or algorithm versions, damaged
files named, every committed run current."""
import json

import numpy as np
import pytest

from sharedrep import results
from sharedrep.cli import main as cli

PARAMS = {"depths": [1, 2], "epochs": 3, "pairing": "consistent", "seeds": (0, 1)}


@pytest.fixture(autouse=True)
def toy_kind(monkeypatch):
    """A result kind of the tests' own, at algorithm version 1."""
    monkeypatch.setitem(results.ALGORITHM_VERSIONS, "toy", 1)


def _compute(calls):
    def compute():
        calls.append(1)
        return {"info": np.arange(6.0).reshape(2, 3), "counts": np.array([1, 2, 3])}
    return compute


def test_round_trip_and_provenance(tmp_path):
    calls = []
    first = results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    again = results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    assert len(calls) == 1 and not first.loaded and again.loaded
    np.testing.assert_array_equal(again.arrays["info"], first.arrays["info"])
    meta = json.loads(first.path.with_suffix(".json").read_text())
    assert meta["parameters"]["seeds"] == [0, 1] and meta["versions"]["sharedrep"]
    assert meta["arrays"] == {"info": [2, 3], "counts": [3]}
    assert meta["algorithm"] == 1 and meta["sha256"] == results.file_sha256(first.path)
    assert meta["code"]["source_sha256"] == results.source_sha256()
    assert len(meta["code"]["commit"]) == 40 and isinstance(meta["code"]["dirty"], bool)  # tests run in a checkout
    assert "loaded from the stored run" in again.describe()
    assert "computed in this build" in first.describe()
    # the code in words: the commit, and when the library differed from it, its source's hash
    code = dict(commit="a" * 40, dirty=True, source_sha256="b" * 64)
    edited = results.StoredResult(first.arrays, {**first.provenance, "code": code})
    assert "by commit aaaaaaaaaa plus uncommitted changes to the library, whose source had sha256 bbbbbbbbbbbb" in (
        edited.describe())
    clean = results.StoredResult(first.arrays, {**first.provenance, "code": dict(code, dirty=False)})
    assert "by commit aaaaaaaaaa, version 1 of its method" in clean.describe()
    assert "uncommitted" not in clean.describe()


def test_folders_may_be_str_or_pathlike(tmp_path):
    calls = []
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=str(tmp_path))
    assert results.load("toy", PARAMS, directory=str(tmp_path)).loaded
    assert results.load("toy", PARAMS, directory=tmp_path).loaded and len(calls) == 1
    with pytest.raises(TypeError, match="str or os.PathLike"):
        results.load("toy", PARAMS, directory=3)


def test_changed_parameter_is_recomputed(tmp_path):
    calls = []
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    results.load_or_compute("toy", {**PARAMS, "epochs": 4}, _compute(calls), directory=tmp_path)
    assert len(calls) == 2


def test_parameter_order_does_not_matter():
    reordered = dict(reversed(list(PARAMS.items())))
    assert results.result_key("toy", PARAMS) == results.result_key("toy", reordered)


def test_a_bumped_algorithm_version_recomputes_and_lists_the_old_run_as_stale(tmp_path, monkeypatch, capsys):
    calls = []
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    assert cli(["results", "--directory", str(tmp_path)]) == 0
    monkeypatch.setitem(results.ALGORITHM_VERSIONS, "toy", 2)
    assert results.load("toy", PARAMS, directory=tmp_path) is None
    assert [run.status for run in results.stored_runs(tmp_path)] == ["stale: algorithm 1, current 2"]
    assert cli(["results", "--directory", str(tmp_path)]) == 1
    assert "1 not current" in capsys.readouterr().out
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    assert len(calls) == 2


def test_a_stored_file_whose_parameters_differ_is_not_reused(tmp_path):
    stored = results.save("toy", PARAMS, {"x": np.zeros(2)}, 1.0, directory=tmp_path)
    meta_path = stored.path.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["parameters"]["epochs"] = 999  # hand-edited
    meta_path.write_text(json.dumps(meta))
    assert results.load("toy", PARAMS, directory=tmp_path) is None


@pytest.mark.parametrize("damage", ["truncate", "edit"])
def test_a_damaged_array_file_is_a_clear_error(tmp_path, damage):
    stored = results.save("toy", PARAMS, {"x": np.arange(1000.0)}, 1.0, directory=tmp_path)
    data = stored.path.read_bytes()
    middle = len(data) // 2
    stored.path.write_bytes(data[:middle] if damage == "truncate"
                            else data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    with pytest.raises(results.StoredResultError, match=stored.path.name) as error:
        results.load("toy", PARAMS, directory=tmp_path)
    assert "git checkout" in str(error.value) and "to recompute" in str(error.value)
    assert results.stored_runs(tmp_path)[0].status == "damaged: sha256 differs"


def test_unreadable_provenance_is_a_clear_error(tmp_path):
    stored = results.save("toy", PARAMS, {"x": np.zeros(2)}, 1.0, directory=tmp_path)
    stored.path.with_suffix(".json").write_text("{ not json")
    with pytest.raises(results.StoredResultError, match="unreadable"):
        results.load("toy", PARAMS, directory=tmp_path)


@pytest.mark.parametrize("kind, params, arrays", [
    ("bad kind!", PARAMS, {}),
    ("unregistered", PARAMS, {}),
    ("toy", {"f": object()}, {}),
    ("toy", PARAMS, {"x": np.array([{}], dtype=object)}),
])
def test_bad_input(kind, params, arrays, tmp_path):
    with pytest.raises(ValueError):
        results.save(kind, params, arrays, 0.0, directory=tmp_path)


def test_every_committed_run_is_current(monkeypatch):
    """Each stored run of the repository: a known kind at its current algorithm version, a key
    that follows from its parameters, arrays matching their recorded sha256."""
    from sharedrep.locations import checkout

    runs = results.stored_runs(checkout() / "results")
    assert runs, "no stored runs found"
    assert {run.kind for run in runs} == set(results.ALGORITHM_VERSIONS) - {"toy"}
    assert [(run.kind, run.key, run.status) for run in runs if not run.current] == []


def test_the_listing_names_an_unreadable_provenance(tmp_path):
    stored = results.save("toy", PARAMS, {"x": np.zeros(2)}, 1.0, directory=tmp_path)
    stored.path.with_suffix(".json").write_text("{ not json")
    assert [run.status for run in results.stored_runs(tmp_path)] == ["unreadable provenance"]
    assert cli(["results", "--directory", str(tmp_path)]) == 1
