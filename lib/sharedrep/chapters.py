"""Run a book chapter with new parameters (papermill) and read back the values it glued.

Chapters are notebooks in ``book/``; their first code cell is tagged ``parameters``.
Parameters are validated against :data:`sharedrep.params.SCHEMAS` *before* a kernel is
started, so a typo or an out-of-range value fails at once with the allowed values.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import params
from .locations import book_dir
from .validation import one_of

#: chapter name -> notebook path relative to book/
CHAPTERS = {"data": "data.ipynb", "information": "information.ipynb",
            "paper1_model": "paper1_model.ipynb",
            "paper1_information": "paper1_information.ipynb",
            "paper1_celltypes": "paper1_celltypes.ipynb",
            "paper1_development": "paper1_development.ipynb",
            "paper1_shared": "paper1_shared.ipynb",
            "paper1_authors": "paper1_authors.ipynb",
            "paper2_channels": "paper2_channels.ipynb",
            "paper2_training": "paper2_training.ipynb",
            "paper2_results": "paper2_results.ipynb",
            "paper2_scaling": "paper2_scaling.ipynb",
            "paper2_cells": "paper2_cells.ipynb"}


def chapter_path(chapter: str) -> Path:
    """The notebook of ``chapter``; ValueError for an unknown name."""
    one_of("chapter", chapter, sorted(CHAPTERS))
    return book_dir() / CHAPTERS[chapter]


def default_parameters(chapter: str) -> dict:
    """The literal values of the chapter's ``parameters`` cell."""
    import ast

    import papermill

    found = papermill.inspect_notebook(str(chapter_path(chapter)))
    return {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}


def run_chapter(chapter: str, output: str | Path, parameters: dict | None = None,
                timeout: int | None = None, progress: bool = False) -> Path:
    """Execute ``chapter`` with ``parameters`` (merged over its defaults) into ``output``.

    ``progress`` : show a progress bar over the cells and stream the cells' printed output
    (the training progress of a long run) to the log.
    ``timeout`` : seconds a single cell may run (None, the default: no limit, because a
    chapter rerun at the paper's protocol trains for hours inside one cell).
    Raises ValueError for unknown or invalid parameters before anything runs, and
    papermill's ``PapermillExecutionError`` if a cell fails (the executed notebook, with
    the error, is still written to ``output``).
    """
    import papermill

    parameters = dict(parameters or {})
    params.freeze(chapter, **{**default_parameters(chapter), **parameters})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(chapter_path(chapter)), str(output), parameters=parameters, kernel_name="python3",
        cwd=str(book_dir()), progress_bar=progress, log_output=progress, execution_timeout=timeout,
    )
    return output


def glued_values(notebook: str | Path) -> dict:
    """``{name: value}`` of everything a notebook glued (myst_nb.glue); plain-text values are
    parsed as Python literals where possible (numbers, strings in quotes)."""
    import ast

    cells = json.loads(Path(notebook).read_text())["cells"]
    values = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is None:
                continue
            prefix = output["metadata"]["scrapbook"].get("mime_prefix", "")
            text = output.get("data", {}).get(prefix + "text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            try:
                values[name] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                values[name] = text
    return values


def book_glued_values(build: str | Path) -> dict:
    """``{chapter: {name: text}}`` of what a built book's pages glued (jupyter-book keeps them
    in ``<build>/jupyter_execute/book/<chapter>.glue.json``): each value's plain-text form,
    the string the page shows or formats."""
    out = {}
    for path in sorted((Path(build) / "jupyter_execute" / "book").glob("*.glue.json")):
        records = json.loads(path.read_text())
        out[path.name.split(".")[0]] = {
            name: "".join(text) if isinstance(text, list) else text
            for name, record in records.items()
            for text in [record.get("data", {}).get("text/plain", "")]}
    return out
