"""Reproduce every chapter at a named protocol: ``sharedrep reproduce --protocol paper``.

A protocol is a set of parameter overrides per chapter (:data:`PROTOCOLS`): ``"book"`` is
every chapter's own defaults (what the published book shows), ``"paper"`` the papers'
protocols where they differ (paper 1: 10 networks per condition, 5,000 epochs, snapshots up
to 5,000, the classifier trained 1,000 epochs; paper 2's chapters already use the paper's
layer sizes and all six held-out speakers by default).

Chapters run one after another through papermill (:func:`sharedrep.chapters.run_chapter`),
each writing ``results/chapters/<chapter>-<protocol>.ipynb``. The heavy results are stored
per condition or fold under ``results/`` as soon as each finishes, and a paper-1 condition
interrupted mid-training resumes from its checkpoint, so running the command again after
an interruption continues where it stopped. ``--dry-run`` prints the plan and an estimate
of the training time from the speed measured in the stored runs, without running anything.
"""
from __future__ import annotations

from . import chapters, params, results

#: chapters in book order
ORDER = ("data", "information", "paper1_model", "paper1_information", "paper1_celltypes", "paper1_development",
         "paper1_shared", "paper2_channels", "paper2_training", "paper2_results", "paper2_scaling")
_PAPER1 = {"N_SEEDS": 10, "EPOCHS": 5000, "SNAPSHOTS": [0, 10, 100, 1000, 5000]}
PROTOCOLS = {
    "book": {},
    "paper": {
        "paper1_model": {"EPOCHS": 5000},
        "paper1_information": _PAPER1,
        "paper1_celltypes": _PAPER1,
        "paper1_development": _PAPER1,
        "paper1_shared": {**_PAPER1, "CLASSIFIER_EPOCHS": 1000},
    },
}
PAPER1_CHAPTERS = ("paper1_information", "paper1_celltypes", "paper1_development", "paper1_shared")


def plan(protocol: str, only=None) -> list:
    """[(chapter, parameters)] in book order; ``only`` restricts to some chapters.

    Every chapter's parameters are checked against its schema here, before anything runs.
    """
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}; allowed: {sorted(PROTOCOLS)}")
    chosen = list(ORDER if only is None else only)
    unknown = [c for c in chosen if c not in ORDER]
    if unknown or not chosen:
        raise ValueError(f"unknown chapter(s) {unknown or chosen}; allowed: {list(ORDER)}")
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


def estimate(steps, directory=None) -> list:
    """[(chapter, network-epochs still to train, estimated hours or None)] for paper-1 chapters.

    Conditions already stored count as zero. Hours use the wall time per network-epoch of
    stored runs with the same framework and depth (including their analyses and classifiers),
    else the mean over all stored runs; None when nothing is stored to measure from.
    """
    from .experiments import chapter_design, transfer_design

    rates = _rates(directory)
    fallback = sum(rates.values()) / len(rates) if rates else None
    out, seen = [], set()
    for chapter, parameters in steps:
        if chapter not in PAPER1_CHAPTERS:
            continue
        cfg = params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
        epochs, hours = 0, 0.0
        design = chapter_design(cfg, classifier_epochs=cfg.CLASSIFIER_EPOCHS if chapter == "paper1_shared" else 0)
        if chapter == "paper1_development":
            design += transfer_design(cfg)
        for condition in design:
            key = results.result_key("paper1", condition.parameters())
            if key in seen or results.load("paper1", condition.parameters(), directory) is not None:
                continue
            seen.add(key)               # chapters sharing parameters share their runs
            work = len(condition.seeds) * condition.epochs
            rate = rates.get((condition.framework, condition.depth), fallback)
            epochs += work
            hours = None if rate is None or hours is None else hours + work * rate / 3600
        out.append((chapter, epochs, hours))
    return out


def reproduce(protocol: str = "paper", only=None, *, dry_run: bool = False, directory=None,
              echo=print) -> list:
    """Run (or, with ``dry_run``, only describe) every chapter at ``protocol``; returns the
    executed notebooks' paths (empty for a dry run)."""
    steps = plan(protocol, only)
    for chapter, parameters in steps:
        shown = " ".join(f"-p {k} {v!r}" for k, v in parameters.items()) or "(its defaults)"
        echo(f"{chapter}: {shown}")
    total, work = 0.0, 0
    for chapter, epochs, hours in estimate(steps, directory):
        work += epochs
        if epochs:
            echo(f"  {chapter}: {epochs:,} network-epochs to train, about "
                 + (f"{hours:.1f} h here" if hours is not None else "? h (no stored run to measure speed)"))
            total = None if hours is None or total is None else total + hours
    if work and total is not None:
        echo(f"estimated paper-1 training time on this machine: {total:.1f} h (stored conditions are skipped)")
    if dry_run:
        return []
    written = []
    out = results.results_dir(directory) / "chapters"
    for i, (chapter, parameters) in enumerate(steps, 1):
        echo(f"[{i}/{len(steps)}] {chapter}")
        written.append(chapters.run_chapter(chapter, out / f"{chapter}-{protocol}.ipynb", parameters,
                                            progress=True))
    return written
