"""The layout rules of the project (issue 18): chapters stay thin, conditions are typed,
pictures do not compute science."""
import ast
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "lib" / "sharedrep"
NOTEBOOKS = sorted((REPO / "book").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_defines_a_function(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or cell.source.lstrip().startswith("%"):
            continue
        tree = ast.parse(cell.source)
        defined = [node for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defined, f"{path.name}: a code cell defines a function or class (move it to the library)"


#: a condition label built or parsed by hand: "mixed-4-...", f"mixed-{d}-...", label.split("-")
LABEL_HANDLING = re.compile(r"""["']mixed-\d|["']two_stage-\d|f["']mixed-\{|f["']two_stage-\{|\.split\(["']-["']\)"""
                            r"""|["']two-stage-\d|f["']two-stage-\{|\{[\w.]*FRAMEWORK\}-\{""")


def test_conditions_are_keys_not_labels():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if LABEL_HANDLING.search(code) and '"""' not in code and "``" not in code:
                offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
                offenders += [f"{path.name}: {line.strip()}" for line in cell.source.splitlines()
                              if LABEL_HANDLING.search(line.split("#")[0])]
    assert not offenders, offenders


def test_viz_imports_no_experiments():
    for path in sorted((PACKAGE / "viz").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                assert "experiments" not in module, f"viz/{path.name} imports {module}"


def test_one_markdown_table_helper():
    """Every markdown table of the library is built by sharedrep.tables.markdown_table."""
    from sharedrep.tables import markdown_table

    assert markdown_table(["a", "b"], [[1, "x"]], align="lr") == "| a | b |\n|---|---:|\n| 1 | x |"
    with pytest.raises(ValueError, match="align"):
        markdown_table(["a", "b"], [], align="l")
    with pytest.raises(ValueError, match="2 columns"):
        markdown_table(["a", "b"], [[1]])
    by_hand = re.compile(r"""["']\|---""")
    offenders = [p.name for p in PACKAGE.rglob("*.py") if p.name != "tables.py" and by_hand.search(p.read_text())]
    assert offenders == []


def test_cells_that_only_glue_are_hidden():
    """A code cell whose only job is to glue numbers for the prose is hidden in the static
    page (remove-input); the code a reader learns from stays visible (issue 19, section 6)."""
    shown = []
    for path in sorted((REPO / "book").glob("*.ipynb")):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type != "code":
                continue
            body = ast.parse(cell.source).body
            glue_only = body and all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
                                     and getattr(s.value.func, "id", None) in ("glue", "glue_numbers") for s in body)
            tags = set(cell.metadata.get("tags", []))
            if glue_only and not tags & {"remove-input", "remove-cell"}:
                shown.append(f"{path.name}: {cell.source[:60]!r}")
    assert shown == []
