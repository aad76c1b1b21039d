"""Paper 1's information analysis of an encoding layer, from responses to cell types.

For one layer's responses to the 1,500 test rows, three analyses (paper 1, section 2.3):
``"all"`` rows (150 per digit), ``"image"``-only rows and ``"audio"``-only rows (50 per
digit). Each is min-max normalised over its own whole array, binned (10 bins) and turned
into a count table ``[10 digits, n_bins, cells]``. Count tables are what experiments
store: both information variants (``terms="all"`` / ``"positive"``) and every threshold
choice can be computed from them later, without the network.
"""
from __future__ import annotations

import numpy as np

from .. import info
from ..constants import ANALYSIS_NAMES, TRAINING_STATES
from ..validation import one_of

#: analysis name -> which test rows it uses (BimodalSplit blocks)
ANALYSES = dict(zip(ANALYSIS_NAMES, (("image", "audio", "both"), ("image",), ("audio",))))
N_DIGITS = 10


def analysis_rows(split) -> dict[str, np.ndarray]:
    """Row indices of each analysis in a :class:`~sharedrep.data.BimodalSplit`."""
    return {name: np.sort(np.concatenate([split.rows(b) for b in blocks]))
            for name, blocks in ANALYSES.items()}


def layer_counts(responses: np.ndarray, split, n_bins: int = 10, normalize: str = "global") -> np.ndarray:
    """Count tables of one layer: int ``[3 analyses, 10 digits, n_bins, cells]``.

    responses : float ``[rows of split, cells]``, the layer's activations to ``split``'s rows.
    split : the test :class:`~sharedrep.data.BimodalSplit` (digits shown == spoken there).
    """
    responses = np.asarray(responses)
    if responses.ndim != 2 or len(responses) != len(split):
        raise ValueError(f"responses must be [{len(split)} rows, cells], got shape {responses.shape}")
    if not np.array_equal(split.digit_image, split.digit_audio):
        raise ValueError("the analysis needs a test split whose shown and spoken digits agree")
    tables = []
    for rows in analysis_rows(split).values():
        bins = info.bin_responses(responses[rows], n_bins=n_bins, normalize=normalize)
        tables.append(info.response_counts(bins, split.digit_image[rows], n_bins))
    return np.stack(tables)


def information(counts: np.ndarray, terms: str = "all") -> np.ndarray:
    """I(s, R) in bits from count tables ``[..., digits, n_bins, cells]`` -> ``[..., digits, cells]``."""
    counts = np.asarray(counts)
    if counts.ndim < 3:
        raise ValueError(f"counts must be [..., digits, n_bins, cells], got shape {counts.shape}")
    *lead, n_stim, n_bins, n_cells = counts.shape
    flat = np.moveaxis(counts.reshape(-1, n_stim, n_bins, n_cells), 0, 2)  # [S, B, L, C]
    bits = info.information_from_counts(flat.reshape(n_stim, n_bins, -1), terms=terms)
    return np.moveaxis(bits.reshape(n_stim, -1, n_cells), 1, 0).reshape(*lead, n_stim, n_cells)


def type_counts(bits: np.ndarray, threshold_image: float, threshold_audio: float) -> np.ndarray:
    """Counts of the four cell types per network: int ``[..., 4]`` in the order of
    :data:`sharedrep.info.TYPES` (visual, audio, inconsistent, consistent).

    bits : ``[..., 3 analyses, digits, cells]`` from :func:`information`.
    """
    bits = np.asarray(bits)
    if bits.ndim < 3 or bits.shape[-3] != len(ANALYSES):
        raise ValueError(f"bits must be [..., {len(ANALYSES)} analyses, digits, cells], got {bits.shape}")
    image, audio = bits[..., 1, :, :], bits[..., 2, :, :]
    lead = image.shape[:-2]
    out = np.zeros(lead + (len(info.TYPES),), dtype=np.int64)
    for index in np.ndindex(*lead):
        typed = info.cell_types(image[index], audio[index], threshold_image, threshold_audio)
        out[index] = [typed.counts[t] for t in info.TYPES]
    return out


def ranked_maximum_information(bits: np.ndarray) -> np.ndarray:
    """Paper 1's Fig. 2 curve: each cell's maximum information over digits, sorted from the
    most to the least informative cell. ``bits [..., digits, cells]`` -> ``[..., cells]`` bits."""
    bits = np.asarray(bits)
    if bits.ndim < 2:
        raise ValueError(f"bits must be [..., digits, cells], got shape {bits.shape}")
    return -np.sort(-bits.max(axis=-2), axis=-1)


def ranking_records(bits_by_state: dict) -> list[dict]:
    """Records {depth, state, analysis, rank, bits, sd} for paper 1's Fig. 2: the rank-wise
    mean (and s.d.) over networks of :func:`ranked_maximum_information`.

    bits_by_state : ``{(depth, state): [seeds, 3 analyses, digits, cells]}`` with ``state``
    one of :data:`~sharedrep.constants.TRAINING_STATES`.
    """
    records = []
    for (depth, state), bits in bits_by_state.items():
        one_of("state", state, TRAINING_STATES)
        ranked = ranked_maximum_information(np.asarray(bits))          # [seeds, 3, cells]
        mean, sd = ranked.mean(axis=0), ranked.std(axis=0)
        for a, analysis in enumerate(ANALYSES):
            for rank in range(mean.shape[-1]):
                records.append(dict(depth=int(depth), state=state, analysis=analysis, rank=rank + 1,
                                    bits=round(float(mean[a, rank]), 4), sd=round(float(sd[a, rank]), 4)))
    return records
