"""The shared-representation page (paper 1, Fig. 5): its numbers and records.

``runs``: ``{ConditionKey: stored run}`` with classifiers (``run_grid(chapter_runs(
"paper1_shared", cfg)["runs"])``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import published
from ..conditions import TWO_STAGE, mixed
from ..constants import DIRECTIONS
from ..experiments import shared_learning

#: glue-name suffix of each cross-modal direction
DIRECTION_KEYS = dict(zip(DIRECTIONS, ("ia", "ai")))


@dataclass(frozen=True)
class SharedPage:
    numbers: dict          # {glue name: raw value}
    epochs: np.ndarray     # the saved epochs of the runs [snapshots]
    depth_records: list    # shared_learning.by_depth(runs, DEPTHS)


def _p(result) -> dict:
    return {DIRECTION_KEYS[d]: result[d][1] for d in DIRECTIONS}


def compute(cfg, runs: dict) -> SharedPage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters) and its ``runs``."""
    deepest = max(cfg.DEPTHS)
    keys = {"cons": mixed(deepest, "consistent"), "incons": mixed(deepest, "inconsistent"), "two": TWO_STAGE}
    numbers = {}
    for name, key in keys.items():
        means = shared_learning.cross_modal(runs[key]).mean(axis=0) if key in runs else (math.nan, math.nan)
        numbers[f"xmodal_{name}_ia"], numbers[f"xmodal_{name}_ai"] = float(means[0]), float(means[1])
        numbers[f"paper_{name}_ia"] = shared_learning.paper_accuracy(key, "image", "audio")
        numbers[f"paper_{name}_ai"] = shared_learning.paper_accuracy(key, "audio", "image")
        numbers[f"paper_{name}_aa"] = shared_learning.paper_accuracy(key, "audio", "audio")
    for suffix, p in _p(shared_learning.compare(runs, keys["cons"], keys["incons"])).items():
        numbers[f"p_pairing_{suffix}"] = p
    framework = (_p(shared_learning.compare(runs, mixed(4), TWO_STAGE)) if TWO_STAGE in runs and mixed(4) in runs
                 else dict.fromkeys(DIRECTION_KEYS.values(), math.nan))
    for suffix, p in framework.items():
        numbers[f"p_framework_{suffix}"] = p
    for direction, suffix in DIRECTION_KEYS.items():
        numbers[f"paper_p_framework_{suffix}"] = published.SHARED_T_TEST_P_BELOW[direction]

    records = shared_learning.by_depth(runs, cfg.DEPTHS)
    significant = shared_learning.significant_depths(records)
    best, best_xmodal = shared_learning.best_depth(records)
    anova = shared_learning.anova_over_depth(runs, cfg.DEPTHS)
    numbers.update(
        depth_significant=len(significant), depth_count=len(cfg.DEPTHS),
        depth_list=", ".join(map(str, cfg.DEPTHS)),
        depth_significant_list=", ".join(map(str, significant)) or "none",
        depth_best=best, depth_best_xmodal=best_xmodal, depth_deepest=deepest,
        depth_deepest_xmodal=float(np.mean([r["consistent"] for r in records if r["depth"] == deepest])),
        depth_best_words=("the deepest encoder transfers best" if best == deepest
                          else f"the encoder of depth {best} transfers best, not the deepest"),
        depth_anova_df=", ".join(map(str, anova["image → audio"][2])))
    for direction, suffix in DIRECTION_KEYS.items():
        numbers[f"depth_anova_F_{suffix}"], numbers[f"depth_anova_p_{suffix}"] = anova[direction][:2]
    numbers.update(_authors_by_depth(records, deepest))
    numbers.update(printed_grain())
    epochs = np.asarray(next(iter(runs.values())).arrays["snapshot_epochs"])
    return SharedPage(numbers, epochs, records)


def printed_grain() -> dict:
    """Whether the paper's printed accuracies are one network's or means over networks: one
    network's accuracy on its test rows of one modality (``TEST_PER_DIGIT`` per digit) moves in
    steps of one row, a mean over ten networks in steps ten times finer. Returns the glue
    numbers ``grain_rows``, ``grain_step``, ``grain_printed`` (how many printed accuracies) and
    ``grain_words`` (the verdict)."""
    from ..data.bimodal import TEST_PER_DIGIT

    rows = 10 * TEST_PER_DIGIT
    printed = [v for table in (published.SHARED_ACCURACY, published.SHARED_ACCURACY_BY_DEPTH)
               for pair in table.values() for v in pair]
    on_step = sum(abs(v * rows - round(v * rows)) < 1e-6 for v in printed)
    words = (f"every one of the {len(printed)} printed accuracies is a whole number of test rows out of {rows}, "
             f"as one network's accuracy is (a mean over ten networks would mostly fall between those steps)"
             if on_step == len(printed) else
             f"{on_step} of the {len(printed)} printed accuracies are a whole number of test rows out of {rows}")
    return dict(grain_rows=rows, grain_step=1 / rows, grain_printed=len(printed), grain_words=words)


def _authors_by_depth(records: list[dict], deepest: int) -> dict:
    """The authors' single consistently trained networks (their plotting script): the depth
    whose mean cross-modal accuracy (both directions) is highest, that mean, and the deepest's."""
    means = {}
    for r in records:
        means.setdefault(r["depth"], []).append(r["paper_consistent"])
    means = {d: float(np.mean(v)) for d, v in means.items() if not np.isnan(v).any()}
    if not means:
        return dict(paper_depth_best=math.nan, paper_depth_best_xmodal=math.nan, paper_depth_deepest_xmodal=math.nan,
                    paper_depth_words="give no per-depth values here", paper_shared_by_depth="—")
    best = max(means, key=means.get)
    return dict(paper_depth_best=best, paper_depth_best_xmodal=means[best],
                paper_depth_deepest_xmodal=means.get(deepest, math.nan),
                paper_depth_words=("also transfer best below the deepest encoder" if best != deepest
                                   else "transfer best at the deepest encoder"),
                paper_shared_by_depth=", ".join(str(published.CONSISTENT_CELLS[mixed(d)]) for d in sorted(means)
                                                if mixed(d) in published.CONSISTENT_CELLS))


def authors_accuracy(cfg):
    """The authors' networks' shared-representation accuracy ``{ConditionKey: [classifiers,
    2 trained on, 2 tested on]}`` from the authors page's stored analysis, or None when it is
    not stored (it is never computed here: that needs the authors' weight files)."""
    from .. import authors
    from .paper1_authors import stored_analysis

    run = stored_analysis(cfg)
    if run is None or "shared_accuracy" not in run.arrays:
        return None
    return dict(zip(authors.NETWORKS, np.asarray(run.arrays["shared_accuracy"], float)))


def same_modality(cfg, runs: dict, theirs: dict | None) -> tuple[str, dict]:
    """Classifiers tested on the modality they were trained on, for the deepest mixed-input
    encoder (both pairings) and the two-stage network: ours after the last epoch and at the
    saved epoch before it, the paper's, the authors' networks through this book's classifiers
    (``theirs``: :func:`authors_accuracy`), and our classifiers stuck at chance. A markdown
    table and its numbers (``same_<who>_<condition>_<modality>``, ``stuck_<condition>_<modality>``)."""
    from ..tables import markdown_table

    deepest = max(cfg.DEPTHS)
    keys = {"cons": mixed(deepest, "consistent"), "incons": mixed(deepest, "inconsistent"), "two": TWO_STAGE}
    rows, numbers = [], {}
    for name, key in keys.items():
        if key not in runs:
            continue
        accuracies = shared_learning.same_modality_accuracy(runs[key])   # [networks, snapshots, 2]
        epochs = np.asarray(runs[key].arrays["snapshot_epochs"])
        for m, modality in enumerate(("image", "audio")):
            own = accuracies[..., m]                                     # [networks, snapshots]
            stuck = own[:, -1] < shared_learning.STUCK_BELOW
            printed = shared_learning.paper_accuracy(key, modality, modality)
            authors_value = (float(theirs[key][:, m, m].mean()) if theirs is not None and key in theirs
                             else math.nan)
            before = float(own[:, -2].mean()) if own.shape[1] > 1 else math.nan
            values = dict(ours=float(own[:, -1].mean()), before=before, paper=printed, authors=authors_value,
                          unstuck=float(own[~stuck, -1].mean()) if (~stuck).any() else math.nan)
            for who, value in values.items():
                numbers[f"same_{who}_{name}_{modality}"] = value
            numbers[f"stuck_{name}_{modality}"] = int(stuck.sum())
            rows.append([key.label, modality, f"{values['paper']:.3f}", "—" if math.isnan(authors_value)
                         else f"{authors_value:.3f}", f"{values['ours']:.3f}",
                         f"{values['before']:.3f}" if own.shape[1] > 1 else "—",
                         f"{int(stuck.sum())} of {len(stuck)}"])
    numbers["same_epochs_before"] = int(epochs[-2]) if len(epochs) > 1 else math.nan
    names = [(n, m) for n in keys for m in ("image", "audio") if f"same_ours_{n}_{m}" in numbers]
    numbers["same_rows"] = len(names)
    numbers["same_rising"] = sum(numbers[f"same_ours_{n}_{m}"] > numbers[f"same_before_{n}_{m}"] for n, m in names)
    gaps = [abs(numbers[f"same_authors_{n}_image"] - numbers[f"same_paper_{n}_image"]) for n, m in names
            if m == "image"]
    numbers["same_authors_image_gap"] = max(gaps) if gaps else math.nan
    audio = [n for n, m in names if m == "audio" and not math.isnan(numbers[f"same_authors_{n}_audio"])]
    numbers["same_authors_audio_rows"] = len(audio)
    numbers["same_authors_audio_above"] = sum(numbers[f"same_authors_{n}_audio"] > numbers[f"same_paper_{n}_audio"]
                                              for n in audio)
    numbers["stuck_below"] = shared_learning.STUCK_BELOW
    header = ["condition", "trained and tested on", "paper", "authors' network, our classifiers",
              f"ours, epoch {int(epochs[-1])}", f"ours, epoch {int(epochs[-2])}" if len(epochs) > 1 else "—",
              f"our classifiers below {shared_learning.STUCK_BELOW:g}"]
    return markdown_table(header, rows), numbers
