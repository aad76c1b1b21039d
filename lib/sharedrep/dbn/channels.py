"""The four channels' data, built from the real MNIST and FSDD files, and the speaker folds.

Rows are FSDD recordings (all six speakers, 3,000 recordings); each recording is paired
with an MNIST image of the same digit, a noisy motor drawing of that digit and its one-hot
class. Training rows take their images from the MNIST *train* split, test rows from the
*test* split (seeded draws without replacement per digit), so the independent image
classifier of :mod:`.evaluate`, trained on MNIST train, never saw an input test image.

Cross-validation holds out speakers, as the paper held out people: six folds,
leave-one-speaker-out (:func:`speaker_folds`); the held-out speaker's 500 recordings are the
test set, the other 2,500 the training set.

Audio representation (:func:`stft_features`), 640 values = 32 frequency bands x 20 frames:
start at the onset (the first sample whose magnitude reaches 20 % of the recording's peak,
less 25 ms = 200 samples), then pad with zeros at the end or cut to 1 s (8,000 samples;
FSDD recordings last 0.14-2.28 s, most under 1 s); STFT with a 256-sample (32 ms) Hann
window, hop 128 (16 ms): 129 bins x 61 frames; drop the Nyquist bin and the last frame
(128 x 60), average the magnitude over blocks of 4 bins x 3 frames (bands of 125 Hz, frames
of 48 ms), take ``log(1 + magnitude)`` (magnitude in int16 units) and subtract the
recording's largest value (so every feature is <= 0 and loudness does not matter).
Why this size: 640 is below the audio channel's first hidden layer (700 units), like the
image channel's 784 -> 700; 32 bands keep the formant structure up to the 4 kHz Nyquist
limit and 20 frames the rough time course of a digit word; pooling cuts the raw 7,869 STFT
values that a 2,500-example training set could not support. Why the onset and loudness
steps: a random forest trained on five speakers and tested on the sixth scored 47 % on
average over the six folds without them, 61 % with the loudness step alone and 68 % with
both. The audio RBM (Gaussian visible units) standardises each feature.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy import signal

from .. import seeds as seeding
from ..data import SAMPLE_RATE, SPEAKERS, load_fsdd, load_mnist
from .motor import DEFAULT_NOISE, motor_examples, to_unit

CHANNEL_NAMES = ("image", "audio", "motor", "class")
STFT_WINDOW = 256  # samples (32 ms)
STFT_HOP = 128  # samples (16 ms)
POOL = (4, 3)  # (frequency bins, frames) averaged per feature
STFT_SHAPE = (32, 20)  # (frequency bands, frames) after pooling
N_AUDIO = STFT_SHAPE[0] * STFT_SHAPE[1]  # 640
ONSET_FRACTION = 0.2  # of the peak magnitude
ONSET_MARGIN = 200  # samples (25 ms) kept before the onset


def stft_features(recording) -> np.ndarray:
    """Pooled log-magnitude STFT of one recording (int16 samples at 8 kHz) from its onset,
    relative to its own maximum: float32 ``[640]`` (<= 0) = ``[32 bands (low to high),
    20 frames]`` flattened band-major."""
    x = np.asarray(recording)
    if x.ndim != 1 or x.size == 0 or not np.issubdtype(x.dtype, np.number):
        raise ValueError(f"recording must be a non-empty 1-D numeric array, got shape {x.shape}")
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("recording contains NaN or infinite values")
    envelope = np.abs(x)
    onset = int(np.argmax(envelope >= ONSET_FRACTION * envelope.max())) if envelope.max() > 0 else 0
    x = x[max(onset - ONSET_MARGIN, 0):]
    wave = np.zeros(SAMPLE_RATE)
    wave[: min(len(x), SAMPLE_RATE)] = x[:SAMPLE_RATE]
    _, _, z = signal.stft(wave, nperseg=STFT_WINDOW, noverlap=STFT_WINDOW - STFT_HOP,
                          window="hann", boundary=None, padded=False)
    magnitude = np.abs(z)[: STFT_SHAPE[0] * POOL[0], : STFT_SHAPE[1] * POOL[1]]
    pooled = magnitude.reshape(STFT_SHAPE[0], POOL[0], STFT_SHAPE[1], POOL[1]).mean(axis=(1, 3))
    features = np.log1p(pooled)
    return (features - features.max()).astype(np.float32).ravel()


@lru_cache(maxsize=2)
def _all_stft(data_dir) -> np.ndarray:
    recordings = load_fsdd(data_dir=data_dir)
    features = np.stack([stft_features(a) for a in recordings.audio])
    features.setflags(write=False)
    return features


@dataclass(frozen=True)
class Fold:
    """One leave-one-speaker-out fold: row indices into :func:`sharedrep.data.load_fsdd`'s recordings."""

    held_out: str
    train_index: np.ndarray
    test_index: np.ndarray


def speaker_folds(speakers) -> tuple:
    """Leave-one-speaker-out folds over ``speakers`` (str ``[n]``), one per distinct speaker,
    in sorted order; each row is in exactly one test set."""
    s = np.asarray(speakers)
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"speakers must be a non-empty 1-D array of names, got shape {s.shape}")
    names = np.unique(s)
    if len(names) < 2:
        raise ValueError(f"speakers needs at least 2 distinct speakers to hold one out, got {list(names)}")
    return tuple(Fold(str(n), np.flatnonzero(s != n), np.flatnonzero(s == n)) for n in names)


@dataclass(frozen=True)
class MultimodalSet:
    """Paired rows of the four channels.

    image : float32 ``[n, 784]`` MNIST pixels / 255 in [0, 1].
    audio : float32 ``[n, 640]`` :func:`stft_features` (log(1 + |STFT|), unstandardised).
    motor : float32 ``[n, 14]`` noisy drawings in motor units (0..10 square, :mod:`.motor`).
    digits : int64 ``[n]``;  speakers : str ``[n]``.
    recording : int64 ``[n]`` row of ``load_fsdd()``;  mnist_index : int64 ``[n]`` row of the
    MNIST split given by ``mnist_split``.
    """

    image: np.ndarray
    audio: np.ndarray
    motor: np.ndarray
    digits: np.ndarray
    speakers: np.ndarray
    recording: np.ndarray
    mnist_index: np.ndarray
    mnist_split: str

    def __len__(self) -> int:
        return len(self.digits)

    def one_hot(self) -> np.ndarray:
        """The class channel, float32 ``[n, 10]``."""
        return np.eye(10, dtype=np.float32)[self.digits]

    def inputs(self) -> dict:
        """The DBN's visible data per channel: image, audio (raw features; the Gaussian RBM
        standardises), motor / 10 in [0, 1], class one-hot."""
        return {"image": self.image, "audio": self.audio, "motor": to_unit(self.motor),
                "class": self.one_hot()}


def _pair_images(digits, split: str, rng) -> tuple:
    images, labels = load_mnist(split)
    index = np.empty(len(digits), np.int64)
    for d in range(10):
        rows = np.flatnonzero(digits == d)
        index[rows] = rng.choice(np.flatnonzero(labels == d), size=len(rows), replace=False)
    return (images[index].reshape(len(index), -1) / np.float32(255)).astype(np.float32), index


def multimodal_set(rows, mnist_split: str, *, motor_noise: float = DEFAULT_NOISE, seed: int = 0,
                   data_dir=None) -> MultimodalSet:
    """Build the paired channels for FSDD rows ``rows`` (int indices into ``load_fsdd()``)."""
    if mnist_split not in ("train", "test"):
        raise ValueError(f"mnist_split must be 'train' or 'test', got {mnist_split!r}")
    recordings = load_fsdd(data_dir=data_dir)
    rows = np.asarray(rows, dtype=np.int64)
    if rows.ndim != 1 or rows.size == 0 or rows.min() < 0 or rows.max() >= len(recordings):
        raise ValueError(f"rows must be a non-empty 1-D array of indices in [0, {len(recordings)})")
    digits = recordings.digits[rows]
    rng = np.random.default_rng(seed)
    image, mnist_index = _pair_images(digits, mnist_split, rng)
    motor = motor_examples(digits, noise=motor_noise, seed=seeding.child(seed, "motor"))
    return MultimodalSet(image=image, audio=_all_stft(data_dir)[rows].copy(), motor=motor,
                         digits=digits.copy(), speakers=recordings.speakers[rows].copy(),
                         recording=rows, mnist_index=mnist_index, mnist_split=mnist_split)


#: the ``held_out`` of the speaker-mixed fold: no speaker is held out; every speaker's takes
#: 0-4 of every digit (FSDD's own test split, 300 recordings) are the test rows and takes
#: 5-49 (2,700) the training rows, where a leave-one-speaker-out fold trains on 2,500
TAKES_HELD_OUT = "takes 0-4"
#: the takes of every speaker and digit the speaker-mixed fold tests on
TEST_TAKES = range(5)
#: every ``held_out`` a fold accepts: a speaker, or :data:`TAKES_HELD_OUT`
HELD_OUT_CHOICES = (*SPEAKERS, TAKES_HELD_OUT)


def check_held_out(held_out: str) -> str:
    """``held_out`` when it is one of :data:`HELD_OUT_CHOICES`, else a ValueError naming them."""
    if held_out not in HELD_OUT_CHOICES:
        raise ValueError(f"held_out must be one of {list(HELD_OUT_CHOICES)}, got {held_out!r}")
    return held_out


def training_speakers(held_out: str, train_speakers=None) -> tuple:
    """The speakers a fold trains on (sorted): every speaker but ``held_out`` (every speaker
    for :data:`TAKES_HELD_OUT`), or the given ``train_speakers`` (distinct, non-empty, from
    :data:`SPEAKERS`, without ``held_out``; not with :data:`TAKES_HELD_OUT`)."""
    check_held_out(held_out)
    if held_out == TAKES_HELD_OUT:
        if train_speakers is not None:
            raise ValueError(f"train_speakers cannot be chosen for the speaker-mixed fold ({TAKES_HELD_OUT!r}), "
                             f"which trains on every speaker; got {train_speakers!r}")
        return tuple(SPEAKERS)
    others = tuple(s for s in SPEAKERS if s != held_out)
    if train_speakers is None:
        return others
    chosen = [train_speakers] if isinstance(train_speakers, str) else list(train_speakers)
    if not chosen or len(set(chosen)) != len(chosen) or not set(chosen) <= set(others):
        raise ValueError(f"train_speakers must be distinct speakers from {list(others)} (all but the held-out "
                         f"{held_out!r}), at least one; got {chosen!r}")
    return tuple(sorted(chosen))


#: how the audio features are scaled before the DBN sees them: "none" (as computed), or
#: "speaker" (:func:`speaker_normalised`: every speaker's features to mean 0 and s.d. 1 per
#: feature, over that speaker's own rows of the set; no labels; issue 25)
AUDIO_NORMALISATIONS = ("none", "speaker")


def speaker_normalised(features, speakers) -> np.ndarray:
    """Features ``[n, d]`` with every speaker's rows (``speakers`` str ``[n]``) shifted and
    scaled to mean 0 and standard deviation 1 per feature over that speaker's rows (a feature
    constant for a speaker becomes 0); float32. Uses no labels: for a held-out speaker, its
    own test recordings give its statistics."""
    x = np.asarray(features, dtype=np.float64)
    who = np.asarray(speakers)
    if x.ndim != 2 or who.shape != (len(x),):
        raise ValueError(f"features must be [n, d] and speakers [n]; got {x.shape} and {who.shape}")
    out = np.empty_like(x)
    for name in np.unique(who):
        rows = who == name
        spread = x[rows].std(axis=0)
        out[rows] = (x[rows] - x[rows].mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return out.astype(np.float32)


def multimodal_fold(held_out: str, *, motor_noise: float = DEFAULT_NOISE, seed: int = 0,
                    data_dir=None, train_speakers=None, audio_normalisation: str = "none") -> tuple:
    """(train, test) :class:`MultimodalSet` for the fold that holds out speaker ``held_out``
    (:data:`TAKES_HELD_OUT`: every speaker's takes 0-4, FSDD's own test split);
    ``train_speakers``: train on these speakers' recordings only (default: all the others;
    :func:`training_speakers`); ``audio_normalisation``: one of :data:`AUDIO_NORMALISATIONS`."""
    if audio_normalisation not in AUDIO_NORMALISATIONS:
        raise ValueError(f"audio_normalisation must be one of {list(AUDIO_NORMALISATIONS)}, "
                         f"got {audio_normalisation!r}")
    speakers = training_speakers(held_out, train_speakers)
    loaded = load_fsdd(data_dir=data_dir)
    recordings = loaded.speakers
    if held_out == TAKES_HELD_OUT:
        tested = np.isin(loaded.indices, TEST_TAKES)
        fold = Fold(held_out, np.flatnonzero(~tested), np.flatnonzero(tested))
    else:
        fold = {f.held_out: f for f in speaker_folds(recordings)}[held_out]
    index = fold.train_index
    if train_speakers is not None:
        index = index[np.isin(recordings[index], speakers)]
    train = multimodal_set(index, "train", motor_noise=motor_noise, seed=seeding.child(seed, "train_set"),
                           data_dir=data_dir)
    test = multimodal_set(fold.test_index, "test", motor_noise=motor_noise, seed=seeding.child(seed, "test_set"),
                          data_dir=data_dir)
    if audio_normalisation == "speaker":
        train, test = (replace(part, audio=speaker_normalised(part.audio, part.speakers)) for part in (train, test))
    return train, test
