"""The development page (beyond paper 1: how shared cells and transfer appear during
training): its numbers and the records its figures draw.

``runs``, ``transfer``: ``{ConditionKey: stored run}`` of ``chapter_runs("paper1_development",
cfg)``'s two groups (the transfer runs are a part of the same stored runs).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..conditions import mixed
from ..data import AUDIO_RECIPES, bimodal_dataset
from ..experiments import celltypes, development

#: loss below the plateau that counts as having left it
MARGIN = 0.005


@dataclass(frozen=True)
class DevelopmentPage:
    numbers: dict            # {glue name: raw value}
    epochs: np.ndarray       # saved epochs [snapshots]
    thresholds: tuple        # (image, audio) bits of the chosen rule
    counts: dict             # {ConditionKey: int [networks, snapshots, 4 types]}
    findings: dict           # {finding: bool [snapshots] or None}
    smallest: int | None     # first saved epoch from which every testable finding holds


def _epoch_words(epoch) -> str:
    return "none of the saved epochs" if epoch is None else f"epoch {epoch}"


def compute(cfg, runs: dict, transfer: dict, protocol_hours: float) -> DevelopmentPage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters), its ``runs`` and
    ``transfer`` runs; ``protocol_hours``: the paper protocol's estimated training time
    (``sharedrep.reproduce.protocol_hours("paper")``)."""
    epochs = development.snapshot_epochs(runs)
    plateau = development.mean_prediction_loss(bimodal_dataset(
        "consistent", seed=0, images_per_digit=cfg.IMAGES_PER_DIGIT, **AUDIO_RECIPES[cfg.AUDIO_RECIPE]).train)
    deepest = mixed(max(cfg.DEPTHS))
    numbers = dict(plateau_loss=plateau, plateau_margin=MARGIN, epochs_trained=cfg.EPOCHS,
                   n_networks=cfg.N_SEEDS, paper_protocol_hours=protocol_hours)
    for pairing in ("consistent", "inconsistent"):
        numbers[f"plateau_exit_{pairing}"] = development.plateau_exit_words(
            {key: run for key, run in runs.items() if key.pairing == pairing}, plateau, MARGIN)
    numbers["final_loss_deepest"] = float(runs[deepest].arrays["losses"][:, -1].mean())

    reference = celltypes.last_layer_information(runs[mixed(4)], cfg.TERMS) if mixed(4) in runs else None
    thresholds = celltypes.thresholds_for(cfg.THRESHOLD_RULE, reference, q=cfg.PERCENTILE)
    counts = development.counts_over_epochs(runs, thresholds, cfg.TERMS)
    findings = {**development.findings_by_epoch(counts, cfg.DEPTHS), **development.transfer_findings_by_epoch(transfer)}
    smallest = development.smallest_epoch(epochs, findings)
    numbers.update(dev_threshold_image=thresholds[0], dev_threshold_audio=thresholds[1],
                   smallest_epoch=_epoch_words(smallest))

    numbers["transfer_classifier_epochs"] = (f"{cfg.CLASSIFIER_EPOCHS:,}" if transfer
                                             else "none: CLASSIFIER_EPOCHS is 0")
    for name, key in (("cons", deepest), ("incons", deepest.paired("inconsistent"))):
        values = development.mean_transfer(transfer, key)
        numbers[f"transfer_{name}_start"] = math.nan if values is None else float(values[0].mean())
        numbers[f"transfer_{name}_end"] = math.nan if values is None else float(values[-1].mean())
    pairing_from = (development.smallest_epoch(epochs, {"pairing_transfer": findings["pairing_transfer"]})
                    if findings["pairing_transfer"] is not None else None)
    relation = development.shared_cells_and_transfer(transfer, thresholds, cfg.TERMS) if transfer else None
    numbers.update(transfer_pairing_from=_epoch_words(pairing_from),
                   transfer_encoders=math.nan if relation is None else relation["encoders"],
                   transfer_rho=math.nan if relation is None else relation["rho"],
                   transfer_p=math.nan if relation is None else relation["p"],
                   transfer_relation=development.relation_words(relation))
    return DevelopmentPage(numbers, epochs, thresholds, counts, findings, smallest)
