"""Is paper 2's audio gap the number of voices? Folds trained on fewer speakers.

Paper 2 trained on 18 of its 20 students; FSDD has six speakers, so each of the book's
leave-one-speaker-out folds trains on five voices. A learning curve in the number of training
voices tests whether that explains the audio-side shortfalls: for every held-out speaker and
every ``k`` in :data:`SIZES`, a fold trained on ``k`` of the other five speakers (the first
``k`` of an order drawn once per held-out speaker from the run's seed, so the sets are nested:
each adds one voice to the last), everything else as in the standard fold. ``k = 5`` is the
standard fold itself (:func:`~sharedrep.experiments.dbn_folds.fold_unit`, stored with the book).

Beside it, the speaker-mixed fold (:data:`~sharedrep.dbn.TAKES_HELD_OUT`): every speaker in
training, each speaker's takes 0-4 held out (FSDD's own test split), so the test voices are
known voices.

Scores per fold (:func:`curve_records`): the independent audio classifier's accuracy on the
test rows' real recordings, and the class and image channels rebuilt from the audio channel
alone after back-fitting (percent error, as in the results chapter). :func:`extrapolate`
fits each score's mean over folds against log(k) and reads the fit at the paper's 18
training voices.
"""
from __future__ import annotations

import numpy as np

from .. import published
from .. import seeds as seeding
from ..data import SPEAKERS
from ..dbn import TAKES_HELD_OUT, DBNConfig, training_speakers
from ..validation import Choice, Int, ListOf
from .dbn_folds import CHANNELS, DEFAULT_NOISE, chapter_config, fold_unit

#: the numbers of training speakers of the curve (5: every other speaker, the standard fold)
SIZES = (1, 2, 3, 4, 5)
#: the paper's training users per fold (20 students, 2 held out)
PAPER_TRAINING_VOICES = 18
#: the scores of :func:`curve_records`: name -> (what it is, the paper's value, unit)
SCORES = {
    "audio_classifier": ("audio classifier on real recordings", 100 * published.DBN_AUDIO_CLASSIFIER_ACCURACY,
                         "% correct"),
    "class_from_audio": ("class from audio", published.DBN_ERROR[("class", "audio")], "% error"),
    "image_from_audio": ("image from audio", published.DBN_ERROR[("image", "audio")], "% error"),
}


def speaker_order(held_out: str, seed: int = 0) -> tuple:
    """The other five speakers in the order the curve adds them, drawn from ``seed`` and the
    held-out speaker (:func:`sharedrep.seeds.child`, purpose ``"speaker_order"``)."""
    others = training_speakers(held_out)
    rng = np.random.default_rng(seeding.child(seed, "speaker_order", SPEAKERS.index(held_out)))
    return tuple(others[i] for i in rng.permutation(len(others)))


def curve_units(config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE, gibbs_steps: int = 0,
                speakers=SPEAKERS, sizes=SIZES) -> dict:
    """``{(held-out speaker, k): unit}`` of every fold of the curve (:mod:`sharedrep.sweep`
    units; ``k = 5``: the standard fold, so its stored result serves the curve too); a
    speaker not in :data:`~sharedrep.data.SPEAKERS` or a size outside 1..5 is an error."""
    sizes = ListOf(Int(1, len(SPEAKERS) - 1)).check("sizes", list(sizes))
    speakers = ListOf(Choice(SPEAKERS)).check("speakers", [speakers] if isinstance(speakers, str) else list(speakers))
    units = {}
    for held_out in speakers:
        order = speaker_order(held_out, config.seed)
        for k in sizes:
            chosen = None if k == len(order) else order[:k]
            units[held_out, k] = fold_unit(held_out, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps,
                                           train_speakers=chosen)
    return units


def mixed_unit(config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE, gibbs_steps: int = 0):
    """The speaker-mixed fold as a unit: every speaker in training, takes 0-4 held out."""
    return fold_unit(TAKES_HELD_OUT, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps)


def chapter_units(cfg) -> list:
    """The results chapter's extra folds for ``cfg`` (its frozen parameters): the curve's
    folds on 1-4 voices for every held-out speaker of ``cfg.SPEAKERS`` (5 voices: the
    chapter's own folds), the speaker-mixed fold, and the chapter's folds again with every
    speaker's audio features normalised on their own (issue 25), in the chapter's settings."""
    config, motor_noise, gibbs_steps = chapter_config(cfg)
    same = dict(motor_noise=motor_noise, gibbs_steps=gibbs_steps)
    curve = curve_units(config, speakers=cfg.SPEAKERS, sizes=SIZES[:-1], **same)
    normalised = [fold_unit(s, config, audio_normalisation="speaker", **same) for s in cfg.SPEAKERS]
    return [*curve.values(), mixed_unit(config, **same), *normalised]


def curve_records(folds) -> list[dict]:
    """One record per stored fold (an iterable of stored results of :func:`fold_unit`, or a
    dict of them): held_out, speakers (the number of training voices: from the fold's
    parameters), protocol ("held-out speaker", "speaker-mixed" or "normalised per speaker"),
    and the :data:`SCORES`:
    audio_classifier (percent correct on real recordings), class_from_audio and
    image_from_audio (percent error after back-fitting)."""
    audio = CHANNELS.index("audio")
    records = []
    for fold in (folds.values() if isinstance(folds, dict) else folds):
        parameters = fold.provenance["parameters"]
        held_out = parameters["held_out"]
        protocol = ("speaker-mixed" if held_out == TAKES_HELD_OUT else "normalised per speaker"
                    if parameters.get("audio_normalisation") == "speaker" else "held-out speaker")
        error = np.asarray(fold.arrays["error_after"])
        voices = len(training_speakers(held_out, parameters.get("train_speakers")))
        records.append(dict(held_out=held_out, speakers=voices, protocol=protocol,
                            audio_classifier=round(100 * float(fold.arrays["classifier_accuracy"][1]), 2),
                            class_from_audio=round(float(error[CHANNELS.index("class"), audio]), 2),
                            image_from_audio=round(float(error[CHANNELS.index("image"), audio]), 2)))
    return sorted(records, key=lambda r: (r["protocol"], r["held_out"], r["speakers"]))


def extrapolate(records: list[dict], voices: int = PAPER_TRAINING_VOICES) -> dict:
    """For every score of :data:`SCORES`, from the held-out-speaker records: the mean over
    folds at each number of voices, a least-squares line in log(voices) through them, its
    value at ``voices`` (the paper's 18 by default) and the share of the gap between our
    standard folds (the most voices) and the paper that this line closes (1: all of it; a
    line, so an assumption: learning curves in the amount of data are often straight in its
    logarithm); with the speaker-mixed record, its value too, and with folds normalised per
    speaker, their mean.

    Returns ``{score: {"sizes": [k], "means": [k], "slope": per doubling of voices, "intercept": the
    line at one voice,
    "at_paper": value at ``voices``, "ours": mean at the most voices, "paper": the paper's,
    "explained": share in [0, 1] (clipped), "mixed": speaker-mixed value or NaN, "normalised":
    the mean of the folds normalised per speaker or NaN}}``; a
    ValueError with fewer than two sizes."""
    curve = [r for r in records if r["protocol"] == "held-out speaker"]
    sizes = sorted({r["speakers"] for r in curve})
    if len(sizes) < 2:
        raise ValueError(f"a learning curve needs folds with at least two numbers of voices; got {sizes}")
    mixed = [r for r in records if r["protocol"] == "speaker-mixed"]
    normalised = [r for r in records if r["protocol"] == "normalised per speaker"]
    out = {}
    for name, (_, paper, _) in SCORES.items():
        means = [float(np.mean([r[name] for r in curve if r["speakers"] == k])) for k in sizes]
        slope, intercept = np.polyfit(np.log2(sizes), means, 1)
        at_paper = float(intercept + slope * np.log2(voices))
        ours = means[-1]
        gap = ours - paper
        explained = float(np.clip((ours - at_paper) / gap, 0, 1)) if gap != 0 else float("nan")
        out[name] = dict(sizes=sizes, means=means, slope=float(slope), intercept=float(intercept), at_paper=at_paper,
                         ours=ours, paper=paper,
                         explained=explained,
                         mixed=float(np.mean([r[name] for r in mixed])) if mixed else float("nan"),
                         normalised=(float(np.mean([r[name] for r in normalised])) if normalised
                                     else float("nan")))
    return out


def load_units(units, verbose: bool = False, directory=None) -> list:
    """The stored results of ``units`` (:func:`chapter_units`), each loaded, or computed and
    stored as soon as it finishes (an interrupted run resumes at the next fold)."""
    from .. import sweep

    return [sweep.load_or_compute(unit, directory, verbose) for unit in units]
