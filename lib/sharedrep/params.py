"""Chapter parameters: validate the papermill ``parameters`` cell and freeze it.

Every chapter's first code cell holds plain literals (papermill injects new ones); the
next cell calls :func:`freeze` with the chapter's name, which checks every value against
that chapter's schema below and returns a frozen, hashable config object. A wrong name,
type or range stops the run at once with a message naming the parameter and what is
allowed.
"""
from __future__ import annotations

import ast
from dataclasses import make_dataclass
from functools import lru_cache
from typing import Any

from .data.bimodal import AUDIO_RECIPES
from .data.fsdd import SPEAKERS
from .dbn.backfitting import UPDATE_RULES
from .experiments.dbn_cells import PAIRS
from .seeds import SCHEMES
from .tables import markdown_table
from .validation import Bool, Choice, Float, Int, ListOf, one_of

#: the stored paper-1 runs a chapter shows (shared by the paper-1 chapters, so they share runs)
PAPER1_RUNS = {
    "DEPTHS": ListOf(Int(1, 4)),
    "N_SEEDS": Int(1, 50),
    "EPOCHS": Int(0, 100_000),
    "SNAPSHOTS": ListOf(Int(0, 100_000)),
    "IMAGES_PER_DIGIT": Int(1, 5421),
    "TWO_STAGE": Bool(),
    "CLASSIFIER_EPOCHS": Int(0, 100_000),
    "ADADELTA_EPSILON": Float(1e-12, 0.1),
    "AUDIO_RECIPE": Choice(tuple(AUDIO_RECIPES)),
    "SEED_SCHEME": Choice(SCHEMES),
    "PROGRESS": Bool(),
    "EXTEND": Bool(),
}
#: how cells are typed: information terms and the threshold rule
PAPER1_TYPING = {
    "TERMS": Choice(("all", "positive")),
    "THRESHOLD_RULE": Choice(("paper", "percentile")),
    "PERCENTILE": Float(0.0, 100.0),
}

#: the stored paper-2 folds a chapter shows (shared by the training and results chapters)
PAPER2_RUNS = {
    "WIDTH_SCALE": Float(0.01, 4.0),
    "EPOCHS": Int(1, 10_000),
    "ASSOCIATIVE_HIDDEN": Int(1, 100_000),
    "MAX_SWEEPS": Int(0, 10_000),
    "BACKFIT_RULE": Choice(UPDATE_RULES),
    "BACKFIT_LEARNING_RATE": Float(1e-6, 1e6),
    "MOTOR_NOISE": Float(0.0, 5.0),
    "GIBBS_STEPS": Int(0, 1000),
    "SETTINGS": Choice(("tuned", "paper")),
    "SEED": Int(0),
    "PROGRESS": Bool(),
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "data": {
        "SEED": Int(0),
        "PAIRING": Choice(("consistent", "inconsistent")),
        "EXAMPLE_RECORDING": Int(0, 999),
        "PER_DIGIT": Int(1, 10),
        "AUDIO_RECIPE": Choice(tuple(AUDIO_RECIPES)),
    },
    "information": {
        "SEED": Int(0),
        "N_STIMULI": Int(2, 10),
        "TRIALS": Int(5, 10_000),
        "NOISE": Float(0.0, 1.0),
        "SELECTIVITY_STEPS": Int(2, 21),
        "BIN_CHOICES": ListOf(Int(2, 50)),
        "BIAS_TRIALS": ListOf(Int(2, 10_000)),
        "BIAS_CELLS": Int(1, 10_000),
        "N_SHUFFLES": Int(1, 10_000),
        "N_PERMUTATIONS": Int(1, 100_000),
    },
    "paper1_celltypes": {**PAPER1_RUNS, **PAPER1_TYPING, "ALPHA": Float(0.0, 1.0, closed="neither"),
                         "N_SHUFFLES": Int(1, 1_000_000)},
    "paper1_model": {
        "FRAMEWORK": Choice(("mixed", "two_stage")),
        "DEPTH": Int(1, 4),
        "PAIRING": Choice(("consistent", "inconsistent")),
        "SEED": Int(0),
        "EPOCHS": Int(0, 100_000),
        "IMAGES_PER_DIGIT": Int(1, 5421),
        "ADADELTA_EPSILON": PAPER1_RUNS["ADADELTA_EPSILON"],
        "AUDIO_RECIPE": PAPER1_RUNS["AUDIO_RECIPE"],
        "SEED_SCHEME": PAPER1_RUNS["SEED_SCHEME"],
        "PROGRESS": Bool(),
    },
    "paper2_training": {**PAPER2_RUNS, "HELD_OUT": Choice(SPEAKERS)},
    "paper2_results": {**PAPER2_RUNS, "SPEAKERS": ListOf(Choice(SPEAKERS))},
    "paper2_cells": {**PAPER2_RUNS, "SPEAKERS": ListOf(Choice(SPEAKERS)), "N_BINS": Int(2, 50),
                     "TERMS": PAPER1_TYPING["TERMS"], "PERCENTILE": Float(0.0, 100.0), "PAIR": Choice(PAIRS)},
    "paper2_scaling": {
        "CHANNEL_COUNTS": ListOf(Int(1, 32)),
        "HIDDEN": Int(1, 100_000),
        "SWEEPS": Int(1, 1000),
        "EPOCHS": Int(1, 1000),
        "NOISE": Float(0.0, 1.0),
        "HELD_OUT": Choice(SPEAKERS),
        "SEED": Int(0),
        "PHI_FRACTION": Float(0.0, 1.0, closed="neither"),
        "PROGRESS": Bool(),
    },
    "paper2_channels": {
        "HELD_OUT": Choice(SPEAKERS),
        "MOTOR_NOISE": Float(0.0, 5.0),
        "SEED": Int(0),
        "EXAMPLES_PER_DIGIT": Int(0, 50),
    },
    "paper1_information": {**PAPER1_RUNS, "TERMS": PAPER1_TYPING["TERMS"], "PERCENTILE": PAPER1_TYPING["PERCENTILE"]},
    "paper1_development": {**PAPER1_RUNS, **PAPER1_TYPING, "LONG_EPOCHS": Int(0, 100_000),
                           "LONG_SNAPSHOTS": ListOf(Int(0, 100_000))},
    "paper1_shared": {**PAPER1_RUNS, "CLASSIFIER_EPOCHS": Int(1, 100_000)},
    "paper1_authors": {**PAPER1_RUNS, "TERMS": PAPER1_TYPING["TERMS"], "PERCENTILE": PAPER1_TYPING["PERCENTILE"]},
}


def freeze(chapter: str, **values):
    """Check ``values`` against the schema of ``chapter`` and return a frozen config object.

    Every parameter of the schema must be given, and no other.
    """
    one_of("chapter", chapter, sorted(SCHEMAS))
    schema = SCHEMAS[chapter]
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown} for chapter {chapter!r}; "
                         f"allowed: {sorted(schema)}")
    missing = sorted(set(schema) - set(values))
    if missing:
        raise ValueError(f"missing parameter(s) {missing} for chapter {chapter!r}")
    checked = {name: spec.check(name, values[name]) for name, spec in schema.items()}
    return config_class(chapter)(**checked)


def _config_markdown(self) -> str:
    """A page shows a chapter's parameters as a table, not as a Python repr."""
    return markdown_table(["parameter", "value"],
                          [[f"`{name}`", _shown(getattr(self, name))] for name in self.__dataclass_fields__]) + "\n"


def _shown(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@lru_cache(maxsize=None)
def config_class(chapter: str) -> type:
    """The frozen config class of ``chapter`` (one per chapter, so two freezes of the same
    values compare equal); a notebook displays it as a table of its parameters."""
    return make_dataclass(f"{chapter.title().replace('_', '')}Config", list(SCHEMAS[chapter]), frozen=True,
                          namespace={"_repr_markdown_": _config_markdown})


PAPERMILL_MARK = "# Parameters"   # first line of the cell papermill injects after the parameters cell


def _literal_assignments(source: str) -> set[str] | None:
    """The UPPER_CASE names a cell assigns if it holds nothing but ``NAME = <literal>``
    statements (a parameters cell), else None."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    names = set()
    for statement in body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id.isupper()):
            return None
        try:
            ast.literal_eval(statement.value)
        except ValueError:
            return None
        names.add(statement.targets[0].id)
    return names or None


def parameter_names(history: list[str]) -> set[str] | None:
    """The names the parameters cell just run assigned, from a kernel's input history (oldest
    first, the running cell last): the newest earlier cell made only of literal assignments,
    and when that is papermill's injected cell, the chapter's own parameters cell before it
    too. None when there is no such cell."""
    found = None
    for source in reversed(history[:-1]):
        names = _literal_assignments(source)
        if names is None:
            continue
        found = names if found is None else found | names
        if not source.lstrip().startswith(PAPERMILL_MARK + "\n"):
            return found
    return found


def _kernel_history() -> list[str] | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else list(shell.history_manager.input_hist_raw)


def freeze_namespace(chapter: str, namespace: dict, history: list[str] | None = None):
    """:func:`freeze` a chapter's parameters from a notebook's namespace (``globals()``).

    Called a cell or two after the parameters cell. The parameters are the chapter's schema
    names plus every name the parameters cell (and papermill's injected cell) assigned, read
    from the kernel's input history (``history``: the cells' sources, oldest first, the
    calling cell last; default: this IPython kernel's). So a name papermill injected that the
    chapter does not know (a typo such as ``EPOCH``) is an error, and names the chapter itself
    defines further down (``F``, ``MARGIN``) never count, even when the chapter is run from
    the top again in the same kernel. Outside a kernel (no history) every UPPER_CASE name of
    ``namespace`` counts.
    """
    one_of("chapter", chapter, sorted(SCHEMAS))
    history = _kernel_history() if history is None else history
    assigned = parameter_names(history) if history else None
    if assigned is None:
        names = {k for k in namespace if k.isupper() and not k.startswith("_")}
    else:
        names = set(SCHEMAS[chapter]) | assigned
    return freeze(chapter, **{k: namespace[k] for k in names if k in namespace})
