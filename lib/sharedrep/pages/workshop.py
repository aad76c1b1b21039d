"""The workshop page: what each training exercise costs, estimated from the stored runs.

Each exercise that trains networks has the change the page suggests and a quick variant for a
laptop session; :func:`compute` estimates both: paper 1's with
:func:`sharedrep.reproduce.training_minutes` (the measured speed of the stored runs of the same
framework and depth on the build machine), paper 2's with
:func:`sharedrep.reproduce.computing_minutes` (the measured wall time of the stored folds and
measurements an exercise needs, else of stored ones like them).
"""
from __future__ import annotations

from ..reproduce import computing_minutes, training_minutes

#: exercise -> (chapter, the change the exercise suggests, its quick variant)
EXERCISES = {
    # two depths, so that the depth findings can be tested; 90 epochs, by which depths 1 and 2
    # have left the loss plateau (the development page); one network, so no t-test (n/a)
    "development": ("paper1_development", {"EPOCHS": 1000, "LONG_EPOCHS": 0},
                    {"N_SEEDS": 1, "EPOCHS": 90, "DEPTHS": [1, 2], "TWO_STAGE": False, "SNAPSHOTS": [0, 30, 60, 90],
                     "CLASSIFIER_EPOCHS": 100, "LONG_EPOCHS": 0}),
    "shared": ("paper1_shared", {"CLASSIFIER_EPOCHS": 100, "EXTEND": True},
               {"CLASSIFIER_EPOCHS": 100, "EXTEND": True, "DEPTHS": [1, 2], "N_SEEDS": 1, "EPOCHS": 90,
                "TWO_STAGE": False, "SNAPSHOTS": [0, 90]}),
    "celltypes": ("paper1_celltypes", {"N_SEEDS": 10},
                  {"N_SEEDS": 1, "EPOCHS": 100, "DEPTHS": [4], "TWO_STAGE": False, "SNAPSHOTS": [0],
                   "CLASSIFIER_EPOCHS": 0}),
}

#: paper 2's exercises: (chapter, the change, its quick variant); their folds take minutes, so
#: the quick variants are stored with the book and their cost is a measurement
PAPER2_EXERCISES = {
    "p2_training": ("paper2_training", {"MAX_SWEEPS": 0}, {"MAX_SWEEPS": 0, "WIDTH_SCALE": 0.25, "EPOCHS": 5}),
    "p2_results": ("paper2_results", {"SPEAKERS": ["jackson"], "ASSOCIATIVE_HIDDEN": 2000},
                   {"SPEAKERS": ["jackson"], "ASSOCIATIVE_HIDDEN": 2000, "WIDTH_SCALE": 0.25, "EPOCHS": 5}),
    "p2_scaling": ("paper2_scaling", {"CHANNEL_COUNTS": [2, 4, 6, 8, 10, 12]}, {"CHANNEL_COUNTS": [2, 4, 6]}),
    "p2_cells": ("paper2_cells", {"N_BINS": 5}, {"N_BINS": 5, "SPEAKERS": ["theo", "jackson"]}),
}


def compute(directory=None) -> dict:
    """``{glue name: value}``: ``cost_<exercise>`` and ``quick_<exercise>`` (minutes) for every
    exercise, and ``quick_params_<exercise>``, what its quick variant changes besides (text)."""
    numbers = {}
    for name, (chapter, change, quick) in EXERCISES.items():
        numbers[f"cost_{name}"] = training_minutes(chapter, change, directory)
        numbers[f"quick_{name}"] = training_minutes(chapter, quick, directory)
    for name, (chapter, change, quick) in PAPER2_EXERCISES.items():
        numbers[f"cost_{name}"] = computing_minutes(chapter, change, directory)
        numbers[f"quick_{name}"] = computing_minutes(chapter, quick, directory)
    numbers["stored_p2_scaling"] = computing_minutes("paper2_scaling", {}, directory)   # the stored 2-8 channels
    numbers["cost_model"] = computing_minutes("paper1_model", {"DEPTH": 1}, directory)   # one network, trained
    for name, (_, change, quick) in {**EXERCISES, **PAPER2_EXERCISES}.items():
        numbers[f"quick_params_{name}"] = ", ".join(    # plain text: a glued value is not read as Markdown
            f"{k} = {v!r}" for k, v in _quick_only(change, quick).items())
    return numbers


#: the exercises' names in the session table, in the page's order
TITLES = {"celltypes": "Four kinds of cells", "development": "How shared cells develop",
          "shared": "Shared-representation learning", "p2_training": "Paper 2: training",
          "p2_results": "Paper 2: results", "p2_scaling": "Paper 2: scaling", "p2_cells": "Both papers in one analysis"}


def _quick_only(change: dict, quick: dict) -> dict:
    """What a quick variant changes besides the exercise's own change."""
    return {k: v for k, v in quick.items() if change.get(k) != v}


def _changes(change: dict) -> str:
    return ", ".join(f"`{name} = {value!r}`" for name, value in change.items()) or "its defaults"


def _minutes(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def session_table(numbers: dict) -> str:
    """A markdown table for planning a session: each exercise that computes, its cost and its
    quick variant's (minutes on the build machine, from ``numbers`` of :func:`compute`), its
    chapter and suggested change, and what the quick variant changes besides; the quick
    variants sum in the last row."""
    from . import markdown_table

    model = numbers["cost_model"]                   # one network: the exercise is its own quick variant
    rows = [["The model and its training (`paper1_model`)", _minutes(model), _minutes(model),
             "`DEPTH = 1`, `PAIRING`, `EPOCHS`: one at a time", "nothing"]]
    quick_total = model
    for name, title in TITLES.items():
        chapter, change, quick = {**EXERCISES, **PAPER2_EXERCISES}[name]
        rows.append([f"{title} (`{chapter}`)", _minutes(numbers[f"cost_{name}"]), _minutes(numbers[f"quick_{name}"]),
                     _changes(change), _changes(_quick_only(change, quick))])
        quick_total += numbers[f"quick_{name}"]
    rows.append(["**every quick variant**", "", f"**{_minutes(quick_total)}**", "", ""])
    # the minutes first: on a phone the parameters scroll, the costs stay in view
    return markdown_table(["exercise (chapter)", "min", "quick, min", "suggested change", "quick variant: also"],
                          rows, align="lrrll")
