"""The information chapter runs under papermill with small parameters and glues sound values."""
import numpy as np
import pytest

from sharedrep import chapters, info

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

TINY = {"N_STIMULI": 3, "TRIALS": 20, "SELECTIVITY_STEPS": 3, "BIN_CHOICES": [3, 5],
        "BIAS_TRIALS": [10, 30], "BIAS_CELLS": 5, "N_SHUFFLES": 3, "N_PERMUTATIONS": 50,
        "SEED": 1}


@pytest.fixture(scope="module")
def glued(tmp_path_factory):
    out = tmp_path_factory.mktemp("chapters") / "information.ipynb"
    chapters.run_chapter("information", out, TINY)
    return chapters.glued_values(out)


def test_table1_matches_the_paper(glued):
    for letter, paper, positive in zip("ABCD", [1.097, 0.380, 0.336, 0.059],
                                       [1.275, 0.427, 0.411, 0.205]):
        assert glued[f"t1_paper_{letter}"] == paper
        assert round(glued[f"t1_all_{letter}"], 3) == paper
        assert round(glued[f"t1_positive_{letter}"], 3) == positive
    assert glued["t1_counts_A"] == "3 / 17 / 80"
    assert glued["t1_max_diff"] < 5e-4
    assert 0 < glued["t1_mi"] < 2


def test_tuning_example_follows_the_parameters(glued):
    assert glued["ex_trials"] == 20 and glued["ex_few_bins"] == 3 and glued["ex_many_bins"] == 5
    assert glued["ex_default_bins"] == 3  # 10 is not among BIN_CHOICES
    assert glued["ex_max_bits"] == pytest.approx(np.log2(3))
    assert 0 < glued["ex_tuned_pref"] <= glued["ex_max_bits"] + 1e-9
    assert glued["ex_tuned_other"] <= glued["ex_other_limit"] + 1e-9
    assert 0 <= glued["ex_untuned_few"] < glued["ex_tuned_pref"]


def test_bias_section(glued):
    assert glued["bias_fewest"] == 10 and glued["bias_cells"] == 5
    assert glued["bias_raw_fewest"] > glued["bias_raw_paper"] > 0
    assert glued["bias_pos_paper"] >= glued["bias_raw_paper"]
    assert abs(glued["bias_shuffle_paper"]) < 0.05
    assert glued["bias_expected_paper"] == pytest.approx(9 * (1 / 50 - 1 / 500) / (2 * np.log(2)))


def test_significance_thresholds_and_types(glued):
    assert glued["perm_n"] == 50 and glued["perm_min_p"] == pytest.approx(1 / 51)
    assert glued["perm_min_p"] <= glued["perm_weak_p"] <= 1
    assert glued["perm_min_p"] <= glued["perm_flat_min_p"] <= 1
    assert (glued["paper_threshold_image"], glued["paper_threshold_audio"]) == (info.PAPER_THRESHOLD_IMAGE,
                                                                            info.PAPER_THRESHOLD_AUDIO)
    assert glued["paper_values"] == 640 and glued["sim_above"] == 128  # 20 % of 640
    assert 0 < glued["sim_threshold"] < np.log2(10)
    assert [glued[f"types_{t}"] for t in
            ("visual", "audio", "inconsistent", "consistent", "none")] == [1, 1, 1, 1, 1]
    assert glued["run_seconds"] > 0   # measured; how long it took is for benchmarks, not tests


@pytest.mark.parametrize("parameters, message", [
    ({"N_STIMULI": 1}, "N_STIMULI must be an integer in 2..10"),
    ({"BIN_CHOICES": [3, 3]}, "BIN_CHOICES must be a non-empty list of distinct values"),
    ({"BINS": 10}, "unknown parameter"),
])
def test_bad_parameters_stop_before_running(parameters, message, tmp_path):
    with pytest.raises(ValueError, match=message):
        chapters.run_chapter("information", tmp_path / "x.ipynb", parameters)
    assert not (tmp_path / "x.ipynb").exists()
