"""Limited-sampling bias of single-cell information, and its correction.

With few trials per stimulus the plug-in P(r|s) is noisy and I(s, R) is biased upwards
(a cell that ignores the stimulus still shows information). Two estimates of that bias:

* ``"shuffle"``: the mean I(s, R) over ``n_shuffles`` label shuffles (stimulus labels
  permuted across trials, bins fixed). Works for both ``terms`` variants.
* ``"panzeri-treves"``: the analytic first-order correction (Panzeri & Treves 1996),
  with R_s = number of occupied bins for stimulus s, N_s its trials, R = number of
  occupied bins pooled, N all trials::

      bias(s) = [ (R_s - 1) / N_s  -  (R - 1) / N ] / (2 ln 2)      bits

  The first part is the plug-in bias of the entropy of P(r|s), the second that of P(r).
  Averaged with weights P(s) this is exactly the Panzeri-Treves bias of I(S; R); for a
  single stimulus it is an approximation (how the pooled-entropy bias is shared out
  between stimuli is a choice, and the cross term in P(r) is ignored). Occupied bins are
  counted naively (no Bayesian estimate of "relevant" bins), and it is only defined for
  ``terms="all"``. First-order, so it needs N_s well above the number of bins.
"""
from __future__ import annotations

import numpy as np

from ._checks import TERMS, check_choice, check_int
from .measure import count_table, information_table, prepare
from .shuffle import shuffled_information

METHODS = ("shuffle", "panzeri-treves")


def panzeri_treves_bias(counts):
    """Bias in bits ``[n_stimuli, cells]`` from counts ``[n_stimuli, n_bins, cells]`` (see module)."""
    counts = np.asarray(counts)
    n_s = counts.sum(axis=1)
    r_s = (counts > 0).sum(axis=1)
    n_r = counts.sum(axis=0)
    r_all = (n_r > 0).sum(axis=0)
    n = n_r.sum(axis=0)
    return ((r_s - 1) / n_s - (r_all - 1) / n) / (2 * np.log(2))


def _mean_shuffled(codes, bins, n_stimuli, n_bins, n_shuffles, seed, terms):
    total = 0.0
    for batch in shuffled_information(codes, bins, n_stimuli, n_bins, n_shuffles, seed,
                                      terms):
        total = total + batch.sum(axis=0)
    return total / n_shuffles


def shuffle_bias(responses, stimuli, n_bins=10, normalize="global", terms="all",
                 n_shuffles=100, seed=0):
    """Mean I(s, R) of label-shuffled data in bits, ``[n_stimuli, cells]`` (seeded)."""
    check_choice("terms", terms, TERMS)
    n_shuffles = check_int("n_shuffles", n_shuffles, 1)
    labels, codes, bins = prepare(responses, stimuli, n_bins, normalize)
    return _mean_shuffled(codes, bins, len(labels), n_bins, n_shuffles, seed, terms)


def bias_corrected_information(responses, stimuli, n_bins=10, normalize="global",
                               terms="all", method="shuffle", n_shuffles=100, seed=0):
    """I(s, R) minus its estimated bias, bits ``[n_stimuli, cells]`` (not clipped at 0).

    Same arguments as :func:`~sharedrep.info.single_cell_information`, plus
    method : ``"shuffle"`` (uses ``n_shuffles`` and ``seed``, int or Generator) or
        ``"panzeri-treves"`` (``terms="all"`` only; deterministic). See the module docstring.
    """
    check_choice("terms", terms, TERMS)
    check_choice("method", method, METHODS)
    if method == "panzeri-treves" and terms != "all":
        raise ValueError("method='panzeri-treves' is only defined for terms='all'; "
                         f"got terms={terms!r} (use method='shuffle')")
    if method == "shuffle":
        n_shuffles = check_int("n_shuffles", n_shuffles, 1)
    labels, codes, bins = prepare(responses, stimuli, n_bins, normalize)
    counts = count_table(codes, bins, len(labels), n_bins)
    if method == "panzeri-treves":
        bias = panzeri_treves_bias(counts)
    else:
        bias = _mean_shuffled(codes, bins, len(labels), n_bins, n_shuffles, seed, terms)
    return information_table(counts, terms) - bias
