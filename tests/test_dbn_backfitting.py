"""Algorithm 1 (back-fitting): what it changes, what it must not, and how its cost grows."""
import numpy as np
import pytest

from sharedrep.dbn import UPDATE_RULES, associative_activations, backfit, channel_error, split_rows, train_associative


def _toy_channels(n_channels, m=300, width=12, seed=0):
    """n channels that all encode a shared 5-way latent cause, plus noise, in [0, 1]."""
    rng = np.random.default_rng(seed)
    cause = rng.integers(0, 5, m)
    tops = []
    for _ in range(n_channels):
        codes = rng.random((5, width)) < 0.5
        flip = rng.random((m, width)) < 0.05
        tops.append((codes[cause] ^ flip).astype(np.float32))
    return tops


@pytest.fixture(scope="module")
def trained():
    tops = _toy_channels(3)
    rbm = train_associative(tops, 24, learning_rate=0.05, epochs=30, seed=0)
    sizes = [t.shape[1] for t in tops]
    return tops, split_rows(rbm.weights, sizes), rbm.hidden_bias, split_rows(rbm.visible_bias, sizes)


@pytest.mark.parametrize("rule", ["delta", "contrastive", "wake-sleep"])
def test_backfitting_lowers_each_channels_error_and_keeps_generative_weights(trained, rule):
    tops, weights, c, biases = trained
    frozen = [w.copy() for w in weights]
    result = backfit(tops, weights, c, biases, learning_rate=1.0, max_sweeps=15, rule=rule, seed=0)
    assert result.sweeps == 15 and result.errors.shape == (16, 3)
    assert np.all(result.errors[-1] < result.errors[0])  # every channel's own error falls
    for g, w, r in zip(result.generative, frozen, result.recognition):
        np.testing.assert_array_equal(g, w)  # generative weights exactly unchanged
        assert not np.array_equal(r, w)
    for w, f in zip(weights, frozen):
        np.testing.assert_array_equal(w, f)  # the caller's arrays are not touched
    np.testing.assert_allclose(result.target, associative_activations(tops, weights, c))
    np.testing.assert_allclose(result.errors[-1, 0], channel_error(
        tops[0], result.recognition[0], result.generative[0], c, biases[0]), rtol=1e-6)


def test_delta_rule_moves_single_channel_activations_towards_h_star(trained):
    tops, weights, c, biases = trained
    result = backfit(tops, weights, c, biases, max_sweeps=10)
    for k in range(3):
        before = associative_activations([tops[k]], [weights[k]], c)
        after = associative_activations([tops[k]], [result.recognition[k]], c)
        assert np.mean((after - result.target) ** 2) < 0.5 * np.mean((before - result.target) ** 2)


def test_phi_stops_early_and_seed_fixes_the_result(trained):
    tops, weights, c, biases = trained
    loose = backfit(tops, weights, c, biases, phi=1e9, max_sweeps=10)
    assert loose.sweeps == 0 and loose.converged
    a = backfit(tops, weights, c, biases, max_sweeps=3, seed=1)
    b = backfit(tops, weights, c, biases, max_sweeps=3, seed=1)
    np.testing.assert_array_equal(a.recognition[2], b.recognition[2])


@pytest.mark.parametrize("rule", UPDATE_RULES)
def test_cost_per_sweep_grows_linearly_with_the_number_of_channels(rule):
    """Matrix-product FLOPs per sweep, counted while running, for 1..6 equal channels."""
    rng = np.random.default_rng(0)
    flops = []
    for n in range(1, 7):
        tops = _toy_channels(n, m=120, width=8)
        weights = [0.1 * rng.standard_normal((8, 16)).astype(np.float32) for _ in range(n)]
        biases = [np.zeros(8, np.float32)] * n
        result = backfit(tops, weights, np.zeros(16, np.float32), biases, max_sweeps=1, rule=rule)
        flops.append(result.flops_per_sweep)
    assert flops[0] > 0
    np.testing.assert_array_equal(flops, flops[0] * np.arange(1, 7))


def test_any_number_of_channels_works_even_one():
    tops = _toy_channels(1)
    rbm = train_associative(tops, 8, epochs=2)
    result = backfit(tops, [rbm.weights], rbm.hidden_bias, [rbm.visible_bias], max_sweeps=2)
    assert len(result.recognition) == 1 and result.errors.shape == (3, 1)


def test_bad_input_raises(trained):
    tops, weights, c, biases = trained
    with pytest.raises(ValueError, match="empty"):
        backfit([], [], c, [])
    with pytest.raises(ValueError, match="rule"):
        backfit(tops, weights, c, biases, rule="backprop")
    with pytest.raises(ValueError, match="one weight block"):
        backfit(tops, weights[:2], c, biases)
    with pytest.raises(ValueError, match=r"weights\[1\]"):
        backfit(tops, [weights[0], weights[1][:, :5], weights[2]], c, biases)
    with pytest.raises(ValueError, match=r"tops\[0\]"):
        backfit([tops[0][:, :4]] + tops[1:], weights, c, biases)
    bad = [t.copy() for t in tops]
    bad[2][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        backfit(bad, weights, c, biases)
    with pytest.raises(ValueError, match="same examples"):
        backfit([tops[0][:10]] + tops[1:], weights, c, biases)
    with pytest.raises(ValueError, match="phi"):
        backfit(tops, weights, c, biases, phi=-1)
    with pytest.raises(ValueError, match="max_sweeps"):
        backfit(tops, weights, c, biases, max_sweeps=1.5)


def test_eq1_as_printed_moves_away_from_h_star_as_documented(trained):
    tops, weights, c, biases = trained
    result = backfit(tops, weights, c, biases, learning_rate=1.0, max_sweeps=5, rule="contrastive-printed")
    before = associative_activations([tops[0]], [weights[0]], c)
    after = associative_activations([tops[0]], [result.recognition[0]], c)
    assert np.mean((after - result.target) ** 2) > np.mean((before - result.target) ** 2)
    assert result.errors[-1, 0] > result.errors[0, 0]


def test_the_wake_sleep_reading_trains_recognition_on_top_down_inputs(trained):
    """One sweep over one full batch: ``R += eps v_td^T (h* - sigmoid(c + v_td R)) / m`` with
    ``v_td = sigmoid(b + h* G^T)``, the channel rebuilt from the saved state (not its data)."""
    tops, weights, c, biases = trained
    result = backfit(tops[:1], weights[:1], c, biases[:1], learning_rate=0.5, normalise=False, max_sweeps=1,
                     batch_size=len(tops[0]), rule="wake-sleep")
    sigmoid = lambda x: 1 / (1 + np.exp(-x))                              # noqa: E731
    target = sigmoid(c + tops[0] @ weights[0])
    v_td = sigmoid(biases[0] + target @ weights[0].T)
    expected = weights[0] + 0.5 * v_td.T @ (target - sigmoid(c + v_td @ weights[0])) / len(target)
    np.testing.assert_allclose(result.recognition[0], expected, rtol=1e-4, atol=1e-6)
