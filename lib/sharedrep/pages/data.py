"""The data page (MNIST, FSDD, the spectrogram recipe, the bimodal pairing): its numbers.

Each function takes what the chapter has loaded for its figures and returns ``{glue name: raw
value}`` for :func:`sharedrep.pages.glue_numbers`; the prose formats them
(``{glue:text}`mnist_train_n:,d```).
"""
from __future__ import annotations

import numpy as np

from ..data import SAMPLE_RATE


def mnist_numbers(train_labels: np.ndarray, test_labels: np.ndarray) -> dict:
    """Sizes of MNIST's two sets and the count of the rarest digit in training.

    ``train_labels``, ``test_labels``: int digit labels, shapes [60000] and [10000].
    """
    return dict(mnist_train_n=len(train_labels), mnist_test_n=len(test_labels),
                mnist_rarest=int(np.bincount(train_labels).min()))


def fsdd_numbers(recordings, example: int) -> dict:
    """The recordings' count and durations (s) and the name of recording ``example``.

    ``recordings``: :func:`sharedrep.data.load_fsdd`'s result (audio at ``SAMPLE_RATE`` Hz).
    """
    seconds = np.array([len(a) for a in recordings.audio]) / SAMPLE_RATE
    return dict(fsdd_n=len(recordings), fsdd_min_s=float(seconds.min()), fsdd_max_s=float(seconds.max()),
                fsdd_over_1s=int((seconds > 1).sum()),
                example_name=f"digit {recordings.digits[example]} spoken by {recordings.speakers[example]}")


def recipe_numbers(steps) -> dict:
    """The highest frequency (Hz) the recipe keeps; ``steps``: :func:`sharedrep.data.spectrogram_steps`."""
    return dict(top_bin_hz=float(steps.freqs[len(steps.crop) - 1]))


def recipe_effect(audio, recipe: str) -> tuple[dict, np.ndarray]:
    """What the chosen recipe of :data:`sharedrep.data.AUDIO_RECIPES` does beyond steps 1-5:
    ``recipe_divisor`` (the largest value of all the float spectrograms, or of the rounded ones
    for a recipe that rounds, which a recipe that rescales divides by; 1 otherwise) and the
    largest and mean change of a spectrogram value against the plain float recipe (0 to 1
    scale). ``audio``: the recordings (:attr:`sharedrep.data.Recordings.audio`). Returns
    (those numbers, the recipe's spectrograms float32 ``[n, 14, 56]``)."""
    from ..data import AUDIO_RECIPES, recipe_spectrograms

    flags = AUDIO_RECIPES[recipe]
    rounded = recipe_spectrograms(audio, quantize=flags["quantize"])      # each recipe's spectrograms, once
    plain = recipe_spectrograms(audio) if flags["quantize"] else rounded
    divisor = float(rounded.max()) if flags["rescale"] else 1.0
    chosen = rounded / divisor if flags["rescale"] else rounded          # recipe_spectrograms' rescale
    change = np.abs(chosen - plain)
    numbers = dict(recipe=recipe, recipe_divisor=divisor, recipe_max_change=float(change.max()),
                   recipe_mean_change=float(change.mean()))
    steps = [name for name, on in (("rounded", flags["quantize"]), ("rescaled", flags["rescale"])) if on]
    numbers["recipe_words"] = (
        f'This page draws them without these steps (AUDIO_RECIPE = "{recipe}"), as the book\'s earlier runs '
        f"were trained." if not steps else
        f'This page draws them as the networks see them (AUDIO_RECIPE = "{recipe}": {" and ".join(steps)}'
        + (f", the largest value being {divisor:.3f}" if flags["rescale"] else "")
        + f"); against the plain recipe a value moves by at most {change.max():.3f} and by "
          f"{change.mean():.4f} on average on the 0-1 scale, too little to see in these figures.")
    return numbers, chosen


def pairing_numbers(datasets: dict, pairing: str) -> dict:
    """How often image and sound show the same digit under each pairing (a fraction), and the
    shown pairing's row counts and distinct training recordings.

    ``datasets``: ``{pairing: sharedrep.data.bimodal_dataset(pairing, ...)}``.
    """
    numbers = {f"agree_{p}": float((d.train.digit_image == d.train.digit_audio).mean())
               for p, d in datasets.items()}
    train, test = datasets[pairing].train, datasets[pairing].test
    numbers.update(pairing=pairing, train_rows=len(train), test_rows=len(test),
                   distinct_recordings=len({row.tobytes() for row in train.t_audio}))
    return numbers
