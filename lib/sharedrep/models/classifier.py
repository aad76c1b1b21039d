"""Shared-representation learning: classify digits from a frozen encoder's features.

The paper's test of a shared representation: train a small classifier on the
encoding of one modality alone (other modality zeroed) and test it on each
modality alone. Classifier (authors' code): Dense 64 ReLU, Dropout 0.2, Dense 64
ReLU, Dropout 0.2, Dense 10 softmax; categorical cross-entropy; Adadelta lr 1.0;
batch 256; 1,000 epochs; a fresh classifier for every run.

The encoder is frozen, so its features are computed once (:func:`encode`) and the
classifiers train on them. ``N`` classifiers (one per encoder and/or seed) train
together in one compiled loop, each with its own weights, batch order and dropout
masks, all derived from its seed only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .. import seeds as seeding
from ..constants import MODALITIES
from ..validation import one_of
from .adadelta import Adadelta
from .architecture import check_seed
from .autoencoder import architecture_from_weights, encode
from .progress import Progress


@dataclass
class ClassifierResult:
    weights: list[np.ndarray]   # [W1, b1, W2, b2, W3, b3], each with a leading axis N
    losses: np.ndarray          # [epochs, N] mean training loss per epoch


def _glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def _init(seed: int, sizes: Sequence[int]) -> list[np.ndarray]:
    rng = seeding.stream(seed, 1)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights += [_glorot(rng, fan_in, fan_out), np.zeros(fan_out, np.float32)]
    return weights


def _logits(tf, weights, x, masks=None):
    h = x
    for k in range(0, len(weights) - 2, 2):
        h = tf.nn.relu(tf.matmul(h, weights[k]) + weights[k + 1][:, None, :])
        if masks is not None:
            h = h * masks[k // 2]
    return tf.matmul(h, weights[-2]) + weights[-1][:, None, :]


def train_classifier(features: np.ndarray, labels: np.ndarray, seeds: int | Sequence[int] = 0,
                     epochs: int = 1000, batch_size: int = 256, hidden: Sequence[int] = (64, 64),
                     dropout: float = 0.2, classes: int = 10,
                     optimizer: Adadelta = Adadelta(), verbose: bool = False) -> ClassifierResult:
    """Train ``N`` classifiers on ``features`` float32 ``[rows, d]`` (shared) or
    ``[N, rows, d]`` with integer ``labels`` ``[rows]`` (shared) or ``[N, rows]``, in
    0..classes-1. Classifier ``n`` is fully determined by ``seeds[n]`` (weights, batch
    order, dropout masks) and its own features and labels, so a classifier trained in a
    larger batch equals the same classifier trained alone (up to float rounding).
    ``verbose``: a progress line (epochs, loss, time left) on stderr every few seconds."""
    import tensorflow as tf

    seeds = (seeds,) if isinstance(seeds, (int, np.integer)) else tuple(seeds)
    seeds = tuple(check_seed("seeds", s) for s in seeds)
    n = len(seeds)
    features = np.asarray(features, np.float32)
    if features.ndim == 2:
        features = np.broadcast_to(features, (n,) + features.shape)
    if features.ndim != 3 or features.shape[0] != n:
        raise ValueError(f"features: expected [rows, d] or [{n}, rows, d], got {list(features.shape)}")
    if not np.isfinite(features).all():
        raise ValueError("features: contains NaN or infinite values")
    rows = features.shape[1]
    labels = _labels(labels, n, rows, classes)
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout={dropout!r}: must lie in [0, 1)")
    sizes = (features.shape[2], *hidden, classes)
    inits = [_init(s, sizes) for s in seeds]
    params = [tf.Variable(np.stack([w[k] for w in inits])) for k in range(len(inits[0]))]
    acc_g = [tf.Variable(tf.zeros_like(p)) for p in params]
    acc_d = [tf.Variable(tf.zeros_like(p)) for p in params]
    x_all, y_all = tf.constant(features), tf.constant(labels.astype(np.int32))
    keep = 1.0 - dropout

    @tf.function(jit_compile=True)
    def run(indices, epoch):     # indices [N, S, B]
        p = [v.read_value() for v in params]
        g_acc = [v.read_value() for v in acc_g]
        d_acc = [v.read_value() for v in acc_d]
        total = tf.zeros([n])
        for s in tf.range(tf.shape(indices)[1]):
            idx = indices[:, s]
            x = tf.gather(x_all, idx, batch_dims=1)
            y = tf.gather(y_all, idx, batch_dims=1)
            masks = []
            for layer, units in enumerate(hidden):   # dropout masks from (seed, epoch, step, layer)
                counter = epoch * 1_000_003 + tf.cast(s, tf.int64) * 16 + layer
                u = tf.stack([tf.random.stateless_uniform(
                    [tf.shape(idx)[1], units], tf.stack([tf.constant(seed, tf.int64), counter]))
                    for seed in seeds])
                masks.append(tf.cast(u < keep, tf.float32) / keep)
            with tf.GradientTape() as tape:
                tape.watch(p)
                ce = tf.nn.sparse_softmax_cross_entropy_with_logits(y, _logits(tf, p, x, masks))
                loss = tf.reduce_mean(ce, axis=1)
            grads = tape.gradient(loss, p)
            new = [optimizer.step(*a) for a in zip(p, grads, g_acc, d_acc)]
            p, g_acc, d_acc = [u[0] for u in new], [u[1] for u in new], [u[2] for u in new]
            total += loss * tf.cast(tf.shape(idx)[1], tf.float32)
        for var, value in zip(params + acc_g + acc_d, p + g_acc + d_acc):
            var.assign(value)
        return total

    steps, tail = divmod(rows, batch_size)
    losses = np.zeros((epochs, n))
    progress = Progress(epochs, enabled=verbose, every=10.0, label=f"{n} classifiers")
    for epoch in range(epochs):
        order = np.stack([seeding.stream(s, 2, epoch).permutation(rows) for s in seeds])
        total = np.zeros(n)
        if steps:
            total += run(order[:, :steps * batch_size].reshape(n, steps, batch_size),
                         tf.constant(epoch, tf.int64)).numpy()
        if tail:
            total += run(order[:, steps * batch_size:].reshape(n, 1, tail), tf.constant(epoch, tf.int64)).numpy()
        losses[epoch] = total / rows
        if not np.isfinite(losses[epoch]).all():
            raise FloatingPointError(f"classifier loss became NaN/inf at epoch {epoch + 1}")
        progress.update(epoch + 1, losses[epoch])
    return ClassifierResult([v.numpy() for v in params], losses)


def _labels(labels, n: int, rows: int, classes: int) -> np.ndarray:
    """Integer labels ``[n, rows]`` from ``[rows]`` (shared) or ``[n, rows]``; a clear error otherwise."""
    labels = np.asarray(labels)
    if labels.shape not in ((rows,), (n, rows)) or not np.issubdtype(labels.dtype, np.integer) \
            or labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"labels: expected integers in 0..{classes - 1} shaped [{rows}] or [{n}, {rows}], "
                         f"got shape {list(labels.shape)} of {labels.dtype}")
    return np.broadcast_to(labels, (n, rows))


def classifier_accuracy(weights: list[np.ndarray], features: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Fraction correct ``[N]`` of ``N`` trained classifiers on ``features``
    ``[rows, d]`` or ``[N, rows, d]`` with labels ``[rows]`` or ``[N, rows]`` (no dropout)."""
    import tensorflow as tf

    n = weights[0].shape[0]
    features = np.asarray(features, np.float32)
    if features.ndim == 2:
        features = np.broadcast_to(features, (n,) + features.shape)
    labels = _labels(labels, n, features.shape[1], weights[-1].shape[-1])
    logits = _logits(tf, [tf.constant(w) for w in weights], tf.constant(features)).numpy()
    return (logits.argmax(-1) == labels).mean(axis=1)


def _field(split, name):
    return np.asarray(split[name] if isinstance(split, dict) else getattr(split, name))


def single_modality_rows(split, modality: str) -> tuple[np.ndarray, np.ndarray]:
    """Row indices with only ``modality`` present, and their digit labels."""
    one_of("modality", modality, MODALITIES)
    other = "audio" if modality == "image" else "image"
    rows = np.flatnonzero(_field(split, f"has_{modality}") & ~_field(split, f"has_{other}"))
    return rows, _field(split, f"digit_{modality}")[rows]


def shared_representation_scores(groups, train_modalities: Sequence[str] = MODALITIES, layer: int | None = None,
                                 arch=None, epochs: int = 1000, batch_size: int = 256,
                                 verbose: bool = False, optimizer: Adadelta = Adadelta()) -> list[np.ndarray]:
    """Shared-representation learning for many frozen encoders, all classifiers in one batched call.

    groups : ``[(encoder_weights, train_split, test_split, seeds), ...]``; a group's weights
        have a leading axis ``K`` (its encoders, e.g. one network's snapshots), its splits
        are BimodalSplit-like (``x_image, x_audio, digit_*, has_*``) and ``seeds`` gives one
        classifier seed per encoder (``K`` ints).
    train_modalities : train on the rows with only this modality, for each entry.
    layer : encoding layer (default: the last); ``arch``: default from the weights.
    optimizer : the classifiers' Adadelta (default: the authors', :class:`Adadelta`).

    Returns per group float ``[K, len(train_modalities), 2 tested on (image, audio)]``: the
    fraction of the test rows with only that modality classified right. An encoder's
    classifiers (one per training modality) share its seed.
    """
    if not train_modalities:
        raise ValueError(f"train_modalities must name at least one of {list(MODALITIES)}; got none")
    for modality in train_modalities:
        one_of("train_modality", modality, MODALITIES)
    train_x, train_y, seeds, test, sizes = [], [], [], {m: ([], []) for m in MODALITIES}, []
    for weights, train_split, test_split, group_seeds in groups:
        group_arch = arch or architecture_from_weights(weights)
        k = np.shape(weights[f"{group_arch.layers[0].name}/kernel"])[0]
        if len(group_seeds) != k:
            raise ValueError(f"seeds: need one per encoder ({k}), got {len(group_seeds)}")

        def features(split, rows, weights=weights, group_arch=group_arch):   # [K, rows, units]
            return encode(weights, _field(split, "x_image")[rows], _field(split, "x_audio")[rows],
                          group_arch.depth if layer is None else layer, group_arch)

        tests = {}   # encoded once, shared by the classifiers of every training modality
        for tested_on in MODALITIES:
            rows, labels = single_modality_rows(test_split, tested_on)
            tests[tested_on] = (features(test_split, rows), np.broadcast_to(labels, (k, len(labels))))
        for trained_on in train_modalities:
            rows, labels = single_modality_rows(train_split, trained_on)
            train_x.append(features(train_split, rows))
            train_y.append(np.broadcast_to(labels, (k, len(labels))))
            seeds += list(group_seeds)
            for tested_on in MODALITIES:
                test[tested_on][0].append(tests[tested_on][0])
                test[tested_on][1].append(tests[tested_on][1])
        sizes.append(k)
    if len({x.shape[1] for x in train_x}) != 1:
        raise ValueError("the single-modality training rows differ in number between groups or modalities")
    result = train_classifier(np.concatenate(train_x), np.concatenate(train_y), seeds, epochs, batch_size,
                              optimizer=optimizer, verbose=verbose)
    scores = np.stack([classifier_accuracy(result.weights, np.concatenate(test[m][0]), np.concatenate(test[m][1]))
                       for m in MODALITIES], axis=-1)          # [sum over groups of K x modalities, 2]
    out, start = [], 0
    for k in sizes:
        block = scores[start:start + k * len(train_modalities)]
        out.append(block.reshape(len(train_modalities), k, 2).transpose(1, 0, 2))
        start += k * len(train_modalities)
    return out


def shared_representation_accuracy(encoder_weights: dict, train_split, test_split, train_modality: str,
                                   layer: int | None = None, seeds: int | Sequence[int] = 0,
                                   epochs: int = 1000, batch_size: int = 256, arch=None,
                                   optimizer: Adadelta = Adadelta()) -> dict:
    """Train fresh classifiers on one modality's encoding, test on each modality.

    Parameters
    ----------
    encoder_weights : autoencoder weights of one network, or of ``N`` networks
        (leading axis, e.g. ``TrainResult.weights``); one classifier per network.
    train_split, test_split : BimodalSplit-like (``x_image, x_audio, digit_*, has_*``).
    train_modality : ``"image"`` or ``"audio"``: train on the rows with only this
        modality (5,000 in the paper's data).
    layer : encoding layer (default: the last).
    seeds : classifier seed(s), one per network; with ``N`` networks and one seed ``s``,
        network n's is ``sharedrep.seeds.child(s, "network", n)``.
    optimizer : the classifiers' Adadelta (default: :class:`Adadelta`).

    Returns ``{"image": accuracy, "audio": accuracy}`` on the test rows with only
    that modality (floats for one network, arrays ``[N]`` for several).
    """
    one_of("train_modality", train_modality, MODALITIES)
    arch = arch or architecture_from_weights(encoder_weights)
    batched = np.ndim(encoder_weights[f"{arch.layers[0].name}/kernel"]) == 3
    weights = encoder_weights if batched else {k: np.asarray(v)[None] for k, v in encoder_weights.items()}
    n = weights[f"{arch.layers[0].name}/kernel"].shape[0]
    seeds = (seeds,) if isinstance(seeds, (int, np.integer)) else tuple(seeds)
    if len(seeds) == 1 and n > 1:
        seeds = tuple(seeding.child(seeds[0], "network", k) for k in range(n))
    if len(seeds) != n:
        raise ValueError(f"seeds: need one per network ({n}), got {len(seeds)}")
    scores = shared_representation_scores([(weights, train_split, test_split, seeds)], (train_modality,), layer,
                                          arch, epochs, batch_size, optimizer=optimizer)[0][:, 0]   # [N, 2 tested on]
    return {m: scores[:, j] if batched else float(scores[0, j]) for j, m in enumerate(MODALITIES)}
