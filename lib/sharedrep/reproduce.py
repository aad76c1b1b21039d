"""Reproduce every chapter at a named protocol: ``sharedrep reproduce --protocol paper``.

A protocol is a set of parameter overrides per chapter (:data:`PROTOCOLS`): ``"book"`` is
every chapter's own defaults (what the published book shows), ``"paper"`` the papers'
protocols where they differ (paper 1: 10 networks per condition, 5,000 epochs, snapshots up
to 5,000, the classifier trained 1,000 epochs; paper 2: its own channel settings,
``SETTINGS = "paper"``, instead of the book's tuned ones; its layer sizes and all six
held-out speakers are already the chapters' defaults).

Chapters run one after another through papermill (:func:`sharedrep.chapters.run_chapter`),
each writing ``results/chapters/<chapter>-<protocol>.ipynb``. The heavy results are stored
per condition or fold under ``results/`` as soon as each finishes, and a paper-1 condition
interrupted mid-training resumes from its checkpoint, so running the command again after
an interruption continues where it stopped. ``--dry-run`` prints the plan and an estimate
of the training time from the speed measured in the stored runs, without running anything.
"""
from __future__ import annotations

from . import chapters, params, results
from .experiments.runner import PAPER1_CHAPTERS, RESULT_KIND, computing_seconds
from .validation import one_of

#: chapters in book order
ORDER = ("data", "information", "paper1_model", "paper1_information", "paper1_celltypes", "paper1_development",
         "paper1_shared", "paper1_authors", "paper2_channels", "paper2_training", "paper2_results", "paper2_scaling",
         "paper2_cells")
_PAPER1 = {"N_SEEDS": 10, "EPOCHS": 5000, "SNAPSHOTS": [0, 10, 100, 1000, 5000], "CLASSIFIER_EPOCHS": 1000}
PROTOCOLS = {
    "book": {},
    "paper": {
        "paper1_model": {"EPOCHS": 5000},
        "paper2_training": {"SETTINGS": "paper"},
        "paper2_results": {"SETTINGS": "paper"},
        "paper2_cells": {"SETTINGS": "paper"},
        "paper1_information": _PAPER1,
        "paper1_celltypes": _PAPER1,
        "paper1_development": _PAPER1,
        "paper1_shared": _PAPER1,
        "paper1_authors": _PAPER1,
    },
}


def plan(protocol: str, only=None) -> list:
    """[(chapter, parameters)] in book order; ``only`` restricts to some chapters.

    Every chapter's parameters are checked against its schema here, before anything runs.
    """
    one_of("protocol", protocol, sorted(PROTOCOLS))
    chosen = list(ORDER if only is None else only)
    if not chosen:
        raise ValueError(f"chapters must name at least one of {list(ORDER)}; got none")
    for chapter in chosen:
        one_of("chapter", chapter, ORDER)
    steps = []
    for chapter in ORDER:
        if chapter in chosen:
            parameters = dict(PROTOCOLS[protocol].get(chapter, {}))
            params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
            steps.append((chapter, parameters))
    return steps


def _rates(directory) -> dict:
    """Measured seconds per network-epoch by (framework, depth) from the stored paper-1 runs
    (their whole computing time; a resumed run whose earlier part was not timed counts only
    the epochs after its resume: see ``experiments.runner.training_time``)."""
    import json
    from types import SimpleNamespace

    import numpy as np

    from .experiments.runner import training_time

    folder = results.results_dir(directory) / "paper1"
    work, seconds = {}, {}
    for meta in folder.glob("*.json"):
        p = json.loads(meta.read_text())
        parameters = p["parameters"]
        spent, start = p["wall_time_s"], 0
        if meta.with_suffix(".npz").is_file():
            with np.load(meta.with_suffix(".npz")) as stored:   # only the small timing arrays
                timing = {k: stored[k] for k in ("train_seconds", "resumed_from", "earlier_train_seconds")
                          if k in stored.files}
            if "train_seconds" in timing:
                trained, start = training_time(SimpleNamespace(arrays=timing))
                spent += trained - float(timing["train_seconds"])
        key = (parameters["framework"], parameters["depth"])
        epochs = len(parameters["seeds"]) * (parameters["epochs"] - start)
        if epochs:
            work[key] = work.get(key, 0) + epochs
            seconds[key] = seconds.get(key, 0.0) + spent
    return {k: seconds[k] / work[k] for k in work}


def conditions(steps) -> list:
    """The paper-1 runs behind ``steps``: one :class:`~sharedrep.experiments.Condition` per
    training protocol, with the union of the snapshots and classifiers its chapters show
    (:func:`~sharedrep.experiments.runner.chapter_runs`, the chapters' own list), so each
    condition is trained once and its stored run serves every page."""
    from .experiments import extent
    from .experiments.runner import chapter_runs

    found = []
    for chapter, parameters in steps:
        if chapter in PAPER1_CHAPTERS:
            cfg = params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
            found += [c for group in chapter_runs(chapter, cfg).values() for c in group]
    return extent.merged(found)


def _stored(condition, directory) -> bool:
    """Whether a stored run serves ``condition`` (the training protocol's run, or its variant)."""
    from .experiments import extent

    for parameters in (condition.training_parameters(), extent.variant_parameters(condition)):
        found = results.find("paper1", parameters, directory)
        if found is not None and extent.covers(found["extent"], condition):
            return True
    return False


def units(steps, directory=None, include_stored: bool = False, networks_per_unit: int | None = None) -> list:
    """Every result the chapters of ``steps`` load that is not stored (``include_stored``:
    stored or not), as units of work (:class:`sharedrep.sweep.Unit`, each with its estimated
    seconds on this machine): the paper-1 conditions (:func:`conditions`), the paper-2 folds
    (:func:`~sharedrep.experiments.dbn_folds.chapter_folds`), the scaling measurement
    (:func:`~sharedrep.experiments.dbn_scaling.chapter_unit`) and the model chapter's
    demonstration (:func:`~sharedrep.experiments.demonstration.chapter_unit`), from the functions the
    chapters call, so the plan is what they load. With ``networks_per_unit``, a paper-1
    condition none of whose networks is stored becomes one unit per group of that many
    networks (:func:`~sharedrep.experiments.runner.network_groups`; :func:`merge_groups`
    stores the condition once its groups are)."""
    from dataclasses import replace

    from . import sweep
    from .experiments import authors_analysis, crossmodal, dbn_cells, dbn_folds, dbn_scaling, demonstration
    from .experiments.runner import network_groups, pending, unit_of

    rate_of = _rate_of(directory)
    out = []
    for condition in conditions(steps):
        unit = unit_of(condition, directory) if include_stored else pending(condition, directory, extend=True)
        if unit is None:
            continue
        split = (networks_per_unit is not None and len(condition.seeds) > networks_per_unit
                 and unit.parameters == condition.training_parameters())     # all of it to compute
        for part in network_groups(condition, networks_per_unit) if split else [condition]:
            piece = unit if part is condition else (unit_of(part, directory) if include_stored
                                                    else pending(part, directory, extend=True))
            if piece is not None:
                rate = rate_of(part)
                out.append(replace(piece, seconds=None if rate is None else rate * len(part.seeds) * part.epochs))
    for chapter, parameters in steps:
        cfg = params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
        if chapter in dbn_folds.PAPER2_CHAPTERS:
            out += [u for group in dbn_folds.chapter_folds(chapter, cfg).values() for u in group]
        elif chapter == "paper2_scaling":
            out.append(dbn_scaling.chapter_unit(cfg))
        elif chapter == "paper2_cells":
            out += [*dbn_cells.cell_units(cfg), crossmodal.crossmodal_unit(), *crossmodal.book_units(directory)]
        elif chapter == "paper1_authors":
            out.append(authors_analysis.chapter_unit(cfg))
        elif chapter == "paper1_model":
            out.append(demonstration.chapter_unit(cfg))
    out = [u if u.kind == "paper1" else replace(u, seconds=_measured_seconds(u, directory)) for u in out]
    return sweep.missing(out, None if include_stored else directory, stored=include_stored)


def _measured_seconds(unit, directory) -> float | None:
    """Mean wall time of the stored results of ``unit``'s kind whose parameters differ least
    from ``unit``'s (the held-out speaker ignored; a nested setting such as one layer size
    counts as one difference): the same parameters if stored, else the closest; None when
    none of its kind is stored."""
    import json

    folder = results.results_dir(directory) / unit.kind
    wanted = _flat(results.canonical(unit.parameters))
    by_distance: dict[int, list[float]] = {}
    for meta in folder.glob("*.json") if folder.is_dir() else ():
        p = json.loads(meta.read_text())
        stored = _flat(p["parameters"])
        distance = sum(stored.get(k) != wanted.get(k) for k in set(stored) | set(wanted))
        by_distance.setdefault(distance, []).append(p["wall_time_s"])
    if not by_distance:
        return None
    closest = by_distance[min(by_distance)]
    return sum(closest) / len(closest)


def _flat(parameters: dict) -> dict:
    """Parameters with nested dicts flattened one level (``config.epochs``), without the
    held-out speaker (the folds of one setting differ only there)."""
    flat = {}
    for key, value in parameters.items():
        if key == "held_out":
            continue
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": repr(v) for k, v in value.items()})
        else:
            flat[key] = repr(value)
    return flat


def estimate(steps, directory=None) -> list:
    """[(condition, network-epochs still to train, estimated hours or None)] for the paper-1
    runs behind ``steps`` (:func:`conditions`); a condition whose stored run serves it counts zero.

    Hours use the wall time per network-epoch of stored runs with the same framework and depth
    (including their analyses and classifiers), else the mean over all stored runs; None when
    nothing is stored to measure from.
    """
    rate_of = _rate_of(directory)
    out = []
    for condition in conditions(steps):
        work = 0 if _stored(condition, directory) else len(condition.seeds) * condition.epochs
        rate = rate_of(condition)
        out.append((condition, work, None if rate is None else work * rate / 3600))
    return out


def training_minutes(chapter: str, parameters: dict, directory=None) -> float:
    """Estimated minutes on this machine to train what ``chapter`` needs with ``parameters``
    (changes to its defaults) and is not stored, at the speed :func:`estimate` uses; 0 when
    everything is stored; NaN when no stored run gives a speed. For a workshop exercise's cost."""
    params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
    work = estimate([(chapter, dict(parameters))], directory)
    if any(hours is None for _, epochs, hours in work if epochs):
        return float("nan")
    return 60 * sum(hours for _, epochs, hours in work if epochs)


def computing_minutes(chapter: str, parameters: dict, directory=None) -> float:
    """Minutes on this machine to compute everything ``chapter`` loads with ``parameters``
    (changes to its defaults), stored or not: a stored result's measured wall time, else the
    estimate of :func:`units` (the measured speed of stored results like it); NaN when a result
    is neither stored nor estimable. With changes, the results the chapter also loads at its
    defaults are not counted: the book ships them. For a workshop exercise's cost, whether or
    not the build machine has already stored it; without changes, for the status page."""
    params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
    shipped = ({(u.kind, u.key) for u in units([(chapter, {})], directory, include_stored=True)}
               if parameters else set())
    total = 0.0
    for unit in units([(chapter, dict(parameters))], directory, include_stored=True):
        if (unit.kind, unit.key) in shipped:
            continue
        if unit.kind == RESULT_KIND:        # a paper-1 run: a resumed run's time before the resume too
            run = results.load(unit.kind, unit.parameters, directory)
            seconds = computing_seconds(run) if run is not None else unit.seconds
        else:
            found = results.find(unit.kind, unit.parameters, directory)
            seconds = found["wall_time_s"] if found is not None else unit.seconds
        if seconds is None:
            return float("nan")
        total += seconds
    return total / 60


def _rate_of(directory):
    """condition -> measured seconds per network-epoch of its framework and depth (else the mean
    over all stored runs; None when nothing is stored)."""
    rates = _rates(directory)
    fallback = sum(rates.values()) / len(rates) if rates else None
    return lambda condition: rates.get((condition.framework, condition.depth), fallback)


def merge_groups(steps, directory=None) -> int:
    """Store every paper-1 condition of ``steps`` that is not stored but whose network groups
    all are (:func:`units` with ``networks_per_unit``); returns how many were stored."""
    from .experiments.runner import store_merged

    merged = 0
    for condition in conditions(steps):
        if results.find("paper1", condition.training_parameters(), directory) is None:
            merged += store_merged(condition, directory) is not None
    return merged


def protocol_hours(protocol: str = "paper", directory=None) -> float:
    """Estimated hours on this machine to train every paper-1 run of ``protocol``, stored or
    not (at the speed :func:`estimate` uses); NaN when no stored run gives a speed."""
    rate_of = _rate_of(directory)
    hours = 0.0
    for condition in conditions(plan(protocol, PAPER1_CHAPTERS)):
        rate = rate_of(condition)
        if rate is None:
            return float("nan")
        hours += len(condition.seeds) * condition.epochs * rate / 3600
    return hours


def projection(seconds, workers: int) -> tuple[float, float]:
    """(wall hours, hours of the longest unit) to compute units taking ``seconds`` each on
    ``workers`` workers of this machine's speed: greedy longest-first assignment, each unit on
    one worker, so never less than the longest unit (the critical path)."""
    import heapq

    loads = [0.0] * max(1, workers)
    for s in sorted(seconds, reverse=True):
        heapq.heapreplace(loads, loads[0] + s)
    return max(loads) / 3600, (max(seconds) / 3600 if seconds else 0.0)


def reproduce(protocol: str = "paper", only=None, *, dry_run: bool = False, directory=None,
              workers: int | None = None, scheduler: str | None = None, networks_per_unit: int | None = None,
              echo=print) -> list:
    """Run (or, with ``dry_run``, only describe) every chapter at ``protocol``: first every
    result the chapters load that is not stored (:func:`units`: each paper-1 condition once,
    with every snapshot and classifier its pages show; the paper-2 folds; the scaling
    measurement), in this process or on a Dask cluster (``workers``: a local one;
    ``scheduler``: an existing one's address, :func:`sharedrep.sweep.execute`), each stored as
    it arrives (``networks_per_unit``: a paper-1 condition as groups of that many networks,
    merged into the condition's run when all are stored); then the chapters, which load them.
    Returns the executed notebooks' paths (empty for a dry run)."""
    from . import sweep

    steps = plan(protocol, only)
    for chapter, parameters in steps:
        shown = " ".join(f"-p {k} {v!r}" for k, v in parameters.items()) or "(its defaults)"
        echo(f"{chapter}: {shown}")
    work = estimate(steps, directory)
    missing = [(condition, epochs, hours) for condition, epochs, hours in work if epochs]
    for condition, epochs, hours in missing:
        echo(f"  {condition.label}: {epochs:,} network-epochs to train, about "
             + (f"{hours:.1f} h here" if hours is not None else "? h (no stored run to measure speed)"))
    if work:
        total = sum(epochs for _, epochs, _ in missing)
        hours = None if any(h is None for _, _, h in missing) else sum(h for _, _, h in missing)
        echo(f"paper-1 runs: {len(work)} conditions, each trained once for every page; {len(missing)} to train: "
             f"{total:,} network-epochs" + (f", about {hours:.1f} h on this machine" if hours is not None and total
                                            else "") + " (stored conditions are skipped)")
    todo = units(steps, directory, networks_per_unit=networks_per_unit)
    others = [u for u in todo if u.kind != "paper1"]
    for unit in others:
        echo(f"  {unit.label} ({unit.kind}): to compute, about "
             + (f"{unit.seconds / 60:.0f} min here" if unit.seconds is not None else "? min (none stored to measure)"))
    if others:
        echo(f"other results: {len(others)} to compute (stored ones are skipped)")
    seconds = [u.seconds for u in todo]
    n_workers = sweep.count_workers(scheduler) if scheduler is not None and dry_run else workers
    if todo and n_workers and all(s is not None for s in seconds):
        wall, longest = projection(seconds, n_workers)
        echo(f"on {n_workers} workers of this machine's speed: about {wall:.1f} h (the longest unit: {longest:.1f} h)")
    if dry_run:
        return []
    if todo:
        sweep.execute(todo, workers=workers, scheduler=scheduler, directory=directory, verbose=True, echo=echo)
    if merge_groups(steps, directory):
        echo("paper-1 conditions stored from their groups of networks")
    written = []
    out = results.results_dir(directory) / "chapters"
    for i, (chapter, parameters) in enumerate(steps, 1):
        echo(f"[{i}/{len(steps)}] {chapter}")
        written.append(chapters.run_chapter(chapter, out / f"{chapter}-{protocol}.ipynb", parameters,
                                            progress=True))
    return written
