"""The cell-type chapter runs end to end with tiny parameters (real data, 1-2 epochs)."""
import pytest
from conftest import PAPER1_TINY as TINY
from conftest import glued_run

from sharedrep import chapters, info

pytestmark = [pytest.mark.notebook, pytest.mark.slow]


@pytest.fixture(scope="module")
def glued(tmp_path_factory, paper1_results):
    folder = tmp_path_factory.mktemp("celltypes")
    values = glued_run("paper1_celltypes", folder, TINY, paper1_results)
    # a second run loads the stored results instead of training again
    again = glued_run("paper1_celltypes", folder, TINY, paper1_results, name="again")
    stored = sorted(p.name for p in (paper1_results / "paper1").glob("*.npz"))
    return values, again, stored


def test_glued_values_exist_and_are_in_range(glued):
    values, _, _ = glued
    # the default rule is the paper's rule on our depth-4 networks; the paper's values beside it
    paper = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
    assert (values["fixed_threshold_image"], values["fixed_threshold_audio"]) == paper
    assert (values["threshold_image"], values["threshold_audio"]) == (values["pct_threshold_image"],
                                                                      values["pct_threshold_audio"])
    for prefix in ("pct", "fixed"):
        assert 0 <= values[f"{prefix}_gap"] <= 64
        below = values[f"{prefix}_below_paper_p"]
        assert below == "none" or set(below.split(", ")) <= {"1", "4"}
    for label in ("mixed-1-consistent", "mixed-4-inconsistent", "two-stage-4-consistent"):
        assert 0 <= float(values[f"shared_{label}"]) <= 64
    assert values["anova_df"] == "1, 2"  # two depths, two networks each
    assert values["paper_anova_F"] == 156.24
    assert values["ttest_p_1"] == "nan" or 0 <= float(values["ttest_p_1"]) <= 1


def test_second_run_reuses_the_stored_results(glued):
    values, again, stored = glued
    assert len(stored) == 5  # 2 depths x 2 pairings + two-stage
    assert again == values


@pytest.mark.parametrize("parameters, message", [
    ({"DEPTHS": [0, 4]}, "DEPTHS\\[0\\] must be an integer in 1..4; got 0"),
    ({"THRESHOLD_RULE": "median"}, "THRESHOLD_RULE must be one of"),
    ({"N_SEEDS": 0}, "N_SEEDS must be an integer in 1..50"),
    ({"TERMS": "some"}, "TERMS must be one of"),
])
def test_bad_parameters(parameters, message, tmp_path):
    with pytest.raises(ValueError, match=message):
        chapters.run_chapter("paper1_celltypes", tmp_path / "x.ipynb", parameters)
