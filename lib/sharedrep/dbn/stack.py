"""A DBN channel: a stack of RBMs trained greedily, bottom layer first.

Each RBM is trained (CD-k) on the hidden probabilities of the one below. A channel with no
hidden layers (the class channel) passes its visible units through unchanged: its "top
features" are its input. :meth:`DBNChannel.up` maps input ``[n, n_visible]`` to top features
``[n, n_top]``; :meth:`DBNChannel.down` maps top features back to the visible layer
(mean-field, through each RBM's generative direction).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import seeds as seeding
from .rbm import RBM, VISIBLE_TYPES, check_data


@dataclass(frozen=True)
class DBNChannel:
    """One modality: ``rbms[0]`` sees the data, ``rbms[-1]`` gives the top features.

    name : the channel's name ("image", "audio", ...).
    n_visible : input width (units).
    rbms : the trained RBMs, bottom first (empty for a channel without hidden layers).
    visible : the bottom layer's visible type ("binary" or "gaussian").
    """

    name: str
    n_visible: int
    rbms: tuple
    visible: str = "binary"

    @property
    def n_top(self) -> int:
        """Width of the top features (the input width when there is no hidden layer)."""
        return self.rbms[-1].n_hidden if self.rbms else self.n_visible

    def check(self, data, name: str | None = None) -> np.ndarray:
        """``data`` as float32 ``[n, n_visible]`` or ValueError naming the channel."""
        return check_data(data, self.n_visible, name or f"channel {self.name!r}",
                          unit_interval=self.visible == "binary")

    def up(self, data) -> np.ndarray:
        """Top features float32 ``[n, n_top]`` (hidden probabilities of the top RBM)."""
        x = self.check(data)
        for rbm in self.rbms:
            x = rbm.hidden_probabilities(x)
        return x

    def down(self, top) -> np.ndarray:
        """Visible reconstruction float32 ``[n, n_visible]`` from top features ``[n, n_top]``."""
        x = check_data(top, self.n_top, f"top features of channel {self.name!r}")
        for rbm in reversed(self.rbms):
            x = rbm.visible_mean(x)
        return x


def train_channel(data, hidden_sizes=(), *, name: str = "channel", visible: str = "binary",
                  learning_rate=0.1, epochs: int = 10, batch_size: int = 100,
                  momentum: float = 0.5, weight_decay: float = 2e-4, cd_k: int = 1,
                  seed: int = 0) -> DBNChannel:
    """Train a channel greedily on ``data`` ``[n, n_visible]``.

    hidden_sizes : units per hidden layer, bottom first, e.g. ``(700, 300)``; ``()`` for none.
    visible : the bottom RBM's visible units; the layers above are always binary.
    learning_rate : one number for every layer or one per layer.
    Other arguments go to :class:`~sharedrep.dbn.rbm.RBM`; layer ``i`` is seeded
    ``sharedrep.seeds.child(seed, "layer", i)``.
    """
    if visible not in VISIBLE_TYPES:
        raise ValueError(f"visible must be one of {VISIBLE_TYPES}, got {visible!r}")
    sizes = tuple(hidden_sizes)
    rates = tuple(learning_rate) if np.ndim(learning_rate) else (learning_rate,) * len(sizes)
    if len(rates) != len(sizes):
        raise ValueError(f"learning_rate must be one number or one per layer ({len(sizes)}), "
                         f"got {len(rates)}")
    x = np.asarray(data)
    if x.ndim != 2:
        raise ValueError(f"data of channel {name!r} must be 2-D [n, n_visible], got shape {x.shape}")
    x = check_data(x, x.shape[1], f"channel {name!r}", unit_interval=visible == "binary")
    rbms = []
    for i, (size, rate) in enumerate(zip(sizes, rates)):
        rbm = RBM(x.shape[1], size, visible if i == 0 else "binary", learning_rate=rate,
                  momentum=momentum, weight_decay=weight_decay, epochs=epochs,
                  batch_size=batch_size, cd_k=cd_k, seed=seeding.child(seed, "layer", i)).fit(x)
        rbms.append(rbm)
        x = rbm.hidden_probabilities(x)
    return DBNChannel(name=name, n_visible=np.asarray(data).shape[1], rbms=tuple(rbms), visible=visible)
