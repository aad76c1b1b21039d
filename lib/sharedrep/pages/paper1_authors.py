"""The page of paper 1's authors' own networks: the book's analysis on their networks, beside
the paper's published numbers and the book's own networks.

``authors_run``: the stored run of :func:`sharedrep.experiments.authors_analysis.analysis_unit`;
``our_runs``: ``{ConditionKey: stored run}`` of the paper-1 chapters (``run_grid(chapter_runs(...))``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import authors, info, published
from ..conditions import mixed
from ..constants import MODALITIES
from ..experiments import authors_analysis, celltypes
from ..experiments.analysis import type_counts
from ..experiments.shared_learning import final_accuracy, published_accuracy
from . import markdown_table

#: the network whose trained values set the paper's thresholds (its 80th percentile)
REFERENCE = mixed(4, "consistent")


@dataclass(frozen=True)
class AuthorsPage:
    numbers: dict        # {glue name: raw value}
    table: str           # markdown: per condition, the paper beside the authors' networks, then beside ours
    shared_table: str    # markdown: shared-representation accuracy, the same three ways
    states: dict         # {(depth, training state): bits [1, 3 analyses, digits, cells]} (Fig. 2's records)
    trained: dict        # {ConditionKey: bits [1, 3, digits, cells]} of the trained networks (the explorer)
    thresholds: tuple    # the paper's (image, audio) bits


def _counts_text(counts) -> str:
    return ", ".join(f"{c:g}" for c in counts)


def compute(cfg, authors_run, our_runs: dict, crossmodal_run=None) -> AuthorsPage:
    """The page's numbers, table and records for ``cfg`` (the chapter's frozen parameters);
    ``crossmodal_run`` (:mod:`sharedrep.experiments.crossmodal`) tells how each untrained file
    relates to its trained network."""
    bits = authors_analysis.bits_of(authors_run, cfg.TERMS)
    paper = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
    reference = bits[REFERENCE, 5000]
    own = celltypes.percentile_thresholds(reference[None], q=cfg.PERCENTILE)
    numbers = dict(authors_image=own[0], authors_audio=own[1], paper_image=published.THRESHOLD_IMAGE_EXACT,
                   paper_audio=published.THRESHOLD_AUDIO_EXACT, percentile=cfg.PERCENTILE, terms=cfg.TERMS,
                   image_match=("identical to the authors' value to the last digit"
                                if own[0] == published.THRESHOLD_IMAGE_EXACT else "not the authors' value"),
                   n_networks=len(authors.NETWORKS), n_files=len(authors.NETWORKS) * len(authors.EPOCHS))
    rows, ours_rows, gaps, rule_gaps, compared = [], [], {}, {}, {}
    reference_ours = our_runs.get(mixed(4))
    ours_rule = (celltypes.thresholds_for("percentile", celltypes.last_layer_information(reference_ours, cfg.TERMS),
                                          q=cfg.PERCENTILE) if reference_ours is not None else None)
    for key in authors.NETWORKS:
        theirs = type_counts(bits[key, 5000], *paper)
        theirs_own = type_counts(bits[key, 5000], *own)
        ours = our_runs.get(key)
        ours_mean = (type_counts(celltypes.last_layer_information(ours, cfg.TERMS), *paper).mean(axis=0)
                     if ours is not None else None)
        ours_rule_mean = (type_counts(celltypes.last_layer_information(ours, cfg.TERMS), *ours_rule).mean(axis=0)
                          if ours is not None and ours_rule is not None else None)
        printed = published.CELL_TYPE_COUNTS.get(key)
        if printed is not None:
            compared[key] = (np.asarray(theirs), np.asarray(printed))
            gaps[key] = (np.abs(np.asarray(theirs) - printed).mean(),
                         math.nan if ours_mean is None else np.abs(ours_mean - printed).mean())
            if ours_rule_mean is not None:
                rule_gaps[key] = float(np.abs(ours_rule_mean - printed).mean())
        if printed is None and key in published.CONSISTENT_CELLS:
            printed_text = f"consistent: {published.CONSISTENT_CELLS[key]}"
        else:
            printed_text = "—" if printed is None else _counts_text(printed)
        rows.append([key.label, printed_text, _counts_text(theirs), _counts_text(theirs_own)])
        ours_rows.append([key.label, printed_text,
                          "—" if ours_mean is None else ", ".join(f"{c:.1f}" for c in ours_mean),
                          "—" if ours_rule_mean is None else ", ".join(f"{c:.1f}" for c in ours_rule_mean)])
        name = f"{key.framework}{key.depth}_{key.pairing}"
        numbers[f"shared_authors_{name}"] = int(theirs[-1])
        numbers[f"shared_paper_{name}"] = published.CONSISTENT_CELLS.get(key, math.nan)
        numbers[f"shared_ours_{name}"] = math.nan if ours_mean is None else float(ours_mean[-1])
    numbers.update(agreement_numbers(gaps))
    numbers["gap_ours_rule"] = float(np.mean(list(rule_gaps.values()))) if rule_gaps else math.nan
    numbers["gap_rule_verdict"] = (
        "—" if math.isnan(numbers["gap_ours_rule"]) else
        "closer to the printed counts than at the paper's values" if numbers["gap_ours_rule"] < numbers["gap_ours"]
        else "no closer to the printed counts than at the paper's values")
    numbers["reference_types"] = _counts_text(type_counts(reference, *paper))
    numbers["reference_types_paper"] = _counts_text(published.CELL_TYPE_COUNTS[REFERENCE])
    # two tables of four columns (one of six did not fit a desktop's column), the paper's counts in both
    printed_header = "paper (visual, audio, inconsistent, consistent)"
    table = ("**The authors' networks**\n\n"
             + markdown_table(["condition", printed_header, "authors' network, paper's thresholds",
                               f"authors' network, its own {cfg.PERCENTILE:g}th percentile"], rows)
             + "\n\n**This book's networks** (mean over networks)\n\n"
             + markdown_table(["condition", printed_header, "paper's thresholds", "the paper's rule on them"],
                              ours_rows))
    states = {}
    for depth in sorted({key.depth for key in authors.NETWORKS if key.framework == "mixed"}):
        states[depth, "before training"] = bits[mixed(depth, "consistent"), 0][None]
        states[depth, "inconsistent training"] = bits[mixed(depth, "inconsistent"), 5000][None]
        states[depth, "consistent training"] = bits[mixed(depth, "consistent"), 5000][None]
    trained = {key: bits[key, 5000][None] for key in authors.NETWORKS}
    untrained = np.stack([bits[key, 0][1:] for key in authors.NETWORKS if key.depth == 4])   # single modality
    numbers["untrained_depth4_p80"] = float(np.percentile(untrained, cfg.PERCENTILE))
    numbers["untrained_depth4_silent"] = float((untrained.max(axis=-2) == 0).mean())
    numbers["untrained_depth4_max"] = float(untrained.max())
    shared_table = _shared_table(authors_run, our_runs, numbers)
    numbers["audio_side"] = audio_side_text(compared, numbers)
    if crossmodal_run is not None:
        numbers.update(initial_states(crossmodal_run.arrays["init_correlation"]))
    return AuthorsPage(numbers, table, shared_table, states, trained, paper)


def initial_states(correlation) -> dict:
    """Is each untrained file the initial state of its trained network? ``correlation``
    ``[networks]`` (:data:`sharedrep.authors.NETWORKS` order): mean correlation of the two
    files' encoder weights. Returns the networks whose files do not correlate (below 0.05)
    and the range of the others."""
    correlation = np.asarray(correlation, float)
    unrelated = [key.label for key, r in zip(authors.NETWORKS, correlation) if r < 0.05]
    related = correlation[correlation >= 0.05]
    return dict(init_unrelated=", ".join(unrelated) or "none",
                init_unrelated_r=float(np.mean([r for r in correlation if r < 0.05])) if unrelated else math.nan,
                init_related_min=float(related.min()) if related.size else math.nan,
                init_related_max=float(related.max()) if related.size else math.nan)


def agreement_numbers(gaps: dict) -> dict:
    """How far each network's four counts lie from the printed ones, in numbers and words.

    gaps : ``{ConditionKey: (authors' network, this book's networks)}``, each the mean absolute
    difference over the four types between its counts (the book's: their mean over networks)
    and the published ones, at the paper's thresholds (NaN where the book has no run). Returns
    the mean over conditions of each (``gap_authors``, ``gap_ours``), the largest
    (``gap_*_max``) and where it is (``gap_*_worst``), and ``gap_by_depth`` (per mixed-input
    depth, both pairings pooled: "depth 1: 2.0 against 5.1; ...").
    """
    def summary(values: dict) -> tuple:
        values = {k: v for k, v in values.items() if not math.isnan(v)}
        if not values:
            return math.nan, math.nan, "—"
        worst = max(values, key=values.get)
        return float(np.mean(list(values.values()))), float(values[worst]), worst.label

    numbers = {}
    for who, index in (("authors", 0), ("ours", 1)):
        numbers[f"gap_{who}"], numbers[f"gap_{who}_max"], numbers[f"gap_{who}_worst"] = summary(
            {key: pair[index] for key, pair in gaps.items()})
    by_depth = {}
    for key, pair in gaps.items():
        if key.framework == "mixed":
            by_depth.setdefault(key.depth, []).append(pair)
    numbers["gap_by_depth"] = "; ".join(
        f"depth {depth}: {np.mean([a for a, _ in pairs]):.1f} against {np.mean([o for _, o in pairs]):.1f}"
        for depth, pairs in sorted(by_depth.items())) or "—"
    a, o = numbers["gap_authors"], numbers["gap_ours"]
    numbers["gap_verdict"] = (
        "the analysis is not what is missing" if math.isnan(o) else
        "most of the distance between the book's counts and the paper's lies in how the book's own networks "
        "were made, not in its analysis" if o > 2 * a else
        "the book's own networks are about as close to the paper as the authors' networks are in this analysis")
    return numbers


def audio_side_text(compared: dict, numbers: dict) -> str:
    """How the audio-side numbers of the authors' networks compare with the published ones, in
    words: the audio threshold, the consistent and the audio-only counts at the paper's
    thresholds (``compared``: ``{ConditionKey: (theirs, printed)}``, each [visual, audio,
    inconsistent, consistent]) and the accuracy of classifiers trained and tested on sounds
    (``numbers``' ``acc_authors_*_audio_audio`` / ``acc_paper_*``)."""
    theirs = np.array([t for t, _ in compared.values()])
    printed = np.array([p for _, p in compared.values()])
    consistent = int((theirs[:, 3] >= printed[:, 3]).sum())
    audio = {"higher": int((theirs[:, 1] > printed[:, 1]).sum()), "lower": int((theirs[:, 1] < printed[:, 1]).sum())}
    audio["equal"] = len(theirs) - audio["higher"] - audio["lower"]
    text = (f"the audio threshold is {numbers['authors_audio']:.2f} bits against the paper's "
            f"{numbers['paper_audio']:.2f}; the consistent counts at the paper's thresholds are at least the printed "
            f"ones in {consistent} of the {len(theirs)} networks")
    names = [name[len("acc_authors_"):-len("_audio_audio")] for name in numbers
             if name.startswith("acc_authors_") and name.endswith("_audio_audio")]
    pairs = [(numbers[f"acc_authors_{n}_audio_audio"], numbers[f"acc_paper_{n}_audio_audio"]) for n in names]
    pairs = [(a, p) for a, p in pairs if not math.isnan(p)]
    if pairs:
        higher = sum(a > p for a, p in pairs)
        text += (f"; classifiers trained and tested on sounds score higher than published in {higher} of the "
                 f"{len(pairs)} networks")
        if higher < len(pairs):
            text += f" (the largest shortfall {max(p - a for a, p in pairs):.3f})"
    lean = ("lean no one way" if audio["higher"] and audio["lower"] else
            "are higher too" if audio["higher"] and not audio["lower"] else "are lower" if audio["lower"] else
            "are the same")
    text += (f". The audio-only counts {lean} (higher than printed in {audio['higher']}, lower in "
             f"{audio['lower']}, equal in {audio['equal']})")
    if audio["lower"]:
        text += ": a cell that carries more about sound can pass from audio-only to shared"
    return text + "."


def _shared_table(authors_run, our_runs: dict, numbers: dict) -> str:
    """Paper 1's shared-representation learning (Fig. 5): per trained network and modality the
    classifiers were trained on, accuracy on image-only and audio-only test rows."""
    if "shared_accuracy" not in authors_run.arrays:
        return "(the analysis was run without classifiers: `CLASSIFIER_EPOCHS = 0`)"
    theirs = np.asarray(authors_run.arrays["shared_accuracy"])     # [networks, classifiers, trained, tested]
    rows = []
    for i, key in enumerate(authors.NETWORKS):
        ours = our_runs.get(key)
        mine = final_accuracy(ours) if ours is not None and "accuracy" in ours.arrays else None
        for t, trained in enumerate(MODALITIES):
            cells = [f"{theirs[i, :, t, j].mean():.3f} ± {theirs[i, :, t, j].std():.3f}" for j in range(2)]
            printed = published_accuracy(key, trained)
            rows.append([key.label, trained, *cells, "—" if printed is None else ", ".join(f"{v:.3f}" for v in printed),
                         "—" if mine is None else ", ".join(f"{mine[:, t, j].mean():.3f}" for j in range(2))])
            name = f"{key.framework}{key.depth}_{key.pairing}_{trained}"
            for j, tested in enumerate(MODALITIES):
                numbers[f"acc_authors_{name}_{tested}"] = float(theirs[i, :, t, j].mean())
                numbers[f"acc_ours_{name}_{tested}"] = math.nan if mine is None else float(mine[:, t, j].mean())
                numbers[f"acc_paper_{name}_{tested}"] = math.nan if printed is None else printed[j]
    numbers["classifiers"] = theirs.shape[1]
    return markdown_table(["network", "trained on", "authors' network: tested on image", "tested on audio",
                           "published (image, audio)", "this book's networks (image, audio)"], rows)


def stored_analysis(cfg):
    """The stored analysis of the authors' networks this page shows (for ``cfg``'s classifier
    epochs and networks), or None when it is not stored: it is never computed for another
    page, since that needs the authors' weight files."""
    from .. import results

    unit = authors_analysis.chapter_unit(cfg)
    return results.load(unit.kind, unit.parameters)


def stored_thresholds(cfg) -> tuple[float, float] | None:
    """The paper's rule (``cfg.PERCENTILE``) on the authors' trained depth-4 network through
    this book's analysis (image, audio bits), from :func:`stored_analysis`; None if not stored."""
    run = stored_analysis(cfg)
    if run is None:
        return None
    return celltypes.percentile_thresholds(authors_analysis.bits_of(run, cfg.TERMS)[REFERENCE, 5000][None],
                                           q=cfg.PERCENTILE)
