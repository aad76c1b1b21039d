"""Cell types across conditions, thresholds and the paper's statistics, on hand-made data."""
import numpy as np
import pytest
from scipy import stats

from sharedrep import published
from sharedrep.conditions import TWO_STAGE, mixed
from sharedrep.experiments import celltypes
from sharedrep.viz import celltype_figures


def _bits(n_networks, shared, visual=0, seed=0):
    """[networks, 3, 10, 64] bits with ``shared[k]`` consistent cells in network k."""
    rng = np.random.default_rng(seed)
    bits = rng.random((n_networks, 3, 10, 64)) * 0.5
    for k in range(n_networks):
        bits[k, 1:, 0, :shared[k]] = 2.0
        bits[k, 1, 1, 40:40 + visual] = 2.0
    return bits


def test_thresholds_for_each_rule():
    assert celltypes.thresholds_for("paper") == (published.THRESHOLD_IMAGE_EXACT, published.THRESHOLD_AUDIO_EXACT)
    bits = _bits(2, [0, 0])
    image, audio = celltypes.thresholds_for("percentile", bits, q=50)
    assert image == pytest.approx(np.percentile(bits[:, 1], 50))
    assert audio == pytest.approx(np.percentile(bits[:, 2], 50))
    assert celltypes.thresholds_for("fixed", fixed=(1.0, 2.0)) == (1.0, 2.0)
    for rule, kwargs, message in [("median", {}, "threshold rule must be one of"), ("percentile", {}, "reference"),
                                  ("fixed", {"fixed": (1.0, -1.0)}, "non-negative")]:
        with pytest.raises(ValueError, match=message):
            celltypes.thresholds_for(rule, **kwargs)


def test_statistics_match_scipy():
    bits = {mixed(d, p): _bits(4, [d * 3 + k if p == "consistent" else k % 2 for k in range(4)], seed=d)
            for d in (1, 2, 3, 4) for p in ("consistent", "inconsistent")}
    bits[TWO_STAGE] = _bits(4, [1, 2, 1, 3], seed=9)
    counts = celltypes.counts_by_condition(bits, (1.0, 1.0))
    assert counts[mixed(2, "consistent")][:, 3].tolist() == [6, 7, 8, 9]
    t, p = celltypes.consistent_vs_inconsistent(counts, [2])[2]
    expected = stats.ttest_ind([6, 7, 8, 9], [0, 1, 0, 1], equal_var=False)
    assert (t, p) == pytest.approx((expected.statistic, expected.pvalue))
    F, p_anova, df = celltypes.anova_over_depth(counts, [1, 2, 3, 4])
    groups = [[3 * d + k for k in range(4)] for d in (1, 2, 3, 4)]
    assert F == pytest.approx(stats.f_oneway(*groups).statistic) and df == (3, 12)
    t2, _ = celltypes.mixed_vs_two_stage(counts)
    assert t2 > 0


def test_statistics_are_nan_without_variance():
    counts = {mixed(1, "consistent"): np.array([[0, 0, 0, 2]]), mixed(1, "inconsistent"): np.array([[0, 0, 0, 1]])}
    t, p = celltypes.consistent_vs_inconsistent(counts, [1])[1]
    assert np.isnan(t) and np.isnan(p)


def test_example_cells_pick_the_strongest_of_each_type():
    bits = _bits(1, [3], visual=2)[0]
    bits[1:, 0, 2] = 3.0  # cell 2 is the strongest consistent cell
    examples = celltypes.example_cells(bits, (1.0, 1.0))
    assert examples == {"visual": 40, "audio": None, "inconsistent": None, "consistent": 2}


def test_counts_table_puts_the_paper_beside_ours():
    counts = {mixed(4, "consistent"): np.array([[1, 2, 3, 4], [3, 2, 1, 0]]),
              mixed(4, "inconsistent"): np.array([[0, 0, 0, 1]])}
    table = celltype_figures.counts_table(counts, published.CELL_TYPE_COUNTS)
    assert "| mixed-4-consistent | 2.0 ± 1.0 (12) | 2.0 ± 0.0 (3) | 2.0 ± 1.0 (9) | 2.0 ± 2.0 (29) |" in table
    assert "| mixed-4-inconsistent | 0.0 ± 0.0 (33) | 0.0 ± 0.0 (9) | 0.0 ± 0.0 (13) | 1.0 ± 0.0 (2) |" in table
    assert celltype_figures.counts_table({mixed(5): counts[mixed(4)]}, published.CELL_TYPE_COUNTS).endswith(
        "| 2.0 ± 2.0 |")                                         # no printed count: none in brackets


def test_explorer_over_depths_with_a_gap_offers_only_those_depths_and_draws_no_line_across_it():
    """The authors' networks have depths 1, 2 and 4: buttons (no slider stop at 3), a line that
    breaks at the gap, and counts of one network labelled as counts, not means."""
    bits = {mixed(d, p): _bits(1, [d, 0]) for d in (1, 2, 4) for p in ("consistent", "inconsistent")}
    spec = celltype_figures.celltype_explorer(bits, depths=[1, 2, 4]).to_dict()
    depth = next(p for p in spec["params"] if p["name"] == "depth")
    assert depth["bind"]["input"] == "radio" and depth["bind"]["options"] == [1, 2, 4]
    readout, top, bottom = spec["vconcat"]
    line = bottom["layer"][0]
    assert line["encoding"]["detail"]["field"] == "run"
    assert {"calculate": "datum.d - indexof([1, 2, 4], datum.d)", "as": "run"} in line["transform"]
    assert top["layer"][0]["encoding"]["y"]["title"] == "cells"
    many = celltype_figures.celltype_explorer({mixed(4): _bits(3, [1, 2, 3])}, depths=[1, 2, 3, 4]).to_dict()
    assert next(p for p in many["params"] if p["name"] == "depth")["bind"]["input"] == "range"
    assert many["vconcat"][1]["layer"][0]["encoding"]["y"]["title"] == "cells per network (mean)"


def test_browser_records_keep_every_network_and_drop_weak_rows():
    bits = {mixed(2, "consistent"): _bits(3, [2, 0, 1])}
    records = celltype_figures.information_records(bits, min_bits=1.0)
    sentinels = [r for r in records if r["u"] == -1]
    assert len(sentinels) == 3
    assert sum(1 for r in records if r["u"] >= 0) == 3  # the planted cells only (0.5-bit noise dropped)


def test_browser_records_type_cells_as_the_library_does():
    """A value just above a threshold stays above it in the page (rounded to 3 decimals it
    would sit on the threshold and fail the strict >: the chart said 47.0, the table 47.2)."""
    bits = np.zeros((1, 3, 10, 4))
    bits[0, 1, 0] = [0.9604, 0.9596, 1.23456, 0.96]          # image-only analysis, digit 0
    records = celltype_figures.information_records({mixed(4, "consistent"): bits}, 0.5, cuts=[0.96, 1.0])
    shown = {r["u"]: r["i"] for r in records if r["u"] >= 0}
    assert shown[0] == 0.9604 and shown[0] > 0.96           # kept exact: rounding gives 0.96
    assert shown[1] == 0.96 and shown[2] == 1.235 and shown[3] == 0.96   # rounding moves no cut
    assert [v > 0.96 for v in shown.values()] == [v > 0.96 for v in bits[0, 1, 0]]


def test_live_kernel_counts_follow_the_sliders():
    from functools import partial

    from sharedrep.experiments import celltypes
    from sharedrep.viz import celltype_widgets

    rng = np.random.default_rng(0)
    bits = {mixed(d, p): rng.random((2, 3, 10, 64)) * 2 for d in (1, 4) for p in ("consistent", "inconsistent")}
    low = celltypes.counts_at_depth(bits, 4, (0.5, 0.5))
    high = celltypes.counts_at_depth(bits, 4, (1.9, 1.9))
    assert set(low) == {mixed(4, "consistent"), mixed(4, "inconsistent")}
    assert (low[mixed(4, "consistent")] != high[mixed(4, "consistent")]).any()
    with pytest.raises(ValueError, match="depth=2"):
        celltypes.counts_at_depth(bits, 2, (0.5, 0.5))
    with pytest.raises(ValueError, match="non-negative"):
        celltypes.counts_at_depth(bits, 4, (-0.1, 0.5))
    widget = celltype_widgets.counts_explorer(partial(celltypes.counts_at_depth, bits), (0.96, 0.94), (1, 4))
    assert [c.description for c in widget.children[:3]] == ["depth", "image (bits)", "audio (bits)"]


def test_widgets_only_in_a_live_kernel(monkeypatch):
    from sharedrep.viz import live_kernel

    monkeypatch.setenv("SHAREDREP_CHARTS", "vendored")
    assert not live_kernel()
    monkeypatch.setenv("SHAREDREP_CHARTS", "jupyter")
    assert live_kernel()


def test_a_jupyter_front_end_gets_the_book_s_own_scripts():
    from sharedrep.viz.charts import VENDORED, vendored_scripts_html

    html = vendored_scripts_html()
    assert html.count("<script") == len(VENDORED) + 1 and "cdn." not in html
    assert 'VEGA_DEBUG.vegalite_version = "6.4.1"' in html and "vegaEmbed" in html


def _fake_run(n_networks=3, trials=50, seed=0):
    """Final responses of networks whose cell 0 prefers digit 3 in both modalities, cell 1
    digit 5 in images only, the rest untuned (the information page's model cells)."""
    from sharedrep import info

    rng = np.random.default_rng(seed)
    digits = np.tile(np.repeat(np.arange(10), trials), 2)
    block = np.repeat(["image", "audio"], 10 * trials)
    responses = rng.uniform(0.3, 0.7, (n_networks, len(digits), 20)).astype(np.float16)
    for n in range(n_networks):
        for m, modality in enumerate(("image", "audio")):
            rows = block == modality
            tuned, _ = info.tuned_responses(10, trials, 1.0, 0.15, preferred=3, seed=seed + n + m)
            responses[n, rows, 0] = tuned[:, 0]
            if modality == "image":
                other, _ = info.tuned_responses(10, trials, 1.0, 0.15, preferred=5, seed=seed + 7 + n)
                responses[n, rows, 1] = other[:, 0]
    return {"responses_last": responses, "test_digits": digits, "test_block": block}


def test_the_significance_rule_finds_tuned_cells_and_not_untuned_ones():
    selective = celltypes.significant_cells(_fake_run(), alpha=0.05, n_shuffles=200)
    assert selective.shape == (3, 2, 10, 20)
    assert selective[:, :, 3, 0].all() and selective[:, 0, 5, 1].all()   # the tuned cells, where tuned
    assert not selective[:, 1, :, 1].any()                               # cell 1 has no audio tuning
    # the untuned cells: the family-wise rate over a network's cells is alpha per digit, so
    # at most a few false selections over 3 networks x 2 modalities x 10 digits
    assert selective[:, :, :, 2:].sum() <= 3
    counts = celltypes.significance_counts(selective)
    assert counts.shape == (3, 5)
    assert (counts[:, 3] >= 1).all()                                     # cell 0: consistent
    with pytest.raises(ValueError, match="alpha"):
        celltypes.significant_cells(_fake_run(), alpha=0)
