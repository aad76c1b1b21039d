"""The compiled computation behind the trainer: many autoencoders stepped at once.

Every weight carries a leading network axis ``N``; one call of
:meth:`BatchedAutoencoders.run_steps` performs ``S`` Adadelta steps of all ``N``
networks inside a single XLA computation (a loop over steps), which removes the
per-step dispatch cost that dominates small-batch training on a CPU.

Networks never interact: network ``n`` sees only its own weights, optimiser
state, data and batch order, so training N networks together gives what training
each alone gives (up to float rounding).

Layout: when all networks read the same rows in the same order (``shared_batches``)
a layer fed only by network inputs is evaluated for all networks as one
``[B, in] x [in, N*units]`` matmul, and its weight gradient as one
``[in, B] x [B, N*units]`` matmul, instead of N small ones.
"""
from __future__ import annotations

import numpy as np

from .adadelta import Adadelta
from .architecture import INPUTS, PIXELS, Architecture


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
    """

    def __init__(self, arch: Architecture, weights: dict, x: np.ndarray, t: np.ndarray,
                 optimizer: Adadelta, shared_batches: bool = False, state: dict | None = None):
        import tensorflow as tf

        self.arch, self.optimizer = arch, optimizer
        self.names = list(arch.weight_shapes())
        self.n_networks = int(next(iter(weights.values())).shape[0])
        self.shared_batches = bool(shared_batches)
        if self.shared_batches and x.shape[0] != 1:
            raise ValueError("shared_batches needs data shared by all networks (D == 1)")
        self.x = tf.constant(x[0] if x.shape[0] == 1 else x)
        self.t = tf.constant(t[0] if t.shape[0] == 1 else t)
        self.per_network_data = x.shape[0] != 1
        self.params = [tf.Variable(np.asarray(weights[n], np.float32), name=n.replace("/", "_"))
                       for n in self.names]
        state = state or {}
        self.acc_grad = [tf.Variable(state.get(f"acc_grad/{n}", np.zeros_like(weights[n], np.float32)))
                         for n in self.names]
        self.acc_delta = [tf.Variable(state.get(f"acc_delta/{n}", np.zeros_like(weights[n], np.float32)))
                          for n in self.names]
        self._run = tf.function(self._steps, jit_compile=True, reduce_retracing=False)

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

        return self._run(tf.constant(np.asarray(indices, np.int32))).numpy().astype(np.float64)

    def _forward_loss(self, params: dict, x, t):
        """Summed BCE of one batch. Shared batches: ``x``, ``t`` are ``[B, 1568]``;
        otherwise ``[N, B, 1568]``. Returns the per-network loss ``[N]``."""
        import tensorflow as tf

        n = self.n_networks
        inputs = {"image": x[..., :PIXELS], "audio": x[..., PIXELS:]}
        values: dict = {}
        for spec in self.arch.layers:
            kernel, bias = params[f"{spec.name}/kernel"], params[f"{spec.name}/bias"]
            if all(i in INPUTS for i in spec.inputs):
                xin = x if spec.inputs == INPUTS else tf.concat([inputs[i] for i in spec.inputs], -1)
                if self.shared_batches:   # [B, in] x [in, N*units] -> [N, B, units]
                    wide = tf.reshape(tf.transpose(kernel, [1, 0, 2]), [kernel.shape[1], -1])
                    z = tf.reshape(tf.matmul(xin, wide), [-1, n, spec.units])
                    z = tf.transpose(z, [1, 0, 2])
                else:
                    z = tf.matmul(xin, kernel)
            else:
                xin = values[spec.inputs[0]] if len(spec.inputs) == 1 else \
                    tf.concat([values[i] for i in spec.inputs], -1)
                z = tf.matmul(xin, kernel)
            z = z + bias[:, None, :]
            if spec.name.startswith("out_"):
                values[spec.name] = z                          # logits
            elif spec.activation == "sigmoid":
                values[spec.name] = tf.sigmoid(z)
            elif spec.activation == "relu":
                values[spec.name] = tf.nn.relu(z)
            else:
                values[spec.name] = z
        loss = 0.0
        for k, modality in enumerate(INPUTS):
            target = t[..., k * PIXELS:(k + 1) * PIXELS]
            if self.shared_batches:
                target = tf.broadcast_to(target, [n] + target.shape.as_list())
            bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=values[f"out_{modality}"])
            loss += tf.reduce_mean(bce, axis=[1, 2])
        return loss

    def _steps(self, indices):
        import tensorflow as tf

        params = [v.read_value() for v in self.params]
        acc_g = [v.read_value() for v in self.acc_grad]
        acc_d = [v.read_value() for v in self.acc_delta]
        total = tf.zeros([self.n_networks], tf.float32)
        steps = tf.shape(indices)[-2]
        for s in tf.range(steps):
            idx = indices[s] if self.shared_batches else indices[:, s]
            if self.shared_batches or not self.per_network_data:
                x, t = tf.gather(self.x, idx), tf.gather(self.t, idx)
            else:
                x, t = tf.gather(self.x, idx, batch_dims=1), tf.gather(self.t, idx, batch_dims=1)
            with tf.GradientTape() as tape:
                tape.watch(params)
                loss = self._forward_loss(dict(zip(self.names, params)), x, t)
            grads = tape.gradient(loss, params)   # d(sum of network losses)
            new = [self.optimizer.step(p, g, a, d) for p, g, a, d in zip(params, grads, acc_g, acc_d)]
            params = [u[0] for u in new]
            acc_g = [u[1] for u in new]
            acc_d = [u[2] for u in new]
            total += loss
        for var, value in zip(self.params + self.acc_grad + self.acc_delta, params + acc_g + acc_d):
            var.assign(value)
        return total
