"""The page that trains one fold of paper 2's multimodal DBN: its numbers.

``fold``: the stored run of :func:`sharedrep.experiments.dbn_folds.run_fold`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..experiments import dbn_report


@dataclass(frozen=True)
class TrainingPage:
    numbers: dict        # {glue name: raw value}
    dominance: dict      # dbn_report.dominance(fold)


def compute(fold) -> TrainingPage:
    """The page's numbers for one stored fold."""
    a = fold.arrays
    errors = a["backfit_errors"]
    dominance = dbn_report.dominance(fold)
    numbers = dict(fold_source="loaded" if fold.loaded else "computed in this build",
                   fold_minutes=fold.provenance["wall_time_s"] / 60,
                   sweeps=len(errors) - 1, e_before=float(errors[0].sum()), e_after=float(errors[-1].sum()),
                   backfit_seconds=float(a["backfit_seconds"].sum()),
                   dominance_summary=dbn_report.dominance_sentence(dominance),
                   at_chance_summary=dbn_report.at_chance_sentence({"this fold": fold}),
                   dominance_verdict=dbn_report.dominance_verdict(dominance, dbn_report.top_units(fold)))
    return TrainingPage(numbers, dominance)
