"""Every chapter runs twice from the top in one kernel, as a workshop participant reruns it
after editing a parameter (Jupyter, Colab, Binder), and both passes glue the same values."""
import copy
import uuid

import nbformat
import papermill
import pytest

from sharedrep import chapters

pytestmark = [pytest.mark.slow, pytest.mark.notebook]
#: glued values that are wall-clock times of this build (they may differ between passes)
WALL_CLOCK = {"run_seconds"}


def _halves(executed: nbformat.NotebookNode, folder):
    """The executed notebook's two passes as separate notebooks (for their glued values)."""
    half = len(executed.cells) // 2
    paths = []
    for name, cells in (("first", executed.cells[:half]), ("second", executed.cells[half:])):
        part = copy.deepcopy(executed)
        part.cells = cells
        paths.append(folder / f"{name}.ipynb")
        nbformat.write(part, paths[-1])
    return [chapters.glued_values(path) for path in paths]


@pytest.mark.parametrize("chapter", sorted(chapters.CHAPTERS))
def test_a_chapter_runs_twice_in_one_kernel(chapter, tmp_path):
    # at the book's defaults, which load the stored runs (so this is cheap)
    notebook = nbformat.read(chapters.chapter_path(chapter), as_version=4)
    again = copy.deepcopy(notebook.cells)
    for cell in again:
        cell["id"] = uuid.uuid4().hex[:8]
    notebook.cells += again
    doubled = tmp_path / "doubled.ipynb"
    nbformat.write(notebook, doubled)
    executed = papermill.execute_notebook(str(doubled), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                          cwd=str(chapters.chapter_path(chapter).parent), progress_bar=False)
    first, second = _halves(executed, tmp_path)
    assert first, f"{chapter} glued nothing"
    for name in WALL_CLOCK:
        first.pop(name, None), second.pop(name, None)
    assert second == first


def test_a_typo_injected_by_papermill_itself_stops_the_chapter(tmp_path):
    # papermill's own command (not `sharedrep run-chapter`, which checks before any kernel starts)
    with pytest.raises(papermill.PapermillExecutionError, match="unknown parameter.*EPOCH"):
        papermill.execute_notebook(str(chapters.chapter_path("data")), str(tmp_path / "out.ipynb"),
                                   parameters={"EPOCH": 3}, kernel_name="python3", progress_bar=False,
                                   cwd=str(chapters.chapter_path("data").parent))
