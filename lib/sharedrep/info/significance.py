"""Permutation test of single-cell information against label shuffles."""
from __future__ import annotations

import numpy as np

from ._checks import TERMS, check_choice, check_int
from .measure import count_table, information_table, prepare
from .shuffle import shuffled_information

CORRECTIONS = ("max", None)
_TOL = 1e-12  # bits; a shuffle that ties the observed value counts as "at least as large"


def permutation_test(responses, stimuli, n_shuffles=1000, seed=0, n_bins=10,
                     normalize="global", terms="all", correction=None, batch_size=None):
    """p-values ``[n_stimuli, cells]`` for I(s, R) under label shuffles (seeded).

    p = (1 + #{shuffles with I_shuffled >= I_observed}) / (n_shuffles + 1), so the smallest
    possible p is 1 / (n_shuffles + 1).

    correction : ``None`` compares each (s, cell) with its own null values; ``"max"``
        compares with the maximum over cells of each shuffle (per stimulus), which
        controls the family-wise error over cells for each stimulus.
    seed : int or ``numpy.random.Generator``; same seed, same p-values.
    Other arguments as :func:`~sharedrep.info.single_cell_information`. Selective "at
    alpha" is then ``p <= alpha`` (see :func:`~sharedrep.info.cell_types_from_selectivity`).
    """
    check_choice("terms", terms, TERMS)
    check_choice("correction", correction, CORRECTIONS)
    n_shuffles = check_int("n_shuffles", n_shuffles, 1)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, 1)
    labels, codes, bins = prepare(responses, stimuli, n_bins, normalize)
    observed = information_table(count_table(codes, bins, len(labels), n_bins), terms)
    threshold = observed - _TOL
    exceed = np.zeros(observed.shape, dtype=np.int64)
    for batch in shuffled_information(codes, bins, len(labels), n_bins, n_shuffles, seed,
                                      terms, batch_size):
        if correction == "max":
            batch = batch.max(axis=-1, keepdims=True)  # [k, n_stimuli, 1]
        exceed += (batch >= threshold).sum(axis=0)
    return (1 + exceed) / (n_shuffles + 1)
