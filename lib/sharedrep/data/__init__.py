"""Real data for the book: MNIST and FSDD, verified against sha256 registries.

``load_mnist``, ``load_fsdd`` read the official files (see :mod:`.sources` for where they
are looked for and how a missing or corrupt file is reported); ``spectrogram`` is paper 1's
14 x 56 audio image; ``bimodal_dataset`` builds paper 1's paired, augmented dataset.
"""
from .bimodal import AUDIO_RECIPES, BLOCKS, PAIRINGS, BimodalDataset, BimodalSplit, bimodal_dataset, recipe_spectrograms
from .fsdd import PAPER1_SPEAKERS, SAMPLE_RATE, SPEAKERS, Recordings, load_fsdd
from .mnist import load_mnist
from .sources import DataIntegrityError, DataNotFoundError, locate
from .spectrogram import spectrogram, spectrogram_steps, spectrograms

__all__ = [
    "AUDIO_RECIPES", "BLOCKS", "PAIRINGS", "BimodalDataset", "BimodalSplit", "bimodal_dataset",
    "recipe_spectrograms",
    "PAPER1_SPEAKERS", "SAMPLE_RATE", "SPEAKERS", "Recordings", "load_fsdd",
    "DataIntegrityError", "DataNotFoundError", "locate", "load_mnist",
    "spectrogram", "spectrogram_steps", "spectrograms",
]
