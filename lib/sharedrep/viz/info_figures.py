"""Figures of the information chapter: the tuning explorer, the sampling bias, thresholds
and the four cell types. Sliders are altair params, so they work in the static page."""
from __future__ import annotations

import altair as alt
import numpy as np

from .. import info
from .charts import dashed_lines_with_points

TERMS_TITLE = {"all": "all terms (paper's Eq. 4)", "positive": "positive terms (authors' code)"}


def stimulus_name(s: int, preferred: int = 0) -> str:
    return f"stimulus {s} (preferred)" if s == preferred else f"stimulus {s}"


def tuning_grid(cells: dict, bin_choices, preferred: int = 0) -> dict:
    """Precompute what :func:`tuning_explorer` shows, for every selectivity and bin count.

    cells : ``{selectivity: (responses [trials, 1] in [0, 1], stimuli [trials])}``, e.g.
        from :func:`sharedrep.info.tuned_responses`.
    Returns ``{"hist": [...], "info": [...]}`` records: P(r|s) and P(r) per bin, and
    I(s, R) with both ``terms`` variants (responses binned on [0, 1], ``normalize=None``).
    """
    hist, bits = [], []
    for sel, (responses, stimuli) in cells.items():
        for n_bins in bin_choices:
            bins = info.bin_responses(responses, n_bins, normalize=None)
            counts = info.response_counts(bins, stimuli, n_bins)[:, :, 0]  # [n_stimuli, n_bins]
            p_rs = counts / counts.sum(axis=1, keepdims=True)
            p_r = counts.sum(axis=0) / counts.sum()
            by_terms = {t: info.information_from_counts(counts, t) for t in info.measure.TERMS}
            key = dict(selectivity=round(float(sel), 4), n_bins=int(n_bins))
            for s in range(counts.shape[0]):
                name = stimulus_name(s, preferred)
                for r in range(n_bins):
                    hist.append(dict(key, stimulus=name, lo=round(r / n_bins, 4),
                                     hi=round((r + 1) / n_bins, 4),
                                     p_rs=round(float(p_rs[s, r]), 4),
                                     p_r=round(float(p_r[r]), 4)))
                for terms, values in by_terms.items():
                    bits.append(dict(key, stimulus=name, terms=TERMS_TITLE[terms],
                                     bits=round(float(values[s]), 3)))
    return {"hist": hist, "info": bits}


def tuning_explorer(grid: dict, n_stimuli: int, selectivity: float = 0.6, n_bins: int = 10,
                    step: float = 0.1, panel_width: int = 105,
                    columns: int = 4) -> alt.VConcatChart:
    """Response histograms per stimulus and I(s, R) per stimulus, with a selectivity slider
    and a bins selector (altair params; no kernel needed). ``grid`` from :func:`tuning_grid`."""
    choices = sorted({rec["n_bins"] for rec in grid["hist"]})
    sel = alt.param(name="selectivity", value=selectivity,
                    bind=alt.binding_range(min=0, max=1, step=step, name="selectivity "))
    nb = alt.param(name="n_bins", value=n_bins,
                   bind=alt.binding_radio(options=choices, name="number of bins "))
    chosen = f"abs(datum.selectivity - selectivity) < {step / 2} && datum.n_bins == n_bins"
    names = [stimulus_name(s) for s in range(n_stimuli)]
    hist = alt.Chart(alt.Data(values=grid["hist"])).transform_filter(chosen)
    panels = []
    for k, name in enumerate(names):
        base = hist.transform_filter(alt.datum.stimulus == name)
        first = k % columns == 0
        bars = base.mark_rect(opacity=0.8, stroke="white").encode(
            x=alt.X("lo:Q", title="response r", scale=alt.Scale(domain=[0, 1])), x2="hi:Q",
            y=alt.Y("p_rs:Q", scale=alt.Scale(domain=[0, 1]),
                    axis=alt.Axis(title="probability" if first else None, labels=first)),
            y2=alt.datum(0),
            tooltip=["lo:Q", "hi:Q", alt.Tooltip("p_rs:Q", title="P(r|s)"),
                     alt.Tooltip("p_r:Q", title="P(r)")])
        pooled = base.mark_rule(color="black", strokeWidth=2).encode(
            x="lo:Q", x2="hi:Q", y="p_r:Q")
        panels.append(alt.layer(bars, pooled).properties(width=panel_width, height=120,
                                                         title=name))
    bars = alt.Chart(alt.Data(values=grid["info"])).transform_filter(chosen).encode(
        x=alt.X("stimulus:N", title=None, sort=names, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("terms:N"),
        y=alt.Y("bits:Q", title="I(s, R) (bits)",
                scale=alt.Scale(domain=[0, float(np.log2(n_stimuli))])),
        color=alt.Color("terms:N", title="sum over", legend=alt.Legend(orient="bottom")),
        tooltip=["stimulus:N", "terms:N", "bits:Q"])
    info_chart = alt.layer(
        bars.mark_bar(),
        bars.mark_text(dy=-6).encode(text=alt.Text("bits:Q", format=".2f")),
    ).properties(width=(panel_width + 20) * min(n_stimuli, columns), height=170,
                 title=f"information per stimulus (top of the axis: log2 {n_stimuli} bits)")
    top = alt.concat(*panels, columns=columns, spacing=12).properties(
        title="P(r|s) per stimulus (bars) and the pooled P(r) (black lines)")
    return alt.vconcat(top, info_chart).add_params(sel, nb)


def bias_curves(records: list[dict]) -> alt.Chart:
    """Mean information of untuned cells against trials per stimulus, one line per estimate.

    records : ``{trials, estimate, bits}``; an estimate named "first-order expectation" is
    drawn dashed.
    """
    trials = [rec["trials"] for rec in records]
    estimates = list(dict.fromkeys(rec["estimate"] for rec in records))
    colours = {"plug-in, all terms": "#d62728", "plug-in, positive terms": "#ff7f0e", "shuffle-corrected": "#1f77b4",
               "Panzeri-Treves-corrected": "#2ca02c", "first-order expectation": "#555555"}
    palette = ["#9467bd", "#8c564b", "#e377c2"]                     # any other estimate
    legend = alt.Legend(orient="bottom", columns=2, labelLimit=300, symbolType="stroke", symbolStrokeWidth=2)
    base = alt.Chart(alt.Data(values=records)).encode(
        x=alt.X("trials:Q", title="trials per stimulus",
                scale=alt.Scale(type="log", domain=[min(trials), max(trials)], nice=False),
                axis=alt.Axis(values=[t for t in (2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
                                      if min(trials) <= t <= max(trials)])),   # no two labels run together
        y=alt.Y("bits:Q", title="mean I(s, R) of untuned cells (bits)"),
        color=alt.Color("estimate:N", title=None, legend=legend, scale=alt.Scale(
            domain=estimates, range=[colours.get(e) or palette[i % len(palette)] for i, e in enumerate(estimates)])),
        tooltip=["trials:Q", "estimate:N", alt.Tooltip("bits:Q", format=".3f")])
    dash = alt.StrokeDash("estimate:N", title=None, legend=legend, scale=alt.Scale(
        domain=estimates, range=[[5, 4] if e == "first-order expectation" else [1, 0] for e in estimates]))
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color="grey").encode(y="y:Q")
    return alt.layer(zero, *dashed_lines_with_points(base, dash)).properties(
        width=480, height=280, title="a cell that knows nothing still shows information")


def threshold_histogram(values, threshold: float, paper_threshold: float, q: float = 80,
                        n_bins: int = 40) -> alt.Chart:
    """Histogram of information values (bits) with the q-th percentile and the paper's threshold."""
    values = np.ravel(values)
    counts, edges = np.histogram(values, bins=n_bins, range=(0, max(values.max(), paper_threshold)))
    records = [dict(lo=round(float(a), 4), hi=round(float(b), 4), n=int(c))
               for a, b, c in zip(edges[:-1], edges[1:], counts)]
    hist = alt.Chart(alt.Data(values=records)).mark_rect(stroke="white", color="#b8b8b8").encode(
        x=alt.X("lo:Q", title="I(s, R) (bits), one value per stimulus and cell"), x2="hi:Q",
        y=alt.Y("n:Q", title="count"), y2=alt.datum(0))
    rules = [dict(x=threshold, what=f"{q:g}th percentile of these values"),
             dict(x=paper_threshold, what="the paper's threshold (image input)")]
    lines = alt.Chart(alt.Data(values=rules)).mark_rule(strokeWidth=2).encode(
        x="x:Q", color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top", labelLimit=300),
                                 scale=alt.Scale(range=["#d95f02", "black"])),
        strokeDash=alt.StrokeDash("what:N", legend=None))
    return alt.layer(hist, lines).properties(width=480, height=220)


def cell_type_example(info_visual, info_audio, types, threshold_visual: float,
                      threshold_audio: float, size: int = 42) -> alt.HConcatChart:
    """Two grids (image-only and audio-only analyses) of I(s, cell) with the selective
    entries coloured, and each cell's type in the column label. ``types`` is a
    :class:`~sharedrep.info.CellTypes`."""
    n_stimuli, n_cells = np.shape(info_visual)
    names = [f"cell {c}: {types.labels[c]}" for c in range(n_cells)]
    panels = []
    for title, values, threshold in (("image input", info_visual, threshold_visual),
                                     ("audio input", info_audio, threshold_audio)):
        records = [dict(cell=names[c], stimulus=f"digit {s}", bits=round(float(values[s][c]), 2),
                        selective="selective" if values[s][c] > threshold else "not selective")
                   for s in range(n_stimuli) for c in range(n_cells)]
        base = alt.Chart(alt.Data(values=records)).encode(
            x=alt.X("cell:N", sort=names, title=None, axis=alt.Axis(labelAngle=-35)),
            y=alt.Y("stimulus:N", title=None))
        rect = base.mark_rect(stroke="white").encode(color=alt.Color(
            "selective:N", title=None, legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(domain=["selective", "not selective"], range=["#f58518", "#eeeeee"])))
        text = base.mark_text(fontSize=12).encode(text=alt.Text("bits:Q", format=".2f"))
        panels.append(alt.layer(rect, text).properties(
            width=size * n_cells, height=size * n_stimuli * 0.6,
            title=f"{title}: selective if > {threshold:.2f} bits"))
    return alt.hconcat(*panels)
