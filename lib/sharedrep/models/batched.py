"""The compiled computation behind the trainer: many autoencoders stepped at once.

Every weight carries a leading network axis ``N``; one call of
:meth:`BatchedAutoencoders.run_steps` performs ``S`` Adadelta steps of all ``N``
networks inside a single XLA computation (a loop over steps), which removes the
per-step dispatch cost that dominates small-batch training on a CPU.

Networks never interact: network ``n`` sees only its own weights, optimiser
state, data and batch order, so training N networks together gives what training
each alone gives (up to float rounding).

Backpropagation is written out by hand (one shared ``exp`` per output value for
the loss and its gradient; no input gradient for layers fed by the inputs).

Layouts (``benchmarks/train.py`` measures them):

* ``"stacked"``: every layer is one batched matmul over the network axis.
* ``"sequential"``: one compiled call per network (its own 2-D matmuls), the
  networks one after another; one network's weights, gradients and optimiser
  state (~4 MB for the depth-4 model) stay in cache for all its steps.
* shared batches: when all networks read the same rows in the same order, a
  layer fed only by network inputs runs for all networks as one
  ``[B, in] x [in, N*units]`` matmul (and ``[in, B] x [B, N*units]`` for its
  weight gradient) instead of N small ones.

What was measured on the 2-core machine (one network, one thread, batch 50):
the matmuls alone take ~0.35 s per epoch at XLA's single-thread rate for these
shapes (~57 GFLOP/s); the whole step ~0.45-0.5 s, of which Adadelta is ~0.07 s
(four passes over each weight array per step: XLA materialises its square root
and the new accumulators; memory-bound). Stacking five networks in one
computation made each network's epoch ~10-40 % slower than running them one
after another (their weights and optimiser state no longer stay in cache), hence
``"sequential"``, the trainer's default unless the networks share their batches;
two cores help most as two single-threaded processes (``train(..., workers=2)``).
"""
from __future__ import annotations

import numpy as np

from ..validation import Choice
from .adadelta import Adadelta
from .architecture import INPUTS, PIXELS, Architecture

LAYOUTS = ("stacked", "sequential")


class BatchedAutoencoders:
    """TensorFlow state (weights, Adadelta accumulators, data) of ``N`` networks.

    Parameters
    ----------
    arch : the common architecture.
    weights : ``{name: [N, ...]}`` float32 initial weights.
    x, t : float32 ``[D, rows, 1568]`` inputs and reconstruction targets (image
        then audio), ``D`` = 1 (shared by all networks) or ``N``.
    optimizer : the Adadelta constants.
    shared_batches : all networks use the same batch indices (requires ``D == 1``).
    layout : ``"stacked"`` (one batched matmul over the network axis per layer) or
        ``"sequential"`` (one compiled call per network, one network after another); see
        ``benchmarks/train.py`` for their speeds. (A third, "unrolled", each network's own
        matmuls in one computation, was never faster and was removed.)
    state : Adadelta accumulators to resume from (:meth:`optimizer_state`).
    """

    def __init__(self, arch: Architecture, weights: dict, x: np.ndarray, t: np.ndarray,
                 optimizer: Adadelta, shared_batches: bool = False, layout: str = "stacked",
                 state: dict | None = None):
        import tensorflow as tf

        self.arch, self.optimizer = arch, optimizer
        self.names = list(arch.weight_shapes())
        self.n_networks = int(next(iter(weights.values())).shape[0])
        self.shared_batches = bool(shared_batches)
        self.layout = Choice(LAYOUTS).check("layout", layout)
        if self.shared_batches and x.shape[0] != 1:
            raise ValueError("shared_batches needs data shared by all networks (D == 1)")
        self.per_network_data = x.shape[0] != 1
        if layout == "sequential" and self.per_network_data:
            # each network's own [rows, 1568] tensors: slicing an [N, rows, 1568] stack
            # inside the compiled call made every step slower
            self.data = [(tf.constant(x[k]), tf.constant(t[k])) for k in range(self.n_networks)]
        else:
            self.x = tf.constant(x[0] if x.shape[0] == 1 else x)
            self.t = tf.constant(t[0] if t.shape[0] == 1 else t)
            self.data = [(self.x, self.t)] * self.n_networks if layout == "sequential" else None
        self.params = [tf.Variable(np.asarray(weights[n], np.float32)) for n in self.names]
        state = state or {}
        self.acc_grad = [tf.Variable(state.get(f"acc_grad/{n}", np.zeros_like(weights[n], np.float32)))
                         for n in self.names]
        self.acc_delta = [tf.Variable(state.get(f"acc_delta/{n}", np.zeros_like(weights[n], np.float32)))
                          for n in self.names]
        self._run = tf.function(self._steps, jit_compile=True, reduce_retracing=False)
        self._run_one = tf.function(self._steps_of_one, jit_compile=True, reduce_retracing=False)

    # ---- state -----------------------------------------------------------------
    def weights(self) -> dict[str, np.ndarray]:
        """Current weights ``{name: [N, ...]}`` (numpy copies)."""
        return {n: v.numpy() for n, v in zip(self.names, self.params)}

    def optimizer_state(self) -> dict[str, np.ndarray]:
        """Adadelta accumulators ``{"acc_grad/<name>": [N, ...], "acc_delta/<name>": ...}``."""
        state = {f"acc_grad/{n}": v.numpy() for n, v in zip(self.names, self.acc_grad)}
        state.update({f"acc_delta/{n}": v.numpy() for n, v in zip(self.names, self.acc_delta)})
        return state

    # ---- compiled steps -----------------------------------------------------------
    def run_steps(self, indices: np.ndarray) -> np.ndarray:
        """Run ``S`` steps. ``indices``: int32 ``[S, B]`` (shared batches) or
        ``[N, S, B]`` rows of each step. Returns the summed batch-mean losses
        ``[N]`` (float64) of these steps, each evaluated before its update."""
        import tensorflow as tf

        indices = np.asarray(indices, np.int32)
        if self.layout == "sequential":
            losses = [self._run_one(tf.constant(indices if self.shared_batches else indices[i]), tf.constant(i),
                                    *self.data[i])
                      for i in range(self.n_networks)]
            return np.array([loss.numpy() for loss in losses], np.float64)
        return self._run(tf.constant(indices)).numpy().astype(np.float64)

    def _loss_and_grads(self, params: dict, x, t, wide: bool = False):
        """Summed BCE (mean over pixels and rows) of one batch and its gradient,
        by hand-written backpropagation (one shared exp per output value).

        ``x``, ``t``: ``[B, 1568]`` or ``[N, B, 1568]``; ``params``: one network's
        (2-D kernels) or all networks' (leading axis ``N``). ``wide``: ``x`` is
        shared by all N networks and the input layers use one wide matmul.
        Returns ``(loss, grads)``: loss ``[N]`` (or a scalar for one network's
        params) and ``{name: gradient}`` shaped like ``params``."""
        import tensorflow as tf

        n, arch = self.n_networks, self.arch
        inputs = {"image": x[..., :PIXELS], "audio": x[..., PIXELS:]}

        def layer_input(spec, values):
            if spec.inputs == INPUTS:
                return x
            parts = [inputs.get(i, values.get(i)) for i in spec.inputs]
            return parts[0] if len(parts) == 1 else tf.concat(parts, -1)

        def from_inputs(spec):
            return all(i in INPUTS for i in spec.inputs)

        values: dict = {}
        for spec in arch.layers:                                   # forward
            kernel, bias = params[f"{spec.name}/kernel"], params[f"{spec.name}/bias"]
            xin = layer_input(spec, values)
            if wide and from_inputs(spec):   # [B, in] x [in, N*units] -> [N, B, units]
                kernel_wide = tf.reshape(tf.transpose(kernel, [1, 0, 2]), [kernel.shape[1], -1])
                z = tf.transpose(tf.reshape(tf.matmul(xin, kernel_wide), [-1, n, spec.units]), [1, 0, 2])
            else:
                z = tf.matmul(xin, kernel)
            z = z + bias[..., None, :]
            if spec.name.startswith("out_") or spec.activation == "linear":
                values[spec.name] = z                              # outputs: logits
            elif spec.activation == "sigmoid":
                values[spec.name] = tf.sigmoid(z)
            else:
                values[spec.name] = tf.nn.relu(z)

        loss, d_values = 0.0, {}
        for k, modality in enumerate(INPUTS):                      # BCE on logits
            z = values[f"out_{modality}"]
            target = t[..., k * PIXELS:(k + 1) * PIXELS]
            e = tf.exp(-tf.abs(z))
            loss += tf.reduce_mean(tf.nn.relu(z) - z * target + tf.math.log1p(e), axis=[-2, -1])
            sigmoid = tf.where(z >= 0, 1.0, e) / (1.0 + e)
            scale = 1.0 / (PIXELS * tf.cast(tf.shape(z)[-2], tf.float32))
            d_values[f"out_{modality}"] = (sigmoid - target) * scale   # d loss / d logits

        grads = {}
        for spec in reversed(arch.layers):                         # backward
            value, dz = values[spec.name], d_values.pop(spec.name)
            if not (spec.name.startswith("out_") or spec.activation == "linear"):
                dz = dz * (value * (1.0 - value) if spec.activation == "sigmoid"
                           else tf.cast(value > 0, tf.float32))
            kernel = params[f"{spec.name}/kernel"]
            xin = layer_input(spec, values)
            if wide and from_inputs(spec):   # [in, B] x [B, N*units] -> [N, in, units]
                dz_wide = tf.reshape(tf.transpose(dz, [1, 0, 2]), [-1, n * spec.units])
                d_kernel = tf.transpose(tf.reshape(tf.matmul(xin, dz_wide, transpose_a=True),
                                                   [-1, n, spec.units]), [1, 0, 2])
            else:
                d_kernel = tf.matmul(xin, dz, transpose_a=True)
            grads[f"{spec.name}/kernel"] = d_kernel
            grads[f"{spec.name}/bias"] = tf.reduce_sum(dz, axis=-2)
            if not from_inputs(spec):
                d_in = tf.matmul(dz, kernel, transpose_b=True)
                offset = 0
                for name in spec.inputs:
                    width = arch.width(name)
                    part = d_in if len(spec.inputs) == 1 else d_in[..., offset:offset + width]
                    d_values[name] = d_values[name] + part if name in d_values else part
                    offset += width
        return loss, grads

    def _update(self, params: list, grads: list, acc_g: list, acc_d: list) -> tuple[list, list, list]:
        """One Adadelta step of every weight array (lists in the same order):
        the new ``(params, acc_g, acc_d)``."""
        new = [self.optimizer.step(p, g, a, d) for p, g, a, d in zip(params, grads, acc_g, acc_d)]
        return [u[0] for u in new], [u[1] for u in new], [u[2] for u in new]

    def _steps_of_one(self, indices, i, x, t):
        """All Adadelta steps of network ``i`` (int32 scalar) over ``indices`` ``[S, B]`` of
        its data ``x``, ``t`` ``[rows, 1568]`` in one XLA computation; the other networks'
        state is left untouched."""
        import tensorflow as tf

        params, acc_g, acc_d = ([v[i] for v in variables] for variables in (self.params, self.acc_grad, self.acc_delta))
        total = tf.zeros([], tf.float32)
        for s in tf.range(tf.shape(indices)[0]):
            loss, grad = self._loss_and_grads(dict(zip(self.names, params)), tf.gather(x, indices[s]),
                                              tf.gather(t, indices[s]))
            params, acc_g, acc_d = self._update(params, [grad[name] for name in self.names], acc_g, acc_d)
            total += loss
        for variables, values in ((self.params, params), (self.acc_grad, acc_g), (self.acc_delta, acc_d)):
            for var, value in zip(variables, values):
                var[i].assign(value)
        return total

    def _steps(self, indices):
        """All Adadelta steps of ``indices`` in one XLA computation (a loop over steps)."""
        import tensorflow as tf

        n = self.n_networks
        params, acc_g, acc_d = ([v.read_value() for v in variables]
                                for variables in (self.params, self.acc_grad, self.acc_delta))
        total = tf.zeros([n], tf.float32)
        for s in tf.range(tf.shape(indices)[-2]):
            idx = indices[s] if self.shared_batches else indices[:, s]
            if self.shared_batches or not self.per_network_data:
                x, t = tf.gather(self.x, idx), tf.gather(self.t, idx)
            else:
                x, t = tf.gather(self.x, idx, batch_dims=1), tf.gather(self.t, idx, batch_dims=1)
            loss, grad = self._loss_and_grads(dict(zip(self.names, params)), x, t, wide=self.shared_batches)
            params, acc_g, acc_d = self._update(params, [grad[name] for name in self.names], acc_g, acc_d)
            total += loss
        for var, value in zip(self.params + self.acc_grad + self.acc_delta, params + acc_g + acc_d):
            var.assign(value)
        return total
