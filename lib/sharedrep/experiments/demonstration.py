"""One autoencoder trained for the model chapter: its loss curve and its reconstructions.

The result (stored under ``results/paper1_model/`` keyed by its parameters and the library
version) holds no weights: only the loss per epoch and, for the first test row of every
digit in each block (image only, audio only, both), the network's inputs and its two
outputs before and after training.
"""
from __future__ import annotations

import numpy as np

from .. import results
from .. import seeds as seeding
from ..data import AUDIO_RECIPES, BLOCKS, bimodal_dataset
from .development import mean_prediction_loss
from .runner import Condition

RESULT_KIND = "paper1_model"


def example_rows(split) -> np.ndarray:
    """int ``[3 blocks, 10 digits]``: the first row of each digit in each block of ``split``."""
    rows = np.zeros((len(BLOCKS), 10), dtype=np.int64)
    for b, block in enumerate(BLOCKS):
        mine = split.rows(block)
        for digit in range(10):
            hits = mine[split.digit_image[mine] == digit]
            if not len(hits):
                raise ValueError(f"no {block} row of digit {digit} in this split")
            rows[b, digit] = hits[0]
    return rows


def _outputs(weights, arch, x_image, x_audio) -> np.ndarray:
    from ..models.autoencoder import forward

    values = forward(weights, arch, x_image, x_audio)
    return np.stack([values["out_image"], values["out_audio"]], axis=-2)   # [..., 2, 784]


def demonstration_unit(framework: str = "mixed", depth: int = 4, pairing: str = "consistent", seed: int = 0,
                       epochs: int = 200, images_per_digit: int = 500, adadelta_epsilon: float = 1e-8,
                       audio_recipe: str = "authors", seed_scheme: str = "spawned"):
    """The model chapter's demonstration as a unit of work (:class:`sharedrep.sweep.Unit`):
    network ``seed`` of the paper-1 condition with these parameters
    (:class:`~.runner.Condition`, whose defaults are the authors' setup), trained the same way;
    its arrays are those :func:`train_demonstration` returns. The chapter and ``sharedrep
    reproduce`` both take it from here."""
    from functools import partial

    from ..sweep import Unit

    condition = Condition(framework, depth, pairing, seeds=(seed,), epochs=epochs,
                          images_per_digit=images_per_digit, adadelta_epsilon=adadelta_epsilon,
                          audio_recipe=audio_recipe, seed_scheme=seed_scheme)        # checks every value
    parameters = {k: v for k, v in condition.training_parameters().items() if k != "n_bins"}
    return Unit(RESULT_KIND, f"demonstration {condition.key.label}", parameters,
                partial(_demonstrate, condition, seed))


def _demonstrate(condition: Condition, seed: int, verbose: bool = False) -> dict:
    from ..models import Adadelta, architecture, glorot_weights, train

    dataset = demonstration_dataset(condition)
    network = seeding.network_seeds(seed, condition.seed_scheme)
    arch = architecture(condition.framework, condition.depth)
    trained = train(arch, dataset.train, seeds=network.weights, order_seeds=network.batch_order,
                    epochs=condition.epochs, optimizer=Adadelta(epsilon=condition.adadelta_epsilon), verbose=verbose)
    test, rows = dataset.test, example_rows(dataset.test)
    x_image, x_audio = test.x_image[rows], test.x_audio[rows]          # [3, 10, 784]
    outputs = _outputs(trained.network(0), arch, x_image, x_audio)
    return {"losses": trained.losses[:, 0].astype(np.float32),
            "inputs": np.stack([x_image, x_audio], axis=-2).astype(np.float16),
            "targets": np.stack([test.t_image[rows], test.t_audio[rows]], axis=-2).astype(np.float16),
            "outputs_initial": _outputs(glorot_weights(arch, network.weights), arch, x_image,
                                        x_audio).astype(np.float16),
            "outputs": outputs.astype(np.float16),
            "plateau": np.array(mean_prediction_loss(dataset.train)),
            **_scored(trained.network(0), arch, dataset, outputs, seed),
            "train_seconds": np.array(trained.seconds)}


def train_demonstration(framework: str = "mixed", depth: int = 4, pairing: str = "consistent", seed: int = 0,
                        epochs: int = 200, images_per_digit: int = 500, adadelta_epsilon: float = 1e-8,
                        audio_recipe: str = "authors", seed_scheme: str = "spawned", verbose: bool = False,
                        directory=None) -> results.StoredResult:
    """Train (or load) :func:`demonstration_unit` and keep what the model chapter shows.

    Returns a stored result with arrays
    ``losses`` float32 ``[epochs]`` (mean training loss per epoch),
    ``inputs`` float16 ``[3 blocks, 10 digits, 2 modalities, 784]`` (zeros for an absent modality),
    ``targets`` the same shape (both modalities always present),
    ``outputs_initial`` / ``outputs`` the same shape: the reconstructions before / after training,
    ``train_seconds`` float ``[]``,
    ``plateau`` float ``[]``: the loss of always predicting the training set's mean image and
    spectrogram (:func:`~.development.mean_prediction_loss`),
    ``error``, ``recognised``, ``classifier_accuracy``: paper 2's test of what the network
    rebuilds from one modality alone (:func:`_scored`).
    """
    unit = demonstration_unit(framework, depth, pairing, seed, epochs, images_per_digit, adadelta_epsilon,
                              audio_recipe, seed_scheme)
    return results.load_or_compute(unit.kind, unit.parameters, lambda: unit.compute(verbose), directory=directory)


def chapter_unit(cfg):
    """The demonstration the model chapter shows, from its frozen parameters ``cfg``."""
    return demonstration_unit(cfg.FRAMEWORK, cfg.DEPTH, cfg.PAIRING, cfg.SEED, cfg.EPOCHS, cfg.IMAGES_PER_DIGIT,
                              cfg.ADADELTA_EPSILON, cfg.AUDIO_RECIPE, cfg.SEED_SCHEME)


def _scored(weights, arch, dataset, outputs, seed: int) -> dict:
    """Paper 2's test on the demonstration network: its independent classifiers
    (:func:`~.crossmodal.independent_classifiers`) on what the network rebuilds. ``error``
    float64 ``[2 targets, 2 sources]`` percent over all single-modality test rows (target
    image/audio rebuilt from source image/audio alone); ``recognised`` int64 ``[3 blocks,
    10 digits, 2 targets]``: the digit the classifiers name for each shown reconstruction
    (``outputs`` ``[3, 10, 2, 784]``); ``classifier_accuracy`` ``[2]`` on the real test inputs."""
    from ..constants import MODALITIES
    from .crossmodal import error_table, independent_classifiers, rebuilt

    predict, accuracy = independent_classifiers(dataset, seed)
    error, _ = error_table(predict, {source: rebuilt(weights, arch, dataset.test, source) for source in MODALITIES})
    recognised = np.stack([np.stack([predict[target](outputs[b, :, t]) for t, target in enumerate(MODALITIES)],
                                    axis=-1) for b in range(len(outputs))]).astype(np.int64)
    return {"error": error, "recognised": recognised, "classifier_accuracy": accuracy}


def demonstration_dataset(condition: Condition):
    """The dataset of the (single) network of ``condition``, as :func:`train_demonstration`
    and the paper-1 runner draw it."""
    network = seeding.network_seeds(condition.seeds[0], condition.seed_scheme)
    return bimodal_dataset(condition.pairing, seed=network.dataset, images_per_digit=condition.images_per_digit,
                           **AUDIO_RECIPES[condition.audio_recipe])
