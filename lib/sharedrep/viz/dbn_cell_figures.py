"""Figures of paper 1's cell typing inside paper 2's associative memory: a slider and a menu
that work in the static page (the counts for every slider stop are in the page)."""
from __future__ import annotations

import altair as alt

from .palette import BACKFIT_COLORS

#: colour of each stage of the DBN (as on the training page), in the stages' order
STAGE_COLORS = BACKFIT_COLORS
STAGES = tuple(STAGE_COLORS)


def cell_types_explorer(records: list, pairs, percentiles, types, default_pair: str,
                        default_percentile: float) -> alt.HConcatChart:
    """Left: paper 1's four types for the pair of channels picked in the menu; right: cells
    selective for one digit through 1-4 channels. Bars: mean over folds (rules ± s.d.),
    before vs after back-fitting; the slider picks the percentile that sets each channel's
    threshold.

    records : :func:`sharedrep.pages.paper2_cells.chart_records`; types : the four type names
    in their order (:data:`sharedrep.pages.paper2_cells.PAIR_TYPES`).
    """
    grid = sorted(int(q) for q in percentiles)
    start = min(grid, key=lambda q: abs(q - default_percentile))
    q = alt.param(name="cells_q", value=start,
                  bind=alt.binding_range(min=grid[0], max=grid[-1], step=grid[1] - grid[0],
                                         name="threshold: percentile of each channel's values "))
    pair = alt.param(name="cells_pair", value=default_pair,
                     bind=alt.binding_select(options=list(pairs), name="pair of channels "))
    color = alt.Color("stage:N", title="back-fitting", sort=list(STAGES),
                      scale=alt.Scale(domain=list(STAGE_COLORS), range=list(STAGE_COLORS.values())))
    base = (alt.Chart(alt.Data(values=records)).add_params(q, pair)
            .transform_filter("datum.q == cells_q")
            .transform_aggregate(mean="mean(n)", sd="stdev(n)", folds="count()", groupby=["pair", "type", "stage"])
            .transform_calculate(low="datum.mean - (isValid(datum.sd) ? datum.sd : 0)",
                                 high="datum.mean + (isValid(datum.sd) ? datum.sd : 0)"))

    def panel(chosen, order, title, x_title):
        x = alt.X("type:N", sort=order, title=x_title, axis=alt.Axis(labelAngle=-25, labelAlign="right"))
        offset = alt.XOffset("stage:N", sort=list(STAGES))
        bars = chosen.mark_bar().encode(
            x=x, xOffset=offset, color=color, y=alt.Y("mean:Q", title="associative cells (mean over folds)"),
            tooltip=["type:N", "stage:N", alt.Tooltip("mean:Q", format=".1f"), alt.Tooltip("sd:Q", format=".1f"),
                     "folds:Q"])
        rules = chosen.mark_rule().encode(x=x, xOffset=offset, y="low:Q", y2="high:Q")
        return (bars + rules).properties(width=300, height=220, title=title)

    typed = panel(base.transform_filter("datum.pair == cells_pair"), list(types),
                  "Paper 1's four types, for the pair in the menu", "selective through the pair's channels")
    shared = panel(base.transform_filter("datum.pair == 'four channels'"), ["1", "2", "3", "4"],
                   "Selective for one digit through k channels", "k (channels)")
    return alt.hconcat(typed, shared).properties(usermeta={"embedOptions": {"renderer": "svg"}}).configure_legend(
        orient="bottom", direction="horizontal")


def comparison_chart(records: list) -> alt.LayerChart:
    """Every system at (its share of shared cells, its mean cross-modal reconstruction error):
    paper 1's measure against paper 2's. Points coloured by family, labelled by system;
    dotted line: the error of a guess (90 %).

    records : :attr:`sharedrep.pages.paper2_cells.Comparison.records`.
    """
    base = alt.Chart().encode(
        x=alt.X("shared:Q", title="shared cells (% of the layer; paper 1's measure)"),
        y=alt.Y("error:Q", title="cross-modal error (%; paper 2's measure)", scale=alt.Scale(domain=[0, 100])),
        tooltip=["system:N", alt.Tooltip("shared:Q", format=".1f"), alt.Tooltip("image_from_audio:Q", format=".1f"),
                 alt.Tooltip("audio_from_image:Q", format=".1f")])
    colours = {"autoencoder, consistent pairs": "#4c78a8", "autoencoder, inconsistent pairs": "#9ecae9",
               "book autoencoder, consistent pairs": "#54a24b", "book autoencoder, inconsistent pairs": "#a1d99b",
               "DBN": "#f58518"}
    present = {r["family"] for r in records}
    families = [f for f in colours if f in present] + sorted(present - set(colours))
    points = base.mark_point(filled=True, size=90).encode(
        color=alt.Color("family:N", title=None, sort=families,
                        scale=alt.Scale(domain=families, range=[colours.get(f, "#888") for f in families]),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, labelLimit=300)))
    # the inconsistent autoencoders sit together at chance: their colour names them, no labels
    labels = base.transform_filter("indexof(datum.family, 'inconsistent') < 0").mark_text(
        align="left", dx=7, dy=-6).encode(text=alt.Text("label:N"))
    records = [{**r, "label": r["system"].replace("the book's ", "book ").replace("autoencoder ", "")
                .replace("-consistent", "")} for r in records]
    chance = alt.Chart().mark_rule(strokeDash=[2, 3], color="#888").encode(y=alt.datum(90))
    return alt.layer(points, labels, chance, data=alt.Data(values=records)).properties(
        width=460, height=280, usermeta={"embedOptions": {"renderer": "svg"}})
