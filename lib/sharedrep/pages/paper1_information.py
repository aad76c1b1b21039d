"""The information page of paper 1 (Fig. 2: ranked single-cell information): its numbers.

``runs``: ``{ConditionKey: stored run}`` (``run_grid(chapter_runs("paper1_information", cfg)["runs"])``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .. import info
from ..conditions import mixed
from ..constants import TRAINING_STATES
from ..experiments import celltypes, ranked_maximum_information

#: the glue-name word of each training state
STATE_NAMES = dict(zip(TRAINING_STATES, ("before", "inconsistent", "consistent")))
ANALYSES = ("all", "image", "audio")


@dataclass(frozen=True)
class InformationPage:
    numbers: dict        # {glue name: raw value}
    states: dict         # {(depth, training state): bits [networks, 3 analyses, digits, cells]}
    thresholds: tuple    # the paper's (image, audio) bits


def states_of(cfg, runs: dict) -> dict:
    """``{(depth, state): bits}`` of the last layer: before training (when epoch 0 is saved),
    after inconsistent and after consistent training, for every depth of ``cfg.DEPTHS``."""
    states = {}
    for depth in cfg.DEPTHS:
        consistent, inconsistent = runs[mixed(depth, "consistent")], runs[mixed(depth, "inconsistent")]
        if 0 in consistent.arrays["snapshot_epochs"]:
            states[depth, "before training"] = celltypes.last_layer_information(consistent, cfg.TERMS, snapshot=0)
        states[depth, "inconsistent training"] = celltypes.last_layer_information(inconsistent, cfg.TERMS)
        states[depth, "consistent training"] = celltypes.last_layer_information(consistent, cfg.TERMS)
    return states


def compute(cfg, runs: dict) -> InformationPage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters) and its ``runs``."""
    states = states_of(cfg, runs)
    thresholds = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
    deepest = max(cfg.DEPTHS)
    numbers = {}
    for state, name in STATE_NAMES.items():
        bits = states.get((deepest, state))
        means = ranked_maximum_information(bits).mean(axis=(0, -1)) if bits is not None else [math.nan] * 3
        for analysis, value in zip(ANALYSES, means):
            numbers[f"fig2_mean_{name}_{analysis}"] = float(value)
        # cells whose best digit passes the image threshold in the image-only analysis (mean per network)
        numbers[f"fig2_above_{name}"] = (math.nan if bits is None
                                         else float((bits[:, 1].max(axis=-2) > thresholds[0]).sum(axis=-1).mean()))
    numbers.update(fig2_depth=deepest, fig2_threshold_image=thresholds[0], fig2_threshold_audio=thresholds[1],
                   fig2_terms=cfg.TERMS, fig2_has_before="yes" if (deepest, "before training") in states else "no")
    return InformationPage(numbers, states, thresholds)
