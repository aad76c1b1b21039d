"""Which device TensorFlow computes on: the first visible GPU, else the CPU.

The trainer and the classifiers leave placement to TensorFlow, which puts every op on the
first visible GPU when there is one (installed with ``requirements-gpu.txt``, see the
README); :func:`device_description` says which, for benchmarks and logs.
"""
from __future__ import annotations

import os


def device_description() -> str:
    """``"GPU: <name>"`` for the first visible GPU, else ``"CPU (<n> cores), no GPU visible"``.
    Imports TensorFlow."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        return f"GPU: {details.get('device_name', gpus[0].name)} ({len(gpus)} visible)"
    return f"CPU ({os.cpu_count()} cores), no GPU visible"
