"""Figures of how the autoencoder's cells develop over training (paper-1 runs with snapshots).

Both charts work in the static page: a drop-down (altair param) picks the cell type.
"""
from __future__ import annotations

import altair as alt
import numpy as np

from ..info import TYPES
from .charts import dashed_lines_with_points
from .palette import DEPTH_COLORS

_DASH_SYMBOLS = dict(symbolType="stroke", symbolStrokeColor="#333", symbolStrokeWidth=2)
_PAIRING_DASH = alt.StrokeDash("pairing:N", title="training pairing", legend=alt.Legend(**_DASH_SYMBOLS),
                               scale=alt.Scale(domain=["consistent", "inconsistent"], range=[[1, 0], [5, 3]]))


def _condition_color(records):
    """Colour by encoder depth (a legend entry for each depth of a mixed-input network in
    ``records``); black for the two-stage network."""
    depths = sorted({int(r["depth"]) for r in records if r["framework"] != "two_stage"})
    return alt.condition("datum.framework == 'two_stage'", alt.value("black"),
                         alt.Color("depth:O", title="encoder depth",
                                   scale=alt.Scale(domain=depths, range=[DEPTH_COLORS[d] for d in depths])))


def cell_types_over_epochs(records: list[dict], smallest: int | None = None) -> alt.LayerChart:
    """Mean count per network of one cell type (drop-down; default: consistent) against the
    training epoch, one line per condition: colour = encoder depth, dashed = inconsistent
    training, black = two-stage. A vertical rule marks ``smallest`` (the first epoch from
    which the paper's findings hold), if given.

    records : :func:`sharedrep.experiments.development.development_records`.
    """
    kind = alt.param(name="celltype", value="consistent",
                     bind=alt.binding_select(options=list(TYPES), name="cell type "))
    base = alt.Chart(alt.Data(values=records)).transform_filter("datum.type == celltype")
    epochs = sorted({int(r["epoch"]) for r in records})
    layers = dashed_lines_with_points(
        base, _PAIRING_DASH,
        x=alt.X("epoch:Q", title="training epoch", scale=alt.Scale(type="symlog"),
                axis=alt.Axis(values=epochs, labelAngle=-45)),
        y=alt.Y("mean:Q", title="cells per network (mean)"),
        color=_condition_color(records), detail="label:N",
        tooltip=["label:N", "epoch:Q", alt.Tooltip("mean:Q", format=".1f"), alt.Tooltip("sd:Q", format=".1f"),
                 "networks:Q"])
    if smallest is not None:
        layers.append(alt.Chart(alt.Data(values=[dict(epoch=smallest)])).mark_rule(strokeDash=[2, 2]).encode(
            x="epoch:Q"))
    return alt.layer(*layers).add_params(kind).properties(width=480, height=260,
                                         title="Cells of each type in the last encoding layer during training",
                                         ).configure_legend(orient="bottom", direction="horizontal")


def spaced_ticks(epochs, min_gap: float = 0.5) -> list[int]:
    """The saved epochs to label on a symlog axis of a narrow panel: the first and the last,
    and between them each epoch at least ``min_gap`` (in log(1 + epoch)) from the last one kept
    and from the last epoch, so that no two labels collide and the last one is always drawn."""
    epochs = sorted(int(e) for e in epochs)
    kept = epochs[:1]
    for e in epochs[1:-1]:
        if np.log1p(e) - np.log1p(kept[-1]) >= min_gap and np.log1p(epochs[-1]) - np.log1p(e) >= min_gap:
            kept.append(e)
    return kept + epochs[-1:] if len(epochs) > 1 else kept


def transfer_over_epochs(records: list[dict], smallest: int | None = None, chance: float = 0.1) -> alt.FacetChart:
    """Cross-modal accuracy (mean over networks; hover for the s.d.) against the training
    epoch of the encoder, one panel per direction, one line per condition (colours and dashes
    as in :func:`cell_types_over_epochs`); grey rule: chance; dotted rule: ``smallest``.

    records : :func:`sharedrep.experiments.development.transfer_records`.
    """
    epochs = sorted({int(r["epoch"]) for r in records})
    x = alt.X("epoch:Q", title="training epoch of the encoder", scale=alt.Scale(type="symlog"),
              axis=alt.Axis(values=spaced_ticks(epochs), labelAngle=-45, labelOverlap=False))
    layers = dashed_lines_with_points(
        alt.Chart(), _PAIRING_DASH,
        x=x, y=alt.Y("mean:Q", title="cross-modal accuracy (mean)", scale=alt.Scale(domain=[0, 1])),
        color=_condition_color(records), detail="label:N",
        tooltip=["label:N", "direction:N", "epoch:Q", alt.Tooltip("mean:Q", format=".3f"),
                 alt.Tooltip("sd:Q", format=".3f"), "networks:Q"])
    layers.append(alt.Chart().mark_rule(color="#999").encode(y=alt.datum(chance)))
    if smallest is not None:
        layers.append(alt.Chart().mark_rule(strokeDash=[2, 2]).encode(x=alt.datum(smallest)))
    return alt.layer(*layers, data=alt.Data(values=records)).properties(width=220, height=200).facet(
        column=alt.Column("direction:N", title=None, sort=["image → audio", "audio → image"]),
        title="Cross-modal accuracy of classifiers on the encoder saved at each epoch",
    ).configure_legend(orient="bottom", direction="horizontal")


def loss_curves(losses_by_condition: dict, every: int = 1) -> alt.Chart:
    """Mean training loss (summed BCE of the two outputs) per epoch, one line per condition.

    losses_by_condition : ``{condition: float [seeds, epochs]}``; a condition is a
    :class:`~sharedrep.conditions.ConditionKey` (colour = encoder depth, dashed = inconsistent
    training, black = two-stage, as on the other development figures) or any label (one
    colour per label). ``every``: plot every k-th epoch.
    """
    records = []
    networks = {np.atleast_2d(np.asarray(losses)).shape[0] for losses in losses_by_condition.values()}
    for key, losses in losses_by_condition.items():
        mean = np.atleast_2d(np.asarray(losses, float)).mean(axis=0)
        what = dict(label=getattr(key, "label", str(key)))
        if hasattr(key, "depth"):
            what.update(framework=key.framework, depth=key.depth, pairing=key.pairing)
        for epoch in range(0, len(mean), every):
            records.append(dict(what, epoch=epoch + 1, loss=round(float(mean[epoch]), 5)))
    keyed = bool(records) and all("depth" in r for r in records)
    chart = alt.Chart(alt.Data(values=records)).mark_line().encode(
        x=alt.X("epoch:Q", title="training epoch",
                scale=alt.Scale(type="log", domain=[1, max((r["epoch"] for r in records), default=1)], nice=False)),
        y=alt.Y("loss:Q", title="training loss" + ("" if networks == {1} else " (mean of networks)"),
                scale=alt.Scale(zero=False)),
        tooltip=["label:N", "epoch:Q", alt.Tooltip("loss:Q", format=".4f")],
    ).properties(width=480, height=240, title="Training loss")
    if keyed:
        return chart.encode(color=_condition_color(records), strokeDash=_PAIRING_DASH, detail="label:N"
                            ).configure_legend(orient="bottom", direction="horizontal")
    return chart.encode(color=alt.Color("label:N", title="condition"))


def thresholds_over_epochs(records: list[dict], q: float = 80) -> alt.LayerChart:
    """The paper's threshold rule (the ``q``-th percentile of the deepest consistent
    networks' values) at every saved epoch, image and audio, beside the paper's values
    (dotted); ``records`` from :func:`sharedrep.experiments.development.threshold_records`."""
    modality = alt.Color("modality:N", title=None, sort=["image", "audio"], legend=alt.Legend(symbolType="stroke"))
    label = f"datum.label == 'percentile' ? '{q:g}th percentile, ours' : datum.label"
    dash = alt.StrokeDash("rule:N", title=None, sort=["percentile", "paper's values"],
                          scale=alt.Scale(range=[[1, 0], [2, 3]]),
                          legend=alt.Legend(labelExpr=label, **_DASH_SYMBOLS))
    return alt.layer(*dashed_lines_with_points(
        alt.Chart(alt.Data(values=records)), dash,
        x=alt.X("epoch:Q", title="training epoch", axis=alt.Axis(labelOverlap=True, labelSeparation=6)),
        y=alt.Y("bits:Q", title="threshold (bits)"),
        color=modality, detail="rule:N",
        tooltip=["rule:N", "modality:N", "epoch:Q", alt.Tooltip("bits:Q", format=".2f")],
    )).properties(width=420, height=200, title="Selectivity thresholds during training")


def shared_by_rule_over_epochs(records: list[dict], book_epochs: int | None = None) -> alt.Chart:
    """Shared cells per network against the training epoch under the paper's values, its rule
    and (when computed) the significance rule
    (:func:`sharedrep.experiments.development.shared_by_rule_over_epochs`): one panel per
    rule in the records' order, colour = pairing; a dotted vertical rule at ``book_epochs`` (the book's protocol)."""
    from .palette import PAIRING_COLORS

    color = alt.Color("pairing:N", title="training pairing",
                      scale=alt.Scale(domain=list(PAIRING_COLORS), range=list(PAIRING_COLORS.values())))
    base = alt.Chart(alt.Data(values=records))
    lines = base.mark_line(point=True).encode(
        x=alt.X("epoch:Q", title="training epoch", axis=alt.Axis(labelOverlap=True, labelSeparation=6)),
        y=alt.Y("mean:Q", title="shared cells per network"),
        color=color, tooltip=["pairing:N", "epoch:Q", alt.Tooltip("mean:Q", format=".1f"),
                              alt.Tooltip("sd:Q", format=".1f"), alt.Tooltip("image:Q", format=".2f"),
                              alt.Tooltip("audio:Q", format=".2f")])
    layers = [lines]
    if book_epochs is not None:
        layers.append(base.mark_rule(strokeDash=[2, 3], color="#888").encode(x=alt.datum(book_epochs)))
    rules = list(dict.fromkeys(r["rule"] for r in records))
    return alt.layer(*layers).properties(width=200 if len(rules) < 3 else 150, height=180).facet(
        column=alt.Column("rule:N", title=None, sort=rules)).properties(
        title="Shared cells during longer training")
