"""Shared-representation learning across conditions (paper 1, Fig. 5) and its statistics.

Works on stored results of :func:`~sharedrep.experiments.load_or_run` run with
``classifier_epochs > 0``: ``accuracy [seeds, snapshots, 2 trained on, 2 tested on]``
(modalities in the order image, audio). Cross-modal accuracy (trained on one modality,
tested on the other) is the paper's test of a shared representation; chance is 10 %.
"""
from __future__ import annotations

import math

import numpy as np

from .. import published
from ..conditions import ConditionKey, mixed
from ..constants import DIRECTIONS, MODALITIES
from ..tables import markdown_table
from .celltypes import one_way_anova, welch_ttest

#: same-modality accuracy below which a classifier counts as stuck at chance (chance: 0.1)
STUCK_BELOW = 0.2


def final_accuracy(run) -> np.ndarray:
    """Shared-representation accuracy of a stored run's final encoders:
    ``[networks, 2 trained on, 2 tested on]`` (image, audio order)."""
    return accuracy_by_epoch(run)[:, -1]


def same_modality_accuracy(run) -> np.ndarray:
    """Accuracy of each classifier on the modality it was trained on: ``[networks, snapshots,
    2]`` (trained and tested on image, on audio); below :data:`STUCK_BELOW` it is stuck."""
    accuracy = accuracy_by_epoch(run)
    return np.stack([accuracy[..., 0, 0], accuracy[..., 1, 1]], axis=-1)


def accuracy_by_epoch(run) -> np.ndarray:
    """Shared-representation accuracy at every saved epoch of a stored run (or its arrays):
    ``[networks, snapshots, 2 trained on, 2 tested on]`` (image, audio order), fractions."""
    arrays = run.arrays if hasattr(run, "arrays") else run
    if "accuracy" not in arrays:
        raise ValueError("this stored run has no shared-representation accuracy (run it with classifier_epochs > 0)")
    return np.asarray(arrays["accuracy"], float)


def accuracy_records(runs: dict) -> list[dict]:
    """One record per (condition, snapshot epoch, trained on, tested on): mean and s.d. over
    networks. Fields: label, epoch, trained, tested, mean, sd, networks."""
    records = []
    for key, run in runs.items():
        accuracy, epochs = accuracy_by_epoch(run), np.asarray(run.arrays["snapshot_epochs"]).tolist()
        for k, epoch in enumerate(epochs):
            for i, trained in enumerate(MODALITIES):
                for j, tested in enumerate(MODALITIES):
                    values = accuracy[:, k, i, j]
                    records.append(dict(label=key.label, epoch=int(epoch), trained=trained, tested=tested,
                                        mean=round(float(values.mean()), 4), sd=round(float(values.std()), 4),
                                        networks=len(values)))
    return records


def paper_records() -> list[dict]:
    """The paper's single stored runs (depth-4 mixed input and two-stage) as records, one per
    (condition, trained on, tested on). Fields: label, trained, tested, mean."""
    return [dict(label=key.label, trained=trained, tested=tested, mean=value)
            for (key, trained), pair in published.SHARED_ACCURACY.items()
            for tested, value in zip(MODALITIES, pair)]


def paper_accuracy(key: ConditionKey, trained: str, tested: str) -> float:
    """The paper's accuracy of ``key`` trained on one modality and tested on one; NaN where the
    paper gives none."""
    pair = published.SHARED_ACCURACY.get((key, trained))
    return float("nan") if pair is None else float(pair[MODALITIES.index(tested)])


def accuracy_table(runs: dict) -> str:
    """Markdown table of the final encoders' accuracies (mean ± s.d. over networks) with the
    paper's values where it gives them."""
    rows = []
    for key, run in runs.items():
        accuracy = accuracy_by_epoch(run)[:, -1]
        for i, trained in enumerate(MODALITIES):
            cells = [f"{accuracy[:, i, j].mean():.3f} ± {accuracy[:, i, j].std():.3f}" for j in range(len(MODALITIES))]
            theirs = published_accuracy(key, trained)
            shown = "—" if theirs is None else ", ".join(f"{v:.3f}" for v in theirs)
            rows.append([key.label, len(accuracy), trained, *cells, shown])
    return markdown_table(["condition", "networks", "trained on", "tested on image", "tested on audio",
                           "published: paper or authors' script (image, audio)"], rows)


def published_accuracy(key: ConditionKey, trained: str):
    """The authors' (image, audio) accuracies of ``key`` trained on ``trained``: the paper's
    (depth 4, two-stage) or, for the other depths, their plotting script's; None if neither."""
    return published.SHARED_ACCURACY.get((key, trained), published.SHARED_ACCURACY_BY_DEPTH.get((key, trained)))


"""The two cross-modal tests, in the order of the last axis of :func:`cross_modal`."""


def cross_modal(run, every_snapshot: bool = False) -> np.ndarray:
    """Cross-modal accuracy of the final encoders: ``[seeds, 2]`` = (trained on image and
    tested on audio, trained on audio and tested on image); with ``every_snapshot``, of the
    encoders at every snapshot epoch: ``[seeds, snapshots, 2]``."""
    accuracy = accuracy_by_epoch(run)
    pairs = np.stack([accuracy[:, :, 0, 1], accuracy[:, :, 1, 0]], axis=-1)
    return pairs if every_snapshot else pairs[:, -1]


def compare(runs: dict, a: ConditionKey, b: ConditionKey) -> dict:
    """Welch t-tests of cross-modal accuracy, condition ``a`` vs ``b``:
    ``{"image → audio": (t, p), "audio → image": (t, p)}``."""
    x, y = cross_modal(runs[a]), cross_modal(runs[b])
    return {direction: welch_ttest(x[:, k], y[:, k]) for k, direction in enumerate(DIRECTIONS)}


def _mixed(runs: dict, depth: int, pairing: str):
    key = mixed(depth, pairing)
    if key not in runs:
        raise KeyError(f"no run for {key.label}: run the chapter with {depth} in DEPTHS "
                       f"(the runs given are {sorted(k.label for k in runs)})")
    return runs[key]


def by_depth(runs: dict, depths) -> list[dict]:
    """Cross-modal accuracy of the final mixed-input encoders per depth and direction,
    consistent vs inconsistent training, with Welch's t-test between the two pairings.

    One record per (depth, direction): depth, direction (:data:`DIRECTIONS`), networks,
    consistent / inconsistent (mean over networks), consistent_sd / inconsistent_sd, t, p, and
    paper_consistent / paper_inconsistent (the authors' single networks,
    ``published.SHARED_ACCURACY_BY_DEPTH``; NaN where they give none).
    ``runs`` needs ``mixed(depth, "consistent")`` and ``mixed(depth, "inconsistent")`` for every depth.
    """
    records = []
    for depth in depths:
        pairs = {pairing: cross_modal(_mixed(runs, depth, pairing)) for pairing in ("consistent", "inconsistent")}
        for k, direction in enumerate(DIRECTIONS):
            cons, incons = pairs["consistent"][:, k], pairs["inconsistent"][:, k]
            t, p = welch_ttest(cons, incons)
            records.append(dict(depth=int(depth), direction=direction, networks=len(cons),
                                consistent=float(cons.mean()), consistent_sd=float(cons.std()),
                                inconsistent=float(incons.mean()), inconsistent_sd=float(incons.std()),
                                t=t, p=p,
                                **{f"paper_{pairing}": paper_cross_modal(mixed(depth, pairing), direction)
                                   for pairing in pairs}))
    return records


def paper_cross_modal(key: ConditionKey, direction: str) -> float:
    """The authors' cross-modal accuracy of ``key`` in ``direction`` (one of :data:`DIRECTIONS`)
    from ``published.SHARED_ACCURACY_BY_DEPTH`` (or the paper's ``SHARED_ACCURACY``); NaN if none."""
    trained, tested = direction.split(" → ")
    pair = published_accuracy(key, trained)
    return float("nan") if pair is None else float(pair[MODALITIES.index(tested)])


def depth_table(records: list[dict]) -> str:
    """Markdown table of :func:`by_depth`: mean ± s.d. over networks and the t-test per row."""
    def paper(r):
        values = [r.get("paper_consistent", math.nan), r.get("paper_inconsistent", math.nan)]
        return "—" if all(math.isnan(v) for v in values) else ", ".join(f"{v:.3f}" for v in values)

    return markdown_table(
        ["depth", "trained on → tested on", "consistent training", "inconsistent training", "Welch t", "p",
         "authors' script (consistent, inconsistent)"],                 # networks per condition: the run table
        [[r["depth"], r["direction"], f"{r['consistent']:.3f} ± {r['consistent_sd']:.3f}",
          f"{r['inconsistent']:.3f} ± {r['inconsistent_sd']:.3f}", f"{r['t']:.2f}", f"{r['p']:.2g}", paper(r)]
         for r in records])


def anova_over_depth(runs: dict, depths, pairing: str = "consistent") -> dict:
    """One-way ANOVA of cross-modal accuracy over encoder depth, per direction:
    ``{direction: (F, p, (df_between, df_within))}``; F and p are nan with fewer than two
    depths, one network per depth or no variance at all."""
    groups = [cross_modal(_mixed(runs, depth, pairing)) for depth in depths]
    return {direction: one_way_anova([g[:, k] for g in groups]) for k, direction in enumerate(DIRECTIONS)}


def best_depth(records: list[dict], pairing: str = "consistent") -> tuple[int, float]:
    """The depth whose cross-modal accuracy, averaged over both directions, is highest, and
    that accuracy: ``(depth, mean)``."""
    if not records:
        raise ValueError("no per-depth records")
    means = {}
    for r in records:
        means.setdefault(r["depth"], []).append(r[pairing])
    depth = max(means, key=lambda d: np.mean(means[d]))
    return depth, float(np.mean(means[depth]))


def significant_depths(records: list[dict], alpha: float = 0.05) -> list[int]:
    """The depths at which consistent training transfers better than inconsistent training in
    both directions: mean higher and Welch p < ``alpha`` (records of :func:`by_depth`)."""
    depths = sorted({r["depth"] for r in records})
    return [d for d in depths
            if all(r["consistent"] > r["inconsistent"] and r["p"] < alpha for r in records if r["depth"] == d)]
