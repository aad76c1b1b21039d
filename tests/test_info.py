"""Tests of sharedrep.info: the paper's Table 1, identities, bounds, bias, significance, types."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sharedrep import info
from sharedrep.info.reference import loop_information

# ---------------------------------------------------------------- paper 1, Table 1
# Rows: alphabets A-D, each presented 100 times; columns: the three response bins
# 0 <= r < 0.33, 0.33 <= r < 0.67, 0.67 <= r <= 1.
TABLE1 = np.array([[3, 17, 80],    # A
                   [68, 31, 1],    # B
                   [73, 25, 2],    # C
                   [65, 12, 23]])  # D
TABLE1_BITS_ALL = [1.097, 0.380, 0.336, 0.059]       # the paper's text (Eq. 4)
TABLE1_BITS_POSITIVE = [1.275, 0.427, 0.411, 0.205]  # positive terms only (authors' code)


def test_table1_layout_totals():
    assert TABLE1.sum(axis=1).tolist() == [100, 100, 100, 100]
    assert TABLE1.sum(axis=0).tolist() == [209, 85, 106]
    assert TABLE1.sum() == 400


@pytest.mark.parametrize("terms, expected", [("all", TABLE1_BITS_ALL),
                                             ("positive", TABLE1_BITS_POSITIVE)])
def test_table1_from_counts(terms, expected):
    bits = info.information_from_counts(TABLE1, terms=terms)
    assert bits.shape == (4,)
    assert np.round(bits, 3).tolist() == expected


def test_table1_worked_term():
    """The paper's worked sum for A: 0.03 log2(0.03/(209/400)) + ... + 0.8 log2(0.8/(106/400))."""
    assert info.information_from_counts(TABLE1, "all")[0] == pytest.approx(
        0.03 * np.log2(0.03 / (209 / 400)) + 0.17 * np.log2(0.17 / (85 / 400))
        + 0.8 * np.log2(0.8 / (106 / 400)), abs=1e-12)
    # stimuli with the same response distribution carry no information
    same = np.array([[0, 0, 80], [0, 0, 26]])
    assert info.information_from_counts(same, "all").tolist() == [0.0, 0.0]


@pytest.mark.parametrize("terms, expected", [("all", TABLE1_BITS_ALL),
                                             ("positive", TABLE1_BITS_POSITIVE)])
def test_table1_from_responses(terms, expected):
    """Responses at the bin centres, binned with 3 equal bins on [0, 1], give Table 1."""
    centres = np.array([1 / 6, 1 / 2, 5 / 6])
    stimuli = np.repeat(list("ABCD"), 100)
    responses = np.concatenate([np.repeat(centres, row) for row in TABLE1])[:, None]
    bits = info.single_cell_information(responses, stimuli, n_bins=3, normalize=None,
                                        terms=terms)
    assert info.stimulus_labels(stimuli).tolist() == list("ABCD")
    assert np.round(bits[:, 0], 3).tolist() == expected


# ---------------------------------------------------------------- identities, bounds


def mi_from_joint(counts):
    """I(S; R) = H(R) - H(R|S) per cell, from counts [S, B, C]."""
    p = counts / counts.sum(axis=(0, 1))

    def h(q, axis):
        return -np.where(q > 0, q * np.log2(np.where(q > 0, q, 1)), 0).sum(axis=axis)

    p_s = p.sum(axis=1)
    h_r = h(p.sum(axis=0), 0)
    h_r_s = (p_s * h(p / p_s[:, None, :], 1)).sum(axis=0)
    return h_r - h_r_s


def test_fast_matches_naive_loop():
    rng = np.random.default_rng(1)
    responses = rng.gamma(2.0, size=(300, 7))
    stimuli = rng.integers(0, 5, 300) * 7 - 3  # arbitrary integer labels
    for terms in ("all", "positive"):
        np.testing.assert_allclose(
            info.single_cell_information(responses, stimuli, n_bins=6, terms=terms),
            loop_information(responses, stimuli, 6, terms), atol=1e-12)


def counts_tables():
    """Random counts [S, B, C] with every stimulus row non-empty (possibly unequal)."""
    shapes = st.tuples(st.integers(2, 6), st.integers(2, 6), st.integers(1, 4))
    return shapes.flatmap(lambda s: hnp.arrays(np.int64, s, elements=st.integers(0, 30))
                          ).map(lambda c: c + (c.sum(axis=1, keepdims=True) == 0))


@settings(max_examples=50, deadline=None)
@given(counts_tables())
def test_weighted_sum_is_mutual_information(counts):
    p_s = counts.sum(axis=1) / counts.sum(axis=(0, 1))
    per_stim = info.information_from_counts(counts, "all")
    mi = info.mutual_information_from_counts(counts, "all")
    np.testing.assert_allclose((p_s * per_stim).sum(axis=0), mi, atol=1e-12)
    np.testing.assert_allclose(mi, mi_from_joint(counts), atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(counts_tables())
def test_bounds_unequal_trials(counts):
    """0 <= I(s,R) <= log2(1/P(s)) for both variants; positive >= all term by term."""
    p_s = counts.sum(axis=1) / counts.sum(axis=(0, 1))
    all_ = info.information_from_counts(counts, "all")
    pos = info.information_from_counts(counts, "positive")
    assert (all_ >= -1e-12).all() and (pos >= 0).all()
    assert (pos >= all_ - 1e-12).all()
    assert (pos <= -np.log2(p_s) + 1e-12).all()


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 8), st.integers(1, 20), st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_bounds_equal_trials_from_responses(n_stim, per_stim, n_bins, seed):
    """Balanced design: 0 <= I(s,R) <= log2(n_stimuli) for both variants; MI identity."""
    rng = np.random.default_rng(seed)
    stimuli = np.repeat(np.arange(n_stim), per_stim)
    responses = rng.random((len(stimuli), 3)) ** rng.uniform(0.2, 5)
    responses[:, 1] += stimuli  # a tuned cell too
    for terms in ("all", "positive"):
        bits = info.single_cell_information(responses, stimuli, n_bins, terms=terms)
        assert bits.shape == (n_stim, 3)
        assert (bits >= -1e-12).all() and (bits <= np.log2(n_stim) + 1e-12).all()
    np.testing.assert_allclose(info.single_cell_information(responses, stimuli, n_bins).mean(0),
                               info.mutual_information(responses, stimuli, n_bins), atol=1e-12)


def test_positive_variant_can_exceed_log2_n_with_unequal_trials():
    """log2(n_stimuli) is only the bound for equal trials; a rare stimulus can exceed it."""
    counts = np.array([[1, 0], [0, 99]])  # stimulus 0 is 1 % of trials
    assert info.information_from_counts(counts, "all")[0] == pytest.approx(np.log2(100))
    assert info.information_from_counts(counts, "positive")[0] > np.log2(2)


def test_ideal_cell_carries_log2_n_bits():
    n_stim, per = 10, 150
    stimuli = np.repeat(np.arange(n_stim), per)
    # cell k fires in the top bin for digit k only, otherwise in the bottom bin
    responses = (stimuli[:, None] == np.arange(n_stim)).astype(float)
    bits = info.single_cell_information(responses, stimuli)
    assert np.diag(bits) == pytest.approx(np.full(n_stim, np.log2(n_stim)), abs=1e-12)
    off = bits[~np.eye(n_stim, dtype=bool)]
    assert off == pytest.approx(np.log2(n_stim / (n_stim - 1)), abs=1e-12)
    assert info.mutual_information(responses, stimuli) == pytest.approx(
        0.1 * np.log2(10) + 0.9 * np.log2(10 / 9), abs=1e-12)


def test_labels_are_sorted_and_arbitrary():
    rng = np.random.default_rng(2)
    responses = rng.random((200, 4))
    codes = rng.integers(0, 4, 200)
    labels = np.array([40, -7, 3, 1000])  # code i -> label labels[i]
    bits = info.single_cell_information(responses, labels[codes])
    assert info.stimulus_labels(labels[codes]).tolist() == [-7, 3, 40, 1000]
    by_code = info.single_cell_information(responses, codes)
    np.testing.assert_array_equal(bits, by_code[np.argsort(labels)])


def test_counts_path_equals_responses_path():
    rng = np.random.default_rng(3)
    responses, stimuli = rng.random((120, 5)), rng.integers(0, 3, 120)
    bins = info.bin_responses(responses, 4, "cell")
    counts = info.response_counts(bins, stimuli, 4)
    assert counts.shape == (3, 4, 5) and counts.sum() == 120 * 5
    np.testing.assert_array_equal(
        info.information_from_counts(counts, "positive"),
        info.single_cell_information(responses, stimuli, 4, "cell", "positive"))


def test_binning_rules():
    r = np.array([[0.0, 0.0], [0.1, 0.0], [0.5, 0.0], [0.99, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(info.bin_responses(r, 10, None)[:, 0], [0, 1, 5, 9, 9])
    # global: min-max over everything (0..14); cell: per column
    x = np.array([[0.0, 10.0], [5.0, 12.0], [10.0, 14.0]])
    np.testing.assert_array_equal(info.bin_responses(x, 2, "global"), [[0, 1], [0, 1], [1, 1]])
    np.testing.assert_array_equal(info.bin_responses(x, 2, "cell"), [[0, 0], [1, 1], [1, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        const = np.full((6, 2), 3.0)
        assert (info.bin_responses(const, 10, "global") == 0).all()
        assert (info.bin_responses(const, 10, "cell") == 0).all()
        bits = info.single_cell_information(const, [0, 1, 2] * 2)
        assert (bits == 0).all()


# ---------------------------------------------------------------- bias correction
def test_independent_cell_bias_correction():
    """20 trials per stimulus: the plug-in value is clearly > 0, the corrections remove it."""
    rng = np.random.default_rng(4)
    stimuli = np.repeat(np.arange(10), 20)
    responses = rng.random((200, 40))  # 40 cells independent of the stimulus
    raw = info.single_cell_information(responses, stimuli, n_bins=5)
    shuf = info.bias_corrected_information(responses, stimuli, n_bins=5, n_shuffles=50,
                                           seed=0)
    pt = info.bias_corrected_information(responses, stimuli, n_bins=5,
                                         method="panzeri-treves")
    assert raw.mean() > 0.1
    assert abs(shuf.mean()) < 0.02
    assert abs(pt.mean()) < 0.03  # first-order: leaves a little bias at N_s = 20
    shuf_pos = info.bias_corrected_information(responses, stimuli, n_bins=5,
                                               terms="positive", n_shuffles=50, seed=0)
    assert abs(shuf_pos.mean()) < 0.02


def test_panzeri_treves_averages_to_mi_bias():
    counts = np.array([[5, 3, 0], [0, 4, 4], [1, 1, 6]])[:, :, None]
    bias = info.panzeri_treves_bias(counts)
    n_s = counts.sum(axis=1)
    mi_bias = ((1 + 1 + 2) - (3 - 1)) / (2 * 24 * np.log(2))  # [sum_s (R_s-1) - (R-1)] / 2N ln2
    assert (n_s / 24 * bias).sum() == pytest.approx(mi_bias)


def test_shuffle_bias_is_seeded_and_batch_independent():
    from sharedrep.info.measure import prepare
    from sharedrep.info.shuffle import shuffled_information
    rng = np.random.default_rng(5)
    responses, stimuli = rng.random((90, 3)), np.repeat(np.arange(3), 30)
    a = info.shuffle_bias(responses, stimuli, n_shuffles=20, seed=7)
    b = info.shuffle_bias(responses, stimuli, n_shuffles=20, seed=7)
    c = info.shuffle_bias(responses, stimuli, n_shuffles=20, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    _, codes, bins = prepare(responses, stimuli)
    one = np.concatenate(list(shuffled_information(codes, bins, 3, 10, 9, 1, batch_size=9)))
    many = np.concatenate(list(shuffled_information(codes, bins, 3, 10, 9, 1, batch_size=2)))
    np.testing.assert_array_equal(one, many)


# ---------------------------------------------------------------- permutation test
def tuned_and_random(seed=6):
    rng = np.random.default_rng(seed)
    stimuli = np.repeat(np.arange(10), 30)
    responses = rng.random((300, 21))
    responses[:, 0] += 3 * (stimuli == 4)  # cell 0 tuned to digit 4
    return responses, stimuli


def test_permutation_tuned_vs_random():
    responses, stimuli = tuned_and_random()
    p = info.permutation_test(responses, stimuli, n_shuffles=200, seed=0)
    assert p.shape == (10, 21)
    assert p[4, 0] == pytest.approx(1 / 201)
    rand = p[:, 1:]
    assert (p >= 1 / 201).all() and (p <= 1).all()
    assert 0.35 < np.median(rand) < 0.65 and (rand <= 0.01).mean() < 0.03
    p_max = info.permutation_test(responses, stimuli, n_shuffles=200, seed=0,
                                  correction="max")
    assert (p_max >= p).all() and p_max[4, 0] == pytest.approx(1 / 201)
    assert (p_max[:, 1:] <= 0.05).sum() <= 2


def test_permutation_seeded():
    responses, stimuli = tuned_and_random(7)
    a = info.permutation_test(responses, stimuli, n_shuffles=50, seed=3)
    b = info.permutation_test(responses, stimuli, n_shuffles=50, seed=3, batch_size=7)
    c = info.permutation_test(responses, stimuli, n_shuffles=50, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


# ---------------------------------------------------------------- thresholds and types
def test_paper_thresholds_and_percentile():
    # the authors' src/analysis.py values, unrounded (the paper prints 0.96 / 0.94)
    assert (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO) == (0.9629458012826149, 0.9440938)
    assert (round(info.PAPER_THRESHOLD_IMAGE, 2), round(info.PAPER_THRESHOLD_AUDIO, 2)) == (0.96, 0.94)
    # strict >: a cell at the unrounded threshold is not selective, one just above it is
    exact = info.PAPER_THRESHOLD_IMAGE
    types = info.cell_types(np.array([[exact, np.nextafter(exact, 2)]]), np.array([[0.0, 0.0]]))
    assert types.labels.tolist() == ["none", "visual"]
    x = np.arange(101, dtype=float).reshape(1, 101)
    assert info.percentile_threshold(x) == pytest.approx(80.0)
    assert info.percentile_threshold(x, q=25) == pytest.approx(25.0)


def test_cell_types_every_branch():
    t = 1.0
    # stimuli x cells; cells: visual, audio, inconsistent, consistent, none, edge(=t)
    v = np.array([[2, 0, 2, 0, 0, t],
                  [0, 0, 0, 2, 0.5, 0],
                  [0, 0, 0, 2, 0, 0]])
    a = np.array([[0, 0, 0, 0, 0, t],
                  [0, 2, 2, 0, 0, 0],
                  [0, 0, 0, 2, 0.9, 0]])
    ct = info.cell_types(v, a, t, t)
    assert ct.labels.tolist() == ["visual", "audio", "inconsistent", "consistent",
                                  "none", "none"]
    assert list(ct.counts) == list(info.TYPES) + ["none"]
    assert ct.counts == {"visual": 1, "audio": 1, "inconsistent": 1, "consistent": 1,
                         "none": 2}
    assert ct.cells("consistent").tolist() == [3]
    assert ct.shared[:, 3].tolist() == [False, False, True]
    # strict >: just above the threshold is selective
    ct2 = info.cell_types(v, a, np.nextafter(t, 0), np.nextafter(t, 0))
    assert ct2.labels[5] == "consistent"


def test_cell_types_from_masks():
    sv = np.array([[True, False], [False, False]])
    sa = np.array([[False, False], [True, False]])
    ct = info.cell_types_from_selectivity(sv, sa)
    assert ct.labels.tolist() == ["inconsistent", "none"]


# ---------------------------------------------------------------- bad input
R = np.random.default_rng(9).random((12, 3))
S = np.repeat([0, 1, 2], 4)
BAD_CALLS = {
    "length mismatch": lambda: info.single_cell_information(R, S[:-1]),
    "nan": lambda: info.single_cell_information(np.where(R > 0.9, np.nan, R), S),
    "inf": lambda: info.mutual_information(np.where(R > 0.9, np.inf, R), S),
    "one stimulus": lambda: info.single_cell_information(R, np.zeros(12)),
    "nan stimulus": lambda: info.single_cell_information(R, np.r_[S[:-1], np.nan]),
    "n_bins 1": lambda: info.single_cell_information(R, S, n_bins=1),
    "n_bins float": lambda: info.single_cell_information(R, S, n_bins=2.5),
    "normalize": lambda: info.single_cell_information(R, S, normalize="z"),
    "terms": lambda: info.single_cell_information(R, S, terms="pos"),
    "responses 1-D": lambda: info.single_cell_information(R[:, 0], S),
    "stimuli 2-D": lambda: info.single_cell_information(R, S[:, None]),
    "out of [0,1]": lambda: info.single_cell_information(R * 2, S, normalize=None),
    "empty": lambda: info.single_cell_information(R[:0], S[:0]),
    "counts 1-D": lambda: info.information_from_counts([1, 2, 3]),
    "counts negative": lambda: info.information_from_counts([[1, -1], [1, 1]]),
    "counts empty row": lambda: info.information_from_counts([[0, 0], [1, 1]]),
    "counts one bin": lambda: info.information_from_counts([[1], [2]]),
    "counts one stimulus": lambda: info.information_from_counts([[1, 2]]),
    "counts terms": lambda: info.mutual_information_from_counts(TABLE1, terms="x"),
    "bins out of range": lambda: info.response_counts(np.full((12, 3), 5), S, 5),
    "bins float": lambda: info.response_counts(R, S, 5),
    "method": lambda: info.bias_corrected_information(R, S, method="jackknife"),
    "pt positive": lambda: info.bias_corrected_information(
        R, S, terms="positive", method="panzeri-treves"),
    "n_shuffles 0": lambda: info.permutation_test(R, S, n_shuffles=0),
    "correction": lambda: info.permutation_test(R, S, correction="bonferroni"),
    "q": lambda: info.percentile_threshold(R, q=120),
    "threshold nan": lambda: info.cell_types(R.T, R.T, np.nan, 1.0),
    "types shape": lambda: info.cell_types(R.T, R.T[:, :2], 1.0, 1.0),
    "types ndim": lambda: info.cell_types(R[:, 0], R[:, 0], 1.0, 1.0),
    "mask dtype": lambda: info.cell_types_from_selectivity(R.T, R.T),
    "cell type": lambda: info.cell_types(R.T, R.T, 0.5, 0.5).cells("shared"),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_input_raises(name):
    with pytest.raises(ValueError):
        BAD_CALLS[name]()


def test_error_messages_name_allowed_values():
    with pytest.raises(ValueError, match="'global', 'cell', None"):
        info.single_cell_information(R, S, normalize="z")
    with pytest.raises(ValueError, match="'all', 'positive'"):
        info.single_cell_information(R, S, terms="pos")
    with pytest.raises(ValueError, match="lengths must match"):
        info.single_cell_information(R, S[:-1])
