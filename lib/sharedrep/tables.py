"""The one markdown-table helper of the library: every table a page shows is built here.

>>> print(markdown_table(["digit", "bits"], [[0, "0.25"]], align="lr"))
| digit | bits |
|---|---:|
| 0 | 0.25 |
"""
from __future__ import annotations

_RULES = {"l": "---", "r": "---:", "c": ":---:"}


def markdown_table(header, rows, align: str | None = None) -> str:
    """A markdown table from ``header`` (column titles) and ``rows`` (lists of cell values,
    one per column, shown with ``str``).

    ``align``: one letter per column, ``l`` (default), ``r`` or ``c``; None aligns every
    column left.
    """
    header = [str(h) for h in header]
    align = align or "l" * len(header)
    if len(align) != len(header) or set(align) - set(_RULES):
        raise ValueError(f"align must be one of l, r, c per column ({len(header)} columns); got {align!r}")
    lines = ["| " + " | ".join(header) + " |", "|" + "".join(_RULES[a] + "|" for a in align)]
    for row in rows:
        row = [str(c) for c in row]
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells for {len(header)} columns: {row}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
