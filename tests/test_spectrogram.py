"""Paper 1's 14 x 56 spectrogram: each step of the recipe, checked independently."""
import numpy as np
import pytest
from PIL import Image

from sharedrep.data import load_fsdd, spectrogram, spectrogram_steps, spectrograms
from sharedrep.data.spectrogram import fit_duration, resize_bilinear


@pytest.fixture(scope="module")
def recordings():
    return load_fsdd(["jackson", "theo"])


def _psd_by_hand(x, window=148, rate=8000):
    """One-sided PSD of non-overlapping Hamming frames, written out with numpy's FFT."""
    w = np.hamming(window)  # symmetric, like matplotlib.specgram with np.hamming
    frames = x[: (len(x) // window) * window].reshape(-1, window) * w
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 / (rate * (w ** 2).sum())
    power[:, 1:-1] *= 2  # one-sided: double all but DC and Nyquist (window is even)
    return power.T  # [freq, frame]


def test_steps_have_the_paper_shapes(recordings):
    steps = spectrogram_steps(recordings.audio[3])
    assert steps.waveform.shape == (8000,)
    assert steps.psd.shape == (75, 54) and steps.freqs.shape == (75,) and steps.times.shape == (54,)
    assert steps.crop.shape == (15, 54)
    assert steps.freqs[14] == pytest.approx(14 * 8000 / 148)  # ~757 Hz, the top kept bin
    assert steps.image.shape == (14, 56) and steps.image.dtype == np.float32
    assert steps.scaled.min() == 0 and steps.scaled.max() == 1


def test_psd_matches_an_independent_implementation(recordings):
    for audio in recordings.audio[:20]:
        steps = spectrogram_steps(audio)
        np.testing.assert_allclose(steps.psd, _psd_by_hand(steps.waveform), rtol=1e-9, atol=1e-6)


def test_pad_and_cut_to_one_second():
    short = np.arange(1, 101, dtype=np.int16)
    padded = fit_duration(short)
    assert padded.shape == (8000,) and padded[99] == 100 and not padded[100:].any()
    long = np.ones(12000, dtype=np.int16)
    assert fit_duration(long).shape == (8000,)


def test_resize_is_pillow_bilinear_and_stays_in_range():
    rng = np.random.default_rng(0)
    image = rng.random((15, 54)).astype(np.float32)
    ours = resize_bilinear(image)
    theirs = np.asarray(Image.fromarray(image, mode="F").resize((56, 14), Image.BILINEAR))
    np.testing.assert_allclose(ours, np.clip(theirs, 0, 1), atol=1e-6)
    assert ours.min() >= 0 and ours.max() <= 1


def test_all_spectrograms_are_in_unit_range_and_differ(recordings):
    images = spectrograms(recordings.audio)
    assert images.shape == (1000, 14, 56) and images.dtype == np.float32
    assert images.min() >= 0 and images.max() <= 1
    assert images.reshape(1000, -1).max(axis=1).min() > 0.1  # no blank spectrogram
    assert len(np.unique(images.reshape(1000, -1), axis=0)) == 1000


def test_quantized_variant_is_close_to_the_float_one(recordings):
    exact = spectrogram(recordings.audio[0])
    quantized = spectrogram(recordings.audio[0], quantize=True)
    assert np.abs(exact - quantized).max() <= 1.5 / 255
    assert np.allclose(quantized * 255, np.round(quantized * 255), atol=1e-4)


def test_silence_gives_zeros_not_nan():
    assert not spectrogram(np.zeros(4000, dtype=np.int16)).any()


@pytest.mark.parametrize("bad", [np.zeros((2, 100)), np.array([]), np.array([1.0, np.nan]),
                                 np.array(["a", "b"])])
def test_bad_recordings_raise(bad):
    with pytest.raises(ValueError, match="recording"):
        spectrogram(bad)


def _bytescale(data):
    """``scipy.misc.bytescale`` (scipy <= 1.2), which ``imresize`` applied to a float image."""
    low, high = data.min(), data.max()
    scale = 255.0 / (high - low) if high > low else 1.0
    return ((data - low) * scale).clip(0, 255).__add__(0.5).astype(np.uint8)


def _authors_spectrograms(audio):
    """The authors' importInput.py written out directly: 1 s of samples, ``specgram`` (148-point
    Hamming frames, no overlap), the lowest 15 rows, ``imresize(..., (14, 56), 'bilinear')``
    (bytescale to uint8, Pillow bilinear), then every image divided by the maximum of all."""
    images = []
    for x in audio:
        samples = np.zeros(8000)
        samples[:min(len(x), 8000)] = x[:8000]
        crop = _psd_by_hand(samples)[:15]
        images.append(np.asarray(Image.fromarray(_bytescale(crop), mode="L").resize((56, 14), Image.BILINEAR)))
    images = np.stack(images).astype(np.float64)
    return images / images.max()


def test_the_authors_audio_recipe_gives_the_authors_inputs(recordings):
    from sharedrep.data import AUDIO_RECIPES, bimodal_dataset

    theirs = _authors_spectrograms(recordings.audio).reshape(len(recordings.audio), -1)
    assert theirs.max() == 1.0 and theirs.reshape(-1, 784).max(axis=1).min() < 1   # scaled by the global max
    dataset = bimodal_dataset("consistent", seed=0, images_per_digit=20, **AUDIO_RECIPES["authors"])
    for split in (dataset.train, dataset.test):
        ours = split.x_audio[split.has_audio].astype(np.float64)
        # every audio input is one of the authors' spectrograms (the closest differs by float32 rounding)
        distance = (ours ** 2).sum(1)[:, None] - 2 * ours @ theirs.T + (theirs ** 2).sum(1)[None]
        nearest = theirs[distance.argmin(axis=1)]
        np.testing.assert_allclose(ours, nearest, rtol=0, atol=1e-6)
    assert dataset.test.x_audio.max() <= 1.0
    float_recipe = bimodal_dataset("consistent", seed=0, images_per_digit=20, **AUDIO_RECIPES["float"])
    assert np.abs(float_recipe.test.x_audio - dataset.test.x_audio).max() > 0.01   # the recipes differ
