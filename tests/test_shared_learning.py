"""Shared-representation learning across conditions: tables, records, t-tests; the chapter."""
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import glued_run

from sharedrep import chapters, published
from sharedrep.conditions import mixed
from sharedrep.experiments import shared_learning
from sharedrep.pages import paper1_shared


def _run(cross, seeds=3, same=0.9, seed=0):
    """A stored-run stand-in: accuracy [seeds, 2 snapshots, 2, 2] with cross-modal accuracy ``cross``."""
    rng = np.random.default_rng(seed)
    accuracy = np.full((seeds, 2, 2, 2), 0.1)
    accuracy[:, 1, 0, 0] = accuracy[:, 1, 1, 1] = same
    accuracy[:, 1, 0, 1] = cross + 0.01 * rng.standard_normal(seeds)
    accuracy[:, 1, 1, 0] = cross + 0.01 * rng.standard_normal(seeds)
    return SimpleNamespace(arrays={"accuracy": accuracy, "snapshot_epochs": np.array([0, 400])})


def test_records_table_and_tests():
    runs = {mixed(4, "consistent"): _run(0.4), mixed(4, "inconsistent"): _run(0.1, seed=1)}
    records = shared_learning.accuracy_records(runs)
    assert len(records) == 2 * 2 * 2 * 2
    final = {(r["label"], r["trained"], r["tested"]): r["mean"] for r in records if r["epoch"] == 400}
    assert final["mixed-4-consistent", "image", "image"] == pytest.approx(0.9)
    table = shared_learning.accuracy_table(runs)
    assert "0.932, 0.346" in table and "0.932, 0.100" in table     # the paper beside ours
    np.testing.assert_allclose(shared_learning.cross_modal(runs[mixed(4, "consistent")]).mean(0), 0.4, atol=0.02)
    tests = shared_learning.compare(runs, mixed(4, "consistent"), mixed(4, "inconsistent"))
    assert tests["image → audio"][0] > 0 and tests["image → audio"][1] < 1e-4
    with pytest.raises(ValueError, match="classifier_epochs"):
        shared_learning.cross_modal(SimpleNamespace(arrays={}))


def test_per_depth_records_table_anova_and_best_depth():
    runs = {}
    for depth, cross in zip((1, 2, 3), (0.5, 0.45, 0.3)):
        runs[mixed(depth, "consistent")] = _run(cross, seed=depth)
        runs[mixed(depth, "inconsistent")] = _run(0.1, seed=10 + depth)
    records = shared_learning.by_depth(runs, [1, 2, 3])
    assert [(r["depth"], r["direction"]) for r in records][:2] == [(1, "image → audio"), (1, "audio → image")]
    assert len(records) == 6 and all(r["networks"] == 3 for r in records)
    first = records[0]
    assert first["consistent"] == pytest.approx(0.5, abs=0.02) and first["inconsistent"] == pytest.approx(0.1, abs=0.02)
    assert first["t"] > 0 and first["p"] < 1e-3
    table = shared_learning.depth_table(records)
    assert table.count("\n") == 2 + 6 - 1 and "| 3 | audio → image | 0." in table
    # the authors' single networks beside ours: image → audio of depth 1 (0.426 consistent, 0.098 not)
    assert (first["paper_consistent"], first["paper_inconsistent"]) == (0.426, 0.098)
    assert table.splitlines()[2].endswith("| 0.426, 0.098 |")
    # the authors' networks rank the depths by their mean cross-modal accuracy: 0.345, 0.565, 0.571
    authors = paper1_shared._authors_by_depth(records, deepest=3)
    assert authors["paper_depth_best"] == 3 and authors["paper_depth_best_xmodal"] == pytest.approx(0.571)
    assert authors["paper_shared_by_depth"] == "7, 13, 26" and "deepest" in authors["paper_depth_words"]
    shallow = paper1_shared._authors_by_depth([r for r in records if r["depth"] < 3], deepest=3)
    assert shallow["paper_depth_best"] == 2 and np.isnan(shallow["paper_depth_deepest_xmodal"])
    assert "below the deepest" in shallow["paper_depth_words"]
    anova = shared_learning.anova_over_depth(runs, [1, 2, 3])
    F, p, df = anova["image → audio"]
    assert F > 10 and p < 1e-3 and df == (2, 6)
    assert shared_learning.anova_over_depth(runs, [2, 2])["image → audio"][0] < F   # same depth twice: no effect
    assert np.isnan(shared_learning.anova_over_depth(runs, [1])["image → audio"][0])  # one group: undefined
    assert shared_learning.best_depth(records) == (1, pytest.approx(0.5, abs=0.02))
    assert shared_learning.best_depth(records, "inconsistent")[1] == pytest.approx(0.1, abs=0.02)
    assert shared_learning.significant_depths(records) == [1, 2, 3]
    runs[mixed(2, "inconsistent")] = _run(0.45, seed=7)                  # no difference at depth 2
    assert shared_learning.significant_depths(shared_learning.by_depth(runs, [1, 2, 3])) == [1, 3]
    with pytest.raises(KeyError, match="mixed-4-consistent"):
        shared_learning.by_depth(runs, [4])
    with pytest.raises(ValueError, match="no per-depth"):
        shared_learning.best_depth([])


def test_paper_records_cover_the_published_conditions():
    labels = {r["label"] for r in shared_learning.paper_records()}
    assert labels == {"mixed-4-consistent", "mixed-4-inconsistent", "two-stage-4-consistent"}


@pytest.mark.slow
@pytest.mark.notebook
def test_shared_chapter_runs(tmp_path):
    tiny = {"EPOCHS": 1, "IMAGES_PER_DIGIT": 10, "CLASSIFIER_EPOCHS": 3, "DEPTHS": [1, 4], "N_SEEDS": 2}
    values = glued_run("paper1_shared", tmp_path, tiny, tmp_path / "results")
    for key in ("cons", "incons", "two"):
        assert 0 <= float(values[f"xmodal_{key}_ia"]) <= 1 and 0 <= float(values[f"xmodal_{key}_ai"]) <= 1
    assert values["paper_cons_ia"] == 0.346 and values["paper_p_framework_ai"] == 0.005
    # per depth: the two depths asked for, their t-tests and the ANOVA over them
    assert values["depth_count"] == 2 and values["depth_deepest"] == 4 and values["depth_best"] in (1, 4)
    assert values["paper_depth_best"] == 4 and values["paper_shared_by_depth"] == "7, 29"
    assert 0 <= int(values["depth_significant"]) <= 2 and values["depth_anova_df"] == "1, 2"
    best = float(values["depth_best_xmodal"])
    assert 0 <= best <= 1 and float(values["depth_deepest_xmodal"]) <= best
    with pytest.raises(ValueError, match="CLASSIFIER_EPOCHS"):
        chapters.run_chapter("paper1_shared", tmp_path / "bad.ipynb", {"CLASSIFIER_EPOCHS": 0})


def test_the_authors_numbers_by_depth_agree_with_the_paper_where_both_give_them():
    """The plotting scripts' per-depth arrays hold the paper's depth-4 values, and the
    inconsistent cell counts end in the paper's consistent-cell counts."""
    for key, pair in published.SHARED_ACCURACY.items():
        if key in published.SHARED_ACCURACY_BY_DEPTH:
            assert published.SHARED_ACCURACY_BY_DEPTH[key] == pair
    for depth in (1, 2, 3, 4):
        key = mixed(depth, "inconsistent")
        assert published.CELL_TYPE_COUNTS[key][-1] == published.CONSISTENT_CELLS[key]
    assert shared_learning.paper_cross_modal(mixed(4, "consistent"), "audio → image") == 0.442
    assert np.isnan(shared_learning.paper_cross_modal(mixed(5, "consistent"), "audio → image"))
