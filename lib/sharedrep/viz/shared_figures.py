"""Paper 1's Fig. 5: shared-representation learning, accuracy by training and test modality."""
from __future__ import annotations

import math

import altair as alt

from .palette import MODALITY_COLORS, PAIRING_COLORS

TESTED_COLORS = MODALITY_COLORS


def accuracy_chart(records: list[dict], paper: list[dict], epochs) -> alt.FacetChart:
    """Bars: mean accuracy (± s.d.) of classifiers trained on one modality (panels) and tested
    on each (colours), per condition; a menu picks the encoder's training epoch (0: untrained).
    Crosses: the paper's single networks (final encoders only); dotted line: chance.

    records : :func:`sharedrep.experiments.shared_learning.accuracy_records`;
    paper : :func:`~sharedrep.experiments.shared_learning.paper_records`.
    """
    epochs = sorted(int(e) for e in epochs)
    epoch = alt.param(name="encoder_epoch", value=epochs[-1],
                      bind=alt.binding_select(options=epochs, name="autoencoder trained for (epochs) "))
    final = [dict(r, epoch=epochs[-1], source="paper (printed)") for r in paper]
    ours = [dict(r, source="ours") for r in records]
    color = alt.Color("tested:N", title="tested on",
                      scale=alt.Scale(domain=list(TESTED_COLORS), range=list(TESTED_COLORS.values())))
    base = alt.Chart().add_params(epoch).transform_filter("datum.epoch == encoder_epoch")
    x = alt.X("label:N", title=None, sort=sorted({r["label"] for r in records}))
    bars = base.mark_bar().encode(
        x=x, xOffset=alt.XOffset("tested:N", sort=list(TESTED_COLORS)), color=color,
        y=alt.Y("mean:Q", title="accuracy", scale=alt.Scale(domain=[0, 1])),
        tooltip=["label:N", "trained:N", "tested:N", alt.Tooltip("mean:Q", format=".3f"),
                 alt.Tooltip("sd:Q", format=".3f"), "networks:Q"]).transform_filter("datum.source == 'ours'")
    errors = base.mark_rule().encode(x=x, xOffset=alt.XOffset("tested:N", sort=list(TESTED_COLORS)),
                                     y="low:Q", y2="high:Q").transform_filter(
        "datum.source == 'ours'").transform_calculate(low="datum.mean - datum.sd", high="datum.mean + datum.sd")
    crosses = base.mark_point(shape="cross", size=90, filled=True, color="black", stroke="white",
                              strokeWidth=1).encode(                       # outlined: seen on a black error bar
        x=x, xOffset=alt.XOffset("tested:N", sort=list(TESTED_COLORS)), y="mean:Q",
        tooltip=["source:N", "label:N", "tested:N", "mean:Q"]).transform_filter("datum.source != 'ours'")
    chance = alt.Chart().mark_rule(strokeDash=[2, 3], color="#888").encode(y=alt.datum(0.1))
    return alt.layer(bars, errors, crosses, chance, data=alt.Data(values=ours + final)).properties(
        width=240, height=220).facet(
        column=alt.Column("trained:N", title="classifier trained on", sort=["image", "audio"])).configure_legend(
        orient="bottom", direction="horizontal")




def depth_chart(records: list[dict]) -> alt.FacetChart:
    """Cross-modal accuracy of the final mixed-input encoders against encoder depth: mean over
    networks (points and lines) ± s.d. (rules), consistent vs inconsistent training (colours),
    one panel per direction; crosses: the authors' single networks where published; dotted
    line: chance.

    records : :func:`sharedrep.experiments.shared_learning.by_depth`.
    """
    rows = [dict(depth=r["depth"], direction=r["direction"], pairing=pairing,
                 mean=r[pairing], low=r[pairing] - r[f"{pairing}_sd"], high=r[pairing] + r[f"{pairing}_sd"],
                 networks=r["networks"], p=r["p"], source="ours")
            for r in records for pairing in PAIRING_COLORS]
    rows += [dict(depth=r["depth"], direction=r["direction"], pairing=pairing, mean=r[f"paper_{pairing}"],
                  source="authors' network")
             for r in records for pairing in PAIRING_COLORS if not math.isnan(r.get(f"paper_{pairing}", math.nan))]
    color = alt.Color("pairing:N", title="autoencoder trained with",
                      scale=alt.Scale(domain=list(PAIRING_COLORS), range=list(PAIRING_COLORS.values())))
    x = alt.X("depth:O", title="encoder depth (layers)")
    shape = alt.Shape("source:N", title=None, scale=alt.Scale(domain=["ours", "authors' network"],
                                                              range=["circle", "cross"]))
    ours = alt.Chart().transform_filter("datum.source == 'ours'")
    lines = ours.mark_line(point=True).encode(
        x=x, y=alt.Y("mean:Q", title="cross-modal accuracy", scale=alt.Scale(domain=[0, 1])), color=color,
        shape=shape,
        tooltip=["direction:N", "depth:O", "pairing:N", alt.Tooltip("mean:Q", format=".3f"),
                 "networks:Q", alt.Tooltip("p:Q", format=".2g", title="Welch p (consistent vs inconsistent)")])
    errors = ours.mark_rule().encode(x=x, y="low:Q", y2="high:Q", color=color)
    crosses = alt.Chart().transform_filter("datum.source != 'ours'").mark_point(
        size=90, filled=True, opacity=0.7).encode(
        x=x, y="mean:Q", color=color, shape=shape,
        tooltip=["source:N", "direction:N", "depth:O", "pairing:N", "mean:Q"])
    chance = alt.Chart().mark_rule(strokeDash=[2, 3], color="#888").encode(y=alt.datum(0.1))
    layers = alt.layer(lines, errors, crosses, chance, data=alt.Data(values=rows))
    return layers.properties(width=240, height=200).facet(
        column=alt.Column("direction:N", title="classifier trained on → tested on",
                          sort=["image → audio", "audio → image"])).configure_legend(
        orient="bottom", direction="horizontal")
