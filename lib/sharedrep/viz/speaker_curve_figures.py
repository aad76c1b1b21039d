"""Paper 2's audio scores against the number of training voices (issue 21 section 3)."""
from __future__ import annotations

import altair as alt
import numpy as np

from .palette import OURS, PAPER, PURPLE, TEAL

#: the chart's series, in legend order, and their colours
SERIES = {"each held-out speaker": "#d4d4d4", "mean over the folds": OURS, "line in log(voices)": OURS,
          "the paper (18 voices)": PAPER, "speaker-mixed (6 known voices)": TEAL,
          "normalised per speaker (5 voices)": PURPLE}


#: the legend symbol of each series (the rest: diamonds, as the single values are drawn)
SHAPES = {"each held-out speaker": "circle", "mean over the folds": "circle", "line in log(voices)": "stroke"}


def learning_curve(records: list[dict], fits: dict, scores: dict, voices: int = 18) -> alt.HConcatChart:
    """One panel per score: each fold's value against its number of training voices (grey,
    one line per held-out speaker), their mean, the line through the means in log(voices)
    (dashed, drawn out to ``voices``), the paper's value at ``voices``, the speaker-mixed
    fold at 6 voices and the folds normalised per speaker at 5.

    records : :func:`sharedrep.experiments.speaker_curve.curve_records`;  fits : its
    :func:`~sharedrep.experiments.speaker_curve.extrapolate`;  scores : ``{name: (title,
    paper value, unit)}`` (:data:`~sharedrep.experiments.speaker_curve.SCORES`).
    """
    legend = alt.Legend(orient="bottom", columns=2, labelLimit=320, symbolStrokeWidth=2)
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=list(SERIES), range=list(SERIES.values())),
                      legend=legend)
    # one legend (the channels share the field): each series drawn as on the chart
    shape = alt.Shape("series:N", title=None, legend=legend, scale=alt.Scale(
        domain=list(SERIES), range=[SHAPES.get(name, "diamond") for name in SERIES]))
    dash = alt.StrokeDash("series:N", title=None, legend=legend, scale=alt.Scale(
        domain=list(SERIES), range=[[5, 4] if name == "line in log(voices)" else [1, 0] for name in SERIES]))
    x = alt.X("voices:Q", title="training voices", scale=alt.Scale(type="log", domain=[0.9, voices * 1.15]),
              axis=alt.Axis(values=[1, 2, 3, 4, 5, 6, voices], format="d"))
    panels = []
    for name, (title, paper, unit) in scores.items():
        fit = fits[name]
        folds = [dict(voices=r["speakers"], value=r[name], held_out=r["held_out"], series="each held-out speaker")
                 for r in records if r["protocol"] == "held-out speaker"]
        means = [dict(voices=k, value=v, series="mean over the folds") for k, v in zip(fit["sizes"], fit["means"])]
        ends = np.array([1.0, float(voices)])
        line = [dict(voices=float(v), value=float(fit["intercept"] + fit["slope"] * np.log2(v)),
                     series="line in log(voices)")
                for v in (np.geomspace(ends[0], ends[1], 20))]
        marks = [dict(voices=voices, value=float(paper), series="the paper (18 voices)")]
        if np.isfinite(fit["mixed"]):
            marks.append(dict(voices=6, value=fit["mixed"], series="speaker-mixed (6 known voices)"))
        if np.isfinite(fit.get("normalised", np.nan)):
            marks.append(dict(voices=5, value=fit["normalised"], series="normalised per speaker (5 voices)"))
        y = alt.Y("value:Q", title=unit, scale=alt.Scale(domain=[0, 100]))
        tooltip = ["series:N", "voices:Q", alt.Tooltip("value:Q", format=".1f")]
        panel = alt.layer(
            alt.Chart(alt.Data(values=folds)).mark_line(strokeWidth=1).encode(
                x=x, y=y, color=color, strokeDash=dash, detail="held_out:N", tooltip=[*tooltip, "held_out:N"]),
            alt.Chart(alt.Data(values=folds)).mark_point(size=15, filled=True, opacity=1).encode(
                x=x, y=y, color=color, shape=shape, tooltip=[*tooltip, "held_out:N"]),
            alt.Chart(alt.Data(values=line)).mark_line().encode(x=x, y=y, color=color, strokeDash=dash),
            alt.Chart(alt.Data(values=means)).mark_line(strokeWidth=2.5).encode(
                x=x, y=y, color=color, strokeDash=dash, tooltip=tooltip),
            alt.Chart(alt.Data(values=means)).mark_point(size=50, filled=True, opacity=1).encode(
                x=x, y=y, color=color, shape=shape, tooltip=tooltip),
            alt.Chart(alt.Data(values=marks)).mark_point(
                size=120, filled=True, opacity=1, stroke="#333333", strokeWidth=0.8).encode(
                x=x, y=y, color=color, shape=shape, tooltip=tooltip),
        ).properties(width=190, height=170, title=title)
        panels.append(panel)
    return alt.hconcat(*panels).resolve_scale(color="shared")
