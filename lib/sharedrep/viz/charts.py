"""Where altair charts get their JavaScript, and small shared chart helpers.

The static book serves vega, vega-lite and vega-embed from its own files
(``book/_vendor/vega``, published at ``_static/vega``), so charts and their sliders work
offline and no page depends on a third-party host.
"""
from __future__ import annotations

import os
import sys

import altair as alt
import numpy as np

from ..validation import one_of

#: where the vendored scripts are, relative to a chapter page in the built book (book/*.html)
BOOK_SCRIPTS_URL = "../_static/vega"
#: the script files vendored in book/_vendor/vega, named as altair requests them
VENDORED = {"vega": "6", "vega-lite": "6.4.1", "vega-embed": "7"}
MODES = ("auto", "vendored", "cdn", "jupyter")
#: charts are drawn as SVG, which the book's stylesheet (book/_static/layout.css) scales down to
#: the text column (a scaled canvas would misplace its tooltips)
EMBED_OPTIONS = {"renderer": "svg"}
#: font sizes (px at full scale) one step above vega-lite's defaults (10 / 11 / 13; text marks 11,
#: vega-lite's 11 too, which the figures no longer shrink): on a phone a
#: chart is drawn at no less than 75 % of its size (book/_static/narrow.js), so axis labels keep
#: over 8 px there instead of 7
FONT_SIZES = {"label": 11, "title": 12, "chart_title": 14}


def book_theme() -> dict:
    """The book's altair theme: vega-lite's defaults with :data:`FONT_SIZES`."""
    label, title = FONT_SIZES["label"], FONT_SIZES["title"]
    return {"config": {"axis": {"labelFontSize": label, "titleFontSize": title},
                       "legend": {"labelFontSize": label, "titleFontSize": title},
                       "header": {"labelFontSize": title, "titleFontSize": title},
                       "text": {"fontSize": label},
                       "title": {"fontSize": FONT_SIZES["chart_title"]}}}


alt.theme.register("sharedrep", enable=True)(book_theme)


def chart_mode(mode: str = "auto") -> str:
    """Resolve "auto": ``$SHAREDREP_CHARTS`` if set; Colab -> "cdn"; a live Jupyter server
    kernel -> "jupyter" (the vendored scripts put on the page once); otherwise (book builds, papermill)
    -> "vendored"."""
    one_of("chart mode", mode, MODES)
    if mode != "auto":
        return mode
    chosen = os.environ.get("SHAREDREP_CHARTS", "").strip()
    if chosen:
        return chart_mode(chosen) if chosen != "auto" else "vendored"
    if "google.colab" in sys.modules:
        return "cdn"
    if os.environ.get("JPY_SESSION_NAME"):
        return "jupyter"
    return "vendored"


def live_kernel() -> bool:
    """True in an interactive front end (a Jupyter server or Colab), False in a book build or
    a papermill run. ipywidgets are made only then: in the static page they could not call
    back, and their scripts would come from a CDN."""
    return chart_mode() in ("jupyter", "cdn")


def setup_charts(mode: str = "auto", base_url: str = BOOK_SCRIPTS_URL) -> None:
    """Enable the altair renderer for ``mode`` (see :func:`chart_mode`, which says which one
    "auto" picks). Returns nothing, so a chapter's cell that ends with it shows nothing."""
    mode = chart_mode(mode)
    if mode == "vendored":
        expected = {"vega": alt.VEGA_VERSION.split(".")[0], "vega-lite": alt.VEGALITE_VERSION,
                    "vega-embed": alt.VEGAEMBED_VERSION.split(".")[0]}
        if expected != VENDORED:
            raise RuntimeError(f"altair {alt.__version__} expects scripts {expected}, but "
                               f"book/_vendor/vega holds {VENDORED}: update the vendored files")
        alt.renderers.enable("html", base_url=base_url, embed_options=EMBED_OPTIONS)
    elif mode == "cdn":
        alt.renderers.enable("html", embed_options=EMBED_OPTIONS)
    else:   # a Jupyter server: the page gets the vendored scripts once, so charts need no network
        alt.renderers.enable("html", embed_options=EMBED_OPTIONS)
        from IPython.display import HTML, display

        display(HTML(vendored_scripts_html()))


def vendored_scripts_html() -> str:
    """The vendored vega, vega-lite and vega-embed (``book/_vendor/vega``) as inline ``<script>``
    elements, and the versions altair's "html" charts look for (``VEGA_DEBUG``), so that they
    draw with these instead of fetching them from a CDN: for a Jupyter front end, whose page
    cannot load the book's own files."""
    from ..locations import book_dir

    folder = book_dir() / "_vendor" / "vega"
    scripts = [(folder / f"{name}@{version}").read_text().replace("</script", "<\\/script")
               for name, version in VENDORED.items()]
    versions = "".join(f'VEGA_DEBUG.{name.replace("-", "")}_version = "{version}"; '
                       for name, version in VENDORED.items())
    return ("".join(f'<script type="text/javascript">{s}</script>' for s in scripts)
            + '<script type="text/javascript">var VEGA_DEBUG = (typeof VEGA_DEBUG == "undefined") ? {} : '
            f"VEGA_DEBUG; {versions}</script>")


def depth_control(depths: list[int]):
    """A slider over ``depths`` when they are consecutive, else radio buttons (a slider would
    stop at depths that have no networks)."""
    if depths == list(range(depths[0], depths[-1] + 1)):
        return alt.binding_range(min=depths[0], max=depths[-1], step=1, name="encoder depth ")
    return alt.binding_radio(options=depths, name="encoder depth ")


def dashed_lines_with_points(base: alt.Chart, stroke_dash, **encodings) -> list[alt.Chart]:
    """Two layers from ``base``: lines dashed by ``stroke_dash`` and filled points at their
    vertices, both encoded with ``encodings``. (A ``mark_line(point=True)`` makes Vega-Lite draw
    the dash legend's symbols as filled points, where no dash shows; with the points a layer
    of their own the legend draws dashed strokes.)"""
    return [base.mark_line().encode(strokeDash=stroke_dash, **encodings),
            base.mark_circle(opacity=1).encode(**encodings)]


def long_format(array: np.ndarray, **constants) -> list[dict]:
    """A 2-D array ``[rows, cols]`` as records {row, col, value, **constants} for altair."""
    array = np.asarray(array)
    if array.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {array.shape}")
    rows, cols = np.indices(array.shape)
    return [dict(row=int(r), col=int(c), value=round(float(v), 4), **constants)
            for r, c, v in zip(rows.ravel(), cols.ravel(), array.ravel())]


def heatmap(records: list[dict], title: str = "", scheme: str = "greys", size: int = 4,
            flip_rows: bool = False, color_title: str = "value", domain=None, colors=None) -> alt.Chart:
    """Rect heatmap of :func:`long_format` records; ``size`` pixels per cell.

    ``flip_rows`` puts row 0 at the bottom (for spectrograms: low frequencies down);
    ``domain``: the values at the two ends of the colour scheme (None: the data's range);
    ``colors``: the two end colours instead of ``scheme`` (e.g. ``("white", "black")``).
    """
    n_rows = 1 + max(r["row"] for r in records)
    n_cols = 1 + max(r["col"] for r in records)
    sort = "descending" if flip_rows else "ascending"
    return alt.Chart(alt.Data(values=records)).mark_rect().encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None, sort=sort),
        color=alt.Color("value:Q", title=color_title,
                        scale=alt.Scale(**({"scheme": scheme} if colors is None else {"range": list(colors)}),
                                        **({} if domain is None else {"domain": list(domain)}))),
    ).properties(width=size * n_cols, height=size * n_rows, title=title)
