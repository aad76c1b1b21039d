"""The cell-type page (paper 1, Fig. 4 and Table 2): its numbers and what it draws.

``runs``: ``{ConditionKey: stored run}`` (``run_grid(chapter_runs("paper1_celltypes", cfg)["runs"])``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import info, published
from ..conditions import TWO_STAGE, mixed
from ..experiments import celltypes
from . import markdown_table

#: how the page names each threshold rule
RULE_WORDS = {"percentile": "the paper's rule on our networks", "paper": "the paper's values"}


@dataclass(frozen=True)
class CellTypePage:
    numbers: dict            # {glue name: raw value}
    bits: dict               # {ConditionKey: [networks, 3 analyses, digits, cells]} of the last layer
    thresholds: tuple        # (image, audio) bits of the chosen rule
    counts: dict             # {ConditionKey: int [networks, 4 types]}
    examples: dict           # {type: cell} of the deepest consistent network's first network
    deepest: object          # ConditionKey of the deepest consistent mixed-input network
    significance_table: str  # markdown: the four types under the chosen rule and under significance
    rules_table: str         # markdown: shared cells per condition under both threshold rules, and the paper's


def compute(cfg, runs: dict) -> CellTypePage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters) and its ``runs``."""
    bits = {key: celltypes.last_layer_information(run, terms=cfg.TERMS) for key, run in runs.items()}
    reference = bits.get(mixed(4))
    thresholds = celltypes.thresholds_for(cfg.THRESHOLD_RULE, reference, q=cfg.PERCENTILE)
    ours_80 = celltypes.percentile_thresholds(reference, 80) if reference is not None else (math.nan, math.nan)
    numbers = dict(threshold_image=thresholds[0], threshold_audio=thresholds[1],
                   percentile_image=ours_80[0], percentile_audio=ours_80[1], terms=cfg.TERMS, n_networks=cfg.N_SEEDS,
                   paper_threshold_image=info.PAPER_THRESHOLD_IMAGE, paper_threshold_audio=info.PAPER_THRESHOLD_AUDIO)
    counts = celltypes.counts_by_condition(bits, thresholds)
    column = info.TYPES.index("consistent")
    for key, table in counts.items():
        numbers[f"shared_{key.label}"] = float(table[:, column].mean())
    for depth, (_, p) in celltypes.consistent_vs_inconsistent(counts, cfg.DEPTHS).items():
        numbers[f"ttest_p_{depth}"] = p
    F, p_anova, df = celltypes.anova_over_depth(counts, cfg.DEPTHS)
    numbers.update(anova_F=F, anova_p=p_anova, anova_df=f"{df[0]}, {df[1]}",
                   paper_anova_F=published.ANOVA_DEPTH["F"],
                   paper_anova_df=", ".join(map(str, published.ANOVA_DEPTH["df"])),
                   paper_p=published.T_TEST_P_BELOW)
    two_stage = cfg.TWO_STAGE and 4 in cfg.DEPTHS
    numbers["two_stage_shared"] = float(counts[TWO_STAGE][:, column].mean()) if two_stage else math.nan
    numbers["two_stage_p"] = celltypes.mixed_vs_two_stage(counts)[1] if two_stage else math.nan
    deepest = mixed(max(cfg.DEPTHS))
    examples = celltypes.example_cells(bits[deepest][0], thresholds)
    table = _significance(cfg, runs, counts, numbers)
    rules = _both_rules(cfg, bits, reference, numbers, chosen=counts)
    return CellTypePage(numbers, bits, thresholds, counts, examples, deepest, table, rules)


#: the two threshold rules side by side: glue prefix, rule, column title
RULES = (("pct", "percentile", "the paper's rule on our networks"), ("fixed", "paper", "the paper's values"))


def _both_rules(cfg, bits: dict, reference, numbers: dict, chosen: dict) -> str:
    """Shared cells per condition under both threshold rules (:data:`RULES`) beside the
    paper's network, and the paper's tests under each (``<prefix>_ttest_p_<depth>``,
    ``<prefix>_anova_p``, ``<prefix>_two_stage_p``, ``<prefix>_threshold_image`` ... into
    ``numbers``). The percentile rule needs the depth-4 networks; without them its column is
    left out. ``chosen``: the counts under ``cfg.THRESHOLD_RULE``, already computed."""
    column = info.TYPES.index("consistent")
    shared = {}
    for prefix, rule, title in RULES:
        if rule == "percentile" and reference is None:
            continue
        pair = celltypes.thresholds_for(rule, reference, q=cfg.PERCENTILE)
        counts = chosen if rule == cfg.THRESHOLD_RULE else celltypes.counts_by_condition(bits, pair)
        shared[title] = {key: table[:, column] for key, table in counts.items()}
        numbers[f"{prefix}_threshold_image"], numbers[f"{prefix}_threshold_audio"] = pair
        below = []
        for depth, (t, p) in celltypes.consistent_vs_inconsistent(counts, cfg.DEPTHS).items():
            numbers[f"{prefix}_ttest_p_{depth}"] = p
            if t > 0 and p < published.T_TEST_P_BELOW:
                below.append(depth)
        numbers[f"{prefix}_below_paper_p"] = ", ".join(map(str, below)) or "none"
        numbers[f"{prefix}_anova_p"] = celltypes.anova_over_depth(counts, cfg.DEPTHS)[1]
        numbers[f"{prefix}_two_stage_p"] = (celltypes.mixed_vs_two_stage(counts)[1]
                                            if cfg.TWO_STAGE and 4 in cfg.DEPTHS else math.nan)
        printed = [key for key in counts if key in published.CONSISTENT_CELLS]
        numbers[f"{prefix}_gap"] = (float(np.mean([abs(shared[title][key].mean() - published.CONSISTENT_CELLS[key])
                                                   for key in printed])) if printed else math.nan)
        numbers[f"{prefix}_shared_consistent"] = float(sum(shared[title][key].mean() for key in counts
                                                           if key.framework == "mixed" and key.pairing == "consistent"))
    if "pct_shared_consistent" in numbers:
        numbers["fixed_over_pct"] = numbers["fixed_shared_consistent"] / max(numbers["pct_shared_consistent"], 1e-9)
    keys = next(iter(shared.values())).keys()
    rows = [[key.label, *(f"{values[key].mean():.1f} ± {values[key].std():.1f}" for values in shared.values()),
             str(published.CONSISTENT_CELLS.get(key, "—"))] for key in keys]
    return markdown_table(["condition", *(f"{title} (per network)" for title in shared), "the paper (printed)"],
                          rows)


def _significance(cfg, runs: dict, paper_counts: dict, numbers: dict) -> str:
    """The four types under the significance rule (:func:`~sharedrep.experiments.celltypes.significant_cells`)
    beside the chosen threshold rule (``paper_counts``), the cells selective for several digits, and the
    paper's three claims re-tested under the new rule (their p values into ``numbers``)."""
    extended = {key: celltypes.significance_counts(celltypes.significant_cells(
        run, cfg.ALPHA, cfg.N_SHUFFLES, cfg.TERMS)) for key, run in runs.items()}
    counts = {key: table[:, :len(info.TYPES)] for key, table in extended.items()}
    rows = []
    for key, table in extended.items():
        rows.append([key.label, ", ".join(f"{v:.1f}" for v in paper_counts[key].mean(axis=0)),
                     ", ".join(f"{v:.1f}" for v in table[:, :-1].mean(axis=0)), f"{table[:, -1].mean():.1f}"])
        numbers[f"sig_shared_{key.label}"] = float(table[:, info.TYPES.index("consistent")].mean())
        numbers[f"sig_several_{key.label}"] = float(table[:, -1].mean())
    tests = celltypes.consistent_vs_inconsistent(counts, cfg.DEPTHS)
    for depth, (t, p) in tests.items():
        numbers[f"sig_ttest_t_{depth}"], numbers[f"sig_ttest_p_{depth}"] = t, p
    numbers["sig_holds_everywhere"] = "so at every depth" if tests and all(
        t > 0 and p < 0.05 for t, p in tests.values()) else "so not at every depth"
    F, p_anova, df = celltypes.anova_over_depth(counts, cfg.DEPTHS)
    numbers.update(sig_anova_F=F, sig_anova_p=p_anova, alpha=cfg.ALPHA, n_shuffles=cfg.N_SHUFFLES)
    two_stage = cfg.TWO_STAGE and 4 in cfg.DEPTHS
    t, p = celltypes.mixed_vs_two_stage(counts) if two_stage else (math.nan, math.nan)
    numbers["sig_two_stage_t"], numbers["sig_two_stage_p"] = t, p
    shared = [counts[mixed(d)][:, info.TYPES.index("consistent")].mean() for d in sorted(cfg.DEPTHS)]
    numbers["sig_depth_holds"] = ("the claim holds" if p_anova < 0.05 and shared[-1] > shared[0]
                                  else "the claim does not hold")
    numbers["sig_two_stage_holds"] = ("the claim holds" if numbers["sig_two_stage_t"] > 0
                                      and numbers["sig_two_stage_p"] < 0.05 else "the claim does not hold")
    held = [d for d, (t, p) in tests.items() if t > 0 and p < 0.05]
    numbers["sig_depths_held"] = ", ".join(map(str, held)) if held else "none"
    return markdown_table(["condition", f"{RULE_WORDS[cfg.THRESHOLD_RULE]} (" + ", ".join(info.TYPES) + ")",
                           f"significance at {cfg.ALPHA:g} (same order)", "cells selective for several digits"], rows)


def example_responses(runs: dict, page: CellTypePage) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(responses float32 ``[test rows, cells]`` of the deepest consistent network's first
    network, the test rows' digits ``[rows]``, their blocks ``[rows]``) for the heatmaps."""
    arrays = runs[page.deepest].arrays
    return arrays["responses_last"][0].astype(np.float32), arrays["test_digits"], arrays["test_block"]
