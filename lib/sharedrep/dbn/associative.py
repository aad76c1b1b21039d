"""The associative memory: one binary RBM over the concatenated top features of all channels.

Its visible layer is ``[top features of channel 1 | channel 2 | ...]`` (every entry in
[0, 1]: hidden probabilities, or the one-hot class channel, which has no hidden layer). Its
size: the paper's text gives none (Figure 1's caption is only "A four-channel multimodal
DLA"), so the default is 1,000 hidden units, a little more than the 810 concatenated top
features of the four channels (300 + 400 + 100 + 10), like the channels' own first layers.
"""
from __future__ import annotations

import numpy as np

from .rbm import RBM, check_data

DEFAULT_HIDDEN = 1000


def concatenate(tops) -> np.ndarray:
    """Top features of every channel (each float ``[m, n_k]``) side by side: float32 ``[m, sum n_k]``."""
    tops = list(tops)
    if not tops:
        raise ValueError("tops must hold at least one channel's top features, got an empty list")
    arrays = [np.asarray(t) for t in tops]
    for k, a in enumerate(arrays):
        if a.ndim != 2:
            raise ValueError(f"tops[{k}] must be 2-D [m, n_k], got shape {a.shape}")
    if len({a.shape[0] for a in arrays}) != 1:
        raise ValueError(f"every channel needs the same number of rows, got {[a.shape[0] for a in arrays]}")
    x = np.concatenate(arrays, axis=1)
    return check_data(x, x.shape[1], "concatenated top features", unit_interval=True)


def train_associative(tops, n_hidden: int = DEFAULT_HIDDEN, *, learning_rate: float = 0.1,
                      epochs: int = 10, batch_size: int = 100, momentum: float = 0.5,
                      weight_decay: float = 2e-4, cd_k: int = 1, seed: int = 0) -> RBM:
    """Train the associative RBM (CD-k) on the concatenated top features ``tops``."""
    x = concatenate(tops)
    return RBM(x.shape[1], n_hidden, "binary", learning_rate=learning_rate, momentum=momentum,
               weight_decay=weight_decay, epochs=epochs, batch_size=batch_size, cd_k=cd_k,
               seed=seed).fit(x)


def split_rows(array: np.ndarray, sizes) -> list:
    """Cut ``array`` (``[sum sizes, ...]`` or ``[sum sizes]``) into per-channel copies."""
    sizes = [int(s) for s in sizes]
    if sum(sizes) != len(array):
        raise ValueError(f"channel sizes {sizes} sum to {sum(sizes)}, the array has {len(array)} rows")
    edges = np.cumsum([0] + sizes)
    return [array[a:b].copy() for a, b in zip(edges[:-1], edges[1:])]
