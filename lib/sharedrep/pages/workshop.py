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
    "development": ("paper1_development", {"EPOCHS": 1000, "LONG_EPOCHS": 0},
                    {"N_SEEDS": 1, "EPOCHS": 100, "DEPTHS": [4], "TWO_STAGE": False, "SNAPSHOTS": [0, 10, 50],
                     "CLASSIFIER_EPOCHS": 100, "LONG_EPOCHS": 0}),
    "shared": ("paper1_shared", {"CLASSIFIER_EPOCHS": 100, "EXTEND": True},
               {"CLASSIFIER_EPOCHS": 100, "EXTEND": True, "DEPTHS": [4], "N_SEEDS": 1, "EPOCHS": 100,
                "TWO_STAGE": False, "SNAPSHOTS": [0, 50]}),
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
    """``{glue name: minutes}``: ``cost_<exercise>`` and ``quick_<exercise>`` for every exercise."""
    numbers = {}
    for name, (chapter, change, quick) in EXERCISES.items():
        numbers[f"cost_{name}"] = training_minutes(chapter, change, directory)
        numbers[f"quick_{name}"] = training_minutes(chapter, quick, directory)
    for name, (chapter, change, quick) in PAPER2_EXERCISES.items():
        numbers[f"cost_{name}"] = computing_minutes(chapter, change, directory)
        numbers[f"quick_{name}"] = computing_minutes(chapter, quick, directory)
    numbers["stored_p2_scaling"] = computing_minutes("paper2_scaling", {}, directory)   # the stored 2-8 channels
    return numbers
