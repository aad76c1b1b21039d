"""Is paper 2's audio gap the number of voices? Folds trained on fewer speakers.

Paper 2 trained on 18 of its 20 students; FSDD has six speakers, so each of the book's
leave-one-speaker-out folds trains on five voices. A learning curve in the number of training
voices tests whether that explains the audio-side shortfalls: for every held-out speaker and
every ``k`` in :data:`SIZES`, a fold trained on ``k`` of the other five speakers (the first
``k`` of an order drawn once per held-out speaker from the run's seed, so the sets are nested:
each adds one voice to the last), everything else as in the standard fold. ``k = 5`` is the
standard fold itself (:func:`~sharedrep.experiments.dbn_folds.fold_unit`, stored with the book).

Scores per fold (:func:`curve_records`): the independent audio classifier's accuracy on the
held-out speaker's real recordings, and the class and image channels rebuilt from the audio
channel alone after back-fitting (percent error, as in the results chapter).
"""
from __future__ import annotations

import numpy as np

from .. import seeds as seeding
from ..data import SPEAKERS
from ..dbn import DBNConfig, training_speakers
from ..validation import Int, ListOf
from .dbn_folds import CHANNELS, DEFAULT_NOISE, fold_unit

#: the numbers of training speakers of the curve (5: every other speaker, the standard fold)
SIZES = (1, 2, 3, 4, 5)


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
    units = {}
    for held_out in [speakers] if isinstance(speakers, str) else list(speakers):
        order = speaker_order(held_out, config.seed)
        for k in sizes:
            chosen = None if k == len(order) else order[:k]
            units[held_out, k] = fold_unit(held_out, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps,
                                           train_speakers=chosen)
    return units


def curve_records(folds: dict) -> list[dict]:
    """One record per fold of ``{(held-out speaker, k): stored fold}``: held_out, speakers
    (k), audio_classifier (percent correct on real recordings), class_from_audio and
    image_from_audio (percent error after back-fitting)."""
    audio = CHANNELS.index("audio")
    records = []
    for (held_out, k), fold in sorted(folds.items()):
        error = np.asarray(fold.arrays["error_after"])
        records.append(dict(held_out=held_out, speakers=int(k),
                            audio_classifier=round(100 * float(fold.arrays["classifier_accuracy"][1]), 2),
                            class_from_audio=round(float(error[CHANNELS.index("class"), audio]), 2),
                            image_from_audio=round(float(error[CHANNELS.index("image"), audio]), 2)))
    return records
