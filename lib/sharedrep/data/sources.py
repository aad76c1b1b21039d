"""Find the real data files, verify them against a sha256 registry, download if allowed.

Where a file is looked for, in this order:

1. an explicit ``data_dir`` argument (then *only* there: an explicit choice is never
   silently replaced by another copy);
2. the environment variable ``SHAREDREP_DATA`` (likewise only there);
3. ``../shared/data`` next to the repository that holds this library;
4. the user cache (``SHAREDREP_CACHE`` or the platform cache folder, e.g. ``~/.cache/sharedrep``);
5. a download from the canonical public URLs into the user cache, verified by hash,
   unless downloads are switched off (``download=False`` or ``SHAREDREP_OFFLINE=1``).

Every data root has the same layout as ``../shared/data``::

    <root>/mnist/train-images-idx3-ubyte.gz ...        (the four official IDX files)
    <root>/fsdd/recordings/0_jackson_0.wav ...         (FSDD recordings)
    <root>/authors-p1/4layers_64_consistent_itr_5000.weights ...   (paper 1's authors' networks)

A file that is found but whose sha256 differs from the registry is an error
(:class:`DataIntegrityError`), never skipped; a file found nowhere is a
:class:`DataNotFoundError` that says where it looked and how to fix it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..locations import as_path, checkout
from ..validation import one_of

ENV_DATA = "SHAREDREP_DATA"
ENV_CACHE = "SHAREDREP_CACHE"
ENV_OFFLINE = "SHAREDREP_OFFLINE"

#: canonical public URLs, tried in order (same bytes, checked against the registry)
MNIST_URLS = (
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
)
#: the FSDD commit whose recordings the registry describes (tag v1.0.10 tree + later docs)
FSDD_COMMIT = "26eb9aaf76e81b692f806f9140c2d2777410d7a1"
FSDD_ARCHIVE_URL = (
    "https://github.com/Jakobovski/free-spoken-digit-dataset/archive/" + FSDD_COMMIT + ".zip"
)
#: paper 1's authors' trained networks (weight files): their repository at the commit the
#: registry describes (the repository has no licence: downloaded for analysis, never committed)
AUTHORS_COMMIT = "8f90634494c3e684e06bddfa963d266972298693"
AUTHORS_URL = ("https://github.com/arayabrain/multi-modal-integration/raw/" + AUTHORS_COMMIT + "/src/data/")
#: sub-folder of a data root that holds each dataset's registered files
DATASET_FOLDERS = {"mnist": "mnist", "fsdd": "fsdd/recordings", "authors-p1": "authors-p1"}


class DataNotFoundError(FileNotFoundError):
    """A data file is in none of the places searched (and could not be downloaded)."""


class DataIntegrityError(OSError):
    """A data file exists but its sha256 does not match the registry."""


@lru_cache(maxsize=None)
def registry(dataset: str) -> dict[str, str]:
    """The sha256 registry of ``dataset`` ("mnist", "fsdd" or "authors-p1"): file name -> hex digest."""
    _check_dataset(dataset)
    text = resources.files("sharedrep.data").joinpath(f"registry/{dataset}.txt").read_text()
    entries = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split()
            entries[name] = digest
    return entries


def _check_dataset(dataset: str) -> None:
    one_of("dataset", dataset, sorted(DATASET_FOLDERS))


def repository_shared_data() -> Path | None:
    """``../shared/data`` next to the source checkout that holds this library (None for an
    installed copy, which has no checkout)."""
    root = checkout()
    return None if root is None else root.parent / "shared" / "data"


def user_cache() -> Path:
    """The user cache root: ``$SHAREDREP_CACHE`` or the platform's cache folder."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    import pooch

    return Path(pooch.os_cache("sharedrep"))


def downloads_allowed(download: bool | None = None) -> bool:
    """Whether a missing file may be downloaded (``download`` argument, else not ``$SHAREDREP_OFFLINE``)."""
    if download is not None:
        return bool(download)
    return os.environ.get(ENV_OFFLINE, "").strip().lower() in ("", "0", "false", "no")


@dataclass(frozen=True)
class SearchPlan:
    """The data roots to search, in order, and whether a download may fill the cache."""

    roots: tuple[tuple[str, Path], ...]  # (where it came from, root folder)
    may_download: bool

    def describe(self) -> str:
        return "; ".join(f"{origin}: {root}" for origin, root in self.roots)


def search_plan(data_dir: str | os.PathLike | None = None, download: bool | None = None) -> SearchPlan:
    """The resolution order for one call (see the module docstring)."""
    if data_dir is not None:
        return SearchPlan((("data_dir argument", as_path(data_dir, "data_dir")),), False)
    if os.environ.get(ENV_DATA):
        return SearchPlan(((f"${ENV_DATA}", Path(os.environ[ENV_DATA]).expanduser()),), False)
    shared = repository_shared_data()
    roots = ((("repository ../shared/data", shared),) if shared is not None else ()) + (("user cache", user_cache()),)
    return SearchPlan(roots, downloads_allowed(download))


def environment_key() -> tuple:
    """The environment variables that change where data is found (for in-process caches)."""
    return tuple(os.environ.get(name) for name in (ENV_DATA, ENV_CACHE, ENV_OFFLINE))


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_verified: dict[tuple[str, int, int], str] = {}


def verify(path: Path, expected: str) -> Path:
    """Check ``path`` against its registered sha256; raise :class:`DataIntegrityError` if it differs.

    A file already verified in this process with the same size and mtime is not hashed again.
    """
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) != expected:
        actual = sha256(path)
        if actual != expected:
            raise DataIntegrityError(
                f"{path} is corrupt or not the official file: sha256 {actual} but the registry "
                f"expects {expected}. Delete it (or replace it with the official file) and load "
                "again; a missing file is downloaded into the user cache when downloads are allowed."
            )
        _verified[key] = expected
    return path


def locate(dataset: str, names, data_dir=None, download: bool | None = None) -> list[Path]:
    """Paths of the registered files ``names`` of ``dataset``, each found and verified.

    Each file is taken from the first root (see :func:`search_plan`) that has it; a file
    found nowhere is downloaded into the user cache when allowed, else
    :class:`DataNotFoundError` is raised naming the file, the places searched and the fixes.
    """
    _check_dataset(dataset)
    names = list(names)
    known = registry(dataset)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"not in the {dataset} registry: {unknown[:5]}")
    plan = search_plan(data_dir, download)
    folder = DATASET_FOLDERS[dataset]
    found: dict[str, Path] = {}
    for _, root in plan.roots:
        for name in names:
            if name not in found and (root / folder / name).is_file():
                found[name] = root / folder / name
    missing = [n for n in names if n not in found]
    if missing:
        if not plan.may_download:
            raise DataNotFoundError(_not_found_message(dataset, missing, plan))
        cache = user_cache()
        _download(dataset, missing, cache / folder)
        found.update({n: cache / folder / n for n in missing})
    return [verify(found[n], known[n]) for n in names]


def _not_found_message(dataset: str, missing: list[str], plan: SearchPlan) -> str:
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return (
        f"{dataset} data not found: {shown} (looked in {plan.describe()}; each root must hold "
        f"'{DATASET_FOLDERS[dataset]}/<file>'). Fix: pass data_dir=<folder that contains "
        f"{dataset}/>, or set {ENV_DATA}=<that folder>, or allow the verified "
        f"download into the user cache (unset {ENV_OFFLINE}, download=True)."
    )


def _download(dataset: str, names: list[str], target: Path) -> None:
    """Fetch ``names`` of ``dataset`` from the canonical URLs into ``target`` (verified later)."""
    import pooch

    target.mkdir(parents=True, exist_ok=True)
    known = registry(dataset)
    if dataset in ("mnist", "authors-p1"):
        for name in names:
            errors = []
            for base in (MNIST_URLS if dataset == "mnist" else (AUTHORS_URL,)):
                try:
                    pooch.retrieve(base + name, known_hash=f"sha256:{known[name]}",
                                   fname=name, path=target, progressbar=False)
                    break
                except Exception as error:  # try the next mirror, report all if none works
                    errors.append(f"{base}: {error}")
            else:
                raise DataNotFoundError(f"could not download {name}: " + " | ".join(errors))
        return
    # FSDD: GitHub archives are not byte-stable, so the archive has no fixed hash; every
    # extracted recording is checked against the registry by the caller instead.
    with tempfile.TemporaryDirectory() as tmp:
        archive = pooch.retrieve(FSDD_ARCHIVE_URL, known_hash=None, path=tmp,
                                 fname="fsdd.zip", progressbar=False)
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                name = member.rsplit("/", 1)[-1]
                if "/recordings/" in member and name in known:
                    with bundle.open(member) as src, open(target / name, "wb") as dst:
                        shutil.copyfileobj(src, dst)
    still_missing = [n for n in names if not (target / n).is_file()]
    if still_missing:
        raise DataNotFoundError(f"the FSDD archive lacks {still_missing[:3]}")
