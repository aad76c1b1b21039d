"""Paper 1's Fig. 2: each cell's maximum information about any digit, cells ranked.

One panel per analysis (all test rows, image-only, audio-only); one line per state of the
network (before training, after inconsistent training, after consistent training). A
slider (altair param, works in the static page) picks the encoder depth.
"""
from __future__ import annotations

import altair as alt
import numpy as np

from ..constants import ANALYSIS_NAMES, TRAINING_STATES
from .charts import depth_control

#: colour and dash of each training state (records from experiments.analysis.ranking_records)
STATE_STYLE = dict(zip(TRAINING_STATES, (("#4c78a8", [2, 2]), ("#f58518", [6, 3]), ("#54a24b", [1, 0]))))
ANALYSIS_TITLES = {"all": "all test rows", "image": "image-only rows", "audio": "audio-only rows"}


def ranked_information_chart(records: list[dict], depths, default_depth: int,
                             thresholds: tuple[float, float] | dict | None = None) -> alt.HConcatChart:
    """Three panels (all / image-only / audio-only) of ranked maximum information; a depth
    slider; horizontal rules at the (image, audio) thresholds in the single-modality panels,
    if given: one pair (dotted), or ``{name: (image, audio)}`` (the first solid grey, the
    others dotted; each rule's tooltip names it)."""
    if thresholds is not None and not isinstance(thresholds, dict):
        thresholds = {"threshold": tuple(thresholds)}
    depth = alt.param(name="fig2_depth", value=int(default_depth), bind=depth_control(sorted(int(d) for d in depths)))
    color = alt.Color("state:N", title=None, sort=list(STATE_STYLE),
                      scale=alt.Scale(domain=list(STATE_STYLE), range=[c for c, _ in STATE_STYLE.values()]))
    dash = alt.StrokeDash("state:N", title=None, sort=list(STATE_STYLE),
                          scale=alt.Scale(domain=list(STATE_STYLE), range=[d for _, d in STATE_STYLE.values()]))
    panels = []
    for k, analysis in enumerate(ANALYSIS_NAMES):
        base = alt.Chart(alt.Data(values=records)).transform_filter(
            f"datum.analysis == '{analysis}' && datum.depth == fig2_depth")
        if k == 0:
            base = base.add_params(depth)
        line = base.mark_line().encode(
            x=alt.X("rank:Q", title="cells, most informative first"),
            y=alt.Y("bits:Q", title="maximum information (bits)" if k == 0 else None,   # one axis title per row
                    scale=alt.Scale(domain=[0, np.log2(10)], nice=False)),   # the same axis in every panel
            color=color, strokeDash=dash,
            tooltip=["state:N", "rank:Q", alt.Tooltip("bits:Q", format=".3f"), alt.Tooltip("sd:Q", format=".3f")])
        layers = [line]
        for n, (name, pair) in enumerate((thresholds or {}).items()):
            if analysis == "all":
                break
            value = float(pair[0] if analysis == "image" else pair[1])
            style = dict(color="#888", strokeWidth=1.5) if n == 0 and len(thresholds) > 1 else dict(strokeDash=[1, 3])
            layers.append(alt.Chart(alt.Data(values=[dict(bits=value, rule=name)])).mark_rule(**style)
                          .encode(y="bits:Q", tooltip=[alt.Tooltip("rule:N", title="threshold"),
                                                       alt.Tooltip("bits:Q", format=".2f")]))
        panels.append(alt.layer(*layers).properties(width=175, height=200, title=ANALYSIS_TITLES[analysis]))
    # the legend below the panels: beside them it made the chart wider than a desktop's column
    return alt.hconcat(*panels).configure_legend(orient="bottom", direction="horizontal")
