"""Bimodal autoencoder architectures described as data.

An :class:`Architecture` is a small directed graph of dense layers. Every layer
names its inputs (the network inputs ``"image"`` / ``"audio"``, 784 values each,
or earlier layers); several inputs are concatenated in the order given. The same
description builds the Keras model (:mod:`sharedrep.models.autoencoder`), the
batched trainer's forward pass (:mod:`sharedrep.models.trainer`) and the weight
initialisation, so there is no builder per depth.

Layer names are stable and key every weight dictionary: ``"<layer>/kernel"``
``[in, out]`` and ``"<layer>/bias"`` ``[out]``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..constants import FRAMEWORKS, MODALITIES, PIXELS
from ..validation import Int, one_of

INPUTS = MODALITIES   # the network's inputs, in order
OUTPUTS = ("out_image", "out_audio")
ACTIVATIONS = ("sigmoid", "relu", "linear")

AUTHORS_DECODERS = {1: (), 2: (64,), 3: (64, 784), 4: (64, 64)}
"""Hidden decoder widths (ReLU) per encoder depth in the authors' code."""


@dataclass(frozen=True)
class Layer:
    """One dense layer: ``activation(concat(inputs) @ kernel + bias)``."""

    name: str
    inputs: tuple[str, ...]
    units: int
    activation: str


@dataclass(frozen=True)
class Architecture:
    """A bimodal autoencoder as a list of layers in evaluation order.

    ``encoding`` maps an encoding-layer number (1-based) to the layer names whose
    activations, concatenated, are that encoding layer.
    """

    framework: str
    layers: tuple[Layer, ...]
    encoding: tuple[tuple[str, ...], ...]

    @property
    def depth(self) -> int:
        """Number of encoding layers."""
        return len(self.encoding)

    def layer(self, name: str) -> Layer:
        for spec in self.layers:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def width(self, name: str) -> int:
        """Units of a layer, or 784 for a network input."""
        return PIXELS if name in INPUTS else self.layer(name).units

    def fan_in(self, spec: Layer) -> int:
        return sum(self.width(i) for i in spec.inputs)

    def weight_shapes(self) -> dict[str, tuple[int, ...]]:
        """Shape of every weight array, keyed ``"<layer>/kernel"`` / ``"<layer>/bias"``."""
        shapes = {}
        for spec in self.layers:
            shapes[f"{spec.name}/kernel"] = (self.fan_in(spec), spec.units)
            shapes[f"{spec.name}/bias"] = (spec.units,)
        return shapes

    def n_params(self) -> int:
        return int(sum(np.prod(s) for s in self.weight_shapes().values()))

    def encoding_width(self, layer: int) -> int:
        return sum(self.width(n) for n in self.encoding[layer - 1])

    def flops_per_example(self) -> int:
        """Multiply-adds x 2 for one training example: forward (2 per weight),
        weight gradient (2 per weight) and input gradient (2 per weight) for every
        layer except those fed only by network inputs (no input gradient needed).
        Biases and activations are not counted."""
        total = 0
        for spec in self.layers:
            w = self.fan_in(spec) * spec.units
            first = all(i in INPUTS for i in spec.inputs)
            total += (4 if first else 6) * w
        return total


def _check_activation(name: str, value: str) -> str:
    return one_of(name, value, ACTIVATIONS)


def _decoders(previous: tuple[str, ...], hidden: Sequence[int], activation: str) -> list[Layer]:
    layers = []
    for modality in INPUTS:
        inputs = previous
        for k, units in enumerate(hidden, start=1):
            name = f"dec_{modality}{k}"
            layers.append(Layer(name, inputs, int(units), activation))
            inputs = (name,)
        layers.append(Layer(f"out_{modality}", inputs, PIXELS, "sigmoid"))
    return layers


def architecture(
    framework: str = "mixed",
    depth: int = 4,
    widths: Sequence[int] | None = None,
    activation: str = "sigmoid",
    decoder: Sequence[int] | None = None,
    decoder_activation: str = "relu",
) -> Architecture:
    """Describe a bimodal autoencoder.

    Parameters
    ----------
    framework : ``"mixed"`` (image and audio concatenated at the input, 1568 values)
        or ``"two_stage"`` (per-modality 784 -> 64 -> 64 -> 64, concatenation,
        one shared layer; the shared layer is encoding layer 4).
    depth : number of encoding layers, 1..4 for ``"mixed"`` (ignored when
        ``widths`` is given); must be 4 for ``"two_stage"``.
    widths : units of each encoding layer (default 64 each). For ``"two_stage"``
        the first ``len(widths) - 1`` widths are per modality, the last is shared.
    activation : activation of the encoding layers (``"sigmoid"``).
    decoder : hidden widths of each decoder path, before its Dense(784, sigmoid)
        output; default: the authors' decoder for this depth (depth > 4: 64, 64).
    decoder_activation : activation of the hidden decoder layers (``"relu"``).
    """
    one_of("framework", framework, FRAMEWORKS)
    _check_activation("activation", activation)
    _check_activation("decoder_activation", decoder_activation)
    if widths is None:
        if framework == "mixed":
            Int(1, 4).check("depth (or give widths)", depth)
        if framework == "two_stage" and depth != 4:
            raise ValueError(f"depth={depth!r}: the two_stage framework has depth 4 (or give widths)")
        widths = (64,) * depth
    widths = tuple(int(w) for w in widths)
    if not widths or min(widths) < 1:
        raise ValueError(f"widths={widths!r}: need at least one positive width")
    if framework == "two_stage" and len(widths) < 2:
        raise ValueError(f"widths={widths!r}: two_stage needs >= 2 widths (per-modality layers + shared)")
    depth = len(widths)
    if decoder is None:
        decoder = AUTHORS_DECODERS.get(depth, (64, 64))
    decoder = tuple(int(u) for u in decoder)
    if decoder and min(decoder) < 1:
        raise ValueError(f"decoder={decoder!r}: widths must be positive")

    layers: list[Layer] = []
    encoding: list[tuple[str, ...]] = []
    if framework == "mixed":
        inputs: tuple[str, ...] = INPUTS
        for k, units in enumerate(widths, start=1):
            layers.append(Layer(f"enc{k}", inputs, units, activation))
            inputs = (f"enc{k}",)
            encoding.append(inputs)
    else:
        for k, units in enumerate(widths[:-1], start=1):
            names = []
            for modality in INPUTS:
                source = modality if k == 1 else f"enc{k - 1}_{modality}"
                layers.append(Layer(f"enc{k}_{modality}", (source,), units, activation))
                names.append(f"enc{k}_{modality}")
            encoding.append(tuple(names))
        layers.append(Layer(f"enc{depth}", encoding[-1], widths[-1], activation))
        inputs = (f"enc{depth}",)
        encoding.append(inputs)
    layers.extend(_decoders(inputs, decoder, decoder_activation))
    return Architecture(framework, tuple(layers), tuple(encoding))


def glorot_weights(arch: Architecture, seed: int) -> dict[str, np.ndarray]:
    """Glorot-uniform kernels and zero biases (float32), drawn with ``seed``.

    Kernel ``[fan_in, units]`` ~ U(-l, l) with l = sqrt(6 / (fan_in + units)), as
    Keras' ``GlorotUniform``; the same seed always gives the same arrays.
    """
    rng = np.random.default_rng(check_seed("seed", seed))
    weights = {}
    for spec in arch.layers:
        fan_in = arch.fan_in(spec)
        limit = np.sqrt(6.0 / (fan_in + spec.units))
        weights[f"{spec.name}/kernel"] = rng.uniform(-limit, limit, (fan_in, spec.units)).astype(np.float32)
        weights[f"{spec.name}/bias"] = np.zeros(spec.units, np.float32)
    return weights


def check_seed(name: str, seed) -> int:
    """``seed`` as an int, or a ValueError naming the parameter ``name``."""
    return Int(0).check(name, seed)
