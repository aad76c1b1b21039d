"""Paper 2's numbers for the book: Tables 1-4 beside ours, and the dominance summary.

Our fold results (:mod:`.dbn_folds`) are averaged over the held-out speakers, as the paper
averaged over its 10 folds. Motor distances are converted to the paper's units for the
comparison (our 0..10 square read as the paper's 28-pixel square: x 2.8, the same
translation as the threshold, :data:`sharedrep.dbn.motor.MOTOR_THRESHOLD`).
"""
from __future__ import annotations

import numpy as np

from .. import published
from ..dbn.motor import EXTENT, PAPER_UNITS_PER_SIDE
from ..tables import markdown_table
from ..validation import one_of
from .dbn_folds import CHANNELS, mean_over_folds

TO_PAPER_UNITS = PAPER_UNITS_PER_SIDE / EXTENT
#: the paper's tables: number -> reconstructed (target) channel, and the input order it used
TABLES = {1: ("class", ("image", "audio", "motor")), 2: ("image", ("class", "audio", "motor")),
          3: ("audio", ("class", "image", "motor")), 4: ("motor", ("class", "image", "audio"))}


def _index(name: str) -> int:
    return CHANNELS.index(one_of("channel", name, CHANNELS))


def fold_scores(folds: dict, target: str, source: str, stage: str = "after") -> np.ndarray:
    """The overall score of ``target`` rebuilt from ``source`` in each fold, float ``[folds]``:
    percent error; for ``target == "motor"`` mean distance in the paper's units."""
    if stage not in ("before", "after"):
        raise ValueError(f"stage must be 'before' or 'after', got {stage!r}")
    t, s = _index(target), _index(source)
    if target == "motor":
        return np.array([f.arrays[f"motor_distance_{stage}"][s] for f in folds.values()], float) * TO_PAPER_UNITS
    return np.array([f.arrays[f"error_{stage}"][t, s] for f in folds.values()], float)


def ours(folds: dict, target: str, stage: str = "after") -> dict:
    """{input: (per-digit ``[10]``, overall)} for reconstructing ``target``, mean over folds.

    Percent error; for ``target == "motor"`` mean distance in the paper's units.
    stage : "after" (back-fitted, the paper's system) or "before" back-fitting.
    """
    if stage not in ("before", "after"):
        raise ValueError(f"stage must be 'before' or 'after', got {stage!r}")
    scale = TO_PAPER_UNITS if target == "motor" else 1.0
    by_digit = mean_over_folds(folds, f"by_digit_{stage}")[_index(target)]
    return {source: (by_digit[_index(source)] * scale, float(np.mean(fold_scores(folds, target, source, stage))))
            for source in CHANNELS if source != target}


def score_text(folds: dict, target: str, source: str, stage: str = "after") -> str:
    """The overall score of ``target`` rebuilt from ``source`` as a table shows it: the mean
    over folds ± s.d. (with more than one fold); 2 decimals for motor distances, else 1."""
    values = fold_scores(folds, target, source, stage)
    digits = 2 if target == "motor" else 1
    return f"{values.mean():.{digits}f}" + (f" ± {values.std():.{digits}f}" if len(values) > 1 else "")


def paper(target: str) -> dict:
    """{input: (per-digit ``[10]``, overall)} from the paper's table for ``target``."""
    _index(target)
    overall = published.DBN_MOTOR_DISTANCE if target == "motor" else {
        source: value for (t, source), value in published.DBN_ERROR.items() if t == target}
    return {source: (np.asarray(published.DBN_BY_DIGIT[(target, source)], dtype=np.float64), float(value))
            for source, value in overall.items()}


def comparison_table(folds: dict, number: int) -> str:
    """Markdown: the paper's Table ``number`` (1-4) with our values above the paper's for each input."""
    if number not in TABLES:
        raise ValueError(f"table number must be one of {sorted(TABLES)}, got {number!r}")
    target, sources = TABLES[number]
    mine, theirs = ours(folds, target), paper(target)
    fmt = (lambda v: f"{v:.2f}") if target == "motor" else (lambda v: f"{v:.0f}")
    rows = []
    for source in sources:
        for who, (digits, overall) in (("**this book**", mine[source]), ("paper", theirs[source])):
            overall_text = f"{overall:.2f}" if target == "motor" else f"{overall:.1f}"
            rows.append([source if who != "paper" else "", who, overall_text, *(fmt(v) for v in digits)])
    # "overall" first: on a phone the per-digit columns scroll, the comparison stays in view
    return markdown_table(["input", "", "overall", *(f"digit {d}" if d == 0 else d for d in range(10))], rows,
                          align="ll" + "r" * 11)


def error_matrix_table(folds: dict, stage: str = "after") -> str:
    """Markdown: every (target <- input) score, mean over folds ± s.d. over folds (with more
    than one fold), with the paper's in brackets.

    Class, image, audio: percent error; motor: mean distance (paper's units).
    """
    rows = []
    for target in CHANNELS:
        theirs = paper(target)
        cells = ["–" if source == target else f"{score_text(folds, target, source, stage)} ({theirs[source][1]:g})"
                 for source in CHANNELS]
        rows.append([f"{target} ({'distance' if target == 'motor' else '% error'})", *cells])
    return markdown_table(["reconstructed ↓ / input →", *CHANNELS], rows, align="l" + "r" * len(CHANNELS))


def settings_table(by_settings: dict) -> str:
    """Markdown: the twelve overall scores (mean ± s.d. over folds) of each set of folds in
    ``by_settings`` (``{column title: folds}``, e.g. the book's tuned settings and the
    paper's), beside the paper's. Class, image, audio: percent error; motor: mean distance."""
    rows = [[f"{target} ← {source}", *(score_text(folds, target, source) for folds in by_settings.values()),
             f"{paper(target)[source][1]:g}"]
            for target in CHANNELS for source in CHANNELS if source != target]
    return markdown_table(["reconstructed ← input", *by_settings, "the paper"], rows,
                          align="l" + "r" * (len(by_settings) + 1))


def dominance(fold_or_folds) -> dict:
    """The back-fitting story in numbers, for one fold (a StoredResult) or the mean of several.

    Returns ``alignment_before`` / ``alignment_after`` {input: mean squared difference of the
    associative activations from that channel alone vs all channels}, ``class_before`` /
    ``class_after`` {input: percent class error from that channel alone} (inputs other than
    class), ``dominant`` (the input closest to the all-channel state before back-fitting),
    and ``spread_before`` / ``spread_after`` (worst / best alignment ratio).
    """
    folds = fold_or_folds if isinstance(fold_or_folds, dict) else {"fold": fold_or_folds}
    out = {}
    for stage in ("before", "after"):
        alignment = mean_over_folds(folds, f"alignment_{stage}")
        error = mean_over_folds(folds, f"error_{stage}")
        out[f"alignment_{stage}"] = dict(zip(CHANNELS, map(float, alignment)))
        out[f"class_{stage}"] = {s: float(error[_index("class"), _index(s)]) for s in CHANNELS if s != "class"}
        out[f"spread_{stage}"] = float(alignment.max() / max(alignment.min(), 1e-12))
    before = out["alignment_before"]
    out["dominant"] = min(before, key=before.get)
    return out


def dominance_table(summary: dict) -> str:
    """Markdown of :func:`dominance`: per input channel, distance and class error before / after."""
    rows = []
    for source in CHANNELS:
        errors = [summary[f"class_{s}"].get(source) for s in ("before", "after")]
        rows.append([source, f"{summary['alignment_before'][source]:.4f}", f"{summary['alignment_after'][source]:.4f}",
                     *("–" if e is None else f"{e:.1f}" for e in errors)])
    return markdown_table(["input channel alone", "distance to joint state, before", "after",
                           "class error before (%)", "after (%)"], rows, align="lrrrr")


def dominance_sentence(summary: dict) -> str:
    """The measured story of :func:`dominance` in words (every number computed, none assumed)."""
    before, after = summary["alignment_before"], summary["alignment_after"]
    dominant = summary["dominant"]
    farthest = max(before, key=before.get)
    closer = [s for s in CHANNELS if after[s] < before[s]]
    changes = ", ".join(f"{s} {summary['class_before'][s]:.1f} → {summary['class_after'][s]:.1f} %"
                        for s in summary["class_before"])
    verdict = ("every channel's solo state moved closer to the joint state" if len(closer) == len(CHANNELS)
               else f"the solo states of {', '.join(closer) or 'no channel'} moved closer to the joint state")
    return (f"Before back-fitting the {dominant} channel alone came closest to the joint state "
            f"(distance {before[dominant]:.4f}) and the {farthest} channel stayed farthest "
            f"({before[farthest]:.4f}, {summary['spread_before']:.1f} times as far). After back-fitting "
            f"{verdict}; the farthest is now {summary['spread_after']:.1f} times as far as the closest. "
            f"Class error from one channel alone, before → after: {changes}.")


#: percent error of a ten-way guess; a reconstruction at or above AT_CHANCE is called at chance
CHANCE_ERROR = 90.0
AT_CHANCE = 85.0


def at_chance(folds: dict, stage: str) -> list[tuple[str, str, float]]:
    """The (target, source, percent error) reconstructions of ``stage`` (``"before"`` or
    ``"after"`` back-fitting) whose mean error over ``folds`` is at chance (at least
    :data:`AT_CHANCE` %); motor targets (a distance, not an error) are left out."""
    return [(target, source, float(fold_scores(folds, target, source, stage).mean()))
            for target in CHANNELS if target != "motor" for source in CHANNELS
            if source != target and fold_scores(folds, target, source, stage).mean() >= AT_CHANCE]


def at_chance_sentence(folds: dict) -> str:
    """In words: which reconstructions sit at chance before back-fitting, and what back-fitting
    makes of them (every number computed from ``folds``)."""
    before = at_chance(folds, "before")
    n = sum(1 for target in CHANNELS if target != "motor" for source in CHANNELS if source != target)
    if not before:
        return (f"Before back-fitting none of the {n} reconstructions scored by a classifier is at "
                f"chance ({AT_CHANCE:g} % error or more; a guess errs {CHANCE_ERROR:g} % of the time).")
    targets = sorted({t for t, _, _ in before}, key=CHANNELS.index)
    parts = []
    for target in targets:
        sources = [s for t, s, _ in before if t == target]
        every = len(sources) == len(CHANNELS) - 1
        verb = "rebuilds" if every or len(sources) == 1 else "rebuild"
        parts.append(f"{'each of the other three channels' if every else ' and '.join(sources)} alone {verb} "
                     f"{dict(image='the image', audio='the sound').get(target, 'the class')} at chance")
    after = ", ".join(f"{t} from {s} {e:.1f} → {float(fold_scores(folds, t, s, 'after').mean()):.1f} %"
                      for t, s, e in before)
    return (f"Before back-fitting, {'; '.join(parts)} ({len(before)} of the {n} reconstructions that a "
            f"classifier scores err {AT_CHANCE:g} % of the time or more; a guess errs {CHANCE_ERROR:g} %). "
            f"After back-fitting: {after}.")


def top_units(fold) -> dict:
    """``{channel: units it feeds into the associative layer}`` of a stored fold: its top RBM's
    hidden units, or its visible units when the channel has no RBM (the class channel)."""
    layers = fold.provenance["parameters"]["config"]["layers"]
    return {c: int(layers[c][-1]) if layers[c] else int(fold.arrays[f"recon_{c}_after"].shape[-1]) for c in CHANNELS}


#: the channel with "a simple, noise free signal per class" (paper 2's candidate for dominance):
#: the class channel, one-hot per digit
SIMPLEST = "class"


def dominance_verdict(summary: dict, units: dict) -> str:
    """An answer to "does one channel dominate?" from :func:`dominance` and :func:`top_units`
    (every clause is decided by the numbers)."""
    before = summary["alignment_before"]
    dominant, total = summary["dominant"], sum(units.values())
    narrowed = summary["spread_after"] < summary["spread_before"]
    text = (f"By closeness to the joint state, the {dominant} channel dominates: the farthest channel is "
            f"{summary['spread_before']:.1f} times as far before back-fitting, and back-fitting "
            + (f"narrows that to {summary['spread_after']:.1f} times. " if narrowed
               else f"does not narrow it ({summary['spread_after']:.1f} times). "))
    by_closeness = sorted(CHANNELS, key=before.get)
    if by_closeness == sorted(CHANNELS, key=lambda c: -units[c]):
        shares = ", ".join(f"{c} {units[c]}" for c in by_closeness)
        text += (f"Before back-fitting, the order of closeness is the order of the units each channel feeds into "
                 f"the associative layer ({shares} of {total}): the channels that supply more of the joint input "
                 f"come closer to the joint state alone, whatever they know about the digit. ")
    ordinal = ("first", "second", "third", "fourth")
    rank = by_closeness.index(SIMPLEST)
    text += (f"The paper expects the channel with \"a simple, noise free signal per class\" to dominate, here the "
             f"{SIMPLEST} channel; it comes {ordinal[rank]} of {len(CHANNELS)} by closeness before back-fitting, "
             + ("as the paper expects. " if rank == 0 else "so the paper's expectation does not hold in this form. "))
    classes = {c: summary["class_after"][c] for c in summary["class_after"]}
    worst, best = max(classes, key=classes.get), min(classes, key=classes.get)
    if dominant == worst:
        text += (f"Closeness and class error measure different things: the {dominant} channel, closest to the "
                 f"joint state, names the digit worst alone ({classes[worst]:.1f} % class error after back-fitting, "
                 f"against {classes[best]:.1f} % from the {best} channel). ")
    drops = {c: summary["class_before"][c] - summary["class_after"][c] for c in classes}
    most = max(drops, key=drops.get)
    text += (f"Back-fitting's largest effect is on the {most} channel's class error "
             f"({summary['class_before'][most]:.1f} → {summary['class_after'][most]:.1f} %).")
    return text


def agreement_sentence(folds: dict, tolerance: float = 5.0, motor_tolerance: float = 0.3) -> str:
    """How our twelve overall scores compare with the paper's, in words, from the numbers.

    A score "agrees" within ``tolerance`` percentage points (motor: ``motor_tolerance``
    units of the paper). Names the three largest gaps (scaled by the tolerance).
    """
    rows = []
    for target in CHANNELS:
        mine, theirs = ours(folds, target), paper(target)
        for source in mine:
            tol = motor_tolerance if target == "motor" else tolerance
            gap = (mine[source][1] - theirs[source][1]) / tol
            rows.append((target, source, mine[source][1], theirs[source][1], gap))
    close = [r for r in rows if abs(r[4]) <= 1]
    better = [r for r in rows if r[4] < -1]
    worse = sorted((r for r in rows if r[4] > 1), key=lambda r: -r[4])

    def show(r):
        unit = "" if r[0] == "motor" else " %"
        return f"{r[0]} from {r[1]} ({r[2]:.1f}{unit} against {r[3]:g}{unit})"

    def are(n):
        return f"{n} {'is' if n == 1 else 'are'}"

    ahead = sum(r[4] < 0 for r in close)
    text = (f"Of the twelve overall scores, {are(len(close))} within {tolerance:g} percentage points of the "
            f"paper's (motor: within {motor_tolerance:g} of its distance units; {ahead} of them better than the "
            f"paper's), {are(len(better))} better by more than that and {are(len(worse))} worse by more.")
    if worse:
        text += " The largest shortfalls: " + "; ".join(show(r) for r in worse[:3]) + "."
    if better:
        text += " Better than the paper: " + "; ".join(show(r) for r in better[:3]) + "."
    return text
