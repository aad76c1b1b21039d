"""The Colab install cell of every chapter, defined once.

Colab opens a chapter's notebook on its own, before the library exists there, so every
chapter carries a hidden cell (tag ``remove-cell``, right after the parameters cell) that
clones the book's repository and installs ``sharedrep``. Its text is made here from the
repository URL in ``_config.yml``; ``python -m sharedrep.launch`` writes it into every
chapter, and a test checks that each chapter holds exactly this text.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .locations import book_dir, checkout

MARKER = "google.colab"
TEMPLATE = '''# On Colab: fetch the book and install its library first (this cell is hidden in the static book).
import sys

if "google.colab" in sys.modules and not any(p.endswith("/content/book/lib") for p in sys.path):
    import subprocess
    subprocess.run("git clone -q --depth 1 {url} /content/book"
                   " && pip install -q myst-nb pooch && pip install -q --no-deps -e /content/book",
                   shell=True, check=True)
    sys.path.insert(0, "/content/book/lib")'''


def repository_url(config: str | Path | None = None) -> str:
    """``repository: url:`` of the book's ``_config.yml`` (default: the checkout's)."""
    path = Path(config) if config is not None else (checkout() or Path(".")) / "_config.yml"
    found = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*(\S+)", path.read_text(), re.MULTILINE)
    if found is None:
        raise ValueError(f"{path} has no 'repository: url:' entry")
    return found.group(1).strip("'\"")


def install_cell_source(url: str | None = None) -> str:
    """The text of the Colab install cell for the repository at ``url`` (default: _config.yml's)."""
    return TEMPLATE.format(url=url or repository_url())


def install_cell(notebook) -> dict:
    """The one install cell of a notebook (parsed JSON or nbformat); ValueError unless exactly one."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code" and MARKER in "".join(c["source"])]
    if len(cells) != 1:
        raise ValueError(f"expected one Colab install cell, found {len(cells)}")
    return cells[0]


def write_install_cells(folder: str | Path | None = None, url: str | None = None) -> list[Path]:
    """Rewrite the install cell of every notebook in ``folder`` (default: the book) to
    :func:`install_cell_source`; returns the notebooks that changed."""
    import nbformat

    source, changed = install_cell_source(url), []
    for path in sorted(Path(folder or book_dir()).glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        cell = install_cell(notebook)
        if cell.source != source:
            cell.source = source
            nbformat.write(notebook, path)
            changed.append(path)
    return changed


if __name__ == "__main__":
    written = write_install_cells()
    print(f"{len(written)} chapter(s) updated" + "".join(f"\n  {p}" for p in written))
    sys.exit(0)
