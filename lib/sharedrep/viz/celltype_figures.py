"""Cell-type figures of paper 1 (Figs. 3-4) whose sliders work in the static page.

The browser recomputes the four cell types from the information values themselves, so
moving the depth or a threshold slider needs no kernel: per (condition, seed, cell,
digit) the page holds I(digit, cell) of the image-only and the audio-only analysis, and
a vega-lite transform chain thresholds them, types every cell, counts the types per
network and averages over networks.
"""
from __future__ import annotations

import altair as alt
import numpy as np

from .. import published
from ..info import TYPES
from ..tables import markdown_table
from .charts import depth_control
from .palette import PAIRING_COLORS


def information_records(bits_by_condition: dict, min_bits: float, cuts=()) -> list[dict]:
    """Compact records for the browser, one per (condition, seed, cell, digit) where the cell
    carries at least ``min_bits`` about the digit in either modality (rows below can never
    pass a slider threshold), plus one empty sentinel cell per network so that every network
    is counted even if none of its cells is selective.

    bits_by_condition : ``{ConditionKey: [seeds, 3 analyses, digits, cells]}``.
    Fields: f framework, d depth, p pairing, s seed, u cell, g digit, i / a bits (image / audio).
    Bits are rounded to 3 decimals to keep the page small, except a value that rounding would
    move across one of ``cuts`` (the thresholds the page compares with: the sliders' positions
    and the default thresholds), which is kept exact, so that the browser types every cell as
    the library does.
    """
    cuts = np.sort(np.asarray(list(cuts), dtype=np.float64))
    records = []
    for (framework, depth, pairing), bits in bits_by_condition.items():
        image, audio = np.asarray(bits)[:, 1], np.asarray(bits)[:, 2]
        for seed in range(image.shape[0]):
            records.append(dict(f=framework, d=int(depth), p=pairing, s=seed, u=-1, g=-1, i=-1.0, a=-1.0))
            digits, cells = np.nonzero(np.maximum(image[seed], audio[seed]) >= min_bits)
            for g, u in zip(digits.tolist(), cells.tolist()):
                records.append(dict(f=framework, d=int(depth), p=pairing, s=seed, u=u, g=g,
                                    i=_compact(image[seed, g, u], cuts), a=_compact(audio[seed, g, u], cuts)))
    return records


def _compact(value, cuts: np.ndarray) -> float:
    """``value`` rounded to 3 decimals, unless that changes which of ``cuts`` it exceeds."""
    value = float(value)
    shown = round(value, 3)
    same = np.searchsorted(cuts, value, side="left") == np.searchsorted(cuts, shown, side="left")
    return shown if same else value


def _typed_per_network(records, depth, thr_image, thr_audio) -> alt.Chart:
    """The shared transform chain: mean and s.d. over networks of each type's count."""
    flags = {t: expr for t, expr in {
        "visual": "datum.si == 1 && datum.sa == 0 ? 1 : 0",
        "audio": "datum.si == 0 && datum.sa == 1 ? 1 : 0",
        "inconsistent": "datum.si * datum.sa == 1 && datum.sb == 0 ? 1 : 0",
        "consistent": "datum.sb"}.items()}
    return (alt.Chart(alt.Data(values=records))
            .add_params(depth, thr_image, thr_audio)
            .transform_calculate(si=f"datum.i > {thr_image.name} ? 1 : 0",
                                 sa=f"datum.a > {thr_audio.name} ? 1 : 0")
            .transform_calculate(sb="datum.si * datum.sa")
            .transform_aggregate(si="max(si)", sa="max(sa)", sb="max(sb)", groupby=["f", "d", "p", "s", "u"])
            .transform_calculate(**flags)
            .transform_aggregate(**{t: f"sum({t})" for t in TYPES}, groupby=["f", "d", "p", "s"])
            .transform_fold(list(TYPES), as_=["type", "count"])
            .transform_aggregate(mean="mean(count)", sd="stdev(count)", networks="count()",
                                 groupby=["f", "d", "p", "type"])
            .transform_calculate(low="max(0, datum.mean - (isValid(datum.sd) ? datum.sd : 0))",   # counts >= 0
                                 high="datum.mean + (isValid(datum.sd) ? datum.sd : 0)"))


def celltype_explorer(bits_by_condition: dict, thresholds=(0.96, 0.94), depths=(1, 2, 3, 4),
                      default_depth: int = 4, slider_range=(0.3, 3.3)) -> alt.VConcatChart:
    """Cell-type counts with three sliders (depth, image threshold, audio threshold).

    Top: mean count (± s.d. over networks) of each type at the chosen depth, consistent vs
    inconsistent training. Bottom: consistent (shared) cells against depth for both
    pairings, plus the two-stage network at depth 4 if present. A line of text states the
    count the sliders produce. Rendered as SVG (so the numbers are readable in the page).
    """
    low, high = slider_range
    depths = sorted(int(d) for d in depths)
    depth = alt.param(name="depth", value=default_depth, bind=depth_control(depths))
    thr_image = alt.param(name="thr_image", value=float(thresholds[0]),
                          bind=alt.binding_range(min=low, max=high, step=0.01, name="image threshold (bits) "))
    thr_audio = alt.param(name="thr_audio", value=float(thresholds[1]),
                          bind=alt.binding_range(min=low, max=high, step=0.01, name="audio threshold (bits) "))
    positions = np.round(np.arange(low, high + 0.005, 0.01), 2)          # where the sliders can stop
    records = information_records(bits_by_condition, low, cuts=[*positions, *thresholds])
    typed = _typed_per_network(records, depth, thr_image, thr_audio)
    order = list(TYPES)
    chosen = typed.transform_filter("datum.f == 'mixed' && datum.d == depth")
    single = {np.asarray(bits).shape[0] for bits in bits_by_condition.values()} == {1}
    color = alt.Color("p:N", title="training pairing",
                      scale=alt.Scale(domain=list(PAIRING_COLORS), range=list(PAIRING_COLORS.values())))
    # the cell types named as cells, so that they are not read as the training pairing (colour)
    names = "{'consistent': ['shared', '(consistent)']}"
    bars = chosen.mark_bar().encode(
        x=alt.X("type:N", sort=order, title="cells by type",
                axis=alt.Axis(labelAngle=0, labelExpr=f"{names}[datum.value] || datum.value")),
        xOffset=alt.XOffset("p:N", sort=list(PAIRING_COLORS)),
        y=alt.Y("mean:Q", title="cells" if single else "cells per network (mean)"), color=color,
        tooltip=["type:N", "p:N", alt.Tooltip("mean:Q", format=".1f"), alt.Tooltip("sd:Q", format=".1f"),
                 "networks:Q"])
    errors = chosen.mark_rule().encode(x=alt.X("type:N", sort=order),
                                       xOffset=alt.XOffset("p:N", sort=list(PAIRING_COLORS)),
                                       y="low:Q", y2="high:Q")
    top = (bars + errors).properties(width=420, height=220, title="Cell types in the last encoding layer")
    shared = typed.transform_filter("datum.type == 'consistent'")
    lines = shared.transform_filter("datum.f == 'mixed'").transform_calculate(
        run=f"datum.d - indexof({depths}, datum.d)").mark_line(point=True).encode(   # no line across a gap
        x=alt.X("d:O", title="encoder depth", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean:Q", title="consistent (shared) cells"), color=color,
        detail="run:N")
    band = shared.transform_filter("datum.f == 'mixed'").mark_errorbar().encode(
        x="d:O", y=alt.Y("low:Q", title=""), y2="high:Q", color=color)
    two_stage = shared.transform_filter("datum.f == 'two_stage'").mark_point(
        shape="diamond", size=120, filled=True).encode(
        x="d:O", y="mean:Q", color=alt.value("black"), tooltip=[alt.Tooltip("mean:Q", format=".1f", title="two-stage")])
    bottom = (lines + band + two_stage + published_consistent_cells(color)).properties(
        width=420, height=200,
        title="Shared cells vs depth (the caption names the markers)")
    readout = chosen.transform_filter("datum.type == 'consistent' && datum.p == 'consistent'").mark_text(
        align="left", fontSize=14).encode(x=alt.value(0),                  # from the left edge, inside the chart
        text=alt.Text("label:N")).transform_calculate(
        label="'consistent cells at depth ' + depth + ' (consistent training): ' + "
              + ("format(datum.mean, 'd')" if single else "format(datum.mean, '.1f') + ' per network'")
    ).properties(width=420, height=20)
    return alt.vconcat(readout, top, bottom).properties(usermeta={"embedOptions": {"renderer": "svg"}})


def published_consistent_cells(color: alt.Color) -> alt.LayerChart:
    """The paper's consistent-cell counts (single stored runs, its 0.96 / 0.94-bit thresholds):
    crosses for depth 1..4 and both pairings, an open black diamond for the two-stage network
    at depth 4 (the book's own two-stage mean is the filled one)."""
    records = [dict(d=key.depth, p=key.pairing, mean=n, f=key.framework,
                    source="paper, two-stage (printed)" if key.framework == "two_stage" else "paper (printed)")
               for key, n in published.CONSISTENT_CELLS.items()]
    base = alt.Chart(alt.Data(values=records)).encode(x="d:O", y="mean:Q",
                                                      tooltip=["source:N", "d:O", "p:N", "mean:Q"])
    mixed = base.transform_filter("datum.f == 'mixed'").mark_point(
        shape="cross", size=90, filled=True, opacity=0.6).encode(color=color)
    two_stage = base.transform_filter("datum.f == 'two_stage'").mark_point(
        shape="diamond", size=120, filled=False, strokeWidth=1.5).encode(color=alt.value("black"))
    return mixed + two_stage


def activation_heatmaps(responses: np.ndarray, digits: np.ndarray, blocks: np.ndarray,
                        cells: dict, size: int = 4, bits: np.ndarray | None = None) -> alt.VConcatChart:
    """Fig. 3 of paper 1: for each example cell, its activation to the 50 test variations
    (rows) of each digit (columns), image-only input on the left, audio-only on the right,
    coloured from the cell's lowest (0) to its highest (1) activation over both panels, as the
    authors' plotting code scaled each cell (``frTableNorm``); the tooltip gives the activation.

    responses : ``[test rows, cells]``; digits, blocks : ``[test rows]`` (blocks "image"/"audio"/"both");
    cells : ``{type: cell index or None}`` (e.g. from ``experiments.celltypes.example_cells``);
    bits : ``[3 analyses, digits, cells]`` of the same network, if given: each panel's title
    names the digit the cell carries most information about in that modality, and how much.
    """
    rows = []
    for kind, cell in cells.items():
        if cell is None:
            continue
        panels = []
        shown = responses[np.isin(blocks, ("image", "audio")), cell]
        low, span = float(shown.min()), float(np.ptp(shown)) or 1.0    # this cell's own range (authors' frTableNorm)
        for block in ("image", "audio"):
            records = []
            for digit in range(10):
                mine = np.flatnonzero((digits == digit) & (blocks == block))
                records += [dict(digit=digit, variation=k, activation=round(float(responses[i, cell]), 3),
                                 scaled=round((float(responses[i, cell]) - low) / span, 3))
                            for k, i in enumerate(mine)]
            panels.append(alt.Chart(alt.Data(values=records)).mark_rect().encode(
                x=alt.X("digit:O", title="digit"), y=alt.Y("variation:O", axis=None),
                color=alt.Color("scaled:Q", scale=alt.Scale(scheme="inferno", domain=[0, 1]),
                                title="activation, scaled per cell"),
                tooltip=["digit:O", alt.Tooltip("activation:Q", format=".3f")],
            ).properties(width=size * 10 * 3, height=size * 50 // 2, title=_panel_title(block, cell, bits)))
        rows.append(alt.hconcat(*panels).properties(title=f"{kind} cell #{cell}"))
    if not rows:  # e.g. an untrained or barely trained network: say so instead of drawing nothing
        message = [dict(text="No cell of this network passes the thresholds, so there is no example to show.")]
        return alt.Chart(alt.Data(values=message)).mark_text(align="left", fontSize=13).encode(
            text="text:N").properties(width=500, height=30)
    return alt.vconcat(*rows)


def _panel_title(block: str, cell: int, bits) -> str:
    if bits is None:
        return f"{block}-only input"
    values = np.asarray(bits)[1 if block == "image" else 2, :, cell]
    return f"{block}-only input: most about {int(np.argmax(values))} ({values.max():.2f} bits)"


def counts_table(counts: dict, paper: dict) -> str:
    """Markdown table: mean ± s.d. of each type's count per condition with the paper's value in
    brackets in the same cell (so the comparison stays in view when a phone scrolls the table).

    counts, paper : ``{ConditionKey: int [networks, 4]}`` and ``published.CELL_TYPE_COUNTS``.
    """
    def cell(m, s, printed):
        return f"{m:.1f} ± {s:.1f}" + (f" ({printed})" if printed is not None else "")

    rows = [[key.label, *(cell(m, s, paper[key][i] if key in paper else None)
                          for i, (m, s) in enumerate(zip(table.mean(0), table.std(0))))]
            for key, table in counts.items()]          # the networks per condition: the run table above
    return markdown_table(["condition", *(f"{t} (paper)" for t in TYPES)], rows)
