"""Model cells with a known selectivity, for teaching and testing the information measures.

A *tuned* cell responds around ``baseline`` to every stimulus except its ``preferred``
one, where its mean response is raised by ``gain * selectivity``; Gaussian noise of
standard deviation ``noise`` is added and the response clipped to [0, 1] (like a
sigmoid unit's activation)::

    r = clip(baseline + gain * selectivity * [s == preferred] + noise * N(0, 1), 0, 1)

``selectivity=0`` is a cell that ignores the stimulus; ``selectivity=1`` with small noise
separates the preferred stimulus from the rest. An *untuned* cell draws its responses
uniformly on [0, 1] whatever the stimulus, so every bin is equally likely and the
limited-sampling bias of its plug-in information has the simple first-order value of
:func:`untuned_bias`.
"""
from __future__ import annotations

import numpy as np

from ._checks import check_int


def _stimuli(n_stimuli, trials_per_stimulus):
    n_stimuli = check_int("n_stimuli", n_stimuli, 2)
    trials_per_stimulus = check_int("trials_per_stimulus", trials_per_stimulus, 1)
    return np.repeat(np.arange(n_stimuli), trials_per_stimulus)


def _per_cell(name, value, n_cells, low, high):
    a = np.asarray(value, dtype=np.float64)
    if a.ndim > 1 or (a.ndim == 1 and len(a) != n_cells):
        raise ValueError(f"{name} must be a number or one value per cell [{n_cells}]; "
                         f"got shape {a.shape}")
    if not np.isfinite(a).all() or (a < low).any() or (a > high).any():
        raise ValueError(f"{name} must lie in [{low}, {high}]; got {value!r}")
    return np.broadcast_to(a, (n_cells,))


def tuned_responses(n_stimuli, trials_per_stimulus, selectivity, noise=0.15, n_cells=1,
                    preferred=0, baseline=0.25, gain=0.5, seed=0):
    """Responses of model cells with a given selectivity (see the module docstring).

    n_stimuli, trials_per_stimulus : stimuli are ``0..n_stimuli-1``, each shown
        ``trials_per_stimulus`` times, in that order.
    selectivity : in [0, 1], one number or one per cell ``[n_cells]``.
    noise : standard deviation (>= 0) of the Gaussian response noise.
    preferred : the preferred stimulus, one int or one per cell ``[n_cells]``.
    seed : int or ``numpy.random.Generator``; same seed, same responses.
    Returns ``(responses float [trials, n_cells] in [0, 1], stimuli int [trials])``.
    """
    stimuli = _stimuli(n_stimuli, trials_per_stimulus)
    n_cells = check_int("n_cells", n_cells, 1)
    sel = _per_cell("selectivity", selectivity, n_cells, 0.0, 1.0)
    noise = float(_per_cell("noise", noise, 1, 0.0, np.inf)[0])
    pref = np.asarray(preferred)
    if not np.issubdtype(pref.dtype, np.integer) or pref.ndim > 1 \
            or (pref.ndim == 1 and len(pref) != n_cells) \
            or (pref < 0).any() or (pref >= n_stimuli).any():
        raise ValueError(f"preferred must be an int in 0..{n_stimuli - 1}, or one per cell "
                         f"[{n_cells}]; got {preferred!r}")
    pref = np.broadcast_to(pref, (n_cells,))
    rng = np.random.default_rng(seed)
    mean = baseline + gain * sel * (stimuli[:, None] == pref)
    responses = mean + noise * rng.standard_normal((len(stimuli), n_cells))
    return np.clip(responses, 0.0, 1.0), stimuli


def untuned_responses(n_stimuli, trials_per_stimulus, n_cells=1, seed=0):
    """Responses uniform on [0, 1], independent of the stimulus (seeded).

    Returns ``(responses float [trials, n_cells], stimuli int [trials])`` as
    :func:`tuned_responses`.
    """
    stimuli = _stimuli(n_stimuli, trials_per_stimulus)
    n_cells = check_int("n_cells", n_cells, 1)
    return np.random.default_rng(seed).random((len(stimuli), n_cells)), stimuli


def untuned_bias(n_bins, n_stimuli, trials_per_stimulus):
    """First-order expected plug-in I(s, R) of an untuned cell, bits (``terms="all"``).

    With every one of ``n_bins`` bins equally likely, the Panzeri-Treves expansion gives
    ``(n_bins - 1) (1/N_s - 1/N) / (2 ln 2)`` with N_s = trials_per_stimulus and
    N = n_stimuli * N_s. Accurate when N_s is well above ``n_bins``.
    """
    n_bins = check_int("n_bins", n_bins, 2)
    n_stimuli = check_int("n_stimuli", n_stimuli, 2)
    n_s = check_int("trials_per_stimulus", trials_per_stimulus, 1)
    return (n_bins - 1) * (1 / n_s - 1 / (n_stimuli * n_s)) / (2 * np.log(2))
