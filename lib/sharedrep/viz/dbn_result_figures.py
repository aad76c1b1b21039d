"""Figures of paper 2's training, results and scaling chapters (altair; static pages need no kernel).

Arrays come from the stored fold results (:mod:`sharedrep.experiments.dbn_folds`) and the
scaling run (:mod:`sharedrep.experiments.dbn_scaling`). Images are ``[n, 784]`` in [0, 1],
audio features ``[n, 640]`` (32 bands x 20 frames), motor drawings ``[n, 14]`` in motor units.
"""
from __future__ import annotations

import altair as alt
import numpy as np

from ..constants import IMAGE_SHAPE
from ..dbn.channels import STFT_SHAPE
from ..dbn.motor import EXTENT, N_POINTS, templates
from .palette import BACKFIT_COLORS, CHANNEL_COLORS, DRAWING, OURS, PAPER, TEMPLATE
from .pixels import data_url


def _rows(array, width: int, name: str) -> np.ndarray:
    a = np.asarray(array, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != width:
        raise ValueError(f"{name} must be [n, {width}], got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def rbm_curves(labels, history) -> alt.FacetChart:
    """Mean squared reconstruction error per epoch of every RBM (one panel each, own y scale).

    labels : str ``[R]``;  history : ``[R, epochs]`` (NaN past an RBM's last epoch).
    """
    h = np.asarray(history, dtype=np.float64)
    if h.ndim != 2 or h.shape[0] != len(labels):
        raise ValueError(f"history must be [{len(labels)}, epochs], got shape {h.shape}")
    records = [dict(rbm=str(label), epoch=e + 1, error=float(v))
               for label, row in zip(labels, h) for e, v in enumerate(row) if np.isfinite(v)]
    return alt.Chart(alt.Data(values=records)).mark_line(point=True).encode(
        x=alt.X("epoch:Q", title="epoch"),
        y=alt.Y("error:Q", title="reconstruction error", scale=alt.Scale(zero=False)),
    ).properties(width=130, height=100).facet(facet=alt.Facet("rbm:N", title=None, sort=list(map(str, labels))),
                                              columns=3).resolve_scale(y="independent")


def tiles(rows: dict, kind: str = "image", size: int = 40, column_title: str = "digit",
          columns=None) -> alt.Chart:
    """A grid of small pictures: one row per entry of ``rows`` (label -> ``[n, values]``).

    kind : ``"image"`` (``[n, 784]`` in [0, 1], ink on white), ``"audio"`` (``[n, 640]``
    features, bands up and frames right, each scaled to its own range, viridis) or
    ``"filter"`` (``[n, 784]`` weights, each scaled to its largest magnitude, red positive,
    blue negative).  columns : the column labels (default 0..n-1).
    """
    shapes = {"image": (784, IMAGE_SHAPE), "audio": (STFT_SHAPE[0] * STFT_SHAPE[1], STFT_SHAPE),
              "filter": (784, IMAGE_SHAPE)}
    if kind not in shapes:
        raise ValueError(f"kind must be one of {sorted(shapes)}, got {kind!r}")
    if not rows:
        raise ValueError("rows must hold at least one labelled array")
    width, shape = shapes[kind]
    records = []
    for label, values in rows.items():
        a = _rows(values, width, f"{kind} row {label!r}")
        labels = list(columns) if columns is not None else list(range(len(a)))
        if len(labels) != len(a):
            raise ValueError(f"{len(labels)} column labels for {len(a)} pictures in row {label!r}")
        for x, col in zip(a, labels):
            x = x.reshape(shape)
            if kind == "audio":
                lo, hi = x.min(), x.max()
                url = data_url((x - lo) / (hi - lo if hi > lo else 1), "viridis", scale=2, flip_rows=True)
            elif kind == "filter":
                url = data_url(0.5 + 0.5 * x / max(np.abs(x).max(), 1e-12), "redblue", scale=2)
            else:
                url = data_url(x, "ink", scale=2)
            records.append(dict(row=str(label), col=str(col), url=url))
    n_cols = len({r["col"] for r in records})
    order = list(dict.fromkeys(r["col"] for r in records))
    return alt.Chart(alt.Data(values=records)).mark_image(width=size, height=size).encode(
        x=alt.X("col:O", title=column_title, sort=order,
                axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False)),
        y=alt.Y("row:O", title=None, sort=[str(k) for k in rows], axis=alt.Axis(domain=False, ticks=False)),
        url="url:N",
    ).properties(width=n_cols * (size + 6), height=len(rows) * (size + 6))


def _drawing_records(drawings, digits, trace: str, spacing: float = 0.0) -> list:
    """One record per pen point: ``drawings`` ``[n, 14]`` (motor units) of ``digits``;
    digit ``d`` is shifted right by ``d * spacing`` (0: every drawing at the origin)."""
    out = []
    for row, d in zip(drawings, digits):
        for k in range(N_POINTS):
            out.append(dict(digit=int(d), trace=trace, key=f"{trace}{int(d)}", order=k,
                            x=round(int(d) * spacing + float(row[2 * k]), 3), y=round(float(row[2 * k + 1]), 3)))
    return out


def filter_grid(filters: np.ndarray, per_row: int = 8, size: int = 60) -> alt.VConcatChart:
    """The weights ``[n, 784]`` of ``n`` hidden units as pictures (:func:`tiles`' ``"filter"``),
    ``per_row`` to a row, each headed by its unit's number (1 to n)."""
    filters = np.asarray(filters)
    return alt.vconcat(*(tiles({"": filters[i:i + per_row]}, "filter", size=size,
                               column_title="hidden unit" if i == 0 else None,
                               columns=range(i + 1, i + 1 + len(filters[i:i + per_row])))
                         for i in range(0, len(filters), per_row)), spacing=4)


def motor_rows(rows: dict, digits=range(10)) -> alt.FacetChart:
    """Drawings of digits ``digits`` per entry of ``rows`` (label -> ``[n, 14]`` motor units),
    over each digit's template (grey); one panel per (label, digit). Short labels (a word or
    two) sit right beside their row."""
    digits = np.asarray(list(digits))
    records = []
    for label, drawings in rows.items():
        a = _rows(drawings, 2 * N_POINTS, f"drawings {label!r}")
        if len(a) != len(digits):
            raise ValueError(f"drawings {label!r} has {len(a)} rows for {len(digits)} digits")
        records += [dict(r, row=label) for r in _drawing_records(templates()[digits], digits, "template")]
        records += [dict(r, row=label) for r in _drawing_records(a, digits, "drawing")]
    scale = alt.Scale(domain=[0, EXTENT])
    return alt.Chart(alt.Data(values=records)).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X("x:Q", scale=scale, axis=None), y=alt.Y("y:Q", scale=scale, axis=None), order="order:Q",
        color=alt.Color("trace:N", scale=alt.Scale(domain=["template", "drawing"], range=[TEMPLATE, DRAWING]),
                        title=None, legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=200)),
    ).properties(width=52, height=52).facet(row=alt.Row("row:N", title=None, sort=list(rows),
                                                        header=alt.Header(labelAngle=0, labelAlign="right",
                                                                          labelOrient="left", labelLimit=90,
                                                                          labelPadding=6)),
                                            column=alt.Column("digit:O", title="digit"), spacing=6)


def backfit_curves(errors, names) -> alt.Chart:
    """Back-fitting error ``e_k`` per sweep (log scale), one line per channel.

    errors : ``[sweeps + 1, C]`` (row 0 before any update);  names : ``C`` channel names.
    """
    e = np.asarray(errors, dtype=np.float64)
    if e.ndim != 2 or e.shape[1] != len(names):
        raise ValueError(f"errors must be [sweeps + 1, {len(names)}], got shape {e.shape}")
    records = [dict(sweep=s, channel=str(n), error=max(float(v), 1e-7))
               for s, row in enumerate(e) for n, v in zip(names, row)]
    return alt.Chart(alt.Data(values=records)).mark_line(point=True).encode(
        x=alt.X("sweep:Q", title="back-fitting sweep"),
        y=alt.Y("error:Q", scale=alt.Scale(type="log"), title="e_k (mean squared error per unit)"),
        color=alt.Color("channel:N", scale=alt.Scale(domain=list(CHANNEL_COLORS)[:-1],
                                                     range=list(CHANNEL_COLORS.values())[:-1])),
    ).properties(width=420, height=220)


def before_after(values_before, values_after, names, title: str, y_title: str) -> alt.Chart:
    """Grouped bars per channel: a value before and after back-fitting (``[C]`` each; NaN
    skipped), each bar labelled with its value (so a bar of height 0 still shows)."""
    records = []
    for stage, values in (("before back-fitting", values_before), ("after back-fitting", values_after)):
        v = np.asarray(values, dtype=np.float64)
        if v.shape != (len(names),):
            raise ValueError(f"values must have shape ({len(names)},), got {v.shape}")
        records += [dict(channel=str(n), stage=stage, value=float(x)) for n, x in zip(names, v) if np.isfinite(x)]
    base = alt.Chart(alt.Data(values=records)).encode(
        x=alt.X("channel:N", title="input channel alone", sort=list(map(str, names))),
        xOffset=alt.XOffset("stage:N", sort=["before back-fitting", "after back-fitting"]),
        y=alt.Y("value:Q", title=y_title))
    bars = base.mark_bar().encode(
        color=alt.Color("stage:N", sort=["before back-fitting", "after back-fitting"],
                        scale=alt.Scale(range=list(BACKFIT_COLORS.values())), title=None),
        tooltip=["channel:N", "stage:N", alt.Tooltip("value:Q", format=".3g")])
    labels = base.mark_text(dy=-5).encode(text=alt.Text("value:Q", format=".2~g"))
    return alt.layer(bars, labels).properties(width=300, height=200, title=title)


def per_digit_comparison(ours: dict, paper: dict, y_title: str, threshold: float | None = None) -> alt.FacetChart:
    """Per-digit values, ours (mean over folds) beside the paper's, one panel per input channel.

    ours, paper : {input channel: ``[10]``};  threshold : a dashed horizontal rule (e.g. the
    motor correctness threshold), drawn when given.
    """
    records = []
    for who, table in (("this book", ours), ("paper", paper)):
        for source, values in table.items():
            v = np.asarray(values, dtype=np.float64)
            if v.shape != (10,):
                raise ValueError(f"{who} values for {source!r} must have shape (10,), got {v.shape}")
            records += [dict(source=str(source), who=who, digit=d, value=float(x)) for d, x in enumerate(v)]
    base = alt.Chart().encode(x=alt.X("digit:O", title="digit"))
    bars = base.mark_bar().encode(
        xOffset=alt.XOffset("who:N", sort=["this book", "paper"]), y=alt.Y("value:Q", title=y_title),
        color=alt.Color("who:N", sort=["this book", "paper"], scale=alt.Scale(range=[OURS, PAPER]), title=None),
        tooltip=["source:N", "digit:O", "who:N", alt.Tooltip("value:Q", format=".3g")])
    layers = [bars]
    if threshold is not None:
        layers.append(alt.Chart().mark_rule(strokeDash=[4, 3]).encode(y=alt.datum(float(threshold))))
    return alt.layer(*layers, data=alt.Data(values=records)).properties(width=165, height=150).facet(
        column=alt.Column("source:N", title="input channel", sort=list(ours)))


def reconstruction_explorer(recon_image, recon_motor, recon_class, names,
                            initial: str | None = None) -> alt.VConcatChart:
    """A menu picks the input channel; below, what the DBN reconstructs from it alone for one
    test example of each digit: the image, the drawing (over the grey template) and the ten
    class units. Static (altair param): works on the published page without a kernel.

    recon_image ``[C, 10, 784]``, recon_motor ``[C, 10, 14]`` (motor units), recon_class
    ``[C, 10, 10]``, for the ``C`` input channels ``names``.
    """
    names = [str(n) for n in names]
    ri, rm, rc = (np.asarray(a, dtype=np.float64) for a in (recon_image, recon_motor, recon_class))
    for array, width, label in ((ri, 784, "recon_image"), (rm, 2 * N_POINTS, "recon_motor"), (rc, 10, "recon_class")):
        if array.shape != (len(names), 10, width):
            raise ValueError(f"{label} must be [{len(names)}, 10, {width}], got shape {array.shape}")
    initial = initial or names[-1]
    if initial not in names:
        raise ValueError(f"initial must be one of {names}, got {initial!r}")
    pick = alt.param(name="source", value=initial,
                     bind=alt.binding_select(options=names, name="input channel "))
    keep = alt.datum.s == pick
    pictures = [dict(s=n, digit=d, url=data_url(np.clip(ri[i, d], 0, 1).reshape(IMAGE_SHAPE), "ink", scale=2))
                for i, n in enumerate(names) for d in range(10)]
    images = alt.Chart(alt.Data(values=pictures)).mark_image(width=44, height=44).encode(
        x=alt.X("digit:O", title=None, axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False)),
        y=alt.value(28), url="url:N",         # each image centred in the 56-px row, inside its frame
    ).transform_filter(keep).add_params(pick).properties(width=580, height=56, title="image")
    points = [dict(r, s=n) for i, n in enumerate(names)
              for trace, rows in (("template", templates()), ("drawing", rm[i]))
              for r in _drawing_records(rows, range(10), trace, spacing=EXTENT + 2)]
    drawings = alt.Chart(alt.Data(values=points)).mark_line(point=alt.OverlayMarkDef(size=10)).encode(
        x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, 10 * (EXTENT + 2)])),
        y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, EXTENT])), order="order:Q", detail="key:N",
        color=alt.Color("trace:N", scale=alt.Scale(domain=["template", "drawing"], range=[TEMPLATE, DRAWING]),
                        title=None),
    ).transform_filter(keep).properties(width=580, height=56, title="drawing (grey: the digit's template)")
    units = [dict(s=n, digit=d, unit=u, v=round(float(rc[i, d, u]), 3))
             for i, n in enumerate(names) for d in range(10) for u in range(10)]
    classes = alt.Chart(alt.Data(values=units)).mark_rect().encode(
        x=alt.X("digit:O", title="test example of digit"), y=alt.Y("unit:O", title="class unit"),
        color=alt.Color("v:Q", scale=alt.Scale(scheme="purples", domain=[0, 1]), title="activation"),
        tooltip=["digit:O", "unit:O", alt.Tooltip("v:Q", format=".2f")],
    ).transform_filter(keep).properties(width=200, height=140, title="class units")
    return alt.vconcat(images, drawings, classes, spacing=10)


def scaling_chart(n_channels, seconds, flops, configurations) -> alt.HConcatChart:
    """Left: measured back-fitting seconds per sweep against the number of channels, with the
    least-squares line (and FLOPs per sweep on the right axis as text). Right: the ``2^n - 2``
    input/output configurations back-propagation fine-tuning would need (log scale).

    n_channels ``[K]``; seconds ``[K, sweeps]``; flops ``[K]``; configurations ``[K]``.
    """
    n = np.asarray(n_channels, dtype=np.int64)
    s = np.asarray(seconds, dtype=np.float64)
    if s.ndim != 2 or s.shape[0] != len(n) or np.shape(flops) != (len(n),) or np.shape(configurations) != (len(n),):
        raise ValueError("seconds must be [K, sweeps] and flops, configurations [K] for K channel counts")
    median = np.median(s, axis=1)
    slope, intercept = np.polyfit(n, median, 1)
    points = [dict(n=int(k), seconds=float(x)) for k, row in zip(n, s) for x in row]
    line = [dict(n=int(k), fit=float(intercept + slope * k), median=float(m), gflop=float(f) / 1e9)
            for k, m, f in zip(n, median, flops)]
    x = alt.X("n:Q", title="number of channels", scale=alt.Scale(domain=[0, int(n.max()) + 1]))
    measured = alt.Chart(alt.Data(values=points)).mark_circle(size=25, opacity=0.4, color="#4c78a8").encode(
        x=x, y=alt.Y("seconds:Q", title="seconds per back-fitting sweep"), tooltip=["n:Q", "seconds:Q"])
    fitted = alt.Chart(alt.Data(values=line))
    left = alt.layer(
        measured,
        fitted.mark_line(color="#4c78a8").encode(x=x, y="fit:Q"),
        fitted.mark_point(shape="diamond", filled=True, size=60, color="#e45756").encode(
            x=x, y="median:Q", tooltip=["n:Q", alt.Tooltip("median:Q", format=".3f"),
                                        alt.Tooltip("gflop:Q", format=".1f", title="GFLOP per sweep")]),
    ).properties(width=230, height=200, title=["back-fitting time per sweep:",
                                               "each sweep (dots), median (diamonds), fitted line"])
    configs = [dict(n=int(k), configurations=int(c), kind="back-propagation: 2^n - 2")
               for k, c in zip(n, configurations)]
    configs += [dict(n=int(k), configurations=int(k), kind="back-fitting: n")
                for k in n]
    color = alt.Color("kind:N", legend=None, sort=["back-propagation: 2^n - 2", "back-fitting: n"],
                      scale=alt.Scale(range=["#f58518", "#4c78a8"]))      # back-fitting blue, as on the left
    y = alt.Y("configurations:Q", scale=alt.Scale(type="log"), title="count (log scale)")
    counts = alt.Chart(alt.Data(values=configs))
    right = alt.layer(
        counts.mark_line(point=True).encode(x=x, y=y, color=color, tooltip=["n:Q", "kind:N", "configurations:Q"]),
        # each line named where it ends (a legend would sit under the other panel)
        counts.transform_filter(f"datum.n == {int(n.max())}").mark_text(align="right", dx=-6, dy=-9)
        .encode(x=x, y=y, color=color, text="kind:N"),
    ).properties(width=230, height=200, title="trainings per fine-tuning pass")
    return alt.hconcat(left, right)


def from_input(arrays: dict, source: str, names=None, stage: str = "after") -> alt.VConcatChart:
    """What the DBN rebuilds from input channel ``source`` alone, for one test example per
    digit: images (:func:`tiles`) above drawings (:func:`motor_rows`).

    arrays : one fold's stored arrays (:func:`sharedrep.experiments.dbn_folds.run_fold`);
    names : its channel order (default :data:`~sharedrep.experiments.dbn_folds.CHANNELS`).
    """
    from ..dbn.channels import CHANNEL_NAMES as CHANNELS

    names = list(names or CHANNELS)
    if source not in names:
        raise ValueError(f"source must be one of {names}, got {source!r}")
    if stage not in ("before", "after"):
        raise ValueError(f"stage must be 'before' or 'after', got {stage!r}")
    i = names.index(source)
    images = tiles({f"image from {source}": arrays[f"recon_image_{stage}"][i]})
    drawings = motor_rows({f"drawing from {source}": arrays[f"recon_motor_{stage}"][i]})
    return alt.vconcat(images, drawings)
