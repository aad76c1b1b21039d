"""The page that looks inside paper 2's associative memory with paper 1's measure (issue 22).

``runs``: ``{speaker: stored run}`` of :func:`sharedrep.experiments.dbn_cells.cells_unit`;
``folds``: ``{speaker: stored fold}`` of the same settings (the results chapter's), whose
alignment the runs must reproduce (the same networks).

Every associative cell's information about the digit (paper 1's measure, bits) is computed
for each channel presented alone, before and after back-fitting. A cell is *selective* for
a digit through a channel when that information exceeds the channel's threshold: paper 1's
rule, the q-th percentile of all (digit, cell) values, here of each channel's values after
back-fitting pooled over the folds, and then held fixed (as paper 1 fixed its thresholds
from the trained network and applied them to the untrained one).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..conditions import mixed
from ..experiments.analysis import information
from ..experiments.dbn_cells import CHANNELS, INPUTS, PAIRS, STAGES
from . import markdown_table

#: the percentiles the page's slider can stop at
PERCENTILES = tuple(range(50, 100, 5))
#: paper 1's four types named for any pair of channels (its visual, audio, inconsistent, consistent)
PAIR_TYPES = ("first only", "second only", "no common digit", "shared")


@dataclass(frozen=True)
class CellsPage:
    numbers: dict        # {glue name: raw value}
    bits: np.ndarray     # [folds, 2 stages, 5 inputs, 10 digits, cells] bits
    thresholds: dict     # {channel: bits} at the chapter's PERCENTILE
    records: list        # type counts per (percentile, pair, stage, fold) for the chart
    table: str           # markdown: types and sharedness, before vs after, mean ± s.d. over folds


def information_bits(runs: dict, terms: str) -> np.ndarray:
    """``[folds, 2 stages, 5 inputs, 10 digits, cells]`` bits from the runs' count tables."""
    return np.stack([information(np.asarray(r.arrays["counts_associative"], np.int64), terms=terms)
                     for r in runs.values()])


def channel_thresholds(bits: np.ndarray, q: float) -> dict:
    """``{channel: bits}``: the q-th percentile of the channel's (digit, cell) values when it
    is presented alone, after back-fitting, all folds pooled."""
    after = STAGES.index("after")
    return {c: float(np.percentile(bits[:, after, INPUTS.index(c)], q)) for c in CHANNELS}


def selective(bits: np.ndarray, thresholds: dict) -> np.ndarray:
    """Boolean ``[..., 4 channels, 10 digits, cells]``: information above each channel's
    threshold (strict, as paper 1), from ``bits`` ``[..., 5 inputs, 10, cells]``."""
    limits = np.array([thresholds[c] for c in CHANNELS])[:, None, None]
    return bits[..., :len(CHANNELS), :, :] > limits


def pair_types(chosen: np.ndarray, pair: str) -> np.ndarray:
    """Paper 1's four types for two channels: int ``[..., 4]`` counts (visual-like = selective
    through the first channel only, audio-like = the second only, inconsistent = both but
    for no common digit, consistent = both for a common digit), from ``chosen`` ``[..., 4
    channels, 10, cells]`` (:func:`selective`)."""
    a, b = (CHANNELS.index(c) for c in pair.split("+"))
    first, second = chosen[..., a, :, :], chosen[..., b, :, :]
    any_a, any_b = first.any(axis=-2), second.any(axis=-2)
    common = (first & second).any(axis=-2)
    kinds = [any_a & ~any_b, ~any_a & any_b, any_a & any_b & ~common, common]
    return np.stack([k.sum(axis=-1) for k in kinds], axis=-1)


def sharedness(chosen: np.ndarray) -> np.ndarray:
    """int ``[..., cells]``: for each cell, the largest number of channels through which it is
    selective for one and the same digit (0: selective through no channel; 4: one digit
    through every channel), from ``chosen`` ``[..., 4 channels, 10, cells]``."""
    return chosen.sum(axis=-3).max(axis=-2)


def sharedness_counts(chosen: np.ndarray) -> np.ndarray:
    """int ``[..., 5]``: how many cells have sharedness 0, 1, 2, 3, 4 (:func:`sharedness`)."""
    levels = sharedness(chosen)
    return np.stack([(levels == k).sum(axis=-1) for k in range(len(CHANNELS) + 1)], axis=-1)


def paired_change(before: np.ndarray, after: np.ndarray) -> tuple[float, float, float]:
    """(mean after − before, paired t, p) over folds; NaN t and p with fewer than 2 folds or
    no variance of the differences."""
    before, after = np.asarray(before, float), np.asarray(after, float)
    difference = after - before
    if len(difference) < 2 or np.allclose(difference, difference[0]):
        return float(difference.mean()), math.nan, math.nan
    t, p = stats.ttest_rel(after, before)
    return float(difference.mean()), float(t), float(p)


def verdict(change: tuple, alpha: float = 0.05) -> str:
    """Does back-fitting create shared cells? In words, from :func:`paired_change`."""
    mean, _, p = change
    if math.isnan(p) or p >= alpha:
        return "back-fitting leaves the number of shared cells where it was (no change at p < 0.05)"
    return ("back-fitting creates shared cells" if mean > 0
            else "back-fitting removes shared cells rather than creating them")


def chart_records(bits: np.ndarray, speakers: list) -> list:
    """Mean type counts of every pair at every slider percentile, before and after
    back-fitting, one record per (percentile, pair, stage, fold, type); plus sharedness
    counts (pair "four channels", types "1".."4")."""
    records = []
    for q in PERCENTILES:
        chosen = selective(bits, channel_thresholds(bits, q))          # [folds, stages, 4, 10, cells]
        levels = sharedness_counts(chosen)                               # [folds, stages, 5]
        for s, stage in enumerate(STAGES):
            for f, speaker in enumerate(speakers):
                for pair in PAIRS:
                    for t, kind in enumerate(pair_types(chosen[f, s], pair)):
                        records.append(dict(q=q, pair=pair, stage=stage, fold=speaker, type=PAIR_TYPES[t],
                                            n=int(kind)))
                for k in range(1, len(CHANNELS) + 1):
                    records.append(dict(q=q, pair="four channels", stage=stage, fold=speaker, type=str(k),
                                        n=int(levels[f, s, k])))
    return records


def compute(cfg, runs: dict, folds: dict) -> CellsPage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters), ``runs`` and ``folds``."""
    bits = information_bits(runs, cfg.TERMS)
    thresholds = channel_thresholds(bits, cfg.PERCENTILE)
    chosen = selective(bits, thresholds)
    types = pair_types(chosen, cfg.PAIR)                                 # [folds, stages, 4]
    levels = sharedness_counts(chosen)                                   # [folds, stages, 5]
    before, after = STAGES.index("before"), STAGES.index("after")
    shared_change = paired_change(types[:, before, -1], types[:, after, -1])
    wide_change = paired_change(levels[:, before, 3:].sum(-1), levels[:, after, 3:].sum(-1))
    robust = [q for q in PERCENTILES if _creates(bits, q, cfg.PAIR)]
    cells = bits.shape[-1]
    numbers = dict(
        n_folds=len(runs), cells=cells, pair=cfg.PAIR.replace("+", " and "), percentile=cfg.PERCENTILE,
        terms=cfg.TERMS, same_networks=same_networks(runs, folds),
        robust_count=len(robust), robust_total=len(PERCENTILES),
        robust_range=f"{min(robust)}th to {max(robust)}th" if robust else "none",
        **{f"threshold_{c}": thresholds[c] for c in CHANNELS},
        shared_before=float(types[:, before, -1].mean()), shared_after=float(types[:, after, -1].mean()),
        shared_change_t=shared_change[1], shared_change_p=shared_change[2], shared_verdict=verdict(shared_change),
        wide_before=float(levels[:, before, 3:].sum(-1).mean()), wide_after=float(levels[:, after, 3:].sum(-1).mean()),
        wide_change_t=wide_change[1], wide_change_p=wide_change[2],
        all_four_before=float(levels[:, before, 4].mean()), all_four_after=float(levels[:, after, 4].mean()),
        silent_after=float(levels[:, after, 0].mean()),
        fold_minutes=float(np.mean([r.provenance["wall_time_s"] for r in runs.values()])) / 60,
        distance_before=float(np.mean([r.arrays["alignment"][before] for r in runs.values()])),
        distance_after=float(np.mean([r.arrays["alignment"][after] for r in runs.values()])))
    for c in CHANNELS:
        k = CHANNELS.index(c)
        numbers[f"selective_{c}_after"] = float(chosen[:, after, k].any(axis=-2).sum(-1).mean())
        numbers[f"selective_{c}_before"] = float(chosen[:, before, k].any(axis=-2).sum(-1).mean())
    steady = all(abs(numbers[f"selective_{c}_after"] - numbers[f"selective_{c}_before"])
                 <= 0.05 * max(numbers[f"selective_{c}_before"], 1) for c in cfg.PAIR.split("+"))
    numbers["selective_words"] = "hardly changes (within 5 %)" if steady else "changes by more than 5 %"
    numbers["pair_selective"] = "; ".join(
        f"{c} {numbers[f'selective_{c}_before']:.0f} before, {numbers[f'selective_{c}_after']:.0f} after"
        for c in cfg.PAIR.split("+"))
    numbers["shift_words"] = ("so the rise in shared cells is a change in which digit a cell prefers through "
                              "each channel: the preferences line up" if steady else
                              "so part of the change in shared cells is cells becoming (or ceasing to be) selective")
    return CellsPage(numbers, bits, thresholds, chart_records(bits, list(runs)), _table(types, levels, cfg.PAIR))


#: the channels with a top RBM layer of their own (the class's one-hot input goes straight up)
TOP_CHANNELS = ("image", "audio", "motor")


def top_layers(runs: dict, bits: np.ndarray, thresholds: dict, terms: str) -> tuple[str, dict, str]:
    """Each channel's own top RBM layer against the associative layer presented through that
    channel alone, with the same measure: per cell its best digit's information (bits, mean
    over cells and folds) and the share of cells above the channel's threshold for some digit.
    Returns a markdown table, the numbers (``top_info_<c>``, ``assoc_info_<c>_<stage>``,
    ``top_above_<c>``, ``assoc_above_<c>_<stage>``) and a sentence from them."""
    numbers, rows = {}, []
    for c in TOP_CHANNELS:
        top = np.stack([information(np.asarray(r.arrays[f"counts_top_{c}"], np.int64)[None], terms=terms)[0]
                        for r in runs.values()])                                   # [folds, 10 digits, units]
        k = INPUTS.index(c)
        numbers[f"top_units_{c}"] = int(top.shape[-1])
        numbers[f"top_info_{c}"] = float(top.max(axis=-2).mean())
        numbers[f"top_above_{c}"] = float(100 * (top > thresholds[c]).any(axis=-2).mean())
        for s, stage in enumerate(STAGES):
            numbers[f"assoc_info_{c}_{stage}"] = float(bits[:, s, k].max(axis=-2).mean())
            numbers[f"assoc_above_{c}_{stage}"] = float(100 * (bits[:, s, k] > thresholds[c]).any(axis=-2).mean())
        layers = [("its top layer", numbers[f"top_units_{c}"], f"top_info_{c}", f"top_above_{c}")]
        layers += [(f"associative, {stage} back-fitting", bits.shape[-1], f"assoc_info_{c}_{stage}",
                    f"assoc_above_{c}_{stage}") for stage in STAGES]
        rows += [[c, layer, cells, f"{numbers[info_name]:.2f}", f"{numbers[above_name]:.0f} %"]
                 for layer, cells, info_name, above_name in layers]
    table = markdown_table(["channel", "layer", "cells", "bits per cell", "% selective"], rows, align="llrrr")
    more = [c for c in TOP_CHANNELS if numbers[f"assoc_info_{c}_before"] > numbers[f"top_info_{c}"]]
    largest = max(TOP_CHANNELS, key=lambda c: numbers[f"assoc_info_{c}_before"] - numbers[f"top_info_{c}"])
    words = ("every channel" if len(more) == len(TOP_CHANNELS) else
             "no channel" if not more else " and ".join(more) + " (not " + " and ".join(
                 c for c in TOP_CHANNELS if c not in more) + ")")
    text = (f"Presented through one channel, an associative cell tells more about the digit than the channel's "
            f"own top-layer cells for {words}, before any back-fitting; most for {largest} "
            f"({numbers[f'top_info_{largest}']:.2f} bits per cell in its top layer, "
            f"{numbers[f'assoc_info_{largest}_before']:.2f} in the associative layer; each layer's responses binned "
            f"over its own range). A cell that sums many "
            f"top-layer units can be more selective than any one of them (the information of all the cells "
            f"together cannot grow, but paper 1's measure is per cell).")
    return table, numbers, text


def _creates(bits: np.ndarray, q: float, pair: str) -> bool:
    """Whether back-fitting raises the pair's shared cells (paired t-test, p < 0.05) with the
    thresholds at the q-th percentile."""
    types = pair_types(selective(bits, channel_thresholds(bits, q)), pair)
    mean, _, p = paired_change(types[:, STAGES.index("before"), -1], types[:, STAGES.index("after"), -1])
    return mean > 0 and p < 0.05


def same_networks(runs: dict, folds: dict) -> str:
    """A sentence: are the analysed networks the stored folds'? Their channels' distance to the
    joint state (before and after back-fitting) is compared; where it differs, the machines
    that computed each are named (another CPU rounds differently, and training amplifies it)."""
    missing = sorted(set(runs) - set(folds))
    if missing:
        return f"No stored fold to compare with for {', '.join(missing)}."
    gaps = {s: float(np.nanmax(np.abs(runs[s].arrays["alignment"] - np.stack(
        [folds[s].arrays["alignment_before"], folds[s].arrays["alignment_after"]])))) for s in runs}
    if max(gaps.values()) <= 1e-6:
        return ("The analysed networks are the stored folds': each channel's distance to the joint state, "
                "before and after back-fitting, equals the stored fold's to float precision.")
    worst = max(gaps, key=gaps.get)
    machines = {runs[worst].provenance["machine"], folds[worst].provenance["machine"]}
    why = (f"the fold was stored on {folds[worst].provenance['machine']}, this analysis on "
           f"{runs[worst].provenance['machine']}" if len(machines) == 2 else
           "both were computed on the same machine, so the code has changed since the fold was stored "
           "(recompute it)")
    return (f"The analysed networks are not bit for bit the stored folds': each channel's distance to the "
            f"joint state differs by up to {gaps[worst]:.4f} ({worst}; {why}).")


def _book_text(book: dict | None, theirs: dict | None, same: list) -> str:
    """The paragraph on paper 2's test of the book's own networks: how many are stored
    (``same``: for each, whether they are the stored runs' networks) and where the book's
    consistent depth-4 mixed-input networks (``book``, a comparison record) stand against the
    authors' network of that condition (``theirs``)."""
    from ..experiments import crossmodal

    total, stored = len(crossmodal.book_conditions()), len(same)
    if not stored:
        return ("The same test on the book's own depth-4 networks is not stored in this build "
                "(`sharedrep reproduce book` computes it).")
    text = (f"The same test on the book's own depth-4 networks ({stored} of the {total} systems: consistent and "
            f"inconsistent training and the two-stage network, five networks each; each network tested on its own "
            f"test rows, with an audio classifier trained on its own training rows) is in the table below. The "
            f"stored runs keep analyses, not weights, so these networks were trained again for the test, and "
            + ("they are the stored ones (their count tables at the last epoch are equal)." if all(same) else
               "*they differ from the stored ones* (their count tables at the last epoch differ)."))
    if book is not None and theirs is not None:
        more = "more" if book["shared"] > theirs["shared"] else "fewer"
        worse = "higher" if book["error"] > theirs["error"] else "lower"
        text += (f" The book's consistent mixed-input networks have {more} shared cells than the authors' "
                 f"({book['shared']:.1f} against {theirs['shared']:.1f} % of the layer) and a {worse} "
                 f"cross-modal error ({book['error']:.1f} against {theirs['error']:.1f} %)"
                 + (": more shared cells do not buy better cross-modal reconstruction here." if
                    more == "more" and worse == "higher" else "."))
    return text


def _table(types: np.ndarray, levels: np.ndarray, pair: str) -> str:
    def cell(values):
        return f"{values.mean():.1f} ± {values.std():.1f}"

    first, second = pair.split("+")
    names = [f"{first} only", f"{second} only", "both, no common digit", "both, a common digit (shared)"]
    rows = [[f"{pair.replace('+', ' + ')}: {name}", *(cell(types[:, s, t]) for s in range(len(STAGES)))]
            for t, name in enumerate(names)]
    rows.append([f"{pair.replace('+', ' + ')}: neither", *(cell(levels[:, s].sum(-1) - types[:, s].sum(-1))
                                                         for s in range(len(STAGES)))])
    rows += [[f"selective for one digit through {k} of 4 channels",
              *(cell(levels[:, s, k]) for s in range(len(STAGES)))] for k in range(1, len(CHANNELS) + 1)]
    return markdown_table(["associative cells (mean ± s.d. over folds)", "before back-fitting", "after back-fitting"],
                          rows)


@dataclass(frozen=True)
class Comparison:
    numbers: dict        # {glue name: raw value}
    table: str           # markdown: per system, shared cells against cross-modal error
    records: list        # one per system: system, family, shared (% of cells), error (% mean of both ways)


def authors_run():
    """The stored analysis of paper 1's authors' networks that their chapter shows (at its
    default parameters; loaded, or computed and stored)."""
    from .. import chapters, params, sweep
    from ..experiments import authors_analysis

    cfg = params.freeze("paper1_authors", **chapters.default_parameters("paper1_authors"))
    return sweep.load_or_compute(authors_analysis.chapter_unit(cfg))


def book_networks(directory=None) -> dict:
    """``{ConditionKey: (paper 2's test on the book's networks, the paper-1 run of those
    networks)}`` for the book's depth-4 networks
    (:func:`~sharedrep.experiments.crossmodal.book_units`) whose test is stored; never computed
    here (`sharedrep reproduce book` computes them)."""
    from .. import results
    from ..experiments import crossmodal
    from ..experiments.runner import RESULT_KIND

    out = {}
    for condition, unit in zip(crossmodal.book_conditions(), crossmodal.book_units(directory)):
        tested = results.load(unit.kind, unit.parameters, directory)
        run = results.load(RESULT_KIND, condition.training_parameters(), directory)
        if tested is not None and run is not None:
            out[condition.key] = (tested, run)
    return out


def comparison(crossmodal_run, authors_run, folds: dict, cells: CellsPage, terms: str,
               book: dict | None = None) -> Comparison:
    """Both papers' measures on every system: paper 1's shared cells (share of the layer) and
    paper 2's cross-modal reconstruction error (mean of image-from-sound and sound-from-image,
    percent), for the authors' autoencoders and the book's (``book``: :func:`book_networks`;
    mean over its networks), both at the paper's thresholds, and the DBN before and after
    back-fitting (this page's thresholds and pair), with Spearman's rank correlation."""
    from .. import authors, info
    from ..experiments.analysis import type_counts
    from ..experiments.authors_analysis import bits_of
    from ..experiments.celltypes import last_layer_information

    bits = bits_of(authors_run, terms)
    records, by_key = [], {}
    for i, key in enumerate(authors.NETWORKS):
        trained = bits[key, 5000]
        shared = type_counts(trained, info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)[-1]
        error = crossmodal_run.arrays["error"][i]
        records.append(dict(system=f"autoencoder {key.label}", family=f"autoencoder, {key.pairing} pairs",
                            shared=100 * float(shared) / trained.shape[-1], image_from_audio=float(error[0, 1]),
                            audio_from_image=float(error[1, 0])))
        by_key["authors", key] = records[-1]
    same = []
    for key, (tested, run) in (book or {}).items():
        trained = last_layer_information(run, terms)                            # [networks, 3, digits, cells]
        shared = type_counts(trained, info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)[:, -1]
        error = tested.arrays["error"]
        same.append(bool(tested.arrays["same_as_stored"][0]))
        records.append(dict(system=f"the book's {key.label} ({len(error)} networks)",
                            family=f"book autoencoder, {key.pairing} pairs",
                            shared=100 * float(shared.mean()) / trained.shape[-1],
                            image_from_audio=float(error[:, 0, 1].mean()),
                            audio_from_image=float(error[:, 1, 0].mean())))
        by_key["book", key] = records[-1]
    image, audio = CHANNELS.index("image"), CHANNELS.index("audio")
    for stage in STAGES:
        errors = np.array([f.arrays[f"error_{stage}"] for f in folds.values()]) if folds else np.full((1, 4, 4), np.nan)
        records.append(dict(system=f"DBN {stage} back-fitting", family="DBN",
                            shared=100 * cells.numbers[f"shared_{stage}"] / cells.numbers["cells"],
                            image_from_audio=float(np.nanmean(errors[:, image, audio])),
                            audio_from_image=float(np.nanmean(errors[:, audio, image]))))
    for r in records:
        r["error"] = (r["image_from_audio"] + r["audio_from_image"]) / 2
    shared = np.array([r["shared"] for r in records])
    error = np.array([r["error"] for r in records])
    usable = np.isfinite(error)
    rho, p = stats.spearmanr(shared[usable], error[usable]) if usable.sum() >= 3 else (math.nan, math.nan)
    rho, p = float(rho), float(p)
    kept = usable & np.array(["inconsistent" not in r["family"] for r in records])
    rho_c, p_c = stats.spearmanr(shared[kept], error[kept]) if kept.sum() >= 3 else (math.nan, math.nan)
    rho_c, p_c = float(rho_c), float(p_c)
    agree, agree_c = (not math.isnan(q) and q < 0.05 and r < 0 for r, q in ((rho, p), (rho_c, p_c)))
    numbers = dict(
        systems=int(usable.sum()), spearman_rho=rho, spearman_p=p,
        systems_consistent=int(kept.sum()), spearman_rho_consistent=rho_c, spearman_p_consistent=p_c,
        systems_inconsistent=int(usable.sum() - kept.sum()),
        agreement=("the ranking holds without them too" if agree and agree_c else
                   "so the agreement comes from consistent against inconsistent training, not from a ranking "
                   "within the systems trained on consistent data" if agree else
                   "the two measures do not rank the systems alike"),
        crossmodal_image_accuracy=100 * float(crossmodal_run.arrays["classifier_accuracy"][0]),
        crossmodal_audio_accuracy=100 * float(crossmodal_run.arrays["classifier_accuracy"][1]),
        crossmodal_run="The test was " + crossmodal_run.describe() + ".",
        book_systems=len(same),
        book_text=_book_text(by_key.get(("book", mixed(4))), by_key.get(("authors", mixed(4))), same))
    best = min((r for r in records if np.isfinite(r["error"])), key=lambda r: r["error"])
    numbers.update(best_system=best["system"], best_error=best["error"])
    table = markdown_table(
        ["system", "shared cells (% of the layer)", "image rebuilt from sound (% error)",
         "sound rebuilt from image (% error)"],
        [[r["system"], f"{r['shared']:.1f}", f"{r['image_from_audio']:.1f}", f"{r['audio_from_image']:.1f}"]
         for r in records])
    return Comparison(numbers, table, records)
