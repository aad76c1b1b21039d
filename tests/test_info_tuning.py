"""Tests of sharedrep.info.tuning: model cells with a known selectivity."""
import numpy as np
import pytest

from sharedrep import info


def test_shapes_range_and_order():
    responses, stimuli = info.tuned_responses(4, 30, 0.5, n_cells=3, seed=0)
    assert responses.shape == (120, 3) and stimuli.shape == (120,)
    assert stimuli.tolist() == np.repeat(np.arange(4), 30).tolist()
    assert responses.min() >= 0 and responses.max() <= 1


def test_seeded():
    a = info.tuned_responses(3, 20, 0.7, seed=4)[0]
    np.testing.assert_array_equal(a, info.tuned_responses(3, 20, 0.7, seed=4)[0])
    assert not np.array_equal(a, info.tuned_responses(3, 20, 0.7, seed=5)[0])
    u = info.untuned_responses(3, 20, n_cells=2, seed=4)[0]
    np.testing.assert_array_equal(u, info.untuned_responses(3, 20, n_cells=2, seed=4)[0])


def test_mean_response_follows_selectivity():
    responses, stimuli = info.tuned_responses(5, 2000, 1.0, noise=0.05, preferred=2, seed=0)
    means = np.array([responses[stimuli == s, 0].mean() for s in range(5)])
    assert means[2] == pytest.approx(0.75, abs=0.01)
    assert np.delete(means, 2) == pytest.approx(np.full(4, 0.25), abs=0.01)


def test_noiseless_selective_cell_carries_log2_n_bits():
    responses, stimuli = info.tuned_responses(4, 50, 1.0, noise=0.0, seed=0)
    bits = info.single_cell_information(responses, stimuli, n_bins=10, normalize=None)[:, 0]
    assert bits[0] == pytest.approx(2.0)
    assert bits[1:] == pytest.approx(np.full(3, np.log2(4 / 3)))


def test_information_grows_with_selectivity():
    bits = [info.single_cell_information(*info.tuned_responses(4, 400, sel, seed=1),
                                         normalize=None)[0, 0] for sel in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(bits) > 0)
    assert bits[0] < 0.05


def test_per_cell_selectivity_and_preferred():
    responses, stimuli = info.tuned_responses(3, 500, [0.0, 1.0], noise=0.02, n_cells=2,
                                              preferred=[0, 1], seed=0)
    bits = info.single_cell_information(responses, stimuli, normalize=None)
    assert bits[:, 0].max() < 0.05
    assert bits[:, 1].argmax() == 1 and bits[1, 1] == pytest.approx(np.log2(3))


def test_untuned_bias_matches_simulation():
    expected = info.untuned_bias(5, 10, 100)
    assert expected == pytest.approx(4 * (1 / 100 - 1 / 1000) / (2 * np.log(2)))
    responses, stimuli = info.untuned_responses(10, 100, n_cells=200, seed=2)
    raw = info.single_cell_information(responses, stimuli, n_bins=5, normalize=None)
    assert raw.mean() == pytest.approx(expected, rel=0.15)


@pytest.mark.parametrize("kwargs, message", [
    (dict(selectivity=1.5), "selectivity must lie in"),
    (dict(selectivity=[0.1, 0.2]), "one value per cell"),
    (dict(noise=-0.1), "noise must lie in"),
    (dict(preferred=3), "preferred must be"),
    (dict(preferred=0.5), "preferred must be"),
    (dict(n_stimuli=1), "n_stimuli"),
    (dict(trials_per_stimulus=0), "trials_per_stimulus"),
    (dict(n_cells=0), "n_cells"),
])
def test_bad_input_raises(kwargs, message):
    args = dict(n_stimuli=3, trials_per_stimulus=10, selectivity=0.5) | kwargs
    with pytest.raises(ValueError, match=message):
        info.tuned_responses(**args)


def test_untuned_bias_checks():
    with pytest.raises(ValueError, match="n_bins"):
        info.untuned_bias(1, 10, 50)
