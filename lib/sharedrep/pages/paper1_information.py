"""The information page of paper 1 (Fig. 2: ranked single-cell information): its numbers.

``runs``: ``{ConditionKey: stored run}`` (``run_grid(chapter_runs("paper1_information", cfg)["runs"])``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

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
    thresholds: dict     # {rule name: (image, audio) bits}: the percentile rule on our networks, the paper's
    claims_table: str    # markdown: the paper's Fig. 2 claims per depth (:func:`paper_claims`)


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
    paper = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
    ours = (celltypes.thresholds_for("percentile", celltypes.last_layer_information(runs[mixed(4)], cfg.TERMS),
                                     q=cfg.PERCENTILE) if mixed(4) in runs else None)
    rule = f"{cfg.PERCENTILE:g}th percentile of our depth-4 networks"
    thresholds = {**({rule: ours} if ours is not None else {}), "the paper's thresholds": paper}
    deepest = max(cfg.DEPTHS)
    numbers = {}
    for state, name in STATE_NAMES.items():
        bits = states.get((deepest, state))
        means = ranked_maximum_information(bits).mean(axis=(0, -1)) if bits is not None else [math.nan] * 3
        for analysis, value in zip(ANALYSES, means):
            numbers[f"fig2_mean_{name}_{analysis}"] = float(value)
        # cells whose best digit passes the image threshold in the image-only analysis (mean per network)
        for suffix, pair in (("", paper), ("_percentile", ours)):
            numbers[f"fig2_above{suffix}_{name}"] = (
                math.nan if bits is None or pair is None
                else float((bits[:, 1].max(axis=-2) > pair[0]).sum(axis=-1).mean()))
    numbers.update(fig2_depth=deepest, fig2_threshold_image=paper[0], fig2_threshold_audio=paper[1],
                   fig2_percentile_image=math.nan if ours is None else ours[0],
                   fig2_percentile_audio=math.nan if ours is None else ours[1], percentile=cfg.PERCENTILE,
                   fig2_terms=cfg.TERMS,
                   fig2_has_before=("these runs did, so it is" if (deepest, "before training") in states
                                    else "these runs did not, so it is not"))
    from .paper1_authors import stored_thresholds

    authors_pair = stored_thresholds(cfg) if ours is not None else None
    numbers["fig2_authors_image"], numbers["fig2_authors_audio"] = authors_pair or (math.nan, math.nan)
    numbers["fig2_image_word"] = "more" if ours is not None and ours[0] > paper[0] else "not more"
    explained = ((numbers["fig2_authors_audio"] - paper[1]) / (ours[1] - paper[1])
                 if authors_pair is not None and ours[1] != paper[1] else math.nan)
    numbers["fig2_audio_explained"] = ("most" if explained > 0.5 else "part" if explained > 0 else "none")
    gains = {f"{a}-only": numbers[f"fig2_mean_consistent_{a}"] - numbers[f"fig2_mean_inconsistent_{a}"]
             for a in ("image", "audio")}
    numbers["fig2_largest_gain"] = max(gains, key=gains.get)
    claims, claim_numbers = paper_claims(states, cfg.DEPTHS)
    numbers.update(claim_numbers)
    return InformationPage(numbers, states, thresholds, claims)


def _mean_ranked(bits) -> np.ndarray:
    """Rank-wise mean over networks of the ranked maximum information ``[3 analyses, cells]``."""
    return ranked_maximum_information(bits).mean(axis=0)


def paper_claims(states: dict, depths) -> tuple[str, dict]:
    """The paper's Fig. 2 claims tested on every depth of ``states`` (:func:`states_of`):
    a markdown table (one row per depth) and its numbers for the prose.

    Claims: cells carry almost no information before training; training raises it in every
    analysis; consistent training "generally" more than inconsistent (compared rank by rank
    on the rank-wise means, per analysis)."""
    from ..tables import markdown_table

    rows, numbers = [], {}
    for depth in sorted(depths):
        before = states.get((depth, "before training"))
        trained = {name: _mean_ranked(states[depth, f"{name} training"]) for name in ("inconsistent", "consistent")}
        cells = trained["consistent"].shape[-1]
        higher = {a: int((trained["consistent"][k] > trained["inconsistent"][k]).sum()) for k, a in enumerate(ANALYSES)}
        row = [str(depth)]
        if before is not None:
            b = _mean_ranked(before)
            raised = bool(np.all([(t.mean(axis=-1) > b.mean(axis=-1)) for t in trained.values()]))
            above_both = int(((b[0] > trained["consistent"][0]) & (b[0] > trained["inconsistent"][0])).sum())
            numbers[f"fig2_before_mean_{depth}"] = float(b[0].mean())
            numbers[f"fig2_before_above_both_{depth}"] = above_both
            row += [f"{b[0].mean():.2f}", "yes" if raised else "no"]
        else:
            row += ["-", "-"]
        row += [f"{trained['inconsistent'][0].mean():.2f} / {trained['consistent'][0].mean():.2f}"]
        row += [f"{higher[a]} of {cells}" for a in ANALYSES]
        for a in ANALYSES:
            numbers[f"fig2_higher_{a}_{depth}"] = higher[a]
        rows.append(row)
    table = markdown_table(["depth", "before training, mean (bits, all rows)",
                            "training raises the mean in every analysis",
                            "inconsistent / consistent training, mean (bits, all rows)",
                            "ranks where consistent > inconsistent: all rows", "image-only", "audio-only"],
                           rows, align="rrcrrrr")
    return table, numbers
