"""Selectivity thresholds and the four cell types of paper 1 (section 3).

A cell is *selective* on a modality if I(s, cell) > threshold for at least one stimulus s
(strictly greater: a value exactly at the threshold is not selective). Per cell:

* ``"visual"``: selective on image input only;  ``"audio"``: on audio input only;
* ``"inconsistent"``: selective on both, but never for the same stimulus;
* ``"consistent"``: selective on both for at least one same stimulus (a shared
  representation);  ``"none"``: selective on neither.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# bits; 80th percentile of the image-only (audio-only) analysis, depth 4, "positive" terms,
# unrounded as the authors' analysis holds them (the paper prints 0.96 / 0.94)
from ..published import THRESHOLD_AUDIO_EXACT as PAPER_THRESHOLD_AUDIO  # noqa: E402
from ..published import THRESHOLD_IMAGE_EXACT as PAPER_THRESHOLD_IMAGE  # noqa: E402
from ._checks import check_real_array

TYPES = ("visual", "audio", "inconsistent", "consistent")
ALL_TYPES = TYPES + ("none",)


def percentile_threshold(info, q=80):
    """The q-th percentile (linear interpolation) of all values of ``info`` (any shape), bits.

    The paper's thresholds are ``q=80`` over the 640 values [10 digits x 64 cells] of one
    modality's analysis.
    """
    values = check_real_array("info", info, (1, 2, 3), "an array of information values")
    if isinstance(q, bool) or not np.isscalar(q) or not 0 <= q <= 100:
        raise ValueError(f"q must be a number in [0, 100]; got {q!r}")
    return float(np.percentile(values, q))


def selective(info, threshold):
    """Boolean ``[n_stimuli, cells]``: ``info > threshold`` (strict)."""
    info = check_real_array("info", info, 2, "2-D [n_stimuli, cells]")
    if isinstance(threshold, bool) or not np.isscalar(threshold) or not np.isfinite(threshold):
        raise ValueError(f"threshold must be a finite number (bits); got {threshold!r}")
    return info > threshold


@dataclass(frozen=True)
class CellTypes:
    """Cell types of one layer.

    labels : str ``[cells]``, one of ``ALL_TYPES`` per cell.
    counts : dict type -> number of cells, in the order ``TYPES`` then ``"none"``.
    shared : bool ``[n_stimuli, cells]``, selective on both modalities for that stimulus.
    """

    labels: np.ndarray
    counts: dict
    shared: np.ndarray

    def cells(self, cell_type):
        """Indices ``int [k]`` of the cells of one type."""
        if cell_type not in ALL_TYPES:
            raise ValueError(f"cell_type must be one of {ALL_TYPES}; got {cell_type!r}")
        return np.flatnonzero(self.labels == cell_type)


def cell_types_from_selectivity(selective_visual, selective_audio):
    """:class:`CellTypes` from boolean ``[n_stimuli, cells]`` masks (same stimulus order).

    Use this when "selective" means something other than a fixed threshold, e.g.
    ``permutation_test(...) <= alpha``.
    """
    sv, sa = np.asarray(selective_visual), np.asarray(selective_audio)
    for name, m in (("selective_visual", sv), ("selective_audio", sa)):
        if m.ndim != 2 or m.dtype != bool:
            raise ValueError(f"{name} must be a 2-D boolean [n_stimuli, cells] array; "
                             f"got dtype {m.dtype}, ndim={m.ndim}")
    if sv.shape != sa.shape:
        raise ValueError(f"visual and audio arrays must have the same shape "
                         f"[n_stimuli, cells]; got {sv.shape} and {sa.shape}")
    any_v, any_a = sv.any(axis=0), sa.any(axis=0)
    shared = sv & sa
    consistent = shared.any(axis=0)
    labels = np.full(sv.shape[1], "none", dtype="<U12")
    labels[any_v & ~any_a] = "visual"
    labels[any_a & ~any_v] = "audio"
    labels[any_v & any_a & ~consistent] = "inconsistent"
    labels[consistent] = "consistent"
    counts = {t: int((labels == t).sum()) for t in ALL_TYPES}
    return CellTypes(labels=labels, counts=counts, shared=shared)


def cell_types(info_visual, info_audio, threshold_visual=PAPER_THRESHOLD_IMAGE,
               threshold_audio=PAPER_THRESHOLD_AUDIO):
    """:class:`CellTypes` from information arrays ``[n_stimuli, cells]`` (bits) and thresholds.

    info_visual / info_audio : the image-only and audio-only analyses, same stimulus order.
    Selective means ``info > threshold`` (strict) for at least one stimulus.
    """
    return cell_types_from_selectivity(selective(info_visual, threshold_visual),
                                       selective(info_audio, threshold_audio))
