"""How shared cells develop during training (beyond paper 1), and the book's quick protocol.

The stored runs keep the encoder's count tables at several snapshot epochs. From them we
count the four cell types of the last encoding layer at every snapshot, and test at each
epoch the paper's three findings about shared (consistent) cells:

* ``"pairing"``: more after consistent than after inconsistent training, at every depth;
* ``"depth"``: more in the deepest than in the shallowest mixed-input encoder;
* ``"framework"``: more in the mixed-input depth-4 encoder than in the two-stage one.

and two about behaviour, from runs with shared-representation classifiers at every snapshot
(:func:`~sharedrep.experiments.transfer_design`), on cross-modal accuracy (a classifier
trained on one modality's encoding, tested on the other; both directions):

* ``"pairing_transfer"``: higher after consistent than after inconsistent training;
* ``"framework_transfer"``: higher with mixed input than with the two-stage network.

Each finding compares means over networks (the t-tests and the ANOVA are on the cell-type
and shared-representation pages). The smallest training that preserves the findings is the
first snapshot epoch from which all of them hold at every later snapshot.
"""
from __future__ import annotations

import numpy as np

from .. import info
from ..conditions import TWO_STAGE, ConditionKey, mixed
from ..constants import DIRECTIONS
from ..tables import markdown_table
from .analysis import type_counts
from .celltypes import last_layer_information, percentile_thresholds
from .shared_learning import cross_modal

FINDINGS = {
    "pairing": "consistent > inconsistent training at every depth",
    "depth": "deepest > shallowest encoder (consistent training)",
    "framework": "mixed input > two-stage (depth 4, consistent training)",
    "pairing_transfer": "cross-modal accuracy: consistent > inconsistent (deepest encoder)",
    "framework_transfer": "cross-modal accuracy: mixed input > two-stage",
}


def counts_over_epochs(runs: dict, thresholds: tuple[float, float], terms: str = "all") -> dict:
    """``{label: int [seeds, snapshots, 4 types]}`` cell-type counts of the last encoding
    layer at every snapshot epoch (type order :data:`sharedrep.info.TYPES`).

    runs : ``{label: stored result}`` of :func:`~sharedrep.experiments.run_grid`, all with the
    same snapshot epochs; thresholds : (image, audio) bits.
    """
    epochs = {tuple(np.asarray(run.arrays["snapshot_epochs"]).tolist()) for run in runs.values()}
    if len(epochs) != 1:
        raise ValueError(f"runs have different snapshot epochs: {sorted(epochs)}")
    return {label: type_counts(last_layer_information(run, terms, snapshot=None), *thresholds)
            for label, run in runs.items()}


def percentile_over_epochs(run, terms: str = "all", q: float = 80) -> np.ndarray:
    """The paper's threshold rule at every saved epoch of ``run``: the ``q``-th percentile of
    all (cell, digit) values of its networks' last layer in the image-only and audio-only
    analyses, float ``[snapshots, 2 (image, audio)]`` in bits."""
    bits = last_layer_information(run, terms, snapshot=None)          # [seeds, snapshots, 3, digits, cells]
    return np.array([percentile_thresholds(bits[:, k], q) for k in range(bits.shape[1])])


def threshold_records(run, paper: tuple[float, float], terms: str = "all", q: float = 80,
                      values: np.ndarray | None = None) -> list[dict]:
    """Long-format records of :func:`percentile_over_epochs` (``rule`` "percentile"; pass it
    as ``values`` when already computed) and the constant ``paper`` pair (``rule`` "paper's
    values"): epoch, modality, bits, rule."""
    epochs = np.asarray(run.arrays["snapshot_epochs"]).tolist()
    values = percentile_over_epochs(run, terms, q) if values is None else values
    return [dict(epoch=int(e), modality=m, bits=round(float(v[i] if rule == "percentile" else paper[i]), 4), rule=rule)
            for rule in ("percentile", "paper's values") for e, v in zip(epochs, values)
            for i, m in enumerate(("image", "audio"))]


def snapshot_epochs(runs: dict) -> np.ndarray:
    """The snapshot epochs ``[snapshots]`` shared by ``runs``."""
    return np.asarray(next(iter(runs.values())).arrays["snapshot_epochs"])


def _shared(counts: dict, key: ConditionKey) -> np.ndarray | None:
    """Mean consistent-cell count per snapshot ``[snapshots]`` of one condition, if present."""
    if key not in counts:
        return None
    return counts[key][..., info.TYPES.index("consistent")].mean(axis=0)


def findings_by_epoch(counts: dict, depths) -> dict[str, np.ndarray | None]:
    """For each finding of :data:`FINDINGS`, bool ``[snapshots]``: does it hold at that
    snapshot? ``None`` when the runs cannot test it (e.g. one depth, no two-stage run)."""
    depths = sorted(depths)
    out: dict = {}
    pairs = [(_shared(counts, mixed(d, "consistent")), _shared(counts, mixed(d, "inconsistent"))) for d in depths]
    out["pairing"] = (np.all([c > i for c, i in pairs], axis=0)
                      if pairs and all(c is not None and i is not None for c, i in pairs) else None)
    low, high = _shared(counts, mixed(depths[0])), _shared(counts, mixed(depths[-1]))
    out["depth"] = high > low if len(depths) > 1 and low is not None and high is not None else None
    deep, two = _shared(counts, mixed(4)), _shared(counts, TWO_STAGE)
    out["framework"] = deep > two if deep is not None and two is not None else None
    return out


def smallest_epoch(epochs, findings: dict) -> int | None:
    """First snapshot epoch from which every testable finding holds at that and all later
    snapshots; ``None`` if none does (or no finding is testable)."""
    tested = [np.asarray(v, bool) for v in findings.values() if v is not None]
    if not tested:
        return None
    holds = np.all(tested, axis=0)
    for k in range(len(holds)):
        if holds[k:].all():
            return int(np.asarray(epochs)[k])
    return None


def mean_transfer(runs: dict, key: ConditionKey) -> np.ndarray | None:
    """Mean over networks of condition ``key``'s cross-modal accuracy per snapshot and
    direction ``[snapshots, 2]`` (directions :data:`DIRECTIONS`); None if not in ``runs``."""
    return cross_modal(runs[key], every_snapshot=True).mean(axis=0) if key in runs else None


def transfer_findings_by_epoch(runs: dict) -> dict[str, np.ndarray | None]:
    """The two behavioural findings, bool ``[snapshots]`` each (both directions must agree),
    from runs with classifiers at every snapshot (``{ConditionKey: stored result}``, as in
    :func:`~sharedrep.experiments.transfer_design`); ``None`` when untestable."""
    candidates = [key for key in runs if key.framework == "mixed" and key.pairing == "consistent"]
    deepest = max(candidates, key=lambda key: key.depth, default=None)
    out: dict = {"pairing_transfer": None, "framework_transfer": None}
    if deepest is None:
        return out
    consistent = mean_transfer(runs, deepest)
    inconsistent = mean_transfer(runs, deepest.paired("inconsistent"))
    if inconsistent is not None:
        out["pairing_transfer"] = np.all(consistent > inconsistent, axis=1)
    two = mean_transfer(runs, TWO_STAGE)
    if two is not None and deepest == mixed(4):
        out["framework_transfer"] = np.all(consistent > two, axis=1)
    return out


def transfer_records(runs: dict) -> list[dict]:
    """Long-format records of cross-modal accuracy: one per (condition, snapshot epoch,
    direction) with the mean and s.d. over networks. Fields: label, framework, depth,
    pairing, epoch, direction (:data:`DIRECTIONS`), mean, sd, networks."""
    records = []
    for key, run in runs.items():
        accuracy = cross_modal(run, every_snapshot=True)          # [seeds, snapshots, 2]
        for k, epoch in enumerate(np.asarray(run.arrays["snapshot_epochs"]).tolist()):
            for d, direction in enumerate(DIRECTIONS):
                values = accuracy[:, k, d]
                records.append(dict(**key.fields(), epoch=int(epoch), direction=direction,
                                    mean=round(float(values.mean()), 4), sd=round(float(values.std()), 4),
                                    networks=len(values)))
    return records


def shared_cells_and_transfer(runs: dict, thresholds: tuple[float, float], terms: str = "all") -> dict:
    """How the number of consistent cells and cross-modal accuracy go together, over every
    encoder of ``runs`` (each network at each snapshot epoch of each condition).

    Returns ``{"rho": Spearman correlation, "p": its p-value, "encoders": how many}`` between
    the consistent-cell count of the last encoding layer and the cross-modal accuracy (mean of
    the two directions)."""
    from scipy.stats import spearmanr

    counts = counts_over_epochs(runs, thresholds, terms)
    cells = np.concatenate([counts[key][..., info.TYPES.index("consistent")].ravel() for key in runs])
    transfer = np.concatenate([cross_modal(run, every_snapshot=True).mean(axis=-1).ravel()
                               for run in runs.values()])
    if len(cells) < 3 or np.ptp(cells) == 0 or np.ptp(transfer) == 0:
        return {"rho": float("nan"), "p": float("nan"), "encoders": int(len(cells))}
    rho, p = spearmanr(cells, transfer)
    return {"rho": float(rho), "p": float(p), "encoders": int(len(cells))}


def relation_words(relation: dict | None, alpha: float = 0.05) -> str:
    """Words for :func:`shared_cells_and_transfer`'s result, for the page's prose."""
    if relation is None or not np.isfinite(relation["rho"]):
        return "cannot be compared here"
    if relation["p"] >= alpha:
        return f"show no clear relation (p >= {alpha})"
    return "rise together" if relation["rho"] > 0 else "move in opposite directions"


def development_records(counts: dict, epochs) -> list[dict]:
    """Long-format records for the figures: one per (condition, snapshot epoch, type) with
    the mean and s.d. over networks. Fields: label, framework, depth, pairing, epoch, type,
    mean, sd, networks."""
    records = []
    for key, table in counts.items():
        for k, epoch in enumerate(np.asarray(epochs).tolist()):
            for t, kind in enumerate(info.TYPES):
                values = table[:, k, t]
                records.append(dict(**key.fields(), epoch=int(epoch), type=kind, mean=round(float(values.mean()), 3),
                                    sd=round(float(values.std()), 3), networks=len(values)))
    return records


def findings_table(epochs, findings: dict) -> str:
    """Markdown table: one row per snapshot epoch, a column per testable finding (yes / no)."""
    tested = {k: v for k, v in findings.items() if v is not None}
    return markdown_table(["epoch", *(FINDINGS[k] for k in tested)],
                          [[epoch, *("yes" if v[k] else "no" for v in tested.values())]
                           for k, epoch in enumerate(np.asarray(epochs).tolist())])


def mean_prediction_loss(split) -> float:
    """The training loss of a network that outputs every pixel's mean target over ``split``
    (summed binary cross-entropy of the two outputs, mean over pixels and rows): the
    plateau a freshly initialised autoencoder first settles on. ``split``: a
    :class:`~sharedrep.data.BimodalSplit` (``t_image``, ``t_audio`` float ``[rows, 784]``)."""
    total = 0.0
    for target in (np.asarray(split.t_image, np.float64), np.asarray(split.t_audio, np.float64)):
        p = np.clip(target.mean(axis=0, keepdims=True), 1e-7, 1 - 1e-7)
        total += float(np.mean(-(target * np.log(p) + (1 - target) * np.log1p(-p))))
    return total


def plateau_exit(losses, plateau: float, margin: float = 0.005) -> np.ndarray:
    """First epoch (1-based) at which each network's training loss falls ``margin`` below
    ``plateau`` (:func:`mean_prediction_loss`), float ``[networks]``; NaN for a network
    that never does. ``losses``: float ``[networks, epochs]`` (column ``e`` = epoch
    ``e + 1``), as stored in a run's ``losses``."""
    losses = np.asarray(losses, np.float64)
    if losses.ndim != 2 or losses.shape[1] == 0:
        raise ValueError(f"losses must be [networks, epochs] with at least one epoch, got shape {losses.shape}")
    if not np.isfinite(plateau) or margin < 0:
        raise ValueError(f"plateau must be finite and margin >= 0, got {plateau!r} and {margin!r}")
    below = losses < plateau - margin
    first = np.argmax(below, axis=1).astype(np.float64) + 1
    first[~below.any(axis=1)] = np.nan
    return first


def plateau_exit_words(runs: dict, plateau: float, margin: float = 0.005) -> str:
    """Words for the page's prose: per condition of ``runs`` (``{ConditionKey: run}``, each
    with ``arrays["losses"]``), the mean over networks of :func:`plateau_exit`, e.g.
    ``"mixed-1-consistent 79, mixed-2-consistent 21"``; a condition where some network never
    leaves the plateau says how many did."""
    parts = []
    for key, run in runs.items():
        exits = plateau_exit(run.arrays["losses"], plateau, margin)
        left = np.isfinite(exits)
        if left.all():
            parts.append(f"{key.label} {exits.mean():.0f}")
        elif left.any():
            parts.append(f"{key.label} {exits[left].mean():.0f} ({left.sum()} of {len(exits)} networks; "
                         f"the others stay on it)")
        else:
            parts.append(f"{key.label}: no network leaves it")
    return ", ".join(parts)


#: the threshold rules drawn against the epoch: the paper's values (fixed), its rule (the
#: percentile of the consistent networks' values at that epoch) and, for runs that kept their
#: responses at every snapshot, the significance rule (a permutation test per cell and digit)
RULES_OVER_EPOCHS = ("paper's values", "paper's rule", "significance")


def shared_by_rule_over_epochs(runs: dict, reference: ConditionKey, paper: tuple[float, float],
                               terms: str = "all", q: float = 80) -> list[dict]:
    """Shared (consistent) cells per network at every saved epoch of ``runs`` under the rules
    of :data:`RULES_OVER_EPOCHS`; the rule's thresholds at an epoch are the ``q``-th
    percentile of ``runs[reference]``'s values at that epoch (as if training stopped there);
    the significance rule (:func:`~sharedrep.experiments.celltypes.significant_cells` at its
    defaults, with ``terms``) only for runs that kept their responses at every snapshot.
    Records: label, pairing, epoch, rule, mean, sd, image, audio (the thresholds, bits; None
    for the significance rule, which has none)."""
    from .celltypes import significance_counts, significant_cells

    column = info.TYPES.index("consistent")
    rule = percentile_over_epochs(runs[reference], terms, q)                   # [snapshots, 2]
    records = []

    def record(key, epoch, name, shared, pair):
        records.append(dict(label=key.label, pairing=key.pairing, epoch=int(epoch), rule=name,
                            mean=round(float(shared.mean()), 3), sd=round(float(shared.std()), 3),
                            **{m: None if pair is None else round(float(pair[i]), 4)
                               for i, m in enumerate(("image", "audio"))}))

    for key, run in runs.items():
        bits = last_layer_information(run, terms, snapshot=None)             # [seeds, snapshots, 3, digits, cells]
        for k, epoch in enumerate(np.asarray(run.arrays["snapshot_epochs"]).tolist()):
            for name, pair in zip(RULES_OVER_EPOCHS[:2], (paper, tuple(rule[k]))):
                record(key, epoch, name, type_counts(bits[:, k], *pair)[:, column], pair)
            if "responses_snapshots" in run.arrays:
                selective = significant_cells(run, terms=terms, snapshot=k)
                record(key, epoch, RULES_OVER_EPOCHS[2], significance_counts(selective)[:, column], None)
    return records
