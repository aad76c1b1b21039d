"""Adadelta (Zeiler 2012) as in Keras, written as a pure function of tensors.

For every parameter ``p`` with gradient ``g`` and accumulators ``a_g``, ``a_d``
(both start at zero)::

    a_g   <- rho a_g + (1 - rho) g^2
    delta <- g sqrt((a_d + eps) / (a_g + eps))
    a_d   <- rho a_d + (1 - rho) delta^2
    p     <- p - lr delta

This is the update of Keras 3's and old Keras' ``Adadelta``: lr 1.0, rho 0.95 and, by
default here, eps 1e-8: the default of Keras 2.0.9, which the authors ran (Keras' default
became ``K.epsilon()`` = 1e-7 in 2.1.3, December 2017; the book's first runs used 1e-7).
Paper 1's runner passes each condition's ``adadelta_epsilon`` (``experiments.runner.Condition``).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Adadelta:
    learning_rate: float = 1.0
    rho: float = 0.95
    epsilon: float = 1e-8

    def step(self, param, grad, acc_grad, acc_delta):
        """One update; tensors of any (equal) shape. Returns ``(param, acc_grad, acc_delta)``."""
        import tensorflow as tf

        acc_grad = self.rho * acc_grad + (1.0 - self.rho) * tf.square(grad)
        # One square root of the ratio instead of Keras' sqrt(.) / sqrt(.): equal up to float
        # rounding, and this update about a quarter faster under XLA (which turned the two
        # roots into sqrt * rsqrt, each a separate pass over the weights).
        delta = grad * tf.sqrt((acc_delta + self.epsilon) / (acc_grad + self.epsilon))
        acc_delta = self.rho * acc_delta + (1.0 - self.rho) * tf.square(delta)
        return param - self.learning_rate * delta, acc_grad, acc_delta
