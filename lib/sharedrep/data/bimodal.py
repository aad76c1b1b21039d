"""Paper 1's bimodal dataset: MNIST images paired with FSDD spectrograms of spoken digits.

See the reproduction spec, "Paper 1: Data". In short, for one ``seed``:

- images: ``images_per_digit`` (500) MNIST *train* images of each digit (the first ones of
  that digit; ``image_selection="first"`` takes the first 5,000 train images as the
  authors' code did); test images: the first 50 of each digit of MNIST *test*;
- audio: the 100 recordings per digit of speakers jackson and theo; per digit a seeded
  permutation puts 50 in the test set and 50 in the training pool;
- consistent pairing: each training image gets a pool recording of its own digit, drawn
  with replacement; inconsistent pairing: the same audio rows randomly permuted, so the
  digits agree only by chance (the consistent and inconsistent datasets of one seed share
  the audio split and the draws: they differ only by the permutation);
- augmentation: training rows = image-only (audio zeroed) + audio-only (image zeroed) +
  both, in that order; targets are always the full image and the full audio. Test rows
  likewise, 50 per digit in each block, test image i paired with test recording i.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import seeds as seeding
from ..constants import PAIRINGS, PIXELS
from ..validation import Choice, Int, one_of
from .fsdd import PAPER1_SPEAKERS, load_fsdd
from .mnist import load_mnist
from .sources import environment_key
from .spectrogram import spectrograms

IMAGE_SELECTIONS = ("balanced", "first")
#: named spectrogram scalings (the arguments of :func:`bimodal_dataset` they stand for):
#: "authors" (importInput.py: 8-bit before resizing, then every spectrogram divided by the
#: maximum over all of them, so the inputs fill [0, 1]) and "float" (each spectrogram
#: min-max scaled on its own and resized in floating point: the book's first runs)
AUDIO_RECIPES = {"authors": {"quantize": True, "rescale": True}, "float": {"quantize": False, "rescale": False}}
BLOCKS = ("image", "audio", "both")  # row blocks, in order
N_DIGITS = 10
TEST_PER_DIGIT = 50


@dataclass(frozen=True)
class BimodalSplit:
    """One split (train or test) as row-aligned read-only arrays, ``n`` rows.

    x_image, x_audio : float32 ``[n, 784]`` network inputs in [0, 1]; zeros where that
        modality is absent (image: 28x28 row-major; audio: 14x56 spectrogram row-major).
    t_image, t_audio : float32 ``[n, 784]`` reconstruction targets (always the full pair).
    digit_image, digit_audio : int64 ``[n]`` the digit shown / spoken (differ only under
        inconsistent pairing).
    has_image, has_audio : bool ``[n]`` which modalities are present in the input.
    """

    x_image: np.ndarray
    x_audio: np.ndarray
    t_image: np.ndarray
    t_audio: np.ndarray
    digit_image: np.ndarray
    digit_audio: np.ndarray
    has_image: np.ndarray
    has_audio: np.ndarray

    def __len__(self) -> int:
        return len(self.x_image)

    @property
    def block(self) -> np.ndarray:
        """str ``[n]``: "image" (image only), "audio" (audio only) or "both"."""
        return np.where(self.has_image & self.has_audio, "both",
                        np.where(self.has_image, "image", "audio"))

    def rows(self, block: str) -> np.ndarray:
        """Indices of the rows of one block ("image", "audio" or "both")."""
        one_of("block", block, BLOCKS)
        return np.flatnonzero(self.block == block)


@dataclass(frozen=True)
class BimodalDataset:
    """``train`` (3 x 5,000 rows by default) and ``test`` (3 x 500 rows) plus the settings."""

    train: BimodalSplit
    test: BimodalSplit
    pairing: str
    seed: int
    images_per_digit: int
    image_selection: str
    speakers: tuple
    quantize: bool
    rescale: bool


def _augment(images, audio, digit_image, digit_audio) -> BimodalSplit:
    """Stack the image-only, audio-only and both blocks of ``m`` pairs: ``3m`` rows."""
    m = len(images)
    zeros = np.zeros((m, PIXELS), dtype=np.float32)
    ones, nones = np.ones(m, bool), np.zeros(m, bool)
    arrays = dict(
        x_image=np.concatenate([images, zeros, images]),
        x_audio=np.concatenate([zeros, audio, audio]),
        t_image=np.concatenate([images] * 3),
        t_audio=np.concatenate([audio] * 3),
        digit_image=np.concatenate([digit_image] * 3),
        digit_audio=np.concatenate([digit_audio] * 3),
        has_image=np.concatenate([ones, nones, ones]),
        has_audio=np.concatenate([nones, ones, ones]),
    )
    for array in arrays.values():
        array.setflags(write=False)
    return BimodalSplit(**arrays)


def _select_images(images, labels, per_digit: int, selection: str):
    """Row indices of the chosen MNIST images, ordered by digit for "balanced"."""
    if selection == "first":
        return np.arange(per_digit * N_DIGITS)
    picks = [np.flatnonzero(labels == d)[:per_digit] for d in range(N_DIGITS)]
    return np.concatenate(picks)


def _check(pairing, seed, images_per_digit, image_selection):
    Choice(PAIRINGS).check("pairing", pairing)
    Choice(IMAGE_SELECTIONS).check("image_selection", image_selection)
    Int(0).check("seed", seed)
    Int(1, 5421).check("images_per_digit (5,421: the rarest digit's training images)", images_per_digit)


def recipe_spectrograms(recordings, quantize: bool = False, rescale: bool = False) -> np.ndarray:
    """The audio inputs of paper 1's networks, float32 ``[n, 14, 56]`` in [0, 1]: the
    :func:`~sharedrep.data.spectrogram.spectrograms` of ``recordings`` (``quantize``: rounded to
    256 levels before resizing) and, with ``rescale``, divided by their largest value, as the
    authors' ``importInput.py`` did (``AUDIO_RECIPES[name]`` gives both flags of a recipe)."""
    spec = spectrograms(recordings, quantize=quantize)
    return spec / spec.max() if rescale else spec


def bimodal_dataset(pairing: str = "consistent", seed: int = 0, images_per_digit: int = 500,
                    image_selection: str = "balanced", speakers=PAPER1_SPEAKERS,
                    quantize: bool = False, rescale: bool = False, data_dir=None,
                    download=None) -> BimodalDataset:
    """Build paper 1's bimodal dataset from the real MNIST and FSDD files.

    Parameters
    ----------
    pairing : "consistent" (same digit) or "inconsistent" (permuted audio; the control).
    seed : non-negative int; the same seed gives identical arrays.
    images_per_digit : training images per digit (paper: 500, so 5,000 pairs, 15,000 rows).
    image_selection : "balanced" (default) or "first" (the first ``10 * images_per_digit``
        train images, unbalanced, as the authors' code).
    speakers : FSDD speakers whose recordings are used (paper: jackson and theo; each
        speaker gives 50 recordings per digit, and at least 2 per digit are needed).
    quantize : round spectrograms to 256 levels before resizing, as the authors did.
    rescale : divide every spectrogram by the maximum over all the speakers' spectrograms
        (importInput.py), as the authors did; ``AUDIO_RECIPES["authors"]`` sets both.
    data_dir, download : where the data is found (see :mod:`sharedrep.data.sources`).
    """
    _check(pairing, seed, images_per_digit, image_selection)
    speakers = (speakers,) if isinstance(speakers, str) else tuple(sorted(set(speakers)))
    return _build(pairing, int(seed), int(images_per_digit), image_selection, speakers,
                  bool(quantize), bool(rescale), None if data_dir is None else str(data_dir), download,
                  environment_key())


@lru_cache(maxsize=8)
def _build(pairing, seed, per_digit, selection, speakers, quantize, rescale, data_dir, download, _env):
    split_rng, draw_rng, permute_rng = seeding.spawn(seed, 3)
    # images
    train_images, train_labels = load_mnist("train", data_dir, download)
    test_images, test_labels = load_mnist("test", data_dir, download)
    chosen = _select_images(train_images, train_labels, per_digit, selection)
    img_train = train_images[chosen].reshape(-1, PIXELS).astype(np.float32) / 255.0
    dig_train = np.asarray(train_labels[chosen])
    test_rows = _select_images(test_images, test_labels, TEST_PER_DIGIT, "balanced")
    img_test = test_images[test_rows].reshape(-1, PIXELS).astype(np.float32) / 255.0
    dig_test = np.repeat(np.arange(N_DIGITS), TEST_PER_DIGIT)
    # audio: per digit, a seeded half/half split into test set and training pool
    recordings = load_fsdd(speakers, data_dir, download)
    spec = recipe_spectrograms(recordings.audio, quantize, rescale).reshape(-1, PIXELS)
    test_audio, pools = [], []
    for digit in range(N_DIGITS):
        mine = np.flatnonzero(recordings.digits == digit)
        order = mine[split_rng.permutation(len(mine))]
        if len(order) < TEST_PER_DIGIT + 1:
            raise ValueError(f"digit {digit}: {len(order)} recordings from {speakers}; "
                             f"need more than {TEST_PER_DIGIT} (use at least 2 speakers)")
        test_audio.append(spec[order[:TEST_PER_DIGIT]])
        pools.append(spec[order[TEST_PER_DIGIT:]])
    # consistent pairing: a pool recording of the image's own digit, with replacement
    aud_train = np.empty_like(img_train)
    for digit in range(N_DIGITS):
        rows = np.flatnonzero(dig_train == digit)
        aud_train[rows] = pools[digit][draw_rng.integers(len(pools[digit]), size=len(rows))]
    dig_audio = dig_train.copy()
    if pairing == "inconsistent":
        shuffle = permute_rng.permutation(len(aud_train))
        aud_train, dig_audio = aud_train[shuffle], dig_audio[shuffle]
    return BimodalDataset(
        train=_augment(img_train, aud_train, dig_train, dig_audio),
        test=_augment(img_test, np.concatenate(test_audio), dig_test, dig_test),
        pairing=pairing, seed=seed, images_per_digit=per_digit, image_selection=selection,
        speakers=speakers, quantize=quantize, rescale=rescale,
    )
