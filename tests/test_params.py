"""Chapter parameters: every bad value stops with the parameter's name and what is allowed."""
import dataclasses

import pytest

from sharedrep import params

GOOD = dict(SEED=0, PAIRING="consistent", EXAMPLE_RECORDING=3, PER_DIGIT=2, AUDIO_RECIPE="authors")


def test_freeze_returns_a_frozen_config():
    cfg = params.freeze("data", **GOOD)
    assert cfg.SEED == 0 and cfg.PAIRING == "consistent"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.SEED = 1
    assert hash(cfg) == hash(params.freeze("data", **GOOD))
    assert cfg == params.freeze("data", **GOOD) and cfg != params.freeze("data", **{**GOOD, "SEED": 1})
    assert type(cfg).__name__ == "DataConfig"


@pytest.mark.parametrize("change, message", [
    (dict(SEED=-1), "SEED must be an integer >= 0; got -1"),
    (dict(SEED="0"), "SEED must be an integer"),
    (dict(SEED=True), "SEED must be an integer"),
    (dict(PAIRING="random"), "PAIRING must be one of \\['consistent', 'inconsistent'\\]"),
    (dict(EXAMPLE_RECORDING=1000), "must be an integer in 0..999"),
    (dict(AUDIO_RECIPE="int8"), "AUDIO_RECIPE must be one of"),
    (dict(EPOCH=3), "unknown parameter\\(s\\) \\['EPOCH'\\]"),
])
def test_bad_values(change, message):
    with pytest.raises(ValueError, match=message):
        params.freeze("data", **{**GOOD, **change})


def test_missing_parameter_and_unknown_chapter():
    with pytest.raises(ValueError, match="missing parameter"):
        params.freeze("data", SEED=0)
    with pytest.raises(ValueError, match="chapter must be one of"):
        params.freeze("nope", **GOOD)


def test_freeze_namespace_sees_injected_typos():
    namespace = {**GOOD, "np": object(), "_hidden": 1, "cfg": None}
    assert params.freeze_namespace("data", namespace).PER_DIGIT == 2
    with pytest.raises(ValueError, match="EPOCHS"):
        params.freeze_namespace("data", {**namespace, "EPOCHS": 5})


@pytest.mark.parametrize("spec, value", [
    (params.Float(0.0, 3.32), -0.1), (params.Float(0.0), float("nan")),
    (params.ListOf(params.Int(1, 4)), [1, 5]), (params.ListOf(params.Int(1, 4)), []),
    (params.ListOf(params.Int(1, 4)), [2, 2]),
])
def test_other_specs_reject(spec, value):
    with pytest.raises(ValueError, match="X"):
        spec.check("X", value)


def test_list_is_frozen_to_a_tuple():
    assert params.ListOf(params.Int(1, 4)).check("DEPTHS", [1, 2, 4]) == (1, 2, 4)


PARAMETERS_CELL = ("SEED = 0  # dataset seed\nPAIRING = 'consistent'\nEXAMPLE_RECORDING = 3\n"
                   "PER_DIGIT = 2\nAUDIO_RECIPE = 'authors'\n")
FREEZE_CELL = 'cfg = params.freeze_namespace("data", globals())'


def test_a_rerun_in_the_same_kernel_ignores_names_the_chapter_defines():
    # the first run left F and MARGIN (defined further down the chapter) in the namespace
    namespace = {**GOOD, "F": 3.2, "MARGIN": 0.05}
    history = ["", "import numpy", PARAMETERS_CELL, "import sys  # Colab", FREEZE_CELL,
               "F = anova()", "MARGIN = 0.05", PARAMETERS_CELL, "import sys  # Colab", FREEZE_CELL]
    assert params.freeze_namespace("data", namespace, history).PER_DIGIT == 2


def test_papermill_injected_typos_are_still_errors():
    injected = "# Parameters\nEPOCH = 5\nPER_DIGIT = 1\n"
    history = ["", PARAMETERS_CELL, injected, "import sys", FREEZE_CELL]
    with pytest.raises(ValueError, match="unknown parameter\\(s\\) \\['EPOCH'\\]"):
        params.freeze_namespace("data", {**GOOD, "EPOCH": 5, "PER_DIGIT": 1}, history)
    history[2] = "# Parameters\nPER_DIGIT = 1\n"
    assert params.freeze_namespace("data", {**GOOD, "PER_DIGIT": 1, "F": 1.0}, history).PER_DIGIT == 1


def test_a_typo_added_to_the_parameters_cell_is_an_error():
    history = ["", PARAMETERS_CELL + "EPOCH = 5\n", FREEZE_CELL]
    with pytest.raises(ValueError, match="EPOCH"):
        params.freeze_namespace("data", {**GOOD, "EPOCH": 5}, history)


@pytest.mark.parametrize("source, names", [
    ("A = 1\nB = [1, 'x']", {"A", "B"}), ("A = f(1)", None), ("a = 1", None), ("", None),
    ("A = 1\nprint(A)", None), ("A, B = 1, 2", None), ("A = (", None),
])
def test_literal_assignments(source, names):
    assert params._literal_assignments(source) == names


def test_the_paper1_chapters_share_their_run_parameters():
    # the same defaults plan the same runs, so whichever chapter computes a condition first,
    # its stored run serves the others
    from sharedrep import chapters

    defaults = {c: chapters.default_parameters(c) for c in ("paper1_information", "paper1_celltypes",
                                                               "paper1_development", "paper1_shared")}
    for name in params.PAPER1_RUNS:
        assert len({repr(values[name]) for values in defaults.values()}) == 1, name


def test_a_config_shows_as_a_table_of_its_parameters():
    table = params.freeze("data", **GOOD)._repr_markdown_()
    assert table.startswith("| parameter | value |") and "| `PAIRING` | consistent |" in table
    assert "DataConfig(" not in table
