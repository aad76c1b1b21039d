"""Stored results of heavy runs, keyed by their parameters and the library version.

A result is a pair of files under ``results/<kind>/``::

    <key>.npz    the arrays (information arrays, counts, accuracies, ...; never weights)
    <key>.json   provenance: kind, parameters, library and package versions, date,
                 wall time, machine, and the array names and shapes

``key`` is a hash of (kind, parameters, sharedrep version), so a result is found again
only by exactly the same parameters under the same library version; changing either
makes a new key and the run is recomputed. Chapters call :func:`load_or_compute`, which
says on the page whether it loaded a stored run (and which) or computed a new one.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__

REPO = Path(__file__).resolve().parents[2]
ENV_RESULTS = "SHAREDREP_RESULTS"


def results_dir() -> Path:
    """``$SHAREDREP_RESULTS`` or ``results/`` at the repository root."""
    return Path(os.environ.get(ENV_RESULTS) or REPO / "results")


def _canonical(value):
    """JSON-able, order-independent form of a parameter value (tuples -> lists, numpy -> python)."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"parameter value {value!r} of type {type(value).__name__} cannot be stored; "
                     "use numbers, strings, booleans, lists or dicts")


def result_key(kind: str, parameters: dict, version: str = __version__) -> str:
    """16 hex digits identifying (kind, parameters, library version)."""
    if not kind or not kind.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"result kind must be a simple name (letters, digits, - and _), got {kind!r}")
    text = json.dumps({"kind": kind, "parameters": _canonical(parameters), "version": version},
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _versions() -> dict:
    versions = {"sharedrep": __version__, "python": platform.python_version(), "numpy": np.__version__}
    for name in ("tensorflow", "keras", "scipy", "sklearn"):
        module = sys.modules.get(name)
        if module is not None:
            versions[name] = getattr(module, "__version__", "?")
    return versions


@dataclass
class StoredResult:
    """Arrays plus provenance of one run; ``loaded`` tells whether it came from disk."""

    arrays: dict
    provenance: dict
    loaded: bool = False
    path: Path | None = field(default=None, repr=False)

    def describe(self) -> str:
        """One sentence for the page: which run this is."""
        p = self.provenance
        source = "loaded from the stored run" if self.loaded else "computed in this build"
        return (f"{source} {p['key']} ({p['kind']}, sharedrep {p['versions']['sharedrep']}, "
                f"{p['date'][:10]}, {p['wall_time_s']:.0f} s of computation)")


def _provenance(kind: str, parameters: dict, arrays: dict, wall_time_s: float) -> dict:
    return {
        "kind": kind, "key": result_key(kind, parameters), "parameters": _canonical(parameters),
        "versions": _versions(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "wall_time_s": float(wall_time_s), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "arrays": {name: list(np.shape(a)) for name, a in arrays.items()},
    }


def save(kind: str, parameters: dict, arrays: dict, wall_time_s: float,
         directory: Path | None = None) -> StoredResult:
    """Write ``arrays`` (name -> numeric ndarray) and their provenance; returns the result."""
    for name, array in arrays.items():
        array = np.asarray(array)
        if array.dtype == object:
            raise ValueError(f"array {name!r} has dtype object; store numeric or string arrays")
    provenance = _provenance(kind, parameters, arrays, wall_time_s)
    key = provenance["key"]
    folder = (directory or results_dir()) / kind
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.tmp.npz"
    np.savez_compressed(tmp, **{name: np.asarray(a) for name, a in arrays.items()})
    tmp.replace(folder / f"{key}.npz")  # atomic: a crash never leaves half a result
    (folder / f"{key}.json").write_text(json.dumps(provenance, indent=1) + "\n")
    return StoredResult(dict(arrays), provenance, loaded=False, path=folder / f"{key}.npz")


def load(kind: str, parameters: dict, directory: Path | None = None) -> StoredResult | None:
    """The stored result for exactly these parameters and this library version, or None."""
    key = result_key(kind, parameters)
    folder = (directory or results_dir()) / kind
    npz, meta = folder / f"{key}.npz", folder / f"{key}.json"
    if not (npz.is_file() and meta.is_file()):
        return None
    provenance = json.loads(meta.read_text())
    if (provenance.get("parameters") != _canonical(parameters)
            or provenance.get("versions", {}).get("sharedrep") != __version__):
        return None  # a hash collision or a hand-edited file: never reuse it
    with np.load(npz, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    return StoredResult(arrays, provenance, loaded=True, path=npz)


def load_or_compute(kind: str, parameters: dict, compute: Callable[[], dict],
                    directory: Path | None = None, store: bool = True) -> StoredResult:
    """Load the stored result for ``parameters``, or run ``compute()`` (-> dict of arrays),
    store it (unless ``store=False``) and return it."""
    found = load(kind, parameters, directory)
    if found is not None:
        return found
    start = time.perf_counter()
    arrays = compute()
    wall = time.perf_counter() - start
    if store:
        return save(kind, parameters, arrays, wall, directory)
    return StoredResult(arrays, _provenance(kind, parameters, arrays, wall), loaded=False)
