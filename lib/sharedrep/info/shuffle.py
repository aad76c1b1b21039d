"""Label-shuffled information: the null distribution behind bias estimates and p-values.

Bins are computed once; each shuffle permutes the stimulus labels across trials (so
P(r) and the number of trials per stimulus are unchanged) and only re-counts. A batch of
``k`` shuffles is one ``bincount`` over a ``[k, trials, cells]`` flattened
(shuffle, stimulus, bin, cell) index.
"""
from __future__ import annotations

import numpy as np

from .measure import information_table

BATCH_ELEMENTS = 2_000_000  # index entries per batch (16 MB of int64)


def shuffled_information(codes, bins, n_stimuli, n_bins, n_shuffles, seed=0,
                         terms="all", batch_size=None):
    """Yield I(s, R) of label-shuffled data, ``float64 [k, n_stimuli, cells]`` per batch.

    codes : int ``[trials]`` in ``0..n_stimuli-1``; bins : int ``[trials, cells]``.
    seed : int or ``numpy.random.Generator``. Over all batches ``n_shuffles`` shuffles are
    yielded; with the same seed the shuffles are the same whatever ``batch_size``.
    No checks (internal).
    """
    rng = np.random.default_rng(seed)
    n_trials, n_cells = bins.shape
    size = n_stimuli * n_bins * n_cells
    base = bins * n_cells + np.arange(n_cells)  # [trials, cells], bin/cell part of the index
    k_max = batch_size or max(1, BATCH_ELEMENTS // (n_trials * n_cells))
    done = 0
    while done < n_shuffles:
        k = min(k_max, n_shuffles - done)
        shuffled = rng.permuted(np.tile(codes, (k, 1)), axis=1)  # [k, trials]
        offset = shuffled * (n_bins * n_cells) + (np.arange(k) * size)[:, None]
        flat = offset[:, :, None] + base
        counts = np.bincount(flat.ravel(), minlength=k * size)
        yield information_table(counts.reshape(k, n_stimuli, n_bins, n_cells), terms)
        done += k
