"""Figures of paper 2's multimodal DBN: its channels drawn from a configuration, the motor
templates with noisy examples, and the audio channel's STFT features."""
from __future__ import annotations

import altair as alt
import numpy as np

from ..dbn.motor import EXTENT, N_POINTS
from .charts import heatmap, long_format
from .palette import CHANNEL_COLORS, DRAWING, TEMPLATE


def channel_sizes(visible: dict, layers: dict) -> dict:
    """``{channel: (visible units, hidden units...)}`` from the visible sizes and
    :attr:`sharedrep.dbn.DBNConfig.layers` (hidden sizes bottom first)."""
    missing = sorted(set(visible) ^ set(layers))
    if missing:
        raise ValueError(f"visible and layers must name the same channels; differ in {missing}")
    return {name: (int(visible[name]), *map(int, layers[name])) for name in visible}


def dbn_diagram(sizes: dict, associative: int) -> alt.LayerChart:
    """One column per channel, visible units at the bottom, its RBMs' hidden layers above,
    and the associative memory on top, connected to every channel's top layer.

    sizes : :func:`channel_sizes`; associative : hidden units of the associative RBM.
    """
    height = 1 + max(len(s) for s in sizes.values())
    nodes, edges = [], []
    for x, (name, units) in enumerate(sizes.items()):
        for level, n in enumerate(units):
            role = "visible" if level == 0 else f"hidden {level}"
            nodes.append(dict(x=x, y=level, label=f"{n}", channel=name, role=role))
            if level:
                edges.append(dict(x=x, y=level - 1, x2=x, y2=level))
        edges.append(dict(x=x, y=len(units) - 1, x2=(len(sizes) - 1) / 2, y2=height))
    nodes.append(dict(x=(len(sizes) - 1) / 2, y=height, label=f"associative memory {associative}",
                      channel="associative", role="hidden"))
    x_scale = alt.Scale(domain=[-0.6, len(sizes) - 0.4])
    y_scale = alt.Scale(domain=[-0.6, height + 0.6])
    lines = alt.Chart(alt.Data(values=edges)).mark_rule(color="#999").encode(
        x=alt.X("x:Q", axis=None, scale=x_scale), y=alt.Y("y:Q", axis=None, scale=y_scale), x2="x2:Q", y2="y2:Q")
    color = alt.Color("channel:N", title="channel", scale=alt.Scale(domain=list(CHANNEL_COLORS),
                                                                     range=list(CHANNEL_COLORS.values())))
    boxes = alt.Chart(alt.Data(values=nodes)).mark_point(shape="square", size=700, filled=True, opacity=1).encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=color,
        tooltip=["channel:N", "role:N", "label:N"])
    text = alt.Chart(alt.Data(values=nodes)).mark_text(dx=22, align="left", fontSize=11).encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="label:N")
    return alt.layer(lines, boxes, text).properties(width=110 * len(sizes), height=60 * (height + 1),
                                                    title="Channels (units per layer) and associative memory")


def motor_drawings(templates: np.ndarray, examples: np.ndarray, digits: np.ndarray) -> alt.FacetChart:
    """Each digit's template (thick grey, numbered pen order) and noisy examples (thin, in the
    motor channel's green: drawings are green and templates grey on every page), in the
    0..10 square with y up. templates ``[10, 14]``, examples ``[n, 14]`` with digits ``[n]``."""
    templates, examples = np.asarray(templates, float), np.asarray(examples, float)
    if templates.shape != (10, 2 * N_POINTS) or examples.ndim != 2 or examples.shape[1] != 2 * N_POINTS:
        raise ValueError(f"templates must be [10, 14] and examples [n, 14], got {templates.shape}, {examples.shape}")
    records = []
    for d in range(10):
        points = templates[d].reshape(N_POINTS, 2)
        away = points - points.mean(axis=0)                # each number outside the shape, beside its point
        away = 0.9 * away / np.maximum(np.hypot(*away.T), 1e-9)[:, None]
        for k, label in enumerate(_pen_labels(points)):
            records.append(dict(digit=d, trace="template", order=k, x=points[k, 0], y=points[k, 1], point=label,
                                lx=round(float(points[k, 0] + away[k, 0]), 3),
                                ly=round(float(points[k, 1] + away[k, 1]), 3)))
    for i, (row, d) in enumerate(zip(examples, np.asarray(digits))):
        for k in range(N_POINTS):
            records.append(dict(digit=int(d), trace=f"example {i}", order=k, x=round(float(row[2 * k]), 3),
                                y=round(float(row[2 * k + 1]), 3), point=""))
    scale = alt.Scale(domain=[0, EXTENT])
    base = alt.Chart().encode(x=alt.X("x:Q", scale=scale, title=None), y=alt.Y("y:Q", scale=scale, title=None),
                              order="order:Q", detail="trace:N")
    noisy = base.mark_line(strokeWidth=0.9, opacity=0.8, color=DRAWING).transform_filter("datum.trace != 'template'")
    template = base.mark_line(strokeWidth=2, color=TEMPLATE, opacity=0.9,
                              point=alt.OverlayMarkDef(color=TEMPLATE)).transform_filter(
        "datum.trace == 'template'")
    numbers = alt.Chart().mark_text(fontSize=10).encode(
        x=alt.X("lx:Q", scale=scale), y=alt.Y("ly:Q", scale=scale), text="point:N").transform_filter(
        "datum.trace == 'template'")
    return alt.layer(noisy, template, numbers, data=alt.Data(values=records)).properties(
        width=90, height=90).facet(facet=alt.Facet("digit:O", title="digit"), columns=5)


def _pen_labels(points: np.ndarray, near: float = 0.8) -> list[str]:
    """The pen-order numbers of a template's points ``[N_POINTS, 2]``, a point within ``near``
    (motor units) of an earlier one named together with it ("1,7") so that no two numbers
    are printed on top of each other."""
    labels = [str(k + 1) for k in range(len(points))]
    for k in range(len(points)):
        first = next((j for j in range(k) if labels[j] and np.hypot(*(points[k] - points[j])) < near), None)
        if first is not None:
            labels[first], labels[k] = f"{labels[first]},{k + 1}", ""
    return labels


def stft_examples(audio: np.ndarray, digits: np.ndarray, shape: tuple[int, int], size: int = 3,
                  per_row: int = 5) -> alt.VConcatChart:
    """The first example of each digit's audio features as a heatmap (frequency bands up,
    frames right), ``per_row`` digits to a row (two rows of five fit a desktop's text column).
    audio ``[n, bands * frames]``, digits ``[n]``; shape ``(bands, frames)``."""
    audio, digits = np.asarray(audio), np.asarray(digits)
    panels = []
    for d in range(10):
        rows = np.flatnonzero(digits == d)
        if not len(rows):
            continue
        panels.append(heatmap(long_format(audio[rows[0]].reshape(shape)), title=str(d), scheme="viridis",
                              size=size, flip_rows=True, color_title="log(1+|STFT|) - max"))
    return alt.vconcat(*(alt.hconcat(*panels[i:i + per_row]) for i in range(0, len(panels), per_row)))
