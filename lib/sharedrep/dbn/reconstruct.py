"""Cross-modal reconstruction: any subset of channels in, every channel out.

Path: each present channel's input goes up its DBN to its top features ``v_k``; the
associative layer gets ``h = sigmoid(c + combine_k(v_k R_k))`` from the (back-fitted)
recognition weights ``R_k``; then top features of every channel come down through the
generative weights, ``sigmoid(b_j + h G_j^T)``, and each channel's RBMs take them down to
its visible layer. ``combine`` is ``"mean"`` (default: each recognition path was trained to
give ``h*`` alone, so their logits are averaged; with one present channel it is exactly the
back-fitting setting) or ``"sum"`` (the RBM's own rule, right before back-fitting).

``gibbs_steps`` more mean-field steps at the associative layer, with the present channels'
top features clamped: down through ``G``, put the known ``v_k`` back, up through the full
RBM (``h = sigmoid(c + sum_j v_j G_j)``). Everything is deterministic (mean-field).
"""
from __future__ import annotations

from typing import Mapping

from ..validation import Int, one_of
from .model import MultimodalDBN
from .rbm import DTYPE, sigmoid

COMBINE = ("mean", "sum")


def reconstruct(model: MultimodalDBN, inputs: Mapping, *, gibbs_steps: int = 0,
                combine: str = "mean") -> dict:
    """Reconstruct every channel from the channels in ``inputs`` (name -> ``[m, n_visible]``).

    Returns name -> float32 ``[m, n_visible]`` for every channel of ``model``, in the
    channels' visible units (the audio channel in its raw feature units).
    """
    if combine not in COMBINE:
        raise ValueError(f"combine must be one of {COMBINE}, got {combine!r}")
    gibbs_steps = Int(0).check("gibbs_steps", gibbs_steps)
    if not isinstance(inputs, Mapping) or not inputs:
        raise ValueError(f"inputs must name at least one channel of {list(model.names)}, got none")
    for name in inputs:
        one_of("input channel", name, model.names)
    present = [i for i, c in enumerate(model.channels) if c.name in inputs]
    tops = {i: model.channels[i].up(inputs[model.channels[i].name]) for i in present}
    if len({t.shape[0] for t in tops.values()}) != 1:
        raise ValueError(f"every input channel needs the same number of rows, got "
                         f"{ {model.names[i]: t.shape[0] for i, t in tops.items()} }")
    c = model.associative.hidden_bias
    biases = model.visible_biases
    pre = sum(tops[i] @ model.recognition[i] for i in present)
    if combine == "mean":
        pre = pre / DTYPE(len(present))
    h = sigmoid((pre + c).astype(DTYPE))
    for _ in range(gibbs_steps):
        down = [tops[j] if j in tops else sigmoid(h @ g.T + b)
                for j, (g, b) in enumerate(zip(model.generative, biases))]
        h = sigmoid(c + sum(v @ g for v, g in zip(down, model.generative)))
    return {ch.name: ch.down(sigmoid(h @ g.T + b))
            for ch, g, b in zip(model.channels, model.generative, biases)}
