"""Input checks shared by the ``sharedrep.info`` modules; every failure is a ``ValueError``."""
from __future__ import annotations

import numpy as np

from ..validation import Choice, Int

TERMS = ("all", "positive")
NORMALIZE = ("global", "cell", None)


def check_choice(name, value, allowed):
    """Raise unless ``value`` is one of ``allowed`` (:class:`sharedrep.validation.Choice`)."""
    return Choice(tuple(allowed)).check(name, value)


def check_int(name, value, minimum):
    """An integer ``>= minimum`` (bools and floats are refused; :class:`sharedrep.validation.Int`)."""
    return Int(minimum).check(name, value)


def check_n_bins(n_bins):
    return check_int("n_bins", n_bins, 2)


def check_real_array(name, values, ndim, what):
    """A finite float64 array with ``ndim`` dimensions (``what`` names the axes)."""
    a = np.asarray(values)
    if a.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name} must be {what}; got an array with ndim={a.ndim}")
    if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)
            or a.dtype == bool):
        raise ValueError(f"{name} must hold real numbers; got dtype {a.dtype}")
    if a.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {a.shape}")
    a = a.astype(np.float64, copy=False)
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or inf; only finite values are allowed")
    return a


def check_responses(responses):
    """Responses as float64 ``[trials, cells]``, finite."""
    return check_real_array("responses", responses, 2, "2-D [trials, cells]")


def encode_stimuli(stimuli, n_trials=None):
    """Sorted unique labels ``[n_stimuli]`` and integer codes ``[trials]`` (0..n_stimuli-1).

    Raises if ``stimuli`` is not 1-D, holds NaN, has fewer than 2 distinct labels, or
    (when ``n_trials`` is given) its length differs from the number of response rows.
    """
    s = np.asarray(stimuli)
    if s.ndim != 1:
        raise ValueError(f"stimuli must be 1-D [trials]; got an array with ndim={s.ndim}")
    if n_trials is not None and len(s) != n_trials:
        raise ValueError(f"stimuli has {len(s)} labels but responses/bins have {n_trials} "
                         "trials (rows); lengths must match")
    if np.issubdtype(s.dtype, np.floating) and not np.isfinite(s).all():
        raise ValueError("stimuli contains NaN or inf; labels must be finite")
    labels, codes = np.unique(s, return_inverse=True)
    if len(labels) < 2:
        raise ValueError(f"need at least 2 distinct stimuli; got {len(labels)}")
    return labels, codes.reshape(-1).astype(np.intp, copy=False)
