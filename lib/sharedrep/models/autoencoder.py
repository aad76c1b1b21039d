"""Keras builder for the bimodal autoencoders, and encoding-layer activations.

``build_autoencoder`` turns an :class:`~sharedrep.models.architecture.Architecture`
into a Keras 3 functional model (two inputs of 784, two sigmoid outputs of 784).
``encode`` evaluates any encoding layer with numpy from a model or a weight
dictionary, so analyses need no TensorFlow session.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
from scipy.special import expit

from ..validation import Int
from .architecture import INPUTS, OUTPUTS, PIXELS, Architecture, architecture, glorot_weights

ADADELTA = dict(learning_rate=1.0, rho=0.95, epsilon=1e-8)
"""Adadelta of the Keras model: lr 1.0, rho 0.95 as in the authors' code, epsilon 1e-8
(the default of the authors' Keras 2.0.9; 1e-7 since Keras 2.1.3, see :mod:`.adadelta`)."""


def build_autoencoder(arch: Architecture | None = None, seed: int = 0,
                      weights: Mapping[str, np.ndarray] | None = None, compile: bool = True):
    """Keras model of ``arch`` (default: mixed input, depth 4).

    Inputs ``image`` and ``audio``, float32 ``[n, 784]`` in [0, 1]; outputs
    ``out_image`` and ``out_audio`` ``[n, 784]`` (sigmoid). Weights are the
    Glorot-uniform / zero-bias draw of :func:`glorot_weights` with ``seed`` (the
    same draw the batched trainer starts from) unless ``weights`` is given.
    Compiled with the summed per-output binary cross-entropy and Adadelta
    (:data:`ADADELTA`) unless ``compile=False``.
    """
    import keras

    arch = arch or architecture()
    tensors = {name: keras.Input((PIXELS,), name=name) for name in INPUTS}
    for spec in arch.layers:
        inputs = [tensors[i] for i in spec.inputs]
        x = inputs[0] if len(inputs) == 1 else keras.layers.Concatenate(name=f"{spec.name}_in")(inputs)
        tensors[spec.name] = keras.layers.Dense(spec.units, activation=spec.activation, name=spec.name)(x)
    model = keras.Model([tensors[i] for i in INPUTS], [tensors[o] for o in OUTPUTS],
                        name=f"bimodal_{arch.framework}_depth{arch.depth}")
    set_weights(model, glorot_weights(arch, seed) if weights is None else weights)
    model.architecture = arch
    if compile:
        model.compile(optimizer=keras.optimizers.Adadelta(**ADADELTA),
                      loss={o: "binary_crossentropy" for o in OUTPUTS})
    return model


def set_weights(model, weights: Mapping[str, np.ndarray]) -> None:
    """Copy a weight dictionary (``"<layer>/kernel"``, ``"<layer>/bias"``) into a Keras model."""
    for layer in model.layers:
        if f"{layer.name}/kernel" in weights:
            layer.set_weights([np.asarray(weights[f"{layer.name}/kernel"]),
                               np.asarray(weights[f"{layer.name}/bias"])])


def get_weights(model) -> dict[str, np.ndarray]:
    """Weight dictionary of a Keras model built by :func:`build_autoencoder`."""
    weights = {}
    for layer in model.layers:
        if len(layer.weights) == 2:
            kernel, bias = layer.get_weights()
            weights[f"{layer.name}/kernel"] = kernel
            weights[f"{layer.name}/bias"] = bias
    return weights


def architecture_from_weights(weights: Mapping[str, np.ndarray]) -> Architecture:
    """Recover the architecture of a weight dictionary (activations assumed default)."""
    framework = "two_stage" if "enc1_image/kernel" in weights else "mixed"
    if framework == "mixed" and "enc1/kernel" not in weights:
        raise ValueError("weights: not an autoencoder weight dictionary (no 'enc1/kernel' or 'enc1_image/kernel')")
    widths, k = [], 1
    suffix = "_image" if framework == "two_stage" else ""
    while f"enc{k}{suffix}/kernel" in weights:
        widths.append(np.shape(weights[f"enc{k}{suffix}/kernel"])[-1])
        k += 1
    if framework == "two_stage":
        widths.append(np.shape(weights[f"enc{k}/kernel"])[-1])
    decoder, k = [], 1
    while f"dec_image{k}/kernel" in weights:
        decoder.append(np.shape(weights[f"dec_image{k}/kernel"])[-1])
        k += 1
    return architecture(framework, widths=widths, decoder=decoder)


def check_inputs(x_image, x_audio, name: str = "x") -> tuple[np.ndarray, np.ndarray]:
    """Validate a pair of modality arrays: float ``[n, 784]`` each, same ``n``, finite."""
    arrays = []
    for modality, x in zip(INPUTS, (x_image, x_audio)):
        x = np.asarray(x, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != PIXELS:
            raise ValueError(f"{name}_{modality}: expected shape [n, {PIXELS}], got {list(x.shape)}")
        if not np.isfinite(x).all():
            raise ValueError(f"{name}_{modality}: contains NaN or infinite values")
        arrays.append(x)
    if arrays[0].shape[0] != arrays[1].shape[0]:
        raise ValueError(f"{name}_image and {name}_audio: row counts differ "
                         f"({arrays[0].shape[0]} vs {arrays[1].shape[0]})")
    return arrays[0], arrays[1]


def _activate(z: np.ndarray, activation: str) -> np.ndarray:
    if activation == "sigmoid":
        return expit(z)
    if activation == "relu":
        return np.maximum(z, 0)
    return z


def forward(weights: Mapping[str, np.ndarray], arch: Architecture, x_image, x_audio,
            until: str | None = None) -> dict[str, np.ndarray]:
    """All layer activations (numpy, float32): ``{layer: [n, units]}`` or
    ``[N, n, units]`` when the weights carry a leading network axis. Stops after
    layer ``until`` if given."""
    values: dict[str, np.ndarray] = {"image": x_image, "audio": x_audio}
    for spec in arch.layers:
        x = np.concatenate([values[i] for i in spec.inputs], axis=-1) if len(spec.inputs) > 1 \
            else values[spec.inputs[0]]
        kernel = np.asarray(weights[f"{spec.name}/kernel"], np.float32)
        bias = np.asarray(weights[f"{spec.name}/bias"], np.float32)
        values[spec.name] = _activate(x @ kernel + bias[..., None, :], spec.activation).astype(np.float32)
        if spec.name == until:
            break
    return values


def encode(model_or_weights, x_image, x_audio, layer: int, arch: Architecture | None = None) -> np.ndarray:
    """Activations of encoding layer ``layer`` (1..depth) for the given inputs.

    Parameters
    ----------
    model_or_weights : a Keras model from :func:`build_autoencoder`, or a weight
        dictionary (one network, or a leading network axis ``N`` on every array).
    x_image, x_audio : float32 ``[n, 784]`` each (zeros for an absent modality).
    layer : encoding layer, 1-based. For ``"two_stage"`` layers below the shared
        one return the image units followed by the audio units (``[n, 128]``).
    arch : the architecture; default: the model's, or recovered from the weights.

    Returns float32 ``[n, units]`` (``[N, n, units]`` for batched weights).
    """
    if hasattr(model_or_weights, "layers"):
        arch = arch or getattr(model_or_weights, "architecture", None)
        weights = get_weights(model_or_weights)
    else:
        weights = model_or_weights
    arch = arch or architecture_from_weights(weights)
    layer = Int(1, arch.depth).check("layer", layer)
    x_image, x_audio = check_inputs(x_image, x_audio)
    names = arch.encoding[layer - 1]
    values = forward(weights, arch, x_image, x_audio, until=names[-1])
    return np.concatenate([values[n] for n in names], axis=-1)
