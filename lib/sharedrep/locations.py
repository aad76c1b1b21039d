"""Where the project's folders are: the source checkout, the results store and the book.

Explicit configuration comes first, then the source checkout this library runs from:

=========  ==========================  ==============================
folder     environment variable        default in a source checkout
=========  ==========================  ==============================
results    ``SHAREDREP_RESULTS``       ``<checkout>/results``
book       ``SHAREDREP_BOOK``          ``<checkout>/book``
=========  ==========================  ==============================

(The data folders have their own search order: :mod:`sharedrep.data.sources`.)

A checkout is the folder holding ``pyproject.toml`` and ``lib/sharedrep`` (an editable
install, ``pip install -e .``, runs from it). A library installed with ``pip install .``
has no checkout: it then needs the environment variable, and a missing one is an error
that names it, never a guessed folder.
"""
from __future__ import annotations

import os
from pathlib import Path

ENV_RESULTS = "SHAREDREP_RESULTS"
ENV_BOOK = "SHAREDREP_BOOK"


def checkout() -> Path | None:
    """The source checkout this library runs from, or None for an installed copy."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "lib" / "sharedrep").is_dir():
        return root
    return None


def as_path(value, name: str = "directory") -> Path:
    """``value`` (a ``str`` or ``os.PathLike``) as a :class:`~pathlib.Path`; TypeError otherwise."""
    if isinstance(value, (str, os.PathLike)):
        return Path(value).expanduser()
    raise TypeError(f"{name}={value!r} must be a str or os.PathLike (a folder), "
                    f"got {type(value).__name__}")


def _configured(env: str, default: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    root = checkout()
    if root is None:
        raise RuntimeError(f"no {default} folder: this copy of sharedrep is installed, not a source "
                           f"checkout; set the environment variable {env} to the folder to use")
    return root / default


def results_dir(directory=None) -> Path:
    """``directory`` if given (``str`` or ``os.PathLike``), else ``$SHAREDREP_RESULTS``,
    else ``results/`` of the checkout."""
    if directory is not None:
        return as_path(directory)
    return _configured(ENV_RESULTS, "results")


def book_dir() -> Path:
    """``$SHAREDREP_BOOK``, else ``book/`` of the checkout: the chapters' notebooks."""
    return _configured(ENV_BOOK, "book")
