"""Checkpoints of a training run: one npz file, written atomically.

A checkpoint holds everything the trainer needs to continue exactly where it
stopped: the epoch reached, the weights and Adadelta accumulators of every network
(``[N, ...]``), the per-epoch losses so far and the encoder snapshots taken so
far. The batch order is a pure function of (order seed, epoch), so no generator
state needs saving. A ``fingerprint`` (architecture, seeds, batch size, optimiser,
data digest) guards against resuming a different run.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np


def data_digest(*arrays: np.ndarray) -> str:
    """Short digest of arrays (shapes and every 61st row of the flattened leading axes)."""
    h = hashlib.blake2b(digest_size=12)
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(str(a.shape).encode())
        h.update(np.ascontiguousarray(a.reshape(-1, a.shape[-1])[::61]).tobytes())
    return h.hexdigest()


def save_checkpoint(path, *, epoch: int, fingerprint: dict, weights: dict, optimizer_state: dict,
                    losses: np.ndarray, snapshots: dict[int, dict], seconds: float | None = None) -> None:
    """Write the run state to ``path`` (npz) via a temporary file and an atomic rename.

    ``seconds``: training wall time of all the epochs in the checkpoint, over every call
    that trained them (None if unknown)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {"meta": np.array(json.dumps({"epoch": int(epoch), "fingerprint": fingerprint,
                                            "seconds": None if seconds is None else float(seconds)})),
              "losses": np.asarray(losses)}
    arrays.update({f"weights/{k}": v for k, v in weights.items()})
    arrays.update({f"optimizer/{k}": v for k, v in optimizer_state.items()})
    for e, snap in snapshots.items():
        arrays.update({f"snapshot/{e}/{k}": v for k, v in snap.items()})
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def load_checkpoint(path, fingerprint: dict | None = None) -> dict | None:
    """Read a checkpoint; ``None`` if ``path`` does not exist. Raises ``ValueError``
    when ``fingerprint`` is given and differs from the stored one."""
    path = Path(path)
    if not path.exists():
        return None
    with np.load(path) as z:
        meta = json.loads(str(z["meta"]))
        if fingerprint is not None and meta["fingerprint"] != json.loads(json.dumps(fingerprint)):
            raise ValueError(f"checkpoint={str(path)!r} belongs to a different run "
                             f"(stored {meta['fingerprint']}, requested {fingerprint})")
        state = {"epoch": meta["epoch"], "fingerprint": meta["fingerprint"], "losses": z["losses"],
                 "seconds": meta.get("seconds"),   # None: unknown (older checkpoints)
                 "weights": {}, "optimizer": {}, "snapshots": {}}
        for key in z.files:
            kind, _, rest = key.partition("/")
            if kind == "weights":
                state["weights"][rest] = z[key]
            elif kind == "optimizer":
                state["optimizer"][rest] = z[key]
            elif kind == "snapshot":
                e, _, name = rest.partition("/")
                state["snapshots"].setdefault(int(e), {})[name] = z[key]
    return state
