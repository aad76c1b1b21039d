"""Paper 2's experiment, one cross-validation fold at a time, stored for the book.

:func:`run_fold` trains the multimodal DBN on one leave-one-speaker-out fold
(:func:`sharedrep.dbn.multimodal_fold`), evaluates every (target <- input) reconstruction
*before* back-fitting (the associative RBM's own weights) and *after* it, and keeps what
the book shows. The result holds no weights; it is stored under ``results/paper2_fold/``
keyed by the held-out speaker, every :class:`~sharedrep.dbn.DBNConfig` setting, the motor
noise, the Gibbs steps and the library version.

Arrays of one fold (``C`` = 4 channels in :data:`CHANNELS` order, ``T`` test rows):

* ``error_before`` / ``error_after`` float64 ``[C targets, C inputs]``: percent error as
  scored by :func:`sharedrep.dbn.evaluate_model` (motor: percent of drawings at or above
  the translated threshold); NaN on the diagonal.
* ``by_digit_before`` / ``by_digit_after`` float64 ``[C, C, 10]``: the same per digit
  (motor rows: mean distance in motor units).
* ``motor_distance_before`` / ``_after`` float64 ``[C inputs]``: mean distance of the
  reconstructed drawing to the template (motor units; NaN for the motor input itself).
* ``alignment_before`` / ``_after`` float64 ``[C inputs]``: mean squared difference, per
  associative unit, between the associative activations from that channel alone and from
  all channels together (test rows): how well one channel stands in for all of them.
* ``backfit_errors`` float64 ``[sweeps + 1, C]`` (``e_k`` per sweep), ``backfit_seconds``
  float64 ``[sweeps]``.
* ``rbm_history`` float64 ``[R, epochs]`` reconstruction error per epoch of every RBM
  (channels bottom first, then the associative RBM), ``rbm_labels`` str ``[R]``.
* ``image_filters`` float16 ``[16, 784]``: the first 16 receptive fields of the image
  channel's bottom RBM.
* ``example_rows`` int64 ``[10]``: the first test row of each digit; ``true_image``
  ``[10, 784]``, ``true_audio`` ``[10, 640]``, ``true_motor`` ``[10, 14]`` (motor units);
  ``channel_image`` / ``channel_audio`` / ``channel_motor``: each channel's own
  reconstruction of them through its DBN alone (up, then down).
* ``recon_<target>_before`` / ``_after`` float16 ``[C inputs, 10, n_visible]``: the
  example rows' reconstructions of the target channel from each single input channel
  (motor in motor units, audio in its feature units).
* ``classifier_accuracy`` float64 ``[2]``: the independent image and audio classifiers on
  real test data;  ``stage_seconds`` float64 ``[4]`` for :data:`STAGES`.
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial

import numpy as np

from .. import results, sweep
from .. import seeds as seeding
from ..data import SPEAKERS
from ..dbn import (
    AUDIO_NORMALISATIONS,
    CHANNEL_NAMES,
    HELD_OUT_CHOICES,
    PAPER_LAYERS,
    PAPER_LEARNING_RATES,
    PAPER_VISIBLE,
    DBNConfig,
    MultimodalDBN,
    apply_backfitting,
    associative_activations,
    check_held_out,
    evaluate_model,
    image_classifier,
    multimodal_fold,
    reconstruct,
    train_associative_memory,
    train_audio_classifier,
    train_channels,
    training_speakers,
)
from ..dbn.motor import DEFAULT_NOISE, from_unit
from ..validation import Choice, Int

RESULT_KIND = "paper2_fold"
CHANNELS = CHANNEL_NAMES
STAGES = ("RBM channels", "associative memory", "back-fitting", "evaluation")


def _channels(channels) -> tuple:
    """``channels`` as a tuple in :data:`CHANNELS` order: at least two distinct channel names."""
    chosen = tuple(channels)
    unknown = [c for c in chosen if c not in CHANNELS]
    if unknown or len(set(chosen)) != len(chosen) or len(chosen) < 2:
        raise ValueError(f"channels must be at least two distinct names of {list(CHANNELS)}; got {list(chosen)}")
    return tuple(c for c in CHANNELS if c in chosen)


def fold_parameters(held_out: str, config: DBNConfig, motor_noise: float, gibbs_steps: int,
                    channels=CHANNELS, train_speakers=None, audio_normalisation: str = "none") -> dict:
    """The stored result's parameters (checked): speaker, every config field, noise, Gibbs
    steps, the channels when not all four and the training speakers when not all five others
    (so the standard folds keep their keys)."""
    check_held_out(held_out)
    if not isinstance(config, DBNConfig):
        raise ValueError(f"config must be a DBNConfig, got {type(config).__name__}")
    if not (np.isfinite(motor_noise) and motor_noise >= 0):
        raise ValueError(f"motor_noise must be a finite number >= 0 (motor units), got {motor_noise!r}")
    Int(0).check("gibbs_steps", gibbs_steps)
    parameters = {"held_out": held_out, "config": asdict(config), "motor_noise": float(motor_noise),
                  "gibbs_steps": int(gibbs_steps)}
    channels = _channels(channels)
    if channels != tuple(CHANNELS):
        parameters["channels"] = list(channels)
    if train_speakers is not None:
        parameters["train_speakers"] = list(training_speakers(held_out, train_speakers))
    if audio_normalisation != "none":
        Choice(AUDIO_NORMALISATIONS).check("audio_normalisation", audio_normalisation)
        parameters["audio_normalisation"] = audio_normalisation
    return parameters


def fold_seed(seed: int, held_out: str) -> int:
    """The seed of the fold that holds out ``held_out``, derived from the run's ``seed``: every
    fold draws its own MNIST pairing, motor noise and RBM initialisations (the speaker-mixed
    fold, :data:`~sharedrep.dbn.TAKES_HELD_OUT`, is number 6, after the six speakers')."""
    return seeding.child(seed, "fold", HELD_OUT_CHOICES.index(check_held_out(held_out)))



def _by_channel(values: dict, fill=np.nan) -> np.ndarray:
    """``{channel: value}`` as an array over :data:`CHANNELS` (``fill`` for absent channels)."""
    return np.array([values.get(c, fill) for c in CHANNELS], dtype=np.float64)


def _matrices(evaluation, names) -> tuple:
    n = len(names)
    error, by_digit = np.full((n, n), np.nan), np.full((n, n, 10), np.nan)
    distance = np.full(n, np.nan)
    for (target, source), value in evaluation.error.items():
        error[names.index(target), names.index(source)] = value
    for (target, source), values in evaluation.by_digit.items():
        by_digit[names.index(target), names.index(source)] = values
    for source, value in evaluation.motor_distance.items():
        distance[names.index(source)] = value
    return error, by_digit, distance


def _alignment(model: MultimodalDBN, inputs: dict) -> np.ndarray:
    """Per channel of :data:`CHANNELS` (NaN when absent): mean squared difference between its
    alone-activations and the all-channel ones."""
    tops = model.top_features(inputs)
    c = model.associative.hidden_bias
    everything = associative_activations(tops, model.generative, c)   # the RBM's own weights
    return _by_channel({name: float(np.mean((associative_activations([t], [r], c) - everything) ** 2))
                        for name, t, r in zip(model.names, tops, model.recognition)})


def _examples(model: MultimodalDBN, inputs: dict, rows: np.ndarray, gibbs_steps: int) -> dict:
    """{target: ``[4 sources (CHANNELS order), 10, n_visible]``} reconstructions of the example
    rows from each single source channel (NaN rows for channels the model lacks)."""
    out = {}
    per_source = {s: reconstruct(model, {s: inputs[s][rows]}, gibbs_steps=gibbs_steps) for s in model.names}
    for target in model.names:
        shape = next(iter(per_source.values()))[target].shape
        stack = np.stack([per_source[s][target] if s in per_source else np.full(shape, np.nan, np.float32)
                          for s in CHANNELS])
        out[target] = from_unit(stack) if target == "motor" else stack
    return out


def run_fold(held_out: str = "theo", config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE,
             gibbs_steps: int = 0, channels=CHANNELS, train_speakers=None, audio_normalisation: str = "none",
             verbose: bool = False,
             directory=None) -> results.StoredResult:
    """Train (or load) the DBN of one fold and keep its scores, curves and examples (module doc).

    ``channels``: the channels the system has (default all four; e.g. ``("image", "audio")``
    for the paper's two-channel experiment); arrays keep the four-channel layout, NaN where a
    channel is absent; ``train_speakers``: train on these speakers only (a learning curve in
    the number of voices; default: all five others)."""
    unit = fold_unit(held_out, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps, channels=channels,
                     train_speakers=train_speakers, audio_normalisation=audio_normalisation)
    return sweep.load_or_compute(unit, directory, verbose)


def fold_unit(held_out: str = "theo", config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE,
              gibbs_steps: int = 0, channels=CHANNELS, train_speakers=None,
              audio_normalisation: str = "none") -> sweep.Unit:
    """The fold of :func:`run_fold` as a unit of work (:mod:`sharedrep.sweep`), checked;
    ``train_speakers``: see :func:`~sharedrep.dbn.training_speakers`; ``audio_normalisation``:
    see :data:`~sharedrep.dbn.AUDIO_NORMALISATIONS` (the key gains either only when given)."""
    parameters = fold_parameters(held_out, config, motor_noise, gibbs_steps, channels, train_speakers,
                                 audio_normalisation)
    channels = _channels(channels)
    speakers = None if train_speakers is None else tuple(parameters["train_speakers"])
    label = (f"fold {held_out}" + ("" if channels == tuple(CHANNELS) else f" ({' + '.join(channels)})")
             + ("" if speakers is None else f" trained on {len(speakers)} speaker(s)")
             + ("" if audio_normalisation == "none" else f", audio normalised per {audio_normalisation}")
             + ("" if config.backfit_rule == DBNConfig.backfit_rule else f", back-fitting rule {config.backfit_rule}"))
    return sweep.Unit(RESULT_KIND, label, parameters,
                      partial(_compute_fold, held_out, config, motor_noise, gibbs_steps, channels,
                              train_speakers=speakers, audio_normalisation=audio_normalisation))


@dataclass(frozen=True)
class TrainedFold:
    """One fold's data and its DBN at each stage (:func:`train_fold`)."""
    config: DBNConfig        # the fold's configuration (its seed derived from the run's, :func:`fold_seed`)
    train: object            # the training :class:`~sharedrep.dbn.MultimodalData`
    test: object             # the held-out speaker's rows
    test_inputs: dict        # {channel: float32 [T, n_visible]} of the channels the system has
    trained: list            # the channels after stage 1 (their RBM stacks)
    before: MultimodalDBN    # after the associative memory (stage 2), before back-fitting
    after: MultimodalDBN     # after back-fitting (stage 3)
    stage: Callable          # stage(label, function, *args): times a further stage (evaluation)
    seconds: list            # seconds of every stage timed so far


def train_fold(held_out: str, config: DBNConfig, motor_noise: float, channels: tuple = CHANNELS,
               verbose: bool = False, train_speakers: tuple | None = None,
               audio_normalisation: str = "none") -> TrainedFold:
    """Train one fold's DBN through its three stages, exactly as the stored folds were trained
    (the same seeds: the analyses of :mod:`sharedrep.experiments.dbn_cells` see the very
    networks whose scores :func:`run_fold` stores)."""
    say = print if verbose else (lambda *a, **k: None)
    seconds = []

    def stage(label, function, *args):
        say(f"[fold {held_out}] {label} ...", flush=True)
        start = time.perf_counter()
        value = function(*args)
        seconds.append(time.perf_counter() - start)
        say(f"[fold {held_out}] {label}: {seconds[-1]:.1f} s", flush=True)
        return value

    fold = config.with_(seed=fold_seed(config.seed, held_out))
    train, test = multimodal_fold(held_out, motor_noise=motor_noise, seed=fold.seed, train_speakers=train_speakers,
                                  audio_normalisation=audio_normalisation)
    inputs = {k: v for k, v in train.inputs().items() if k in channels}
    test_inputs = {k: v for k, v in test.inputs().items() if k in channels}
    trained = stage(STAGES[0], train_channels, inputs, fold)
    before = stage(STAGES[1], train_associative_memory, trained, inputs, fold)
    after = stage(STAGES[2], apply_backfitting, before, inputs, fold)
    return TrainedFold(fold, train, test, test_inputs, trained, before, after, stage, seconds)


def _compute_fold(held_out: str, config: DBNConfig, motor_noise: float, gibbs_steps: int, channels: tuple,
                  verbose: bool, train_speakers: tuple | None = None, audio_normalisation: str = "none") -> dict:
    """Train one fold's DBN and evaluate it: the arrays :func:`run_fold` stores."""
    done = train_fold(held_out, config, motor_noise, channels, verbose, train_speakers, audio_normalisation)
    fold, train, test, test_inputs, trained, before, after, stage, seconds = (
        done.config, done.train, done.test, done.test_inputs, done.trained, done.before, done.after, done.stage,
        done.seconds)
    rows = np.array([np.flatnonzero(test.digits == d)[0] for d in range(10)])

    def evaluate():
        images = image_classifier(seeding.sklearn_seed(config.seed, "image_classifier"))
        audio = train_audio_classifier(train.audio, train.digits, test.audio, test.digits,
                                       seed=seeding.sklearn_seed(fold.seed, "audio_classifier"))
        return [evaluate_model(m, test, images, audio, gibbs_steps=gibbs_steps) for m in (before, after)]

    scores = stage(STAGES[3], evaluate)
    arrays = {"stage_seconds": np.array(seconds),
              "classifier_accuracy": np.array([scores[0].image_accuracy, scores[0].audio_accuracy]),
              "backfit_errors": after.backfit.errors, "backfit_seconds": after.backfit.seconds_per_sweep,
              "example_rows": rows}
    for label, model, score in (("before", before, scores[0]), ("after", after, scores[1])):
        error, by_digit, distance = _matrices(score, list(CHANNELS))
        arrays.update({f"error_{label}": error, f"by_digit_{label}": by_digit,
                       f"motor_distance_{label}": distance,
                       f"alignment_{label}": _alignment(model, test_inputs)})
        for target, values in _examples(model, test_inputs, rows, gibbs_steps).items():
            arrays[f"recon_{target}_{label}"] = values.astype(np.float16)
    rbms = [(f"{ch.name} {r.n_visible}-{r.n_hidden}", r) for ch in trained for r in ch.rbms]
    rbms.append((f"associative {before.associative.n_visible}-{before.associative.n_hidden}",
                 before.associative))
    arrays["rbm_labels"] = np.array([label for label, _ in rbms])
    longest = max(len(r.history) for _, r in rbms)   # the associative RBM may train longer
    arrays["rbm_history"] = np.stack([np.pad(r.history, (0, longest - len(r.history)),
                                             constant_values=np.nan) for _, r in rbms])
    if "image" in channels:
        arrays["image_filters"] = before.channel("image").rbms[0].weights[:, :16].T.astype(np.float16)
    for name in (c for c in ("image", "audio", "motor") if c in channels):
        x = test_inputs[name][rows]
        own = before.channel(name).down(before.channel(name).up(x))
        arrays[f"true_{name}"] = from_unit(x) if name == "motor" else x
        arrays[f"channel_{name}"] = from_unit(own) if name == "motor" else own
    return arrays


def scaled_layers(scale: float, layers=None) -> dict:
    """The paper's hidden layer sizes (or ``layers``) times ``scale``, rounded, at least 1 unit
    each: ``scale=1`` is the paper; 0.25 makes a model that trains in about a minute."""
    if not (isinstance(scale, (int, float)) and np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, got {scale!r}")
    layers = dict(PAPER_LAYERS if layers is None else layers)
    return {name: tuple(max(1, int(round(n * scale))) for n in sizes) for name, sizes in layers.items()}


#: the two sets of channel settings a chapter can run (``SETTINGS``): "tuned", the book's
#: defaults (audio's upper RBM at learning rate 0.1, Gaussian motor units at 0.05), chosen
#: on the held-out speakers' scores; "paper", the paper's (learning rate 0.1, audio 0.01,
#: logistic motor units)
SETTINGS = ("tuned", "paper")


def with_settings(config: DBNConfig, settings: str) -> DBNConfig:
    """``config`` with the channel learning rates and unit types of ``settings`` (:data:`SETTINGS`)."""
    if settings == "paper":
        return config.with_(learning_rates=dict(PAPER_LEARNING_RATES), visible=dict(PAPER_VISIBLE))
    if settings != "tuned":
        raise ValueError(f"settings must be one of {list(SETTINGS)}; got {settings!r}")
    return config


def chapter_config(cfg, settings: str | None = None) -> tuple:
    """(DBNConfig, motor_noise, gibbs_steps) from a chapter's frozen parameters
    (:data:`sharedrep.params.PAPER2_RUNS`; ``settings`` overrides ``cfg.SETTINGS``); settings
    the chapter does not expose keep :class:`~sharedrep.dbn.DBNConfig`'s defaults, so default
    parameters find the stored folds."""
    config = with_settings(DBNConfig(seed=cfg.SEED), cfg.SETTINGS if settings is None else settings)
    changes = {"epochs": cfg.EPOCHS, "associative_hidden": cfg.ASSOCIATIVE_HIDDEN, "max_sweeps": cfg.MAX_SWEEPS,
               "backfit_rule": cfg.BACKFIT_RULE, "backfit_learning_rate": cfg.BACKFIT_LEARNING_RATE}
    if cfg.WIDTH_SCALE != 1:
        changes["layers"] = scaled_layers(cfg.WIDTH_SCALE, config.layers)
    return config.with_(**changes), cfg.MOTOR_NOISE, cfg.GIBBS_STEPS


def run_folds(speakers=SPEAKERS, config: DBNConfig = DBNConfig(), *, motor_noise: float = DEFAULT_NOISE,
              gibbs_steps: int = 0, channels=CHANNELS, verbose: bool = False, directory=None) -> dict:
    """:func:`run_fold` for each held-out speaker in ``speakers`` -> {speaker: StoredResult}.

    Each fold is stored as soon as it finishes, so an interrupted run resumes at the next fold.
    """
    speakers = list(speakers)
    if not speakers:
        raise ValueError(f"speakers must name at least one of {list(SPEAKERS)}")
    if len(set(speakers)) != len(speakers):
        raise ValueError(f"speakers must not repeat, got {speakers}")
    return load_folds([fold_unit(s, config, motor_noise=motor_noise, gibbs_steps=gibbs_steps, channels=channels)
                       for s in speakers], verbose=verbose, directory=directory)


def load_folds(units, verbose: bool = False, directory=None) -> dict:
    """{held-out speaker: StoredResult} of fold units (:func:`fold_unit`), each loaded, or
    computed and stored as soon as it finishes."""
    out = {}
    for i, unit in enumerate(units):
        if verbose:
            print(f"fold {i + 1}/{len(units)}: holding out {unit.parameters['held_out']!r}", flush=True)
        out[unit.parameters["held_out"]] = sweep.load_or_compute(unit, directory, verbose)
    return out


#: the paper-2 chapters that show folds (see :func:`chapter_folds`)
PAPER2_CHAPTERS = ("paper2_training", "paper2_results")


def chapter_folds(chapter: str, cfg) -> dict[str, list]:
    """The folds a paper-2 chapter shows, by group, as units (:func:`fold_unit`), from its
    frozen parameters: ``"folds"`` (the training page's one fold, ``HELD_OUT``; the results
    page's fold per speaker of ``SPEAKERS``) and, for the results page, ``"other_settings"``
    (the same folds with the other channel settings, :data:`SETTINGS`) and ``"two_channels"``
    (the same folds with the image and audio channels only) and ``"speaker_curve"`` (folds on
    fewer voices and the speaker-mixed fold, :func:`~sharedrep.experiments.speaker_curve.chapter_units`)
    and ``"settings_selection"`` (the validation folds that choose the settings inside each fold,
    :func:`~sharedrep.experiments.settings_selection.selection_units`) and ``"backfit_readings"``
    (the same folds with the other readings of Eq. 1 in :data:`BACKFIT_READINGS`, one speaker
    after another for each reading: :func:`by_reading` groups them) and ``"backfit_printed"``
    (the same folds with Eq. 1 as printed, :data:`PRINTED_READING`).
    The chapters and ``sharedrep reproduce`` both take their folds from here."""
    from . import settings_selection, speaker_curve

    if chapter not in PAPER2_CHAPTERS:
        raise ValueError(f"chapter must be one of {list(PAPER2_CHAPTERS)}; got {chapter!r}")
    config, motor_noise, gibbs_steps = chapter_config(cfg)
    same = dict(motor_noise=motor_noise, gibbs_steps=gibbs_steps)
    if chapter == "paper2_training":
        return {"folds": [fold_unit(cfg.HELD_OUT, config, **same)]}
    other = chapter_config(cfg, other_settings(cfg.SETTINGS))[0]
    return {"folds": [fold_unit(s, config, **same) for s in cfg.SPEAKERS],
            "other_settings": [fold_unit(s, other, **same) for s in cfg.SPEAKERS],
            "two_channels": [fold_unit(s, config, channels=("image", "audio"), **same) for s in cfg.SPEAKERS],
            "speaker_curve": speaker_curve.chapter_units(cfg),
            "settings_selection": list(settings_selection.selection_units(cfg).values()),
            "backfit_readings": [fold_unit(s, config.with_(backfit_rule=rule), **same)
                                 for rule in BACKFIT_READINGS if rule != cfg.BACKFIT_RULE for s in cfg.SPEAKERS],
            "backfit_printed": [fold_unit(s, config.with_(backfit_rule=PRINTED_READING), **same)
                                for s in cfg.SPEAKERS] if cfg.BACKFIT_RULE != PRINTED_READING else []}


#: the readings of the paper's Eq. 1 the results page compares on every fold (see
#: :mod:`sharedrep.dbn.backfitting`); "contrastive-printed", which moves each channel's
#: activations away from the saved state, is left out
BACKFIT_READINGS = ("delta", "contrastive", "wake-sleep")
#: Eq. 1 exactly as printed, run on the same folds to show what its sign does
#: (``chapter_folds(...)["backfit_printed"]``)
PRINTED_READING = "contrastive-printed"


def by_reading(units) -> dict[str, list]:
    """Fold units grouped by their back-fitting rule, in the order first met: ``{rule: [units]}``."""
    out = {}
    for unit in units:
        out.setdefault(unit.parameters["config"]["backfit_rule"], []).append(unit)
    return out


def other_settings(settings: str) -> str:
    """The set of channel settings (:data:`SETTINGS`) that is not ``settings``."""
    if settings not in SETTINGS:
        raise ValueError(f"settings must be one of {list(SETTINGS)}; got {settings!r}")
    return next(s for s in SETTINGS if s != settings)


def mean_over_folds(folds: dict, name: str) -> np.ndarray:
    """Mean of array ``name`` over the folds (NaNs where a value is NaN in every fold)."""
    if not folds:
        raise ValueError("folds is empty")
    stack = np.stack([np.asarray(f.arrays[name], dtype=np.float64) for f in folds.values()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN cells (the diagonal) stay NaN
        return np.nanmean(stack, axis=0)


def describe_folds(folds: dict) -> str:
    """One markdown paragraph: which folds (or analyses of folds: any stored results keyed by
    speaker) were loaded or computed, and their cost."""
    loaded = [s for s, f in folds.items() if f.loaded]
    first = next(iter(folds.values()))
    seconds = sum(f.provenance["wall_time_s"] for f in folds.values())
    date = max(f.provenance["date"][:10] for f in folds.values())
    folds_text = f"{len(folds)} fold{'' if len(folds) == 1 else 's'}"
    return (f"{folds_text}, holding out {', '.join(folds)}; {len(loaded)} loaded from stored "
            f"runs (results/{first.provenance['kind']}/, sharedrep {first.provenance['versions']['sharedrep']},"
            f" computed {date}), {len(folds) - len(loaded)} computed in this build; "
            f"{seconds / 60:.1f} min of computation in all.")
