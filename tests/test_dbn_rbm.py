"""Paper 2's RBMs and DBN channels, on small slices of the real MNIST and FSDD data."""
import numpy as np
import pytest

from sharedrep.data import load_fsdd, load_mnist
from sharedrep.dbn import RBM, stft_features, train_channel


@pytest.fixture(scope="module")
def digits_500():
    images, _ = load_mnist("train")
    return images[:500].reshape(500, -1).astype(np.float32) / 255


@pytest.fixture(scope="module")
def stft_300():
    recordings = load_fsdd(speakers="jackson")
    return np.stack([stft_features(a) for a in recordings.audio[::5]])


def test_binary_rbm_reconstruction_error_falls_on_mnist(digits_500):
    rbm = RBM(784, 64, epochs=8, seed=0)
    before = rbm.reconstruction_error(digits_500)
    rbm.fit(digits_500)
    assert rbm.history[-1] < rbm.history[0]
    assert rbm.reconstruction_error(digits_500) < 0.5 * before
    # the trained model prefers data to a shuffled-pixel version (free-energy gap)
    shuffled = np.random.default_rng(0).permuted(digits_500, axis=1)
    assert rbm.free_energy(digits_500).mean() < rbm.free_energy(shuffled).mean()


def test_gaussian_rbm_learns_real_stft_features(stft_300):
    rbm = RBM(stft_300.shape[1], 32, "gaussian", learning_rate=0.01, epochs=10, seed=0).fit(stft_300)
    assert rbm.history[-1] < rbm.history[0]
    assert rbm.reconstruction_error(stft_300) < stft_300.var(axis=0).mean()


def test_gaussian_rbm_standardises_unscaled_input_internally(stft_300):
    """Documented behaviour: fitting a*x + b gives the same hidden units as fitting x, and
    reconstructions come back in the caller's units."""
    a, b = 1000.0, -40.0
    scaled = RBM(640, 16, "gaussian", learning_rate=0.01, epochs=3, seed=1).fit(stft_300)
    raw = RBM(640, 16, "gaussian", learning_rate=0.01, epochs=3, seed=1).fit(a * stft_300 + b)
    np.testing.assert_allclose(raw.hidden_probabilities(a * stft_300 + b),
                               scaled.hidden_probabilities(stft_300), atol=2e-3)
    # float32 rounding of the standardisation flips a few CD samples, so compare on average
    difference = raw.reconstruct(a * stft_300 + b) - (a * scaled.reconstruct(stft_300) + b)
    assert np.mean(np.abs(difference)) < 0.01 * a * stft_300.std()
    np.testing.assert_allclose(raw.offset, a * stft_300.mean(axis=0) + b, rtol=1e-4)


def test_same_seed_same_numbers_different_seed_different(digits_500):
    x = digits_500[:200]
    first = RBM(784, 20, epochs=2, seed=3).fit(x)
    second = RBM(784, 20, epochs=2, seed=3).fit(x)
    other = RBM(784, 20, epochs=2, seed=4).fit(x)
    np.testing.assert_array_equal(first.weights, second.weights)
    np.testing.assert_array_equal(first.history, second.history)
    assert not np.array_equal(first.weights, other.weights)


def test_cd_k_is_a_parameter(digits_500):
    x = digits_500[:200]
    assert not np.array_equal(RBM(784, 20, epochs=1, cd_k=1).fit(x).weights,
                              RBM(784, 20, epochs=1, cd_k=3).fit(x).weights)


def test_channel_stack_shapes_and_greedy_layers(digits_500):
    channel = train_channel(digits_500[:200], (32, 8), name="image", epochs=2, seed=0)
    assert [r.n_visible for r in channel.rbms] == [784, 32] and channel.n_top == 8
    top = channel.up(digits_500[:5])
    assert top.shape == (5, 8) and top.dtype == np.float32
    assert channel.down(top).shape == (5, 784)
    passthrough = train_channel(np.eye(10, dtype=np.float32), (), name="class")
    np.testing.assert_array_equal(passthrough.up(np.eye(10)), np.eye(10))


@pytest.mark.parametrize("kwargs, word", [
    (dict(n_visible=0, n_hidden=3), "n_visible"), (dict(n_visible=3, n_hidden=2.5), "n_hidden"),
    (dict(n_visible=3, n_hidden=2, visible="softmax"), "visible"),
    (dict(n_visible=3, n_hidden=2, learning_rate=0), "learning_rate"),
    (dict(n_visible=3, n_hidden=2, momentum=1.0), "momentum"),
    (dict(n_visible=3, n_hidden=2, cd_k=0), "cd_k"), (dict(n_visible=3, n_hidden=2, epochs=-1), "epochs"),
])
def test_bad_settings_raise(kwargs, word):
    with pytest.raises(ValueError, match=word):
        RBM(**kwargs)


def test_bad_data_raises():
    rbm = RBM(4, 2, epochs=1)
    with pytest.raises(ValueError, match=r"\[n, 4\]"):
        rbm.fit(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="NaN"):
        rbm.fit(np.array([[0.5, np.nan, 0, 1]]))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        rbm.fit(np.full((2, 4), 3.0))
    with pytest.raises(ValueError, match="non-empty"):
        rbm.fit(np.zeros((0, 4)))
    with pytest.raises(ValueError, match="learning_rate"):
        train_channel(np.zeros((3, 4)), (2, 2), learning_rate=(0.1,))
