"""One autoencoder trained for the model chapter: its loss curve and its reconstructions.

The result (stored under ``results/paper1_model/`` keyed by its parameters and the library
version) holds no weights: only the loss per epoch and, for the first test row of every
digit in each block (image only, audio only, both), the network's inputs and its two
outputs before and after training.
"""
from __future__ import annotations

import numpy as np

from .. import results
from ..data import BLOCKS, bimodal_dataset
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


def train_demonstration(framework: str = "mixed", depth: int = 4, pairing: str = "consistent", seed: int = 0,
                        epochs: int = 200, images_per_digit: int = 500, verbose: bool = False,
                        directory=None) -> results.StoredResult:
    """Train (or load) one network and keep what the model chapter shows.

    Returns a stored result with arrays
    ``losses`` float32 ``[epochs]`` (mean training loss per epoch),
    ``inputs`` float16 ``[3 blocks, 10 digits, 2 modalities, 784]`` (zeros for an absent modality),
    ``targets`` the same shape (both modalities always present),
    ``outputs_initial`` / ``outputs`` the same shape: the reconstructions before / after training,
    ``train_seconds`` float ``[]``.
    """
    condition = Condition(framework, depth, pairing, seeds=(seed,), epochs=epochs,
                          images_per_digit=images_per_digit)        # checks every value
    parameters = {k: v for k, v in condition.parameters().items()
                  if k in ("framework", "depth", "pairing", "seeds", "epochs", "images_per_digit")}

    def compute() -> dict:
        from ..models import architecture, glorot_weights, train

        dataset = bimodal_dataset(pairing, seed=seed, images_per_digit=images_per_digit)
        arch = architecture(framework, depth)
        trained = train(arch, dataset.train, seeds=seed, epochs=epochs, verbose=verbose)
        test, rows = dataset.test, example_rows(dataset.test)
        x_image, x_audio = test.x_image[rows], test.x_audio[rows]          # [3, 10, 784]
        return {"losses": trained.losses[:, 0].astype(np.float32),
                "inputs": np.stack([x_image, x_audio], axis=-2).astype(np.float16),
                "targets": np.stack([test.t_image[rows], test.t_audio[rows]], axis=-2).astype(np.float16),
                "outputs_initial": _outputs(glorot_weights(arch, seed), arch, x_image, x_audio).astype(np.float16),
                "outputs": _outputs(trained.network(0), arch, x_image, x_audio).astype(np.float16),
                "train_seconds": np.array(trained.seconds)}

    return results.load_or_compute(RESULT_KIND, parameters, compute, directory=directory)
