"""The whole multimodal DBN: channels, associative memory, back-fitted recognition weights.

Training runs in three stages, each its own function so a caller can time or inspect it:
:func:`train_channels` (greedy CD per channel), :func:`train_associative_memory` (CD on the
concatenated top features), :func:`apply_backfitting` (Algorithm 1);
:func:`train_multimodal_dbn` runs all three. Channels are identified by name and kept in
the order of the ``inputs`` mapping; any number of channels works.

Defaults (:class:`DBNConfig`): the paper's layer sizes (:data:`PAPER_LAYERS`); learning
rates :data:`LEARNING_RATES` (0.1 as in the paper, except audio: 0.01 for its Gaussian RBM
as in the paper, 0.1 for the binary RBM above; motor: 0.05 for a Gaussian RBM,
:data:`VISIBLE`); CD-1, mini-batches of 100, momentum 0.9, weight decay 2e-4, 20 epochs per
RBM (the paper gives no epochs, momentum or decay); an associative memory of 1,000 hidden
units with learning rate 0.05 (at 0.1 with momentum 0.9 it diverged); back-fitting with the
normalised delta rule, eps 10, phi 0 (so every sweep runs) and at most 30 sweeps.
Why eps 10: on the fold holding out "theo" (20 epochs, the motor channel still binary then),
motor -> class errors after back-fitting were 52 / 47 % with eps 0.3 / 1 (20 sweeps) and
30 / 21 % with eps 3 / 10 (40 sweeps); image -> class went from 9 to 8 %.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np

from .. import seeds as seeding
from ..validation import one_of
from .associative import DEFAULT_HIDDEN, split_rows, train_associative
from .backfitting import DEFAULT_LEARNING_RATE, DEFAULT_MAX_SWEEPS, DEFAULT_PHI, UPDATE_RULES, BackfitResult, backfit
from .rbm import RBM
from .stack import DBNChannel, train_channel

#: hidden layer sizes per channel, bottom first (the paper's Figure 1)
PAPER_LAYERS = {"image": (700, 300), "audio": (700, 400), "motor": (100,), "class": ()}
#: learning rate per channel (the paper: 0.1, audio 0.01 for its real-valued input)
PAPER_LEARNING_RATES = {"image": 0.1, "audio": 0.01, "motor": 0.1, "class": 0.1}
#: our default: the paper's 0.01 for the audio channel's Gaussian RBM, 0.1 for the binary RBM
#: above it (with 0.01 there, 20 epochs left the 400 top features poorer: a logistic-regression
#: probe on them scored 51 % on a held-out speaker, against 65 % with 0.1)
LEARNING_RATES = {"image": 0.1, "audio": (0.01, 0.1), "motor": 0.05, "class": 0.1}
#: the bottom layer's visible units per channel ("binary" where not listed)
PAPER_VISIBLE = {"audio": "gaussian"}
#: our default: Gaussian visible units for the motor channel too (its coordinates are real
#: numbers). On a 1,000-example slice of the fold holding out "jackson" (small layers, 20
#: epochs) a binary motor RBM (lr 0.1 / 0.5) gave hidden features that barely varied (std
#: 0.09 / 0.07 across examples) and motor -> class errors of 69 / 11 % after back-fitting;
#: Gaussian visibles (lr 0.01 / 0.05) gave std 0.25 / 0.22 and 4 / 0 %, and class -> motor
#: drawings 0.91 / 0.69 units from the templates (binary: 1.75 / 1.48).
VISIBLE = {"audio": "gaussian", "motor": "gaussian"}


#: what the paper says about each setting of :class:`DBNConfig` (its Section "Experiments" and
#: Algorithm 1), for the settings table: "not given" where it leaves the setting open
PAPER_SAYS = {
    "layers": "gives them (its Figure 1)",
    "learning_rates": "0.1, audio 0.01 (ours differ: audio's upper RBM 0.1, motor 0.05)",
    "visible": "real-valued audio (Gaussian units); others not stated, so logistic (ours: Gaussian motor)",
    "epochs": "not given", "batch_size": "not given", "momentum": "not given", "weight_decay": "not given",
    "cd_k": "contrastive divergence; k not given",
    "associative_hidden": "not given", "associative_learning_rate": "not given",
    "associative_epochs": "not given",
    "backfit_rule": "its Eq. 1; read here as a delta rule (see the training chapter)",
    "backfit_learning_rate": "ε; value not given",
    "backfit_normalise": "not in the paper (ours: the step divided by the mean squared input)",
    "phi": "φ, the error at which back-fitting stops; value not given (ours: 0, so always max_sweeps)",
    "max_sweeps": "not in the paper (it stops when e < φ)",
    "seed": "–",
}


@dataclass(frozen=True)
class DBNConfig:
    """Every setting of a multimodal DBN run (units: layer sizes in units, rates per mini-batch)."""

    layers: Mapping = field(default_factory=lambda: dict(PAPER_LAYERS))
    learning_rates: Mapping = field(default_factory=lambda: dict(LEARNING_RATES))
    visible: Mapping = field(default_factory=lambda: dict(VISIBLE))
    epochs: int = 20
    batch_size: int = 100
    momentum: float = 0.9
    weight_decay: float = 2e-4
    cd_k: int = 1
    associative_hidden: int = DEFAULT_HIDDEN
    associative_learning_rate: float = 0.05
    associative_epochs: int | None = None  # None: same as ``epochs``
    backfit_rule: str = "delta"
    backfit_learning_rate: float = DEFAULT_LEARNING_RATE
    backfit_normalise: bool = True
    phi: float = DEFAULT_PHI
    max_sweeps: int = DEFAULT_MAX_SWEEPS
    seed: int = 0

    def with_(self, **changes) -> "DBNConfig":
        """A copy with some fields changed."""
        return replace(self, **changes)

    def settings_list(self) -> str:
        """Markdown list of every setting: its name, this config's value in words, and what the
        paper says about it (:data:`PAPER_SAYS`), for the book's pages (a list, not a table, so
        that it wraps on a phone)."""
        return "\n".join(f"- `{name}` = {_shown(name, getattr(self, name))}; "
                         f"*the paper:* {PAPER_SAYS.get(name, 'not given')}" for name in self.__dataclass_fields__)


def _shown(name: str, value) -> str:
    """A setting's value in words: per-channel values as "image 700, 300; audio ...", ``None``
    and booleans in words."""
    if isinstance(value, Mapping):
        return "; ".join(f"{channel} " + (", ".join(map(str, v)) if isinstance(v, (tuple, list)) and v
                                          else "none" if isinstance(v, (tuple, list)) else str(v))
                         for channel, v in value.items())
    if value is None:
        return "the same as `epochs`" if name == "associative_epochs" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class MultimodalDBN:
    """A trained system.

    channels : tuple of :class:`DBNChannel`, in order.
    associative : the associative :class:`RBM` (visible = concatenated top features).
    recognition, generative : tuples of float32 ``[n_top_k, H]`` per channel (equal copies of
    the associative weights before back-fitting).
    backfit : the :class:`BackfitResult`, or None if back-fitting was not applied.
    """

    channels: tuple
    associative: RBM
    recognition: tuple
    generative: tuple
    backfit: BackfitResult | None = None

    @property
    def names(self) -> tuple:
        return tuple(c.name for c in self.channels)

    @property
    def visible_biases(self) -> list:
        return split_rows(self.associative.visible_bias, [c.n_top for c in self.channels])

    def channel(self, name: str) -> DBNChannel:
        for c in self.channels:
            if c.name == name:
                return c
        one_of("channel", name, self.names)

    def top_features(self, inputs: Mapping) -> list:
        """Top features of every channel for complete ``inputs`` (name -> ``[m, n_visible]``)."""
        missing = [n for n in self.names if n not in inputs]
        if missing:
            raise ValueError(f"inputs lack channel(s) {missing}; this model needs {list(self.names)}")
        return [c.up(inputs[c.name]) for c in self.channels]


def _check_inputs(inputs: Mapping) -> list:
    if not isinstance(inputs, Mapping) or not inputs:
        raise ValueError("inputs must be a non-empty mapping channel name -> array [m, n_visible]")
    rows = {name: np.shape(x)[0] if np.ndim(x) else 0 for name, x in inputs.items()}
    if len(set(rows.values())) != 1:
        raise ValueError(f"every channel needs the same number of examples, got {rows}")
    return list(inputs)


def train_channels(inputs: Mapping, config: DBNConfig = DBNConfig()) -> tuple:
    """Train one :class:`DBNChannel` per entry of ``inputs`` (channel ``i`` seeded
    ``sharedrep.seeds.child(config.seed, "channel", i)``)."""
    names = _check_inputs(inputs)
    unknown = [n for n in names if n not in config.layers]
    if unknown:
        raise ValueError(f"config.layers has no entry for channel(s) {unknown}; it has {list(config.layers)}")
    return tuple(
        train_channel(inputs[name], config.layers[name], name=name,
                      visible=config.visible.get(name, "binary"),
                      learning_rate=config.learning_rates.get(name, 0.1), epochs=config.epochs,
                      batch_size=config.batch_size, momentum=config.momentum,
                      weight_decay=config.weight_decay, cd_k=config.cd_k,
                      seed=seeding.child(config.seed, "channel", i))
        for i, name in enumerate(names))


def train_associative_memory(channels, inputs: Mapping, config: DBNConfig = DBNConfig()) -> MultimodalDBN:
    """Train the associative RBM on the channels' top features; no back-fitting yet."""
    channels = tuple(channels)
    if not channels:
        raise ValueError("channels must hold at least one trained DBNChannel, got none")
    _check_inputs(inputs)
    tops = [c.up(inputs[c.name]) if c.name in inputs else None for c in channels]
    if any(t is None for t in tops):
        raise ValueError(f"inputs must have every channel {[c.name for c in channels]}, got {list(inputs)}")
    epochs = config.epochs if config.associative_epochs is None else config.associative_epochs
    rbm = train_associative(tops, config.associative_hidden, learning_rate=config.associative_learning_rate,
                            epochs=epochs, batch_size=config.batch_size, momentum=config.momentum,
                            weight_decay=config.weight_decay, cd_k=config.cd_k,
                            seed=seeding.child(config.seed, "associative"))
    blocks = split_rows(rbm.weights, [c.n_top for c in channels])
    return MultimodalDBN(channels=channels, associative=rbm, recognition=tuple(blocks),
                         generative=tuple(b.copy() for b in blocks))


def apply_backfitting(model: MultimodalDBN, inputs: Mapping, config: DBNConfig = DBNConfig()) -> MultimodalDBN:
    """Run Algorithm 1 on ``model`` with complete training ``inputs``; returns a new model."""
    if config.backfit_rule not in UPDATE_RULES:
        raise ValueError(f"backfit_rule must be one of {UPDATE_RULES}, got {config.backfit_rule!r}")
    result = backfit(model.top_features(inputs), split_rows(model.associative.weights,
                                                             [c.n_top for c in model.channels]),
                     model.associative.hidden_bias, model.visible_biases,
                     learning_rate=config.backfit_learning_rate, phi=config.phi,
                     max_sweeps=config.max_sweeps, batch_size=config.batch_size,
                     rule=config.backfit_rule, normalise=config.backfit_normalise,
                     seed=seeding.child(config.seed, "backfitting"))
    return replace(model, recognition=result.recognition, generative=result.generative, backfit=result)


def train_multimodal_dbn(inputs: Mapping, config: DBNConfig = DBNConfig()) -> MultimodalDBN:
    """All three stages on complete training ``inputs`` (name -> ``[m, n_visible]``)."""
    channels = train_channels(inputs, config)
    model = train_associative_memory(channels, inputs, config)
    return apply_backfitting(model, inputs, config)
