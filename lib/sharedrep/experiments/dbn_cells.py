"""Paper 1's single-cell analysis inside paper 2's system (issue 22), stored for the book.

Paper 1 looks inside its network: how much each hidden cell tells about the digit when only
the image, or only the sound, is presented. Paper 2 never looks inside its associative
memory. :func:`cells_unit` trains one fold's DBN exactly as the stored fold was trained
(:func:`sharedrep.experiments.dbn_folds.train_fold`: the same seeds, the same networks),
presents the held-out speaker's test rows through **one channel at a time** (the others
absent, as in paper 2's reconstructions) and through all four together, and keeps the count
tables of paper 1's measure (10 equal-width bins of the responses min-max normalised over
each analysis's whole array, as in :func:`sharedrep.experiments.analysis.layer_counts`) for
every associative cell, before and after back-fitting, and for each channel's own top layer.
The information (either variant of the measure), thresholds and cell types are computed
from the counts later (:mod:`sharedrep.pages.paper2_cells`), without the network.

Arrays of one fold (``I`` = 5 inputs: the four channels of :data:`CHANNELS` alone, then
all of them together; ``H`` associative cells; ``B`` bins):

* ``counts_associative`` uint8 ``[2 stages (before, after back-fitting), I, 10 digits, B, H]``
* ``counts_top_<channel>`` uint8 ``[10 digits, B, units]``: the channel's top RBM layer
  (the class channel has none: its one-hot input goes straight to the associative layer)
* ``alignment`` float64 ``[2 stages, 4 channels]``: as the fold's ``alignment_before`` /
  ``_after`` (the page checks they agree: the same networks)
* ``rows_per_digit`` int64 ``[10]``: test rows of each digit (trials of the measure)
"""
from __future__ import annotations

from functools import partial
from itertools import combinations

import numpy as np

from .. import info, sweep
from ..dbn import DBNConfig, associative_activations
from ..dbn.motor import DEFAULT_NOISE
from ..validation import Int
from . import dbn_folds

RESULT_KIND = "paper2_cells"
CHANNELS = dbn_folds.CHANNELS
#: the inputs presented to the associative layer: each channel alone, then all together
INPUTS = (*CHANNELS, "all")
STAGES = ("before", "after")
#: the pairs of channels paper 1's four types can be computed for ("image+audio", ...)
PAIRS = tuple(f"{a}+{b}" for a, b in combinations(CHANNELS, 2))


def cells_parameters(held_out: str, config: DBNConfig, motor_noise: float, n_bins: int) -> dict:
    """The stored result's parameters: the fold's (four channels, no Gibbs steps: they only
    change reconstructions, not the activations analysed) and the number of bins."""
    parameters = dbn_folds.fold_parameters(held_out, config, motor_noise, 0)
    parameters.pop("gibbs_steps")
    parameters["n_bins"] = Int(2).check("n_bins", n_bins)
    return parameters


def cells_unit(held_out: str = "theo", config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE,
               n_bins: int = 10) -> sweep.Unit:
    """One fold's cell analysis as a unit of work (:mod:`sharedrep.sweep`), checked."""
    parameters = cells_parameters(held_out, config, motor_noise, n_bins)
    return sweep.Unit(RESULT_KIND, f"cells {held_out}", parameters,
                      partial(_compute_cells, held_out, config, motor_noise, n_bins))


def activations(model, test_inputs: dict) -> np.ndarray:
    """Associative activations float32 ``[I inputs, T rows, H]``: each channel alone through
    its recognition weights (the others absent), then all channels through the associative
    RBM's own weights (the joint state)."""
    tops = model.top_features(test_inputs)
    c = model.associative.hidden_bias
    alone = [associative_activations([t], [r], c) for t, r in zip(tops, model.recognition)]
    by_name = dict(zip(model.names, alone))
    return np.stack([by_name[name] for name in CHANNELS] + [associative_activations(tops, model.generative, c)])


def counts(responses: np.ndarray, digits: np.ndarray, n_bins: int) -> np.ndarray:
    """Paper 1's count table of one analysis: uint8 ``[10 digits, n_bins, cells]`` from
    responses ``[rows, cells]`` min-max normalised over the whole array."""
    bins = info.bin_responses(responses, n_bins=n_bins, normalize="global")
    table = info.response_counts(bins, digits, n_bins)
    if table.max() > np.iinfo(np.uint8).max:
        raise ValueError(f"more than 255 rows of one digit ({table.max()}): counts do not fit uint8")
    return table.astype(np.uint8)


def _compute_cells(held_out: str, config: DBNConfig, motor_noise: float, n_bins: int, verbose: bool) -> dict:
    done = dbn_folds.train_fold(held_out, config, motor_noise, tuple(CHANNELS), verbose)
    digits = np.asarray(done.test.digits)
    arrays = {"rows_per_digit": np.bincount(digits, minlength=10).astype(np.int64)}
    stacks = []
    for model in (done.before, done.after):
        stacks.append(np.stack([counts(a, digits, n_bins) for a in activations(model, done.test_inputs)]))
    arrays["counts_associative"] = np.stack(stacks)
    arrays["alignment"] = np.stack([dbn_folds._alignment(m, done.test_inputs) for m in (done.before, done.after)])
    for channel in done.before.channels:
        if channel.rbms:
            arrays[f"counts_top_{channel.name}"] = counts(channel.up(done.test_inputs[channel.name]), digits, n_bins)
    return arrays


def cell_units(cfg) -> list:
    """The units the cells chapter loads, from its frozen parameters: one per speaker of
    ``SPEAKERS``, with the results chapter's settings (so its folds are the stored folds)."""
    config, motor_noise, _ = dbn_folds.chapter_config(cfg)
    return [cells_unit(s, config, motor_noise=motor_noise, n_bins=cfg.N_BINS) for s in cfg.SPEAKERS]
