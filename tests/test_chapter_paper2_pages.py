"""Paper 2's training, results and scaling chapters, run end to end (papermill) on the real
data with small models; the results chapter reuses the training chapter's stored fold."""
import pytest
from conftest import glued_run

from sharedrep import chapters

#: a small system: layers at 5 % of the paper's, 2 epochs, 3 sweeps
PAPER2_TINY = {"WIDTH_SCALE": 0.05, "EPOCHS": 2, "ASSOCIATIVE_HIDDEN": 40, "MAX_SWEEPS": 3}


@pytest.fixture(scope="module")
def paper2_results(tmp_path_factory):
    return tmp_path_factory.mktemp("paper2-results")


@pytest.mark.slow
@pytest.mark.notebook
def test_training_then_results_chapter(tmp_path, paper2_results):
    training = glued_run("paper2_training", tmp_path, {**PAPER2_TINY, "HELD_OUT": "theo"}, paper2_results, "training")
    assert training["fold_source"] == "computed in this build"
    assert training["dominance_summary"].startswith("Before back-fitting the ")
    assert float(training["e_after"]) < float(training["e_before"]) and training["sweeps"] == 3
    results = glued_run("paper2_results", tmp_path, {**PAPER2_TINY, "SPEAKERS": ["theo", "jackson"]},
                        paper2_results, "results")
    assert results["n_folds"] == 2 and results["folds_source"] == "1 of 2 loaded"   # theo came from above
    assert results["agreement_summary"].startswith("Of the twelve overall scores")
    assert results["image_classifier"] > 90 and 0 <= results["audio_from_class_error"] <= 100
    assert results["audio_real_error"] == pytest.approx(100 - results["audio_classifier"])
    # the three readings of Eq. 1 start from the same networks; the best has the lowest mean error
    assert results["readings_same_start"] == "yes"
    means = {rule: results[f"reading_mean_{rule.replace('-', '_')}"] for rule in ("delta", "contrastive", "wake-sleep")}
    assert results["reading_best"] == min(means, key=means.get)
    # Eq. 1 as printed ran on the same folds, from the same networks (the same error before back-fitting)
    assert results["printed_before"] == pytest.approx(results["reading_mean_before"])


@pytest.mark.slow
@pytest.mark.notebook
def test_cells_chapter_analyses_the_very_networks_of_the_stored_folds(tmp_path, paper2_results):
    """Issue 22: paper 1's measure inside the DBN, on the two tiny folds the results chapter
    stored above: its networks are those folds' (same alignment), and the numbers are sane."""
    values = glued_run("paper2_cells", tmp_path, {**PAPER2_TINY, "SPEAKERS": ["theo", "jackson"]},
                       paper2_results, "cells")
    assert values["same_networks"].startswith("The analysed networks are the stored folds'")
    assert values["n_folds"] == 2 and values["cells"] == 40 and 0 <= values["robust_count"] <= 10
    assert 0 <= values["shared_before"] <= 40 and 0 <= values["shared_after"] <= 40
    assert values["shared_verdict"].startswith("back-fitting ") and values["pair"] == "image and audio"
    assert all(values[f"threshold_{c}"] >= 0 for c in ("image", "audio", "motor", "class"))
    for c in ("image", "audio", "motor"):           # each channel's own top layer, the same measure
        assert values[f"top_units_{c}"] >= 1 and 0 <= values[f"top_info_{c}"] <= 3.33
        assert 0 <= values[f"top_above_{c}"] <= 100 and 0 <= values[f"assoc_above_{c}_after"] <= 100


@pytest.mark.slow
@pytest.mark.notebook
def test_scaling_chapter(tmp_path):
    values = glued_run("paper2_scaling", tmp_path, {"CHANNEL_COUNTS": [2, 3, 4], "HIDDEN": 30, "SWEEPS": 2,
                                                    "EPOCHS": 1}, tmp_path / "results")
    assert values["flop_r2"] == pytest.approx(1, abs=5e-7) and values["configs_max"] == 14
    assert values["counts"] == "2 to 4 channels" and isinstance(values["curvature_pct"], int)


@pytest.mark.parametrize("chapter, parameters, message", [
    ("paper2_training", {"WIDTH_SCALE": 0}, "WIDTH_SCALE"),
    ("paper2_training", {"BACKFIT_RULE": "hebb"}, "BACKFIT_RULE"),
    ("paper2_results", {"SPEAKERS": ["alice"]}, "SPEAKERS"),
    ("paper2_results", {"SPEAKERS": []}, "SPEAKERS"),
    ("paper2_scaling", {"CHANNEL_COUNTS": [0, 2]}, "CHANNEL_COUNTS"),
    ("paper2_scaling", {"SWEEP": 3}, "SWEEP"),
    ("paper2_cells", {"PAIR": "image+video"}, "PAIR"),
    ("paper2_cells", {"N_BINS": 1}, "N_BINS"),
])
def test_bad_parameters_stop_before_running(tmp_path, chapter, parameters, message):
    with pytest.raises(ValueError, match=message):
        chapters.run_chapter(chapter, tmp_path / "bad.ipynb", parameters)


@pytest.mark.parametrize("chapter", sorted(chapters.CHAPTERS))
def test_every_parameter_cell_matches_its_schema(chapter):
    """papermill must read every default (a comment it cannot parse hides the parameter)."""
    from sharedrep import params

    assert set(chapters.default_parameters(chapter)) == set(params.SCHEMAS[chapter])
