"""Stored results of heavy runs, keyed by their parameters and their kind's algorithm version.

A result is a pair of files under ``results/<kind>/``::

    <key>.npz    the arrays (information arrays, counts, accuracies, ...; never weights)
    <key>.json   provenance: kind, algorithm version, parameters, the sha256 of the .npz,
                 the code that made it (git commit, whether lib/ had uncommitted changes,
                 a sha256 of the library's source), package versions, date, wall time,
                 machine, and the array names and shapes

``key`` is a hash of (kind, parameters, the kind's algorithm version in
:data:`ALGORITHM_VERSIONS`), so a result is found again only by exactly the same
parameters under the same algorithm; a change to the code that alters a kind's numbers
beyond float rounding bumps that kind's version, and its old runs are then no longer
loaded (``sharedrep results`` lists them as stale). Every load checks the .npz against
its recorded sha256: a damaged file is an error that names it and says how to mend it.
Chapters call :func:`load_or_compute`, which says on the page whether it loaded a stored
run (and which) or computed a new one.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from . import __version__
from .data.sources import sha256 as file_sha256  # hex sha256 of a file
from .locations import ENV_RESULTS, checkout, results_dir  # noqa: F401  (re-exported)

#: kind -> algorithm version. Bump a kind's version in the same commit as any change that
#: alters its numbers beyond float rounding (data recipe, model, training, analysis, seeds);
#: its stored runs are then recomputed, never loaded as if current.
ALGORITHM_VERSIONS: dict[str, int] = {
    "paper1": 2,          # experiments.runner: a paper-1 condition's networks, analyses, classifiers
                          # (2: keyed by the training protocol, its snapshots and classifiers recorded
                          # as the run's extent; the same numbers as 1)
    "paper1_model": 4,    # experiments.demonstration: one network's loss and reconstructions
                          # (2: the authors' setup, Adadelta epsilon 1e-8 and their audio recipe, and
                          # the runner's seeds for network SEED; also its plateau loss; 3: also paper
                          # 2's classifiers on its reconstructions; 4: its image classifier a
                          # convolutional network)
    "paper2_fold": 3,     # experiments.dbn_folds: one cross-validation fold of the DBN
                          # (2: every fold and model part seeded from sharedrep.seeds; folds differ;
                          # 3: images scored by a convolutional network, 99.1 %, not PCA + 3-NN)
    "paper2_scaling": 3,  # experiments.dbn_scaling: back-fitting time against channel count
                          # (2: seeds from sharedrep.seeds; 3: also sweeps and time to reach phi)
    "authors_p1": 1,      # experiments.authors_analysis: count tables of paper 1's authors' networks
    "paper2_cells": 1,    # experiments.dbn_cells: count tables of the DBN's associative cells per input
    "image_classifier": 1,  # dbn.evaluate: the weights of the convolutional network that scores rebuilt images
    "p1_crossmodal": 3,   # experiments.crossmodal: paper 2's test (one modality in, the other scored) on
                          # paper 1's authors' networks (2: also how their untrained files relate to the
                          # trained; 3: its image classifier a convolutional network)
    "p1_crossmodal_book": 1,  # experiments.crossmodal.book_unit: the same test on the book's own networks
}
#: folders of the results store that hold no stored runs
NOT_KINDS = ("chapters", "checkpoints")


class StoredResultError(ValueError):
    """A stored run that cannot be trusted (damaged, edited or unreadable)."""


def canonical(value):
    """JSON-able, order-independent form of a parameter value (tuples -> lists, numpy -> python)."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"parameter value {value!r} of type {type(value).__name__} cannot be stored; "
                     "use numbers, strings, booleans, lists or dicts")


def _check_kind(kind: str) -> int:
    if not isinstance(kind, str) or not kind.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"result kind must be a simple name (letters, digits, - and _), got {kind!r}")
    if kind not in ALGORITHM_VERSIONS:
        raise ValueError(f"unknown result kind {kind!r}; known: {sorted(ALGORITHM_VERSIONS)} "
                         "(a new kind gets its algorithm version in results.ALGORITHM_VERSIONS)")
    return ALGORITHM_VERSIONS[kind]


def parameters_digest(parameters: dict, **extra) -> str:
    """16 hex digits of a sha256 over ``parameters`` (order-independent) and ``extra``."""
    text = json.dumps({**{k: canonical(v) for k, v in extra.items()},
                       "parameters": canonical(parameters)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def result_key(kind: str, parameters: dict, algorithm: int | None = None) -> str:
    """16 hex digits identifying (kind, parameters, algorithm version; default: the current one)."""
    current = _check_kind(kind)
    return parameters_digest(parameters, kind=kind, algorithm=current if algorithm is None else algorithm)


def source_sha256() -> str:
    """Hex sha256 over the library's own source files (path and bytes of every .py and .txt)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".txt") and p.is_file()):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _git(*args) -> str | None:
    root = checkout()
    if root is None:
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def code_provenance() -> dict:
    """The code a run is computed with: git commit of the checkout (None when not a git
    checkout), whether ``lib/`` differs from it (``dirty``), and :func:`source_sha256`."""
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain", "--", "lib") if commit else None
    return {"commit": commit, "dirty": None if status is None else bool(status),
            "source_sha256": source_sha256()}


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
        """One sentence for the page: which run this is (the code: its commit, and when the
        library differed from it, the first 12 hex digits of the sha256 of its source)."""
        p = self.provenance
        source = "loaded from the stored run" if self.loaded else "computed in this build"
        code = p.get("code") or {}
        changes = (f" plus uncommitted changes to the library, whose source had sha256 {code['source_sha256'][:12]}"
                   if code.get("dirty") and code.get("source_sha256") else
                   " plus uncommitted changes to the library" if code.get("dirty") else "")
        commit = (f"by commit {code['commit'][:10]}{changes}"
                  if code.get("commit") else f"stored in commit {code['stored_in_commit'][:10]}"
                  if code.get("stored_in_commit") else "by a commit not recorded")
        return (f"{source} results/{p['kind']}/{p['key']}: made on {p['date'][:10]} {commit}, "
                f"version {p['algorithm']} of its method, {p['wall_time_s']:.0f} s of computation")


def machine() -> str:
    """This machine as provenance records it: architecture, cores, and the CPU (model name,
    family and model number, AVX-512 or not), which decide the floating-point kernels and so
    whether a training run is reproduced bit for bit (``"x86_64, 2 cores, AMD EPYC (family
    23, model 49)"``)."""
    text = f"{platform.machine()}, {os.cpu_count()} cores"
    try:
        info = Path("/proc/cpuinfo").read_text().split("\n\n")[0]
    except OSError:
        return text + (f", {platform.processor()}" if platform.processor() else "")
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    cpu = fields.get("model name", "unknown CPU")
    if "cpu family" in fields and "model" in fields:
        cpu += f" (family {fields['cpu family']}, model {fields['model']})"
    if "avx512f" in fields.get("flags", "").split():
        cpu += ", AVX-512"
    return f"{text}, {cpu}"


def _provenance(kind: str, parameters: dict, arrays: dict, wall_time_s: float, code: dict,
                extent: dict | None = None) -> dict:
    return {
        "kind": kind, "key": result_key(kind, parameters), "algorithm": ALGORITHM_VERSIONS[kind],
        "parameters": canonical(parameters), **({"extent": canonical(extent)} if extent is not None else {}),
        "code": code, "versions": _versions(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "wall_time_s": float(wall_time_s), "machine": machine(),
        "arrays": {name: list(np.shape(a)) for name, a in arrays.items()},
    }


def save(kind: str, parameters: dict, arrays: dict, wall_time_s: float,
         directory=None, code: dict | None = None, extent: dict | None = None) -> StoredResult:
    """Write ``arrays`` (name -> numeric ndarray) and their provenance; returns the result.

    ``code`` : :func:`code_provenance` taken when the computation started (default: now).
    ``extent`` : what the run computed beyond its key (recorded, not part of the key; e.g. a
    paper-1 run's snapshot and classifier epochs). A run of the same key replaces the file.
    """
    _check_kind(kind)
    for name, array in arrays.items():
        if np.asarray(array).dtype == object:
            raise ValueError(f"array {name!r} has dtype object; store numeric or string arrays")
    provenance = _provenance(kind, parameters, arrays, wall_time_s, code or code_provenance(), extent)
    key = provenance["key"]
    folder = results_dir(directory) / kind
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.tmp.npz"
    np.savez_compressed(tmp, **{name: np.asarray(a) for name, a in arrays.items()})
    provenance["sha256"] = file_sha256(tmp)
    tmp.replace(folder / f"{key}.npz")  # atomic: a crash never leaves half a result
    (folder / f"{key}.json").write_text(json.dumps(provenance, indent=1) + "\n")
    return StoredResult(dict(arrays), provenance, loaded=False, path=folder / f"{key}.npz")


def _damaged(npz: Path, why: str) -> StoredResultError:
    return StoredResultError(
        f"the stored run {npz} is damaged ({why}). Restore it from git (git checkout -- "
        f"{npz.parent.name}/{npz.name} in the results folder), or delete {npz.name} and "
        f"{npz.with_suffix('.json').name} to recompute it.")


def read_arrays(npz: Path, provenance: dict) -> dict:
    """The arrays of a stored run after checking the file against ``provenance['sha256']``;
    :class:`StoredResultError` (naming the file and the fix) when they differ or it is unreadable."""
    expected = provenance.get("sha256")
    if expected is None:
        raise _damaged(npz, "its provenance records no sha256")
    actual = file_sha256(npz)
    if actual != expected:
        raise _damaged(npz, f"sha256 {actual[:12]}... differs from the recorded {expected[:12]}...")
    try:
        with np.load(npz, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise _damaged(npz, f"unreadable: {error}") from error


def _read_provenance(meta: Path) -> dict:
    try:
        return json.loads(meta.read_text())
    except (ValueError, OSError) as error:
        raise StoredResultError(f"the provenance {meta} is unreadable ({error}); restore it from git "
                                f"or delete it and {meta.with_suffix('.npz').name} to recompute") from error


def _paths(kind: str, parameters: dict, directory) -> tuple[Path, Path]:
    key = result_key(kind, parameters)
    folder = results_dir(directory) / kind
    return folder / f"{key}.npz", folder / f"{key}.json"


def find(kind: str, parameters: dict, directory=None) -> dict | None:
    """The provenance of the stored result for exactly these parameters and the kind's current
    algorithm (its arrays are not read), or None."""
    npz, meta = _paths(kind, parameters, directory)
    if not (npz.is_file() and meta.is_file()):
        return None
    provenance = _read_provenance(meta)
    if (provenance.get("parameters") != canonical(parameters)
            or provenance.get("algorithm") != ALGORITHM_VERSIONS[kind]):
        return None  # a hash collision or a hand-edited file: never reuse it
    return provenance


def load(kind: str, parameters: dict, directory=None) -> StoredResult | None:
    """The stored result for exactly these parameters and the kind's current algorithm, or None.

    Raises :class:`StoredResultError` when the stored files exist but are damaged."""
    provenance = find(kind, parameters, directory)
    if provenance is None:
        return None
    npz = _paths(kind, parameters, directory)[0]
    return StoredResult(read_arrays(npz, provenance), provenance, loaded=True, path=npz)


def load_or_compute(kind: str, parameters: dict, compute: Callable[[], dict], directory=None,
                    store: bool = True) -> StoredResult:
    """Load the stored result for ``parameters``, or :func:`run_and_store` ``compute``."""
    found = load(kind, parameters, directory)
    if found is not None:
        return found
    return run_and_store(kind, parameters, compute, directory, store)


def run_and_store(kind: str, parameters: dict, compute: Callable[[], dict], directory=None,
                  store: bool = True, extent: dict | None = None) -> StoredResult:
    """Run ``compute()`` (-> dict of arrays), timed, with the code it runs recorded; store it
    (unless ``store=False``; it replaces a stored run of the same key) and return it.
    ``extent`` : recorded with it (see :func:`save`)."""
    code = code_provenance()
    start = time.perf_counter()
    arrays = compute()
    wall = time.perf_counter() - start
    if store:
        return save(kind, parameters, arrays, wall, directory, code=code, extent=extent)
    return unstored(kind, parameters, arrays, wall, code, extent)


def unstored(kind: str, parameters: dict, arrays: dict, wall_time_s: float, code: dict,
             extent: dict | None = None) -> StoredResult:
    """A computed result with the provenance :func:`save` would record, not written anywhere."""
    return StoredResult(arrays, _provenance(kind, parameters, arrays, wall_time_s, code, extent), loaded=False)


@dataclass(frozen=True)
class RunRecord:
    """One stored run as ``sharedrep results`` lists it; ``status`` is "current" or says why not."""

    kind: str
    key: str
    parameters: dict
    date: str
    wall_time_s: float
    commit: str | None
    size_bytes: int
    status: str
    path: Path   # the .npz
    extent: dict = field(default_factory=dict)   # what the run computed beyond its key

    @property
    def current(self) -> bool:
        return self.status == "current"


def _commit(code: dict) -> str | None:
    """The commit that computed a run, else (runs stored before commits were recorded) the
    commit that stored it, marked with a leading ``~``."""
    if code.get("commit"):
        return code["commit"] + ("+dirty" if code.get("dirty") else "")
    return "~" + code["stored_in_commit"] if code.get("stored_in_commit") else None


def check_run(meta: Path) -> RunRecord:
    """Read one stored run's provenance and check it: its kind is known, its algorithm is the
    kind's current one, its key follows from its parameters, its .npz matches its sha256."""
    npz = meta.with_suffix(".npz")
    try:
        provenance = _read_provenance(meta)
    except StoredResultError:
        provenance = {"status": "unreadable provenance"}
    kind, key = provenance.get("kind", meta.parent.name), provenance.get("key", meta.stem)
    if "status" in provenance:
        status = provenance["status"]
    elif kind not in ALGORITHM_VERSIONS:
        status = f"unknown kind {kind!r}"
    elif provenance.get("algorithm") != ALGORITHM_VERSIONS[kind]:
        status = f"stale: algorithm {provenance.get('algorithm')}, current {ALGORITHM_VERSIONS[kind]}"
    elif key != meta.stem or key != result_key(kind, provenance.get("parameters", {})):
        status = "key does not match its parameters"
    elif not npz.is_file():
        status = "arrays missing"
    elif file_sha256(npz) != provenance.get("sha256"):
        status = "damaged: sha256 differs"
    else:
        status = "current"
    return RunRecord(kind, key, provenance.get("parameters", {}), provenance.get("date", "?"),
                     float(provenance.get("wall_time_s", float("nan"))),
                     _commit(provenance.get("code") or {}),
                     npz.stat().st_size if npz.is_file() else 0, status, npz, provenance.get("extent", {}))


def stored_runs(directory=None) -> list[RunRecord]:
    """Every stored run under the results folder, checked (see :func:`check_run`), by kind and date."""
    root = results_dir(directory)
    metas = [m for m in sorted(root.glob("*/*.json")) if m.parent.name not in NOT_KINDS]
    return sorted((check_run(m) for m in metas), key=lambda r: (r.kind, r.date, r.key))
