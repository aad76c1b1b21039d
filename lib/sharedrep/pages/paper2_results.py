"""The results page of paper 2 (its Tables 1-4 over the cross-validation folds): its numbers.

``folds``: ``{held-out speaker: stored fold}`` of :func:`sharedrep.experiments.dbn_folds.load_folds`
over the chapter's folds (:func:`~sharedrep.experiments.dbn_folds.chapter_folds`).
"""
from __future__ import annotations

import numpy as np
from scipy import stats

from .. import published
from ..experiments import dbn_folds, dbn_report
from . import markdown_table


def compute(folds: dict) -> dict:
    """The page's numbers (``{glue name: raw value}``; accuracies in percent)."""
    loaded = sum(f.loaded for f in folds.values())
    accuracy = dbn_folds.mean_over_folds(folds, "classifier_accuracy")
    error = dbn_folds.mean_over_folds(folds, "error_after")          # [target, input] percent
    names = list(dbn_folds.CHANNELS)
    return dict(
        n_folds=len(folds),
        folds_source=f"{loaded} of {len(folds)} loaded" if loaded else "all computed in this build",
        folds_minutes=sum(f.provenance["wall_time_s"] for f in folds.values()) / 60,
        paper_hours_per_fold=published.DBN_HOURS_PER_RUN,
        agreement_summary=dbn_report.agreement_sentence(folds),
        paper_threshold=published.DBN_MOTOR_THRESHOLD,
        image_classifier=100 * float(accuracy[0]), audio_classifier=100 * float(accuracy[1]),
        audio_real_error=100 * (1 - float(accuracy[1])),
        audio_from_class_error=float(error[names.index("audio"), names.index("class")]),
        paper_image_classifier=100 * published.DBN_IMAGE_CLASSIFIER_ACCURACY,
        paper_audio_classifier=100 * published.DBN_AUDIO_CLASSIFIER_ACCURACY,
        **{f"motor_over_threshold_{source}": float(error[names.index("motor"), names.index(source)])
           for source in ("class", "image", "audio")},
        **{f"paper_table{number}_fives": _multiples_of_five(target) for number, target in ((1, "class"), (3, "audio"))})


def _multiples_of_five(target: str) -> str:
    """How many per-digit values of the paper's table for ``target`` are multiples of 5 %, in
    words ("all 30 of 30", "12 of 30"): 5 % is the step of one fold's 20 test examples per
    digit (2 users x 10), where a mean over its 10 folds would move in steps of 0.5 %."""
    values = [v for (t, _), row in published.DBN_BY_DIGIT.items() if t == target for v in row]
    fives = sum(float(v) % 5 == 0 for v in values)
    return f"{'all ' if fives == len(values) else ''}{fives} of {len(values)}"


def settings_comparison(cfg, folds: dict, other_folds: dict) -> tuple[str, dict]:
    """The page's comparison of the two sets of channel settings (``dbn_folds.SETTINGS``):
    ``other_folds`` are the folds of the other set (``chapter_folds(...)["other_settings"]``);
    a table of the twelve overall scores of both beside the paper's, and the numbers its prose
    glues."""
    other = dbn_folds.other_settings(cfg.SETTINGS)
    by_settings = {f"{cfg.SETTINGS} settings": folds, f"{other} settings": other_folds}
    paper_folds = by_settings["paper settings"]
    numbers = dict(settings_other=other, paper_settings_agreement=dbn_report.agreement_sentence(paper_folds))
    return dbn_report.settings_table(by_settings), numbers


def two_channels(folds: dict, pair: dict) -> tuple[str, dict]:
    """The paper's additional experiment, a system of only the image and audio channels, on the
    same folds and settings (``pair``: ``chapter_folds(...)["two_channels"]``): a table of the
    two cross-modal scores beside the four-channel system's and the paper's, and glue numbers."""
    rows, numbers = [], {}
    for target, source in (("image", "audio"), ("audio", "image")):
        two, four = dbn_report.ours(pair, target)[source][1], dbn_report.ours(folds, target)[source][1]
        paper_two = published.DBN_TWO_CHANNEL_IMAGE_FROM_AUDIO if (target, source) == ("image", "audio") else None
        rows.append([f"{target} ← {source}", dbn_report.score_text(pair, target, source),
                     "—" if paper_two is None else paper_two, dbn_report.score_text(folds, target, source),
                     f"{published.DBN_ERROR[(target, source)]:g}"])
        numbers[f"two_{target}_from_{source}"] = two
        numbers[f"four_{target}_from_{source}"] = four
    numbers["paper_two_image_from_audio"] = published.DBN_TWO_CHANNEL_IMAGE_FROM_AUDIO
    numbers["paper_four_image_from_audio"] = published.DBN_ERROR[("image", "audio")]
    table = markdown_table(["percent error, reconstructed ← input", "image and audio only", "the paper",
                            "all four channels", "the paper"], rows)
    return table, numbers


def backfit_readings(cfg, folds: dict, readings: dict) -> tuple[str, dict, str]:
    """The readings of the paper's Eq. 1 (``dbn_folds.BACKFIT_READINGS``) on the same folds:
    ``readings`` {rule: folds} of the readings other than ``cfg.BACKFIT_RULE`` (whose folds are
    ``folds``; ``chapter_folds(...)["backfit_readings"]`` loaded per rule). A table of the twelve
    scores under each beside the paper's, the numbers and a paragraph from them: each reading's mean
    percent error over the nine reconstructions of class, image and audio from another channel
    (``reading_mean_<rule>``), the same before back-fitting (the networks every reading starts
    from) and whether every reading started from the same networks (equal scores before)."""
    by_rule = {cfg.BACKFIT_RULE: folds, **readings}
    by_rule = {rule: by_rule[rule] for rule in dbn_folds.BACKFIT_READINGS if rule in by_rule}

    def mean_error(some: dict, stage: str = "after") -> float:
        return float(_nine_mean(some, stage).mean())

    def name(rule: str) -> str:
        return f"reading_mean_{rule.replace('-', '_')}"

    numbers = {name(rule): mean_error(f) for rule, f in by_rule.items()}
    numbers["reading_mean_before"] = mean_error(folds, "before")
    before = [np.concatenate([np.ravel(f.arrays["error_before"]) for f in some.values()]) for some in by_rule.values()]
    same = all(np.array_equal(b, before[0], equal_nan=True) for b in before)
    numbers["readings_same_start"] = "yes" if same else "no"
    best = min(by_rule, key=lambda rule: numbers[name(rule)])
    numbers["reading_best"] = best
    book = _nine_mean(folds)
    tests = {rule: stats.ttest_rel(_nine_mean(f), book) for rule, f in by_rule.items()
             if rule != cfg.BACKFIT_RULE and len(f) == len(folds) > 1}
    numbers["readings_differ"] = ", ".join(
        f"{rule} {'lower' if t.statistic < 0 else 'higher'} (paired t-test over the folds: p = {t.pvalue:.2g})"
        for rule, t in tests.items() if t.pvalue < 0.05) or "none"
    numbers["readings_scores_differ"] = _scores_that_differ(cfg.BACKFIT_RULE, folds, by_rule)
    table = dbn_report.settings_table({f"{rule}{' (the book)' if rule == cfg.BACKFIT_RULE else ''}": f
                                       for rule, f in by_rule.items()})
    means = ", ".join(f"{rule} {numbers[name(rule)]:.1f} %" for rule in by_rule)
    text = (f"Averaged over the nine reconstructions of class, image and audio from another channel, the "
            f"percent error is {means} (before back-fitting, where every reading starts: "
            f"{numbers['reading_mean_before']:.1f} %). "
            + (f"On that mean no other reading differs from the book's {cfg.BACKFIT_RULE} rule fold by fold (paired "
               f"t-tests over the {len(folds)} folds, p ≥ 0.05). Score by score (the same test on each of the "
               f"twelve, not corrected for their number): {numbers['readings_scores_differ']}."
               if numbers["readings_differ"] == "none" else
               f"Fold by fold, against the book's {cfg.BACKFIT_RULE} rule: {numbers['readings_differ']}. The "
               f"lowest mean is {best}" + ("." if best == cfg.BACKFIT_RULE else
                                            "; `BACKFIT_RULE` switches every page to it.")))
    if numbers["readings_same_start"] != "yes":
        text += " *The readings did not start from the same networks (their scores before back-fitting differ).*"
    return table, numbers, text


def printed_reading(cfg, folds: dict, printed: dict) -> tuple[dict, str]:
    """Eq. 1 as printed (``dbn_folds.PRINTED_READING``) on the same folds as the book's rule
    (``printed``: ``chapter_folds(...)["backfit_printed"]`` loaded): the mean percent error over
    the nine reconstructions of class, image and audio from another channel after it, against
    the book's rule and before back-fitting, fold by fold (paired t-tests), in numbers and words."""
    if not printed:
        return {}, ""
    mine, book = _nine_mean(printed), _nine_mean(folds)
    before = _nine_mean(printed, "before")
    numbers = dict(printed_mean=float(mine.mean()), printed_before=float(before.mean()),
                   printed_book=float(book.mean()))
    vs_before = stats.ttest_rel(mine, before) if len(mine) > 1 else None
    vs_book = stats.ttest_rel(mine, book) if len(mine) == len(book) > 1 else None
    worse = mine.mean() > before.mean()
    text = (f"Eq. 1 exactly as printed (`\"{dbn_folds.PRINTED_READING}\"`), on the same {len(printed)} folds, gives "
            f"a mean error of {mine.mean():.1f} % over those nine reconstructions, against {book.mean():.1f} % with "
            f"the book's {cfg.BACKFIT_RULE} rule and {before.mean():.1f} % before back-fitting: it leaves the "
            f"reconstructions {'worse' if worse else 'better'} than it found them")
    if vs_before is not None:
        text += f" (paired t-test over the folds: p = {vs_before.pvalue:.2g})"
    if vs_book is not None:
        side = "worse" if mine.mean() > book.mean() else "better"
        text += f", and {side} than the book's rule (p = {vs_book.pvalue:.2g})"
    return numbers, text + "."


def motor_shortfall(folds: dict, alpha: float = 0.05) -> tuple[dict, str]:
    """Why the drawings rebuilt from an image or a sound fall short of the paper's, from the
    folds' per-digit scores (``by_digit_after``): the drawing from the class (can the motor
    channel draw at all?), whether a drawing is far where the class rebuilt from the same input
    is wrong (Spearman over every (fold, digit) pair), and whether the paper's easiest digits
    from sound (its Table 1) are easy here. Returns (glue numbers ``motor_*``, the paragraph)."""
    def by_digit(target, source):                      # [folds, 10]; motor: the paper's distance units
        t, s = dbn_folds.CHANNELS.index(target), dbn_folds.CHANNELS.index(source)
        values = np.array([f.arrays["by_digit_after"][t, s] for f in folds.values()], float)
        return values * dbn_report.TO_PAPER_UNITS if target == "motor" else values

    numbers, links = {}, []
    for source in ("class", "image", "audio"):
        numbers[f"motor_from_{source}"] = float(by_digit("motor", source).mean())
    for source in ("image", "audio"):
        rho, p = stats.spearmanr(by_digit("motor", source).ravel(), by_digit("class", source).ravel())
        numbers[f"motor_rho_{source}"], numbers[f"motor_p_{source}"] = float(rho), float(p)
        links.append(f"{'images' if source == 'image' else 'sounds'}: ρ = {rho:.2f}, p = {p:.2g}")
    n, paper = numbers, published.DBN_MOTOR_DISTANCE
    text = (f"Given the class, the motor channel draws at a mean distance of "
            f"{n['motor_from_class']:.2f} (the paper {paper['class']:g}), so the channel itself can draw. From an "
            f"image the distance is {n['motor_from_image']:.2f} (paper {paper['image']:g}), from a sound "
            f"{n['motor_from_audio']:.2f} (paper {paper['audio']:g}). ")
    follows = all(n[f"motor_rho_{s}"] > 0 and n[f"motor_p_{s}"] < alpha for s in ("image", "audio"))
    text += (("A drawing is far where the class rebuilt from the same input is wrong" if follows else
              "Whether a drawing is far does not follow the class error from the same input at every input")
             + f" (over the {by_digit('motor', 'audio').size} (fold, digit) pairs, Spearman's ρ between the two: "
               f"{'; '.join(links)})")
    text += (": the drawings inherit the errors of the joint state one sense reaches, which for sounds is the "
             "voice problem measured above. " if follows else ". ")
    class_audio = by_digit("class", "audio").mean(axis=0)
    rank = {d: int((class_audio < class_audio[d]).sum()) + 1 for d in range(10)}
    easiest = sorted(range(10), key=lambda d: published.DBN_BY_DIGIT[("class", "audio")][d])[:2]
    text += (f"The paper finds {easiest[0]} and {easiest[1]} the easiest digits to recognise from sound and credits "
             f"their short words; here they rank {rank[easiest[0]]} and {rank[easiest[1]]} of 10 "
             f"({class_audio[easiest[0]]:.0f} and {class_audio[easiest[1]]:.0f} % class error from sound)"
             + (", so that pattern carries over." if max(rank[d] for d in easiest) <= 3 else
                ", so that pattern does not carry over to six voices and a test voice unlike the training ones."))
    for d in easiest:
        numbers[f"motor_rank_digit{d}"] = rank[d]
    return numbers, text


def _nine_mean(some: dict, stage: str = "after") -> np.ndarray:
    """Each fold's mean percent error over the nine reconstructions of class, image and audio
    from another channel, ``[folds]``."""
    return np.mean([dbn_report.fold_scores(some, target, source, stage)
                    for target in ("class", "image", "audio") for source in dbn_report.CHANNELS
                    if source != target], axis=0)


def _scores_that_differ(book_rule: str, folds: dict, by_rule: dict, alpha: float = 0.05) -> str:
    """In words, the scores (of the twelve) on which a reading differs from the book's rule in a
    paired t-test over the folds at ``alpha``, each with both means and p; "none" otherwise."""
    found = []
    for rule, some in by_rule.items():
        if rule == book_rule or len(some) != len(folds) or len(folds) < 2:
            continue
        for target in dbn_report.CHANNELS:
            for source in dbn_report.CHANNELS:
                if source == target:
                    continue
                theirs = dbn_report.fold_scores(some, target, source)
                ours = dbn_report.fold_scores(folds, target, source)
                if np.allclose(theirs, ours):
                    continue
                test = stats.ttest_rel(theirs, ours)
                if test.pvalue < alpha:
                    unit = "" if target == "motor" else " %"
                    found.append(f"{rule} {'worse' if theirs.mean() > ours.mean() else 'better'} on {target} ← "
                                 f"{source} ({theirs.mean():.{2 if target == 'motor' else 1}f} against "
                                 f"{ours.mean():.{2 if target == 'motor' else 1}f}{unit}, p = {test.pvalue:.2g})")
    return "; ".join(found) if found else f"none differs from {book_rule}"


def validated_settings(cfg, folds: dict, other_folds: dict, validation: dict) -> tuple[str, dict]:
    """The settings chosen inside each fold on a validation speaker (issue 25;
    :mod:`~sharedrep.experiments.settings_selection`): a table per test speaker (validation
    speaker, both validation errors, the choice, the chosen settings' test error) and glue
    numbers: how many folds chose each set, and the mean test error (the twelve scores'
    mean, as the criterion) of the chosen settings against always-tuned and always-paper."""
    from ..experiments import settings_selection as selection

    by_settings = {cfg.SETTINGS: folds, dbn_folds.other_settings(cfg.SETTINGS): other_folds}
    chosen = selection.choices(validation)
    picked = selection.selected_folds(chosen, by_settings)
    rows = []
    for test, (settings, errors) in chosen.items():
        rows.append([test, selection.validation_speaker(test, cfg.SEED),
                     *(f"{errors[s]:.1f}" for s in dbn_folds.SETTINGS), settings,
                     f"{selection.validation_error(picked[test]):.1f}"])
    test_error = {name: float(np.mean([selection.validation_error(f) for f in group.values()]))
                  for name, group in {**by_settings, "selected": picked}.items()}
    numbers = dict(selected_tuned=sum(s == "tuned" for s, _ in chosen.values()), selected_folds=len(chosen),
                   selected_test_error=test_error["selected"], tuned_test_error=test_error["tuned"],
                   paper_test_error=test_error["paper"],
                   selected_agreement=dbn_report.agreement_sentence(picked))
    header = ["test speaker", "validation speaker", *(f"validation error, {s}" for s in dbn_folds.SETTINGS),
              "chosen", "test error, chosen"]
    return markdown_table(header, rows, align="llrrlr"), numbers


#: how far short of the paper's value a score may be and count as "at the paper's level" (percentage points)
LEVEL_TOLERANCE = 2.0


def voices(folds: dict, extra: list) -> tuple[list, dict, dict, str]:
    """Is the audio gap the number of voices (issue 21 §3)? ``folds``: the page's standard
    folds (5 voices each); ``extra``: the stored results of ``chapter_folds(...)["speaker_curve"]``
    (folds on 1-4 voices and the speaker-mixed fold). Returns (records, fits, numbers, text):
    :func:`~sharedrep.experiments.speaker_curve.curve_records`, its
    :func:`~sharedrep.experiments.speaker_curve.extrapolate`, the glue numbers (``voices_*``)
    and the paragraph that reads them, every verdict computed."""
    from ..experiments import speaker_curve

    records = speaker_curve.curve_records([*folds.values(), *extra])
    fits = speaker_curve.extrapolate(records)
    numbers = dict(voices_paper=speaker_curve.PAPER_TRAINING_VOICES, voices_ours=fits["audio_classifier"]["sizes"][-1],
                   voices_folds=sum(r["protocol"] == "held-out speaker" for r in records),
                   voices_minutes=sum(f.provenance["wall_time_s"] for f in extra) / 60)
    for name, fit in fits.items():
        for field in ("ours", "paper", "at_paper", "mixed", "normalised", "slope"):
            numbers[f"voices_{name}_{field}"] = fit[field]
        numbers[f"voices_{name}_explained"] = 100 * fit["explained"]
    return records, fits, numbers, _voices_text(fits, numbers)


def _voices_text(fits: dict, n: dict) -> str:
    """The paragraph under the learning curve, from ``fits`` and ``n`` (:func:`voices`)."""
    from ..experiments.speaker_curve import SCORES

    better = {name: (np.diff(fit["means"]) > 0 if name == "audio_classifier" else np.diff(fit["means"]) < 0)
              for name, fit in fits.items()}
    every = [SCORES[name][0] for name, steps in better.items() if steps.all()]
    monotone = (f"With every added voice the mean over the folds improves for {_and(every)}"
                if every else "No score improves with every added voice")
    others = [SCORES[name][0] for name in fits if SCORES[name][0] not in every]
    if every and others:
        monotone += f" (not at every step for {_and(others)})"

    def value(name, field):
        return f"{fits[name][field]:.1f} %"

    reads = "; ".join(f"{SCORES[name][0]} {value(name, 'at_paper')} where ours is {value(name, 'ours')}, which "
                      f"closes {100 * fits[name]['explained']:.0f} % of the gap to the paper's "
                      f"{fits[name]['paper']:g} %" for name in fits)
    level = [name for name, fit in fits.items() if np.isfinite(fit["mixed"]) and (
        fit["mixed"] >= fit["paper"] - LEVEL_TOLERANCE if name == "audio_classifier"
        else fit["mixed"] <= fit["paper"] + LEVEL_TOLERANCE)]
    mixed = "; ".join(f"{SCORES[name][0]} {value(name, 'mixed')}" for name in fits)
    below = [SCORES[name][0] for name in fits if name not in level]
    known = (f"With a known voice, {_and([SCORES[name][0] for name in level])} "
             f"{'reaches' if len(level) == 1 else 'reach'} the paper's level (no more than {LEVEL_TOLERANCE:g} points "
             f"short of it, or better)"
             if level else "Even with a known voice no score reaches the paper's level")
    if below and level:
        known += (f"; {_and(below)} {'stays' if len(below) == 1 else 'stay'} short of it, so part of "
                  f"{'that gap' if len(below) == 1 else 'those gaps'} lies elsewhere than in the voices")
    sizes = len(fits["audio_classifier"]["means"])
    normalised = ""
    if all(np.isfinite(fit["normalised"]) for fit in fits.values()):
        gained = [name for name, fit in fits.items()
                  if abs(fit["normalised"] - fit["paper"]) < abs(fit["ours"] - fit["paper"])]
        moves = "; ".join(f"{SCORES[name][0]} {value(name, 'ours')} → {value(name, 'normalised')}" for name in fits)
        normalised = (f" One more explanation, tested the same way: every speaker's audio features normalised on "
                      f"their own (mean 0 and s.d. 1 per feature over that speaker's recordings, the held-out "
                      f"speaker's from its own test recordings; no labels), with everything else as in the standard "
                      f"folds: {moves}. "
                      + (f"It brings {_and([SCORES[name][0] for name in gained])} closer to the paper."
                         if gained else "It brings no score closer to the paper."))
    return (f"{monotone}. A straight line in the logarithm of the number of voices through the {sizes} means "
            f"(an assumption: learning curves in the amount of data are often close to straight there), read at "
            f"the paper's {n['voices_paper']} training voices, gives: {reads}. The speaker-mixed fold trains on "
            f"all six voices and tests on each speaker's takes 0-4, FSDD's own test split, so every test "
            f"voice is a known one: {mixed}. {known}.{normalised}")


def _and(items: list) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
