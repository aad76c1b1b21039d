"""Figures laid out to fit a page and to draw every legend symbol, checked on their specs."""
import numpy as np
import pytest

from sharedrep.viz import data_figures, dbn_figures, development_figures


def _units(spec):
    """Every unit spec (one with a mark) inside a chart's dict, layers and concatenations included."""
    if isinstance(spec, dict):
        if "mark" in spec:
            yield spec
        for value in spec.values():
            yield from _units(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _units(value)


def _development_records():
    records = []
    for framework, depth in (("mixed", 4), ("two_stage", 4)):
        for pairing in ("consistent", "inconsistent"):
            for epoch in (0, 100, 400):
                records.append(dict(framework=framework, depth=depth, pairing=pairing, epoch=epoch,
                                    label=f"{framework}-{depth} {pairing}", type="consistent", mean=1.0,
                                    sd=0.1, networks=5, direction="image → audio"))
    return records


def test_dashed_lines_keep_their_points_in_a_layer_of_their_own():
    """A line mark with ``point=True`` makes Vega-Lite fill the dash legend's symbols and hide
    their strokes: the legend would show no dash. Every dashed line is a plain line."""
    records = _development_records()
    thresholds = [dict(epoch=e, modality=m, rule=r, label=r, bits=1.0)
                  for e in (0, 400) for m in ("image", "audio") for r in ("percentile", "paper's values")]
    charts = [development_figures.cell_types_over_epochs(records, smallest=100),
              development_figures.transfer_over_epochs(records, smallest=100),
              development_figures.thresholds_over_epochs(thresholds)]
    for chart in charts:
        units = list(_units(chart.to_dict()))
        dashed = [u for u in units if "field" in u.get("encoding", {}).get("strokeDash", {})]
        assert dashed, "each chart has a dash legend"
        for unit in dashed:
            mark = unit["mark"] if isinstance(unit["mark"], dict) else {"type": unit["mark"]}
            assert mark["type"] == "line" and not mark.get("point"), mark
        assert any((u["mark"] if isinstance(u["mark"], str) else u["mark"]["type"]) == "circle" for u in units)


def test_spectrogram_browser_draws_each_example_in_its_own_place_of_a_grid():
    rng = np.random.default_rng(0)
    images, digits = rng.random((30, 14, 56)), np.repeat(np.arange(10), 3)
    chart = data_figures.spectrogram_browser(images, digits, per_digit=3, per_row=2, size=4)
    spec = chart.to_dict()
    assert spec["width"] == 4 * (2 * 56 + 4) and spec["height"] == 4 * (2 * 14 + 4)  # fits a desktop's column
    cells = [(r["digit"], r["col"], r["row"]) for r in spec["data"]["values"]]
    assert len(set(cells)) == len(cells) == 30 * 14 * 56  # no two cells of a digit's examples overlap
    cols = np.array([c for _, c, _ in cells])
    rows = np.array([r for _, _, r in cells])
    assert cols.min() == 0 and cols.max() + 1 == 2 * 56 + 4
    assert rows.min() == 0 and rows.max() + 1 == 2 * 14 + 4
    first = [r for r in spec["data"]["values"] if r["digit"] == 0][:1][0]
    assert first["col"] == 0 and first["row"] == 14 + 4  # the first example in the top row, row 0 at its bottom
    with pytest.raises(ValueError, match="per_row"):
        data_figures.spectrogram_browser(images, digits, per_row=0)


def test_audio_features_in_rows_of_five():
    rng = np.random.default_rng(0)
    chart = dbn_figures.stft_examples(rng.random((20, 6 * 4)), np.repeat(np.arange(10), 2), (6, 4))
    rows = chart.to_dict()["vconcat"]
    assert [len(row["hconcat"]) for row in rows] == [5, 5]



def test_a_narrow_symlog_axis_labels_the_last_epoch_and_no_two_close_ones():
    ticks = development_figures.spaced_ticks([0, 10, 25, 50, 100, 200, 300, 400])
    assert ticks[0] == 0 and ticks[-1] == 400 and 300 not in ticks      # 300 sits too close to 400
    assert min(np.diff(np.log1p(ticks))) >= 0.5
    assert development_figures.spaced_ticks([7]) == [7]
