"""The data chapter runs under papermill with small parameters and glues sound values."""
import pytest

from sharedrep import chapters

pytestmark = [pytest.mark.notebook, pytest.mark.slow]


@pytest.fixture(scope="module")
def glued(tmp_path_factory):
    out = tmp_path_factory.mktemp("chapters") / "data.ipynb"
    chapters.run_chapter("data", out, {"PER_DIGIT": 1, "EXAMPLE_RECORDING": 7,
                                       "PAIRING": "inconsistent", "SEED": 2})
    return chapters.glued_values(out)


def test_glued_values_are_the_real_data(glued):
    assert glued["mnist_train_n"] == 60_000 and glued["mnist_test_n"] == 10_000
    assert glued["mnist_rarest"] == 5421
    assert glued["fsdd_n"] == 1000
    assert 0.1 < glued["fsdd_min_s"] < glued["fsdd_max_s"] < 2.5
    assert round(glued["top_bin_hz"]) == 757
    assert glued["train_rows"] == 15_000 and glued["test_rows"] == 1_500


def test_pairing_parameter_reaches_the_dataset(glued):
    assert glued["pairing"] == "inconsistent"
    assert glued["agree_consistent"] == 1.0
    assert 0.05 < glued["agree_inconsistent"] < 0.15  # chance is 10 %
    assert 0 < glued["distinct_recordings"] <= 500


@pytest.mark.parametrize("parameters, message", [
    ({"PAIRING": "random"}, "PAIRING must be one of"),
    ({"EPOCHS": 5}, "unknown parameter"),
    ({"PER_DIGIT": 0}, "PER_DIGIT must be an integer in 1..10; got 0"),
])
def test_bad_parameters_stop_before_running(parameters, message, tmp_path):
    with pytest.raises(ValueError, match=message):
        chapters.run_chapter("data", tmp_path / "x.ipynb", parameters)
    assert not (tmp_path / "x.ipynb").exists()


def test_unknown_chapter():
    with pytest.raises(ValueError, match="chapter must be one of"):
        chapters.chapter_path("missing")
