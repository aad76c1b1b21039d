"""The page layer: for each chapter, what it shows, defined once.

A chapter module here (``paper1_shared``, ...) has ``compute(cfg, runs, ...)``, which returns
a small object holding the page's raw numbers (``.numbers``: ``{glue name: value}``, floats
NaN where undefined, never pre-formatted) and the records its figures and tables draw. The
notebook then reads: parameters, config, runs, ``page = compute(...)``, :func:`glue_numbers`,
figures and tables, prose. The prose formats each number where it shows it, with a format
spec: ``{glue:text}`xmodal_cons_ia:.3f```.

:func:`~sharedrep.tables.markdown_table` (re-exported here) is the one way a page builds a table.
"""
from __future__ import annotations

import math

import numpy as np

from ..tables import markdown_table  # noqa: F401  (the pages' table helper)


def plain(value):
    """``value`` as a plain Python value for glue: numpy scalars become int/float/bool, None
    becomes NaN (undefined), strings, ints and floats stay."""
    if value is None:
        return math.nan
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"a page number must be a number or a string, got {type(value).__name__}: {value!r}")


def glue_numbers(numbers: dict, glue) -> None:
    """Glue every entry of ``numbers`` (``{name: value}``) for the page's prose, without
    displaying it; ``glue`` is myst-nb's (``from myst_nb import glue`` in the chapter: the
    book's tool, not a dependency of the library)."""
    for name, value in numbers.items():
        glue(name, plain(value), display=False)

