"""Every random seed of the library is derived here, from one seed per network or fold.

A run names one non-negative integer per network (paper 1) or per fold (paper 2); each
thing drawn at random for it (its dataset, its initial weights, its batch order, the
classifier of each snapshot, ...) gets its own stream, derived from that seed and a
*purpose* with :class:`numpy.random.SeedSequence`. Streams with different purposes or
paths are statistically independent, and no two networks share a stream: network 0's
second classifier and network 1's first are different draws, which they were not when
children were ``seed + k`` (:data:`SCHEMES`).

- :func:`child` gives an ``int`` seed (for an API that takes one, e.g. TensorFlow's
  stateless ops or :func:`sharedrep.models.glorot_weights`).
- :func:`stream` gives a :class:`numpy.random.Generator` for a numbered sub-stream of a
  seed (the batch order of one epoch, ...).
- :func:`network_seeds` and :func:`classifier_seeds` are paper 1's two uses, under either
  scheme of :data:`SCHEMES`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import Choice, Int

#: what a child seed is for; the numbers are part of every derived seed, so they never change
PURPOSES = {"dataset": 1, "weights": 2, "batch_order": 3, "classifier": 4, "network": 5,
            # paper 2: a fold, its data and its models
            "fold": 6, "train_set": 7, "test_set": 8, "motor": 9, "channel": 10, "layer": 11,
            "associative": 12, "backfitting": 13, "audio_classifier": 14, "image_classifier": 15,
            "copies": 16,
            # paper 1's significance rule: the label shuffles of one network and modality
            "permutation": 17,
            # paper 2's learning curve in the number of training speakers
            "speaker_order": 18,
            # paper 2's settings chosen on a validation speaker inside each fold
            "validation_speaker": 19}

#: how paper 1's per-network seeds are derived: "spawned" (independent streams from
#: SeedSequence, the default) or "offset" (the first stored runs, before 2026-12: the
#: network's seed itself for its dataset, weights and batch order, and ``seed + k`` for the
#: classifier of snapshot ``k``, so that network ``n``'s snapshot ``k + 1`` and network
#: ``n + 1``'s snapshot ``k`` had the same classifier seed)
SCHEMES = ("spawned", "offset")


def _check(seed) -> int:
    return Int(0).check("seed", seed)


def _path(purpose: str, path) -> list[int]:
    Choice(tuple(PURPOSES)).check("purpose", purpose)
    return [PURPOSES[purpose], *(_check(p) for p in path)]


def child(seed: int, purpose: str, *path: int) -> int:
    """The seed (an int in [0, 2**63)) of ``purpose`` (one of :data:`PURPOSES`) under
    ``seed``, e.g. ``child(3, "classifier", 2)``: the classifier of snapshot 2 of network 3.
    The same arguments always give the same seed; different ones give independent streams."""
    sequence = np.random.SeedSequence(_check(seed), spawn_key=tuple(_path(purpose, path)))
    return int(sequence.generate_state(1, np.uint64)[0] >> np.uint64(1))


def sklearn_seed(seed: int, purpose: str, *path: int) -> int:
    """:func:`child` cut to 32 bits, for scikit-learn's ``random_state`` (which takes ints below 2**32)."""
    return child(seed, purpose, *path) >> 31


def stream(seed: int, *path: int) -> np.random.Generator:
    """The generator of sub-stream ``path`` (non-negative ints, e.g. an epoch) of ``seed``:
    ``numpy.random.default_rng([seed, *path])``."""
    return np.random.default_rng([_check(seed), *(_check(p) for p in path)])


def spawn(seed: int, n: int) -> list[np.random.Generator]:
    """``n`` independent generators from one seed (``SeedSequence(seed).spawn(n)``)."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(_check(seed)).spawn(n)]


@dataclass(frozen=True)
class NetworkSeeds:
    """The seeds of one paper-1 network: its dataset's draws (audio split, pairing), its
    initial weights and its batch order."""
    dataset: int
    weights: int
    batch_order: int


def _check_scheme(scheme: str) -> str:
    return Choice(SCHEMES).check("seed_scheme", scheme)


def network_seeds(seed: int, scheme: str = "spawned") -> NetworkSeeds:
    """The seeds of the network named ``seed`` under ``scheme`` (:data:`SCHEMES`)."""
    if _check_scheme(scheme) == "offset":
        return NetworkSeeds(_check(seed), _check(seed), _check(seed))
    return NetworkSeeds(*(child(seed, purpose) for purpose in ("dataset", "weights", "batch_order")))


def classifier_seeds(seed: int, count: int, scheme: str = "spawned") -> list[int]:
    """The seeds of the classifiers of snapshots ``0..count-1`` of the network named ``seed``
    (each seed serves the classifier trained on images and the one trained on audio)."""
    if _check_scheme(scheme) == "offset":
        return [_check(seed) + k for k in range(count)]
    return [child(seed, "classifier", k) for k in range(count)]
