"""The results store: round trip, and no reuse across parameters or library versions."""
import json

import numpy as np
import pytest

from sharedrep import results

PARAMS = {"depths": [1, 2], "epochs": 3, "pairing": "consistent", "seeds": (0, 1)}


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
    assert "loaded from the stored run" in again.describe()
    assert "computed in this build" in first.describe()


def test_changed_parameter_is_recomputed(tmp_path):
    calls = []
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    results.load_or_compute("toy", {**PARAMS, "epochs": 4}, _compute(calls), directory=tmp_path)
    assert len(calls) == 2


def test_parameter_order_does_not_matter():
    reordered = dict(reversed(list(PARAMS.items())))
    assert results.result_key("toy", PARAMS) == results.result_key("toy", reordered)


def test_changed_library_version_is_recomputed(tmp_path, monkeypatch):
    calls = []
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    monkeypatch.setattr(results, "__version__", "99.0")
    assert results.load("toy", PARAMS, directory=tmp_path) is None
    results.load_or_compute("toy", PARAMS, _compute(calls), directory=tmp_path)
    assert len(calls) == 2


def test_a_stored_file_whose_parameters_differ_is_not_reused(tmp_path):
    stored = results.save("toy", PARAMS, {"x": np.zeros(2)}, 1.0, directory=tmp_path)
    meta_path = stored.path.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["parameters"]["epochs"] = 999  # hand-edited
    meta_path.write_text(json.dumps(meta))
    assert results.load("toy", PARAMS, directory=tmp_path) is None


@pytest.mark.parametrize("kind, params, arrays", [
    ("bad kind!", PARAMS, {}),
    ("toy", {"f": object()}, {}),
    ("toy", PARAMS, {"x": np.array([{}], dtype=object)}),
])
def test_bad_input(kind, params, arrays, tmp_path):
    with pytest.raises(ValueError):
        results.save(kind, params, arrays, 0.0, directory=tmp_path)
