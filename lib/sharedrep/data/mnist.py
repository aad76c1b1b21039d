"""MNIST from the four official IDX files (LeCun, Cortes & Burges; CC BY-SA 3.0)."""
from __future__ import annotations

import gzip
from functools import lru_cache

import numpy as np

from ..validation import one_of
from .sources import environment_key, locate

SPLITS = {"train": "train", "test": "t10k"}
_MAGIC = {"images": 0x00000803, "labels": 0x00000801}


def _read_idx(path, kind: str) -> np.ndarray:
    """Decode one gzipped IDX file: images uint8 ``[n, rows, cols]`` or labels uint8 ``[n]``."""
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    magic = int.from_bytes(raw[:4], "big")
    if magic != _MAGIC[kind]:
        raise ValueError(f"{path}: IDX magic {magic:#010x}, expected {_MAGIC[kind]:#010x} for {kind}")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {data.size} bytes of data for shape {shape}")
    return data.reshape(shape)


@lru_cache(maxsize=4)
def _load(split: str, data_dir, download, _environment):
    prefix = SPLITS[split]
    names = [f"{prefix}-images-idx3-ubyte.gz", f"{prefix}-labels-idx1-ubyte.gz"]
    images_path, labels_path = locate("mnist", names, data_dir=data_dir, download=download)
    images = _read_idx(images_path, "images")
    labels = _read_idx(labels_path, "labels").astype(np.int64)
    if len(images) != len(labels):
        raise ValueError(f"MNIST {split}: {len(images)} images but {len(labels)} labels")
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_mnist(split: str = "train", data_dir=None, download: bool | None = None):
    """Load one MNIST split.

    Parameters
    ----------
    split : "train" (60,000 images) or "test" (10,000 images).
    data_dir : a folder that contains ``mnist/<the IDX files>``; default: see
        :mod:`sharedrep.data.sources` for the search order.
    download : allow a verified download into the user cache (default: unless
        ``SHAREDREP_OFFLINE=1``).

    Returns
    -------
    images : uint8 ``[n, 28, 28]``, 0..255 (read-only).
    labels : int64 ``[n]``, digits 0..9 (read-only).
    """
    one_of("MNIST split", split, sorted(SPLITS))
    key = None if data_dir is None else str(data_dir)
    return _load(split, key, download, environment_key())
