"""Paper 2's channel settings chosen inside each fold, as the paper chose its own (issue 25).

The book's tuned settings (:data:`~sharedrep.experiments.dbn_folds.SETTINGS`) were chosen by
looking at held-out-speaker scores, the scores the results page reports. The paper set aside
a validation set inside its training users. Here, for every held-out (test) speaker, one of
the five training speakers is the validation speaker (drawn from the run's seed); each set of
settings is trained on the other four and scored on the validation speaker; the set with
the lower validation error (:func:`validation_error`) is the fold's choice, and its test
scores are those of the fold trained on all five with those settings (the results page's
folds). Only the choice between the two sets of :data:`SETTINGS` is made this way; the
back-fitting step size and the audio features' onset and loudness steps, which the tuned set
shares with the paper's on this page, are not re-chosen.
"""
from __future__ import annotations

import numpy as np

from .. import seeds as seeding
from ..data import SPEAKERS
from ..dbn import training_speakers
from ..validation import Choice
from .dbn_folds import SETTINGS, chapter_config, fold_unit


def validation_speaker(test_speaker: str, seed: int = 0) -> str:
    """The training speaker set aside for validation when ``test_speaker`` is held out, drawn
    from ``seed`` (:func:`sharedrep.seeds.child`, purpose ``"validation_speaker"``)."""
    Choice(SPEAKERS).check("test_speaker", test_speaker)
    others = training_speakers(test_speaker)
    rng = np.random.default_rng(seeding.child(seed, "validation_speaker", SPEAKERS.index(test_speaker)))
    return others[int(rng.integers(len(others)))]


def selection_units(cfg) -> dict:
    """``{(test speaker, settings): unit}`` for the results chapter's frozen parameters: for each
    test speaker of ``cfg.SPEAKERS`` and each set of :data:`SETTINGS`, the fold that trains on
    the four training speakers but the validation one and holds that one out."""
    units = {}
    for test in cfg.SPEAKERS:
        held = validation_speaker(test, cfg.SEED)
        inner = [s for s in training_speakers(test) if s != held]
        for settings in SETTINGS:
            config, motor_noise, gibbs_steps = chapter_config(cfg, settings)
            units[test, settings] = fold_unit(held, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps,
                                              train_speakers=inner)
    return units


def validation_error(fold) -> float:
    """The criterion: the mean of a fold's twelve reconstruction errors after back-fitting
    (``error_after``, percent; motor: percent of drawings at or above the threshold), NaN
    diagonal left out."""
    return float(np.nanmean(np.asarray(fold.arrays["error_after"], float)))


def choices(validation: dict) -> dict:
    """``{test speaker: (chosen settings, {settings: validation error})}`` from the stored
    folds of :func:`selection_units` (``{(test speaker, settings): stored fold}``); a tie keeps
    the first of :data:`SETTINGS`."""
    out = {}
    for test in sorted({t for t, _ in validation}):
        errors = {s: validation_error(validation[test, s]) for s in SETTINGS if (test, s) in validation}
        if len(errors) != len(SETTINGS):
            raise ValueError(f"the validation folds of {test!r} are missing settings: have {sorted(errors)}")
        out[test] = (min(errors, key=lambda s: (errors[s], SETTINGS.index(s))), errors)
    return out


def selected_folds(chosen: dict, by_settings: dict) -> dict:
    """``{test speaker: stored fold}``: each test speaker's fold trained on all five training
    speakers with its chosen settings; ``by_settings``: ``{settings: {test speaker: fold}}``
    (the results page's folds and its other-settings folds)."""
    return {test: by_settings[settings][test] for test, (settings, _) in chosen.items()}


def load(units: dict, verbose: bool = False, directory=None) -> dict:
    """``{key: stored fold}`` of ``units`` (:func:`selection_units`), each loaded, or computed
    and stored as soon as it finishes."""
    from .speaker_curve import load_units

    return dict(zip(units, load_units(units.values(), verbose, directory)))
