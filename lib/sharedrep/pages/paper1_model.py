"""The model page of paper 1 (architectures, the optimiser, one demonstration run): its numbers.

The prose formats them (``{glue:text}`demo_last_loss:.3f```); a loss is NaN when the run
trained no epoch.
"""
from __future__ import annotations

import math

import numpy as np

from ..data import BLOCKS
from ..models import ADADELTA


def architecture_numbers(mixed, two_stage) -> dict:
    """Weights and biases of the shown mixed-input network and of the two-stage network
    (:func:`sharedrep.models.architecture`), the mixed network's depth, and the authors' hidden
    decoder layers per depth in words."""
    from ..models import AUTHORS_DECODERS

    decoders = "; ".join(f"depth {depth}: " + (" and ".join(map(str, widths)) + " units" if widths else "none")
                         for depth, widths in sorted(AUTHORS_DECODERS.items()))
    return dict(params_mixed=mixed.n_params(), params_two_stage=two_stage.n_params(), mixed_depth=mixed.depth,
                decoders=decoders)


def optimiser_numbers() -> dict:
    """Adadelta's learning rate, decay rate rho and epsilon as the trainer uses them."""
    return dict(adadelta_lr=ADADELTA["learning_rate"], adadelta_rho=ADADELTA["rho"],
                adadelta_eps=ADADELTA["epsilon"])


def demonstration_numbers(demo, epochs: int) -> dict:
    """The demonstration run's description, first and last training loss, the loss of
    predicting every value by its mean (its ``plateau``) and its epochs; ``demo``:
    :func:`sharedrep.experiments.demonstration.train_demonstration`'s run."""
    losses = demo.arrays["losses"]
    numbers = dict(demo_run=demo.describe(), demo_plateau=float(demo.arrays["plateau"]), demo_epochs=int(epochs),
                   demo_first_loss=float(losses[0]) if len(losses) else math.nan,
                   demo_last_loss=float(losses[-1]) if len(losses) else math.nan)
    if "error" in demo.arrays:
        error, recognised = demo.arrays["error"], demo.arrays["recognised"]
        digits = np.arange(recognised.shape[1])
        numbers.update(
            demo_image_from_sound=100 - float(error[0, 1]), demo_sound_from_image=100 - float(error[1, 0]),
            demo_image_classifier=100 * float(demo.arrays["classifier_accuracy"][0]),
            demo_audio_classifier=100 * float(demo.arrays["classifier_accuracy"][1]),
            demo_shown_image_from_sound=int((recognised[BLOCKS.index("audio"), :, 0] == digits).sum()),
            demo_shown_sound_from_image=int((recognised[BLOCKS.index("image"), :, 1] == digits).sum()))
    both = BLOCKS.index("both")
    for m, modality in enumerate(("image", "audio")):
        numbers[f"alike_shown_{modality}"] = between_digits(demo.arrays["inputs"][both, :, m])
        numbers[f"alike_rebuilt_{modality}"] = between_digits(demo.arrays["outputs"][both, :, m])
        numbers[f"alike_{modality}_word"] = ("more" if numbers[f"alike_rebuilt_{modality}"]
                                             > numbers[f"alike_shown_{modality}"] else "less")
    return numbers


def between_digits(rows) -> float:
    """How alike the inputs (or reconstructions) of different digits are: the mean Pearson
    correlation over pairs of rows of ``rows`` ``[digits, 784]`` (1: all the same)."""
    r = np.corrcoef(np.asarray(rows, np.float64))
    return float(r[~np.eye(len(r), dtype=bool)].mean())
