"""Single-cell information (Rolls et al. 1997; paper 1, section 2.3, Eq. 4).

For one cell with responses binned into ``n_bins`` levels r and a stimulus s,

    I(s, R) = sum_r P(r|s) log2( P(r|s) / P(r) )      [bits]

with P(r) pooled over all trials (Eq. 5). ``terms="positive"`` keeps only the terms with
P(r|s) > P(r), which is what the authors' code computed; the paper's text and Table 1 use
the full sum (``terms="all"``, the default).

Bounds. Both variants lie in [0, log2(1 / P(s))] (each term is at most
P(r|s) log2(1 / P(s)) because P(r) >= P(s) P(r|s)), so with equally many trials per
stimulus 0 <= I(s, R) <= log2(n_stimuli). ``"positive"`` >= ``"all"`` term by term.
Float rounding can leave ``"all"`` values at about -1e-16 where the true value is 0.

Pipeline: :func:`bin_responses` -> :func:`response_counts` -> :func:`information_from_counts`;
:func:`single_cell_information` runs all three. Every ``[n_stimuli, ...]`` output has its
rows in the order of :func:`stimulus_labels` (sorted unique labels).
"""
from __future__ import annotations

import numpy as np

from ._checks import NORMALIZE, TERMS, check_choice, check_n_bins, check_real_array, check_responses, encode_stimuli


def stimulus_labels(stimuli):
    """Sorted unique labels of ``stimuli`` ``[trials]``: the row order of every output."""
    return encode_stimuli(stimuli)[0]


def bin_responses(responses, n_bins=10, normalize="global"):
    """Bin indices ``int [trials, cells]`` in ``0..n_bins-1`` (equal-width bins on [0, 1]).

    responses : float ``[trials, cells]`` (any units).
    normalize : ``"global"`` min-max over the whole array (the authors' choice),
        ``"cell"`` min-max per cell (column), or ``None`` (already in [0, 1]; raises if not).
        A constant array (or constant cell with ``"cell"``) maps to 0, i.e. bin 0.
    The bin of a normalised response r is ``min(floor(n_bins * r), n_bins - 1)``, so
    r = 1 falls in the top bin.
    """
    r = check_responses(responses)
    n_bins = check_n_bins(n_bins)
    check_choice("normalize", normalize, NORMALIZE)
    if normalize is None:
        if r.min() < 0 or r.max() > 1:
            raise ValueError("with normalize=None responses must lie in [0, 1]; got range "
                             f"[{r.min()}, {r.max()}]; use normalize='global' or 'cell'")
        scaled = r * n_bins
    else:
        axis = None if normalize == "global" else 0
        lo = r.min(axis=axis, keepdims=True)
        span = r.max(axis=axis, keepdims=True) - lo
        scaled = (r - lo) / np.where(span > 0, span, 1.0)
        scaled *= n_bins
    bins = scaled.astype(np.intp)  # truncation == floor, since scaled >= 0
    np.minimum(bins, n_bins - 1, out=bins)
    return bins


def count_table(codes, bins, n_stimuli, n_bins):
    """Counts ``int64 [n_stimuli, n_bins, cells]`` from codes ``[trials]`` and bins ``[trials, cells]``.

    No checks (internal fast path): one ``bincount`` over the flattened
    (stimulus, bin, cell) index.
    """
    n_cells = bins.shape[1]
    flat = (codes[:, None] * n_bins + bins) * n_cells + np.arange(n_cells)
    counts = np.bincount(flat.ravel(), minlength=n_stimuli * n_bins * n_cells)
    return counts.reshape(n_stimuli, n_bins, n_cells)


def response_counts(bins, stimuli, n_bins):
    """Counts ``int64 [n_stimuli, n_bins, cells]`` of precomputed bin indices.

    bins : int ``[trials, cells]`` in ``0..n_bins-1``; stimuli : labels ``[trials]``.
    """
    n_bins = check_n_bins(n_bins)
    b = np.asarray(bins)
    if b.ndim != 2:
        raise ValueError(f"bins must be 2-D [trials, cells]; got an array with ndim={b.ndim}")
    if not np.issubdtype(b.dtype, np.integer) or b.size == 0:
        raise ValueError(f"bins must be a non-empty integer array; got dtype {b.dtype}, "
                         f"shape {b.shape}")
    if b.min() < 0 or b.max() >= n_bins:
        raise ValueError(f"bins must lie in 0..{n_bins - 1}; got [{b.min()}, {b.max()}]")
    labels, codes = encode_stimuli(stimuli, n_trials=b.shape[0])
    return count_table(codes, b.astype(np.intp, copy=False), len(labels), n_bins)


def information_table(counts, terms="all"):
    """I(s, R) ``[..., n_stimuli, cells]`` from counts ``[..., n_stimuli, n_bins, cells]``.

    No checks (internal fast path, also used for batches of shuffles). Every stimulus row
    must have a positive total. P(r|s) / P(r) = n(s,r) N / (n(s) n(r)).
    """
    counts = np.asarray(counts, dtype=np.float64)
    n_s = counts.sum(axis=-2, keepdims=True)
    n_r = counts.sum(axis=-3, keepdims=True)
    n = n_s.sum(axis=-3, keepdims=True)
    num, den = counts * n, n_s * n_r
    keep = counts > 0
    if terms == "positive":
        keep &= num > den  # P(r|s) > P(r), compared without rounding
    ratio = np.divide(num, den, out=np.ones_like(num), where=keep)
    return (counts / n_s * np.log2(ratio)).sum(axis=-2)


def _check_counts(counts):
    c = check_real_array("counts", counts, (2, 3),
                         "[n_stimuli, n_bins] or [n_stimuli, n_bins, cells]")
    if c.min() < 0:
        raise ValueError("counts must be non-negative")
    if c.shape[0] < 2:
        raise ValueError(f"need at least 2 stimuli (rows of counts); got {c.shape[0]}")
    check_n_bins(c.shape[1])
    if (c.sum(axis=1) <= 0).any():
        raise ValueError("every stimulus (row of counts) needs a positive total")
    return c


def information_from_counts(counts, terms="all"):
    """Single-cell information in bits from a counts table (e.g. the paper's Table 1).

    counts : ``[n_stimuli, n_bins]`` (one cell) or ``[n_stimuli, n_bins, cells]``; trial
        counts (or any non-negative weights), every row with a positive total.
    terms : ``"all"`` (Eq. 4) or ``"positive"`` (only terms with P(r|s) > P(r)).
    Returns ``[n_stimuli]`` or ``[n_stimuli, cells]`` bits.
    """
    c = _check_counts(counts)
    check_choice("terms", terms, TERMS)
    if c.ndim == 2:
        return information_table(c[:, :, None], terms)[:, 0]
    return information_table(c, terms)


def mutual_information_from_counts(counts, terms="all"):
    """sum_s P(s) I(s, R) in bits: ``[]`` or ``[cells]`` (= I(S; R) for ``terms="all"``)."""
    c = _check_counts(counts)
    check_choice("terms", terms, TERMS)
    c3 = c[:, :, None] if c.ndim == 2 else c
    n_s = c3.sum(axis=1)
    mi = (n_s / n_s.sum(axis=0) * information_table(c3, terms)).sum(axis=0)
    return mi[0] if c.ndim == 2 else mi


def prepare(responses, stimuli, n_bins=10, normalize="global"):
    """Checked ``(labels [n_stimuli], codes [trials], bins [trials, cells])``."""
    bins = bin_responses(responses, n_bins, normalize)
    labels, codes = encode_stimuli(stimuli, n_trials=bins.shape[0])
    return labels, codes, bins


def single_cell_information(responses, stimuli, n_bins=10, normalize="global", terms="all"):
    """I(s, R) in bits, ``float64 [n_stimuli, cells]``, rows ordered as :func:`stimulus_labels`.

    responses : float ``[trials, cells]``; stimuli : labels ``[trials]`` (ints such as
    digits 0-9, or any sortable labels). See :func:`bin_responses` for ``n_bins`` and
    ``normalize`` and the module docstring for ``terms`` and the bounds.
    """
    check_choice("terms", terms, TERMS)
    labels, codes, bins = prepare(responses, stimuli, n_bins, normalize)
    return information_table(count_table(codes, bins, len(labels), n_bins), terms)


def mutual_information(responses, stimuli, n_bins=10, normalize="global", terms="all"):
    """Per-cell sum_s P(s) I(s, R) in bits, ``[cells]``; with ``terms="all"`` this is I(S; R).

    Same arguments as :func:`single_cell_information`; P(s) is the fraction of trials.
    """
    check_choice("terms", terms, TERMS)
    labels, codes, bins = prepare(responses, stimuli, n_bins, normalize)
    counts = count_table(codes, bins, len(labels), n_bins)
    p_s = np.bincount(codes, minlength=len(labels)) / len(codes)
    return p_s @ information_table(counts, terms)
