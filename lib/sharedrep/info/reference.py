"""A straightforward reference implementation of Eq. 4: a Python loop over cells, stimuli
and bins (global min-max). Slow on purpose: it is the oracle of the tests and the
baseline of ``benchmarks/info.py``, written directly from the formula."""
from __future__ import annotations

import numpy as np


def loop_information(responses, stimuli, n_bins: int = 10, terms: str = "all") -> np.ndarray:
    """I(s, R) in bits, ``[n_stimuli, cells]`` (rows in sorted label order), cell by cell."""
    responses, stimuli = np.asarray(responses, dtype=float), np.asarray(stimuli)
    r = (responses - responses.min()) / (responses.max() - responses.min())
    bins = np.minimum(np.floor(n_bins * r).astype(int), n_bins - 1)
    labels = np.unique(stimuli)
    out = np.zeros((len(labels), r.shape[1]))
    for c in range(r.shape[1]):
        p_r = np.bincount(bins[:, c], minlength=n_bins) / len(stimuli)
        for i, s in enumerate(labels):
            b = bins[stimuli == s, c]
            p_rs = np.bincount(b, minlength=n_bins) / len(b)
            for k in range(n_bins):
                if p_rs[k] > 0 and (terms == "all" or p_rs[k] > p_r[k]):
                    out[i, c] += p_rs[k] * np.log2(p_rs[k] / p_r[k])
    return out
