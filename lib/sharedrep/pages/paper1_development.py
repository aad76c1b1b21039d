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
from ..experiments.shared_learning import STUCK_BELOW, cross_modal, same_modality_accuracy

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
    threshold_records: list  # the percentile rule at every saved epoch and the paper's values (records)


#: the epoch (1-based) at which the page compares each depth's loss with the plateau
EARLY_EPOCH = 5


def _plateau_details(cfg, runs: dict, plateau: float) -> dict:
    """Two facts about the plateau the loss figure draws: the inconsistent dataset's mean-output
    loss (the same images and sounds, so the same plateau, computed), and how far above it each
    depth's loss is at epoch :data:`EARLY_EPOCH` (shallowest depth vs the deeper ones: the
    shallowest comes down onto the plateau from above)."""
    other = development.mean_prediction_loss(bimodal_dataset(
        "inconsistent", seed=0, images_per_digit=cfg.IMAGES_PER_DIGIT, **AUDIO_RECIPES[cfg.AUDIO_RECIPE]).train)
    above = {}
    for key, run in runs.items():
        losses = np.asarray(run.arrays["losses"])
        if key.framework == "mixed" and losses.shape[1] >= EARLY_EPOCH:
            above.setdefault(key.depth, []).append(float(losses[:, EARLY_EPOCH - 1].mean() - plateau))
    shallow = min(above) if above else None
    deeper = [v for d, values in above.items() if d != shallow for v in values]
    return dict(plateau_loss_inconsistent=other, early_epoch=EARLY_EPOCH,
                plateau_same=("the same" if abs(other - plateau) < 1e-9 else f"{other:.3f}"),
                shallow_depth=shallow if shallow is not None else math.nan,
                shallow_above=max(above[shallow]) if shallow is not None else math.nan,
                deeper_above=max(abs(v) for v in deeper) if deeper else math.nan)


def chance_words(accuracy: np.ndarray, chance: float = 0.1, alpha: float = 0.05) -> str:
    """Whether final cross-modal accuracies ``[networks, 2 directions]`` differ from
    ``chance``: a one-sample t-test of the networks' means over both directions, in words."""
    from scipy import stats

    per_network = np.asarray(accuracy, float).mean(axis=1)
    if len(per_network) < 2 or np.ptp(per_network) == 0:
        return f"no test with {len(per_network)} network(s) or no spread"
    p = float(stats.ttest_1samp(per_network, chance).pvalue)
    side = "below" if per_network.mean() < chance else "above"
    return (f"{side} chance, p = {p:.2g} over {len(per_network)} networks" if p < alpha else
            f"not different from chance, p = {p:.2g} over {len(per_network)} networks")


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
                   n_networks=cfg.N_SEEDS, paper_protocol_hours=protocol_hours, percentile=cfg.PERCENTILE,
                   stuck_below=STUCK_BELOW)
    for pairing in ("consistent", "inconsistent"):
        numbers[f"plateau_exit_{pairing}"] = development.plateau_exit_words(
            {key: run for key, run in runs.items() if key.pairing == pairing}, plateau, MARGIN)
    numbers["final_loss_deepest"] = float(runs[deepest].arrays["losses"][:, -1].mean())
    numbers.update(_plateau_details(cfg, runs, plateau))

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
        numbers[f"transfer_{name}_end_chance"] = (
            "—" if key not in transfer else chance_words(cross_modal(transfer[key])))
    pairing_from = (development.smallest_epoch(epochs, {"pairing_transfer": findings["pairing_transfer"]})
                    if findings["pairing_transfer"] is not None else None)
    relation = development.shared_cells_and_transfer(transfer, thresholds, cfg.TERMS) if transfer else None
    numbers.update(transfer_pairing_from=_epoch_words(pairing_from),
                   transfer_encoders=math.nan if relation is None else relation["encoders"],
                   transfer_rho=math.nan if relation is None else relation["rho"],
                   transfer_p=math.nan if relation is None else relation["p"],
                   transfer_relation=development.relation_words(relation))
    records = []
    if mixed(4) in runs:
        from .. import info

        paper = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
        over = development.percentile_over_epochs(runs[mixed(4)], cfg.TERMS, cfg.PERCENTILE)
        records = development.threshold_records(runs[mixed(4)], paper, cfg.TERMS, cfg.PERCENTILE, values=over)
        peak = int(np.argmax(over[:, 0]))
        crossed = np.nonzero((over > np.array(paper)).all(axis=1))[0]
        numbers.update(pct_final_image=float(over[-1, 0]), pct_final_audio=float(over[-1, 1]),
                       pct_peak_image=float(over[peak, 0]), pct_peak_epoch=int(epochs[peak]),
                       pct_paper_image=paper[0], pct_paper_audio=paper[1],
                       pct_above_paper_from=_epoch_words(int(epochs[crossed[0]]) if len(crossed) else None))
    return DevelopmentPage(numbers, epochs, thresholds, counts, findings, smallest, records)


# --- what the recompute in the authors' setup changed -------------------------------

#: the setup of the book's first stored runs (before December 2026); the chapters now show
#: runs in the authors' setup (Adadelta epsilon 1e-8, their audio recipe, spawned seeds)
FIRST_SETUP = dict(ADADELTA_EPSILON=1e-7, AUDIO_RECIPE="float", SEED_SCHEME="offset")


@dataclass(frozen=True)
class SetupChange:
    table: str      # markdown: one row per measure, the first runs' and the current runs' values
    numbers: dict   # {glue name: raw value}, names "change_<measure>_first" / "change_<measure>_now"


def setup_summary(cfg, runs: dict) -> dict:
    """What a change of training setup can move, for one set of paper-1 ``runs``
    (``{ConditionKey: stored run}`` with classifiers at every saved epoch) trained with
    ``cfg``'s parameters: plateau exits (epoch), the deepest network's final loss, the
    percentile thresholds (bits), shared cells per network (paper's thresholds and the
    percentile rule), final cross-modal accuracy, the first epoch from which every finding
    holds, and the classifiers stuck at chance on their own modality."""
    from .. import info

    out: dict = {}
    plateau = development.mean_prediction_loss(bimodal_dataset(
        "consistent", seed=0, images_per_digit=cfg.IMAGES_PER_DIGIT, **AUDIO_RECIPES[cfg.AUDIO_RECIPE]).train)
    for pairing in ("consistent", "inconsistent"):
        exits = np.concatenate([development.plateau_exit(run.arrays["losses"], plateau, MARGIN)
                                for key, run in runs.items() if key.pairing == pairing])
        out[f"exit_{pairing}"] = float(np.nanmean(exits)) if np.isfinite(exits).any() else math.nan
    out["final_loss"] = float(runs[mixed(4)].arrays["losses"][:, -1].mean())
    reference = celltypes.last_layer_information(runs[mixed(4)], cfg.TERMS)
    out["percentile"] = celltypes.thresholds_for("percentile", reference, q=cfg.PERCENTILE)
    shared = info.TYPES.index("consistent")
    for rule in ("paper", "percentile"):
        thresholds = celltypes.thresholds_for(rule, reference, q=cfg.PERCENTILE)
        counts = celltypes.counts_by_condition({key: celltypes.last_layer_information(run, cfg.TERMS)
                                                for key, run in runs.items()}, thresholds)
        out[f"shared_{rule}"] = {key: float(c[:, shared].mean()) for key, c in counts.items()}
        if rule == "paper":
            over_epochs = development.counts_over_epochs(runs, thresholds, cfg.TERMS)
            findings = {**development.findings_by_epoch(over_epochs, cfg.DEPTHS),
                        **development.transfer_findings_by_epoch(runs)}
            out["findings_from"] = development.smallest_epoch(development.snapshot_epochs(runs), findings)
    out["transfer"] = {key: float(cross_modal(run).mean()) for key, run in runs.items()}
    epochs = development.snapshot_epochs(runs)
    own = np.stack([same_modality_accuracy(run) for run in runs.values()])  # [conditions, seeds, snapshots, 2]
    stuck = own < STUCK_BELOW
    out["stuck_final"], out["classifiers_final"] = int(stuck[:, :, -1].sum()), int(stuck[:, :, -1].size)
    trained = epochs > 0
    out["stuck_trained"], out["classifiers_trained"] = int(stuck[:, :, trained].sum()), int(stuck[:, :, trained].size)
    out["stuck_epochs"] = sorted({int(e) for e in epochs[np.nonzero(stuck.any(axis=(0, 1, 3)) & trained)[0]]})
    on_plateau = trained & (epochs < max(out["exit_consistent"], out["exit_inconsistent"]))
    out["stuck_on_plateau"] = int(stuck[:, :, on_plateau].sum())
    return out


def _depth_list(values: dict, pairing: str, depths) -> str:
    return " / ".join(f"{values[mixed(d, pairing)]:.1f}" for d in depths if mixed(d, pairing) in values)


def setup_change(cfg, runs: dict, directory=None) -> SetupChange | None:
    """The first runs (:data:`FIRST_SETUP`) against ``runs`` (the chapter's), when ``cfg`` is
    not itself the first setup and the first runs of the same conditions are stored (they are
    never trained for this comparison); else None."""
    from dataclasses import replace

    from ..conditions import TWO_STAGE
    from ..experiments import chapter_runs, stored_grid
    from ..tables import markdown_table

    if all(getattr(cfg, k) == v for k, v in FIRST_SETUP.items()) or mixed(4) not in runs or not cfg.CLASSIFIER_EPOCHS:
        return None
    first_runs = stored_grid(chapter_runs("paper1_development", replace(cfg, **FIRST_SETUP))["runs"], directory)
    if first_runs is None:
        return None
    summaries = {"first": setup_summary(replace(cfg, **FIRST_SETUP), first_runs), "now": setup_summary(cfg, runs)}
    depths = sorted(cfg.DEPTHS)
    rows = [("plateau left at epoch (cons. / incons.)",
             lambda s: f"{s['exit_consistent']:.0f} / {s['exit_inconsistent']:.0f}"),
            (f"final loss, {mixed(4).label}", lambda s: f"{s['final_loss']:.3f}"),
            ("rule's thresholds, image / audio (bits)",
             lambda s: f"{s['percentile'][0]:.2f} / {s['percentile'][1]:.2f}"),
            ("shared cells, values, consistent", lambda s: _depth_list(s["shared_paper"], "consistent", depths)),
            ("shared cells, values, inconsistent", lambda s: _depth_list(s["shared_paper"], "inconsistent", depths)),
            ("shared cells, rule, consistent", lambda s: _depth_list(s["shared_percentile"], "consistent", depths)),
            ("shared cells, rule, inconsistent",
             lambda s: _depth_list(s["shared_percentile"], "inconsistent", depths))]
    if TWO_STAGE in runs:
        rows.append(("shared cells, two-stage (values / rule)",
                     lambda s: f"{s['shared_paper'][TWO_STAGE]:.1f} / {s['shared_percentile'][TWO_STAGE]:.1f}"))
    rows += [(f"transfer, depth {mixed(4).depth} (cons. / incons.)",
              lambda s: f"{s['transfer'][mixed(4)]:.3f} / {s['transfer'][mixed(4, 'inconsistent')]:.3f}"),
             ("every finding holds from", lambda s: _epoch_words(s["findings_from"])),
             ("classifiers at chance, trained encoders",
              lambda s: f"{s['stuck_trained']} of {s['classifiers_trained']:,}"),
             ("... after the last epoch", lambda s: f"{s['stuck_final']} of {s['classifiers_final']}")]
    table = markdown_table(["measure", "first runs", "these runs"],
                           [[name, show(summaries["first"]), show(summaries["now"])] for name, show in rows])
    numbers = {}
    for when, s in summaries.items():
        numbers.update({f"change_exit_consistent_{when}": s["exit_consistent"],
                        f"change_exit_inconsistent_{when}": s["exit_inconsistent"],
                        f"change_percentile_image_{when}": s["percentile"][0],
                        f"change_percentile_audio_{when}": s["percentile"][1],
                        f"change_shared4_{when}": s["shared_paper"][mixed(4)],
                        f"change_shared4_percentile_{when}": s["shared_percentile"][mixed(4)],
                        f"change_findings_from_{when}": _epoch_words(s["findings_from"]),
                        f"change_stuck_{when}": s["stuck_trained"],
                        f"change_classifiers_{when}": s["classifiers_trained"],
                        f"change_stuck_final_{when}": s["stuck_final"],
                        f"change_stuck_on_plateau_{when}": s["stuck_on_plateau"],
                        f"change_classifiers_final_{when}": s["classifiers_final"],
                        f"change_stuck_epochs_{when}": ", ".join(map(str, s["stuck_epochs"])) or "none"})
    return SetupChange(table, numbers)


# --- longer training (beyond the book's protocol) ------------------------------------

@dataclass(frozen=True)
class LongerTraining:
    shared_records: list     # development.shared_by_rule_over_epochs of the long runs
    threshold_records: list  # development.threshold_records of the long consistent run
    numbers: dict            # {glue name: raw value}, names "long_*"
    text: str                # markdown: what the long runs show, from the numbers


def longer_training(cfg, long_runs: dict | None, runs: dict) -> LongerTraining | None:
    """The long runs (``chapter_runs(...)["long"]`` when stored, see
    :func:`~sharedrep.experiments.stored_grid`) against the book's runs of the same networks:
    shared cells under the paper's values, its rule (re-applied at every epoch) and the
    significance rule (at every epoch, when the runs kept their responses at every snapshot),
    the rule's thresholds, and whether their first
    ``cfg.EPOCHS`` epochs are the book's runs (equal count tables). None without long runs."""
    from .. import info

    if not long_runs:
        return None
    deepest = mixed(4)
    paper = (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO)
    shared = development.shared_by_rule_over_epochs(long_runs, deepest, paper, cfg.TERMS, cfg.PERCENTILE)
    thresholds = development.threshold_records(long_runs[deepest], paper, cfg.TERMS, cfg.PERCENTILE)
    long_epochs = int(np.asarray(long_runs[deepest].arrays["snapshot_epochs"])[-1])
    numbers = dict(long_epochs=long_epochs, book_epochs=cfg.EPOCHS, long_networks=cfg.N_SEEDS,
                   long_paper_image=paper[0], long_paper_audio=paper[1])
    same = []
    for key, run in long_runs.items():
        epochs = np.asarray(run.arrays["snapshot_epochs"]).tolist()
        if key in runs and cfg.EPOCHS in epochs:
            same.append(np.array_equal(run.arrays["counts_layer4"][:, epochs.index(cfg.EPOCHS)],
                                       runs[key].arrays["counts_layer4"][:, -1]))
    numbers["long_same_networks"] = ("yes" if same and all(same) else "no")
    from ..experiments.runner import training_time
    for key, run in long_runs.items():
        seconds, since = training_time(run)
        numbers[f"long_minutes_{key.pairing}"] = seconds / 60 if since == 0 else math.nan
    names = dict(zip(development.RULES_OVER_EPOCHS, ("values", "rule", "sig")))
    for record in shared:
        if record["epoch"] in (cfg.EPOCHS, long_epochs):
            when = "book" if record["epoch"] == cfg.EPOCHS else "long"
            rule = names[record["rule"]]
            name = (f"long_sig_{record['pairing']}_{when}" if rule == "sig" else
                    f"long_shared_{rule}_{record['pairing']}_{when}")
            numbers[name] = record["mean"]
            if record["pairing"] == "consistent" and rule == "rule":
                numbers[f"long_threshold_image_{when}"] = record["image"]
                numbers[f"long_threshold_audio_{when}"] = record["audio"]
    numbers.update(_protocol_numbers(shared, cfg.EPOCHS, long_epochs))
    return LongerTraining(shared, thresholds, numbers, _longer_text(numbers) + "\n\n" + _protocol_text(numbers))


def _protocol_numbers(shared: list, book_epochs: int, long_epochs: int) -> dict:
    """What the long runs say about the book's protocol: the distance of the depth-4 shared
    counts from the paper's printed ones at the book's and the last epoch (both rules), the
    saved epoch with the most shared cells after inconsistent training (paper's values), and
    the smallest difference consistent - inconsistent over the saved epochs (each rule)."""
    from .. import published

    printed = {pairing: published.CONSISTENT_CELLS[mixed(4, pairing)] for pairing in ("consistent", "inconsistent")}
    numbers = {f"long_paper_count_{pairing}": value for pairing, value in printed.items()}
    mean = {(r["pairing"], r["rule"], r["epoch"]): r["mean"] for r in shared}
    for rule, name in zip(development.RULES_OVER_EPOCHS, ("values", "rule", "sig")):
        epochs = sorted({e for (_, r, e) in mean if r == rule and e >= book_epochs})
        if not epochs:                      # runs without responses at every snapshot: no significance rule
            continue
        if name != "sig":
            for when, epoch in (("book", book_epochs), ("long", long_epochs)):
                numbers[f"long_distance_{name}_{when}"] = float(np.mean(
                    [abs(mean[(pairing, rule, epoch)] - printed[pairing]) for pairing in printed]))
        gaps = [mean[("consistent", rule, e)] - mean[("inconsistent", rule, e)] for e in epochs]
        numbers[f"long_min_gap_{name}"] = float(min(gaps))
        numbers[f"long_min_gap_{name}_epoch"] = int(epochs[int(np.argmin(gaps))])
    values = development.RULES_OVER_EPOCHS[0]
    late = sorted(e for (p, r, e) in mean if p == "inconsistent" and r == values and e >= book_epochs)
    peak = max(late, key=lambda e: mean[("inconsistent", values, e)])
    numbers.update(long_incons_peak_epoch=int(peak), long_incons_peak=float(mean[("inconsistent", values, peak)]))
    return numbers


def _protocol_text(n: dict) -> str:
    """What the long runs say about the book's protocol, every number and verdict from ``n``."""
    closer = {name: n[f"long_distance_{name}_long"] < n[f"long_distance_{name}_book"] for name in ("values", "rule")}
    verdict = ("come closer to" if all(closer.values()) else "do not come closer to" if not any(closer.values())
               else "come closer, under one rule only, to")
    above = (n["long_threshold_image_book"] > n["long_paper_image"]
             and n["long_threshold_audio_book"] > n["long_paper_audio"])
    falling = (n["long_threshold_image_long"] < n["long_threshold_image_book"]
               and n["long_threshold_audio_long"] < n["long_threshold_audio_book"])
    thresholds = ""
    if above:
        thresholds = (f" The {n['book_epochs']}-epoch networks carry more information per cell than the paper's "
                      f"(the rule's thresholds lie above its values), which the paper's fixed values turn into "
                      f"more shared cells; the rule, which moves with the networks, is the fairer comparison at "
                      f"{n['book_epochs']} epochs"
                      + (", and its thresholds fall towards the paper's values as training goes on." if falling
                         else "." ))
    holds = all(n[f"long_min_gap_{name}"] > 0 for name in ("values", "rule"))
    gap = (f" After consistent training there are more shared cells than after inconsistent training at "
           f"every saved epoch from {n['book_epochs']} to {n['long_epochs']} under both (the smallest difference: "
           f"{n['long_min_gap_values']:.1f} cells at the paper's values, epoch {n['long_min_gap_values_epoch']}; "
           f"{n['long_min_gap_rule']:.1f} under its rule, epoch {n['long_min_gap_rule_epoch']}): this finding of the "
           f"paper does not depend on the book's shorter training."
           if holds else
           f" The paper's contrast, more shared cells after consistent than after inconsistent training, "
           f"does *not* hold at every saved epoch from {n['book_epochs']} to {n['long_epochs']} (smallest "
           f"difference: {n['long_min_gap_values']:.1f} at the paper's values, epoch "
           f"{n['long_min_gap_values_epoch']}; {n['long_min_gap_rule']:.1f} under its rule, epoch "
           f"{n['long_min_gap_rule_epoch']}).")
    sig = ""
    if "long_min_gap_sig" in n:
        book = n["long_sig_consistent_book"] - n["long_sig_inconsistent_book"]
        late = n["long_sig_consistent_long"] - n["long_sig_inconsistent_long"]
        more = n["long_sig_inconsistent_long"] > n["long_sig_inconsistent_book"]
        every = (f"consistent training gives more at every saved epoch from {n['book_epochs']} to "
                 f"{n['long_epochs']} (smallest difference {n['long_min_gap_sig']:.1f} cells, epoch "
                 f"{n['long_min_gap_sig_epoch']})" if n["long_min_gap_sig"] > 0 else
                 f"consistent training does *not* give more at every saved epoch from {n['book_epochs']} to "
                 f"{n['long_epochs']} (smallest difference {n['long_min_gap_sig']:.1f} cells, epoch "
                 f"{n['long_min_gap_sig_epoch']})")
        sig = (f" Under the significance rule (a permutation test per cell and digit, at every saved epoch: "
               f"the third panel of the figure) the difference between the pairings "
               f"{'shrinks' if abs(late) < abs(book) else 'grows'} from {book:.1f} cells at epoch "
               f"{n['book_epochs']} to {late:.1f} at epoch {n['long_epochs']}, and {every}. That rule counts a "
               f"cell on significant information about both modalities, however little"
               + (", and longer inconsistent training gives some of it to more cells." if more else "."))
    return (f"**What this says about the {n['book_epochs']}-epoch protocol.** With training, the counts "
            f"{verdict} the paper's printed ones ({n['long_paper_count_consistent']} and "
            f"{n['long_paper_count_inconsistent']} shared cells at depth 4, one network each, after 5,000 "
            f"epochs): on average over the two pairings {n['long_distance_values_book']:.1f} cells from them at "
            f"epoch {n['book_epochs']} and {n['long_distance_values_long']:.1f} at epoch {n['long_epochs']} at "
            f"the paper's values, {n['long_distance_rule_book']:.1f} and {n['long_distance_rule_long']:.1f} under "
            f"its rule.{thresholds} After inconsistent training the count at the paper's values peaks at "
            f"epoch {n['long_incons_peak_epoch']} ({n['long_incons_peak']:.1f} cells).{gap}{sig}")
def _longer_text(n: dict) -> str:
    """The long runs' paragraph, every number from ``n`` (:func:`longer_training`)."""
    def pair(name, pairing):
        return f"{n[f'long_shared_{name}_{pairing}_book']:.1f} → {n[f'long_shared_{name}_{pairing}_long']:.1f}"

    same = ("Their first {book} epochs are the book's runs (the count tables at epoch {book} are equal)."
            if n["long_same_networks"] == "yes" else
            "Their first {book} epochs are *not* the book's runs (the count tables at epoch {book} differ).")
    sig = ""
    if "long_sig_consistent_book" in n:
        sig = (f" Under the significance rule (the cell-type page's, at its defaults): "
               f"{n['long_sig_consistent_book']:.1f} → {n['long_sig_consistent_long']:.1f} consistent cells "
               f"after consistent and {n['long_sig_inconsistent_book']:.1f} → {n['long_sig_inconsistent_long']:.1f} "
               f"after inconsistent training.")
    times = [n.get(f"long_minutes_{pairing}", math.nan) for pairing in ("consistent", "inconsistent")]
    minutes = ("" if any(math.isnan(t) for t in times) else
               f" Training them took {times[0]:.0f} and {times[1]:.0f} min (consistent, inconsistent; "
               f"the whole {n['long_epochs']} epochs, from the stored runs) on the build machine.")
    return (f"**Epoch {n['book_epochs']} → epoch {n['long_epochs']}** ({n['long_networks']} networks per pairing, "
            f"depth 4). {same.format(book=n['book_epochs'])} Shared cells per network at the paper's values: "
            f"{pair('values', 'consistent')} after consistent and {pair('values', 'inconsistent')} after "
            f"inconsistent training; under the paper's rule, re-applied at each epoch: "
            f"{pair('rule', 'consistent')} and {pair('rule', 'inconsistent')}, its thresholds going from "
            f"{n['long_threshold_image_book']:.2f} / {n['long_threshold_audio_book']:.2f} to "
            f"{n['long_threshold_image_long']:.2f} / {n['long_threshold_audio_long']:.2f} bits (image / audio; "
            f"the paper: {n['long_paper_image']:.2f} / {n['long_paper_audio']:.2f})."
            f"{sig}{minutes}")
