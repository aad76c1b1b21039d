"""Back-fitting for a multi-channel DLA (the paper's Algorithm 1).

Given each channel's top features ``v_k`` (``[m, n_k]``) and the trained associative RBM
(weights split per channel ``W_k`` ``[n_k, H]``, hidden bias ``c`` ``[H]``, visible biases
``b_k`` ``[n_k]``):

1. save ``h* = sigmoid(c + sum_k v_k W_k)``, the associative activations (probabilities)
   with all channels present (lines 1-6);
2. split every ``W_k`` into a recognition copy ``R_k`` (up) and a generative copy ``G_k``
   (down) (lines 7-11); ``G_k``, ``c`` and ``b_k`` never change;
3. sweep (lines 12-24): for each channel k, present ``v_k`` alone (the other channels 0),
   ``h = sigmoid(c + v_k R_k)``, update ``R_k`` over mini-batches of ``batch_size`` rows
   (gradients averaged over the batch; by default the step eps is divided per channel by
   the mean squared norm of ``v_k``, a normalised delta rule), then compute ``e_k``; stop when
   ``e = sum_k e_k < phi`` or after ``max_sweeps`` sweeps.

Update rules (``rule``):

* ``"delta"`` (default; Hinton, Osindero & Teh 2006):
  ``dR_k = eps * v_k^T (h* - sigmoid(c + v_k R_k))``.
* ``"contrastive"``: the two statistics of Eq. 1, ``<v h>_bu`` (``v_k`` with binary hidden
  states sampled from ``sigmoid(c + v_k R_k)``) and ``<v h>_td`` (the top-down
  reconstruction ``sigmoid(b_k + h* G_k^T)`` with the saved ``h*``), with the sign that moves
  the recognition activations toward ``h*``: ``dR_k = eps * (<v h>_td - <v h>_bu)``.
* ``"wake-sleep"``: the sleep phase of the wake-sleep algorithm (Hinton, Dayan, Frey & Neal
  1995), the reading of Eq. 1's two terms as "recognition weights trained on top-down
  inputs": the generative weights rebuild the channel from the saved state,
  ``v_td = sigmoid(b_k + h* G_k^T)`` (mean field, no sampling), and the recognition weights
  learn to map that top-down input back to ``h*``:
  ``dR_k = eps * v_td^T (h* - sigmoid(c + v_td R_k))``. It never sees the data ``v_k``
  themselves, so it fits ``R_k`` to what the generative model believes the channel looks like.
* ``"contrastive-printed"``: Eq. 1 exactly as printed, ``eps * (<v h>_bu - <v h>_td)``. When
  the reconstruction is good (``v_td ~ v_k``) this is ``v_k^T (h_bu - h*)``, which pushes the
  activations *away* from ``h*``; kept only so a reader can see that.

Error (Eq. 2, made non-negative): ``e_k`` = mean over the m examples and n_k units of
``(v_k - sigmoid(b_k + sigmoid(c + v_k R_k) G_k^T))^2``, channel k reconstructing its own
top features from its recognition-only activations. The printed Eq. 2 sums signed
differences, which can cancel; we square them, and average rather than sum so that
``phi`` does not depend on m or the layer sizes.

Cost: each sweep does, per channel, a fixed number of ``[m, n_k] x [n_k, H]`` products, so it
is linear in the number of channels (``flops_per_sweep`` counts the matrix-product FLOPs).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..validation import Int
from .rbm import DTYPE, check_data, sigmoid

UPDATE_RULES = ("delta", "contrastive", "contrastive-printed", "wake-sleep")
DEFAULT_PHI = 0.0  # run every sweep unless the caller gives a tolerance
DEFAULT_MAX_SWEEPS = 30
DEFAULT_LEARNING_RATE = 10.0  # with normalise=True (per-channel NLMS step)


@dataclass(frozen=True)
class BackfitResult:
    """What :func:`backfit` returns.

    recognition, generative : tuples of float32 ``[n_k, H]``, one per channel.
    target : float32 ``[m, H]`` the saved ``h*``.
    errors : float64 ``[sweeps + 1, n]`` ``e_k`` before any update (row 0) and after each sweep.
    total_error : float64 ``[sweeps + 1]`` ``e = sum_k e_k``.
    sweeps : sweeps done;  converged : ``e < phi`` was reached.
    flops_per_sweep : matrix-product FLOPs of one sweep (multiply-adds counted as 2).
    seconds_per_sweep : float64 ``[sweeps]`` wall time of each sweep.
    """

    recognition: tuple
    generative: tuple
    target: np.ndarray
    errors: np.ndarray
    total_error: np.ndarray
    sweeps: int
    converged: bool
    flops_per_sweep: int
    seconds_per_sweep: np.ndarray


class _Flops:
    def __init__(self):
        self.count = 0

    def mm(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        self.count += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        return a @ b


def associative_activations(tops, weights, hidden_bias) -> np.ndarray:
    """``sigmoid(c + sum_k v_k W_k)`` float32 ``[m, H]`` for present channels ``tops`` and weights."""
    pre = hidden_bias + sum(v @ w for v, w in zip(tops, weights))
    return sigmoid(np.asarray(pre, dtype=DTYPE))


def channel_error(v, recognition, generative, hidden_bias, visible_bias) -> float:
    """``e_k``: mean squared error per unit of channel k rebuilding itself through the associative layer."""
    return _channel_error(v, recognition, generative, hidden_bias, visible_bias, _Flops())


def _channel_error(v, recognition, generative, hidden_bias, visible_bias, flops) -> float:
    h = sigmoid(flops.mm(v, recognition) + hidden_bias)
    v_td = sigmoid(flops.mm(h, generative.T) + visible_bias)
    return float(np.mean((v - v_td) ** 2, dtype=np.float64))


def _check(tops, weights, hidden_bias, visible_biases):
    tops, weights, visible_biases = list(tops), list(weights), list(visible_biases)
    if not tops:
        raise ValueError("tops must hold at least one channel, got an empty list")
    if not (len(tops) == len(weights) == len(visible_biases)):
        raise ValueError(f"need one weight block and one visible bias per channel: {len(tops)} "
                         f"channels, {len(weights)} weight blocks, {len(visible_biases)} biases")
    c = np.asarray(hidden_bias, dtype=DTYPE)
    if c.ndim != 1 or not np.all(np.isfinite(c)):
        raise ValueError(f"hidden_bias must be a finite 1-D array [H], got shape {c.shape}")
    n_hidden = len(c)
    ws, vs, bs = [], [], []
    for k, (w, b) in enumerate(zip(weights, visible_biases)):
        w = np.asarray(w, dtype=DTYPE)
        if w.ndim != 2 or w.shape[1] != n_hidden:
            raise ValueError(f"weights[{k}] must be [n_{k}, {n_hidden}], got shape {w.shape}")
        ws.append(check_data(w, w.shape[1], f"weights[{k}]"))
        vs.append(check_data(tops[k], w.shape[0], f"tops[{k}]", unit_interval=True))
        b = np.asarray(b, dtype=DTYPE)
        if b.shape != (w.shape[0],) or not np.all(np.isfinite(b)):
            raise ValueError(f"visible_biases[{k}] must be finite [{w.shape[0]}], got shape {b.shape}")
        bs.append(b)
    if len({v.shape[0] for v in vs}) != 1:
        raise ValueError(f"every channel needs the same examples, got rows {[v.shape[0] for v in vs]}")
    return vs, ws, c, bs


def backfit(tops, weights, hidden_bias, visible_biases, *, learning_rate: float = DEFAULT_LEARNING_RATE,
            phi: float = DEFAULT_PHI, max_sweeps: int = DEFAULT_MAX_SWEEPS, batch_size: int = 100,
            rule: str = "delta", normalise: bool = True, seed: int = 0) -> BackfitResult:
    """Algorithm 1 for any number n >= 1 of channels.

    tops : n arrays ``[m, n_k]`` in [0, 1], the channels' top features (every example has all).
    weights : n blocks ``[n_k, H]`` of the associative RBM's weights (rows of channel k).
    hidden_bias : ``[H]``;  visible_biases : n arrays ``[n_k]``.
    learning_rate : eps;  normalise : divide eps, per channel, by the mean squared norm
        ``mean_l |v_kl|^2`` of that channel's top features (normalised LMS, so one eps suits a
        10-unit one-hot channel and a 400-unit feature channel alike; False: eps as given);
    phi : stop once ``sum_k e_k < phi``;  max_sweeps : upper bound (>= 0).
    rule : one of :data:`UPDATE_RULES`;  seed : mini-batch order and (contrastive) sampling.
    """
    if rule not in UPDATE_RULES:
        raise ValueError(f"rule must be one of {UPDATE_RULES}, got {rule!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if not (np.isfinite(phi) and phi >= 0):
        raise ValueError(f"phi must be a finite number >= 0, got {phi!r}")
    max_sweeps, batch_size = Int(0).check("max_sweeps", max_sweeps), Int(1).check("batch_size", batch_size)
    vs, ws, c, bs = _check(tops, weights, hidden_bias, visible_biases)
    rng = np.random.default_rng(seed)
    target = associative_activations(vs, ws, c)                       # lines 1-6
    recognition = [w.copy() for w in ws]                              # lines 7-11
    generative = tuple(w.copy() for w in ws)
    for g in generative:
        g.setflags(write=False)
    eps = [DTYPE(learning_rate / max(float(np.mean(np.sum(v.astype(np.float64) ** 2, axis=1))), 1e-12)
                 if normalise else learning_rate) for v in vs]
    m = len(target)
    flops = _Flops()
    errors = [[_channel_error(v, r, g, c, b, _Flops()) for v, r, g, b in zip(vs, recognition, generative, bs)]]
    seconds = []
    while sum(errors[-1]) >= phi and len(seconds) < max_sweeps:      # line 12
        start, flops.count = time.perf_counter(), 0
        row = []
        for k, (v, g, b) in enumerate(zip(vs, generative, bs)):        # line 14
            order = rng.permutation(m)
            for lo in range(0, m, batch_size):                        # lines 15-20
                idx = order[lo:lo + batch_size]
                vb, hb = v[idx], target[idx]
                if rule == "wake-sleep":                              # top-down input, not the data
                    v_td = sigmoid(flops.mm(hb, g.T) + b)
                    grad = flops.mm(v_td.T, hb - sigmoid(flops.mm(v_td, recognition[k]) + c))
                    recognition[k] += eps[k] * grad / DTYPE(len(idx))
                    continue
                h = sigmoid(flops.mm(vb, recognition[k]) + c)         # line 18
                if rule == "delta":
                    grad = flops.mm(vb.T, hb - h)
                else:
                    h_bu = (rng.random(h.shape, dtype=DTYPE) < h).astype(DTYPE)
                    v_td = sigmoid(flops.mm(hb, g.T) + b)
                    grad = flops.mm(v_td.T, hb) - flops.mm(vb.T, h_bu)
                    if rule == "contrastive-printed":
                        grad = -grad
                recognition[k] += eps[k] * grad / DTYPE(len(idx))        # line 19
            row.append(_channel_error(v, recognition[k], g, c, b, flops))  # lines 21-22
        errors.append(row)
        seconds.append(time.perf_counter() - start)
    errors = np.asarray(errors, dtype=np.float64)
    per_sweep = flops.count if seconds else _sweep_flops(vs, ws, batch_size, rule)
    return BackfitResult(recognition=tuple(recognition), generative=generative, target=target,
                         errors=errors, total_error=errors.sum(axis=1), sweeps=len(seconds),
                         converged=bool(errors[-1].sum() < phi), flops_per_sweep=int(per_sweep),
                         seconds_per_sweep=np.asarray(seconds))


def _sweep_flops(vs, ws, batch_size: int, rule: str) -> int:
    """Matrix-product FLOPs of one sweep, computed without running it."""
    per_batch = {"delta": 2, "wake-sleep": 3}.get(rule, 4)
    total = 0
    for v, w in zip(vs, ws):
        m, (n_k, n_hidden) = len(v), w.shape
        total += per_batch * 2 * m * n_k * n_hidden + 2 * 2 * m * n_k * n_hidden
    return total
