"""The workshop page: what each training exercise costs, estimated from the stored runs.

Each exercise that trains networks has the change the page suggests and a quick variant for a
laptop session; :func:`compute` estimates both with :func:`sharedrep.reproduce.training_minutes`
(the measured speed of the stored runs of the same framework and depth on the build machine).
"""
from __future__ import annotations

from ..reproduce import training_minutes

#: exercise -> (chapter, the change the exercise suggests, its quick variant)
EXERCISES = {
    "development": ("paper1_development", {"EPOCHS": 1000},
                    {"N_SEEDS": 1, "EPOCHS": 100, "DEPTHS": [4], "TWO_STAGE": False, "SNAPSHOTS": [0, 10, 50],
                     "CLASSIFIER_EPOCHS": 100}),
    "shared": ("paper1_shared", {"CLASSIFIER_EPOCHS": 100, "EXTEND": True},
               {"CLASSIFIER_EPOCHS": 100, "EXTEND": True, "DEPTHS": [4], "N_SEEDS": 1, "EPOCHS": 100,
                "TWO_STAGE": False, "SNAPSHOTS": [0, 50]}),
    "celltypes": ("paper1_celltypes", {"N_SEEDS": 10},
                  {"N_SEEDS": 1, "EPOCHS": 100, "DEPTHS": [4], "TWO_STAGE": False, "SNAPSHOTS": [0],
                   "CLASSIFIER_EPOCHS": 0}),
}


def compute(directory=None) -> dict:
    """``{glue name: minutes}``: ``cost_<exercise>`` and ``quick_<exercise>`` for every exercise."""
    numbers = {}
    for name, (chapter, change, quick) in EXERCISES.items():
        numbers[f"cost_{name}"] = training_minutes(chapter, change, directory)
        numbers[f"quick_{name}"] = training_minutes(chapter, quick, directory)
    return numbers
