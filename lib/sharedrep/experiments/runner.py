"""Paper 1's experiments: train a condition's networks, analyse them, store the result.

A :class:`Condition` is one cell of the paper's design (framework x depth x pairing) with
its protocol (seeds, epochs, snapshots, classifier epochs). :func:`run_condition` trains
one network per seed (dataset seed = network seed) as one batched computation, then for
every snapshot epoch and every encoding layer records the count tables of the three
information analyses on the 1,500 test rows, and (if ``classifier_epochs > 0``) the
shared-representation accuracies of the encoder at every snapshot epoch. :func:`load_or_run` stores the
arrays under ``results/paper1/`` keyed by the condition's training protocol (its snapshots and
classifiers are the run's extent, :mod:`~sharedrep.experiments.extent`: one stored run per
condition serves every page), and resumes an interrupted training from its checkpoint.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path

import numpy as np

from .. import results
from .. import seeds as seeding
from ..conditions import ConditionKey
from ..constants import FRAMEWORKS, PAIRINGS
from ..data import AUDIO_RECIPES, bimodal_dataset
from ..tables import markdown_table
from ..validation import Bool, Choice, Float, Int, ListOf, one_of
from . import extent
from .analysis import layer_counts

RESULT_KIND = "paper1"


@dataclass(frozen=True)
class Condition:
    """One experimental condition and its protocol.

    framework : "mixed" (inputs concatenated) or "two_stage" (depth must be 4).
    depth : encoding layers, 1..4.
    pairing : "consistent" or "inconsistent" (the control).
    seeds : dataset-and-network seeds, one network each (paper: 10).
    epochs : training epochs (paper: 5,000).
    snapshot_epochs : extra epochs at which the encoder is analysed (0 = untrained);
        the final epoch is always analysed.
    classifier_epochs : epochs of shared-representation learning (0 = skip; authors: 1,000).
    snapshot_responses : keep the last encoding layer's responses to the test rows at every
        snapshot (``responses_snapshots``, float16: 192 kB per network and snapshot of 64 cells),
        for analyses that need responses rather than count tables (the significance rule).
    n_bins : response bins of the information analysis (paper: 10).
    images_per_digit : training images per digit (paper: 500).
    adadelta_epsilon : Adadelta's epsilon, of the autoencoders and the classifiers (the
        authors' Keras 2.0.9: 1e-8; Keras >= 2.1.3 and the book's first runs: 1e-7).
    audio_recipe : how spectrograms are scaled (:data:`sharedrep.data.AUDIO_RECIPES`):
        "authors" (8-bit before resizing, then divided by the maximum over all of them) or
        "float" (each on its own in [0, 1], no 8-bit step: the book's first runs).
    seed_scheme : how each network's seeds derive from its seed (:data:`sharedrep.seeds.SCHEMES`):
        "spawned" (independent streams) or "offset" (the book's first runs).
    """

    framework: str = "mixed"
    depth: int = 4
    pairing: str = "consistent"
    seeds: tuple = (0,)
    epochs: int = 10
    snapshot_epochs: tuple = ()
    classifier_epochs: int = 0
    snapshot_responses: bool = False
    n_bins: int = 10
    images_per_digit: int = 500
    adadelta_epsilon: float = 1e-8
    audio_recipe: str = "authors"
    seed_scheme: str = "spawned"

    def __post_init__(self):
        Choice(FRAMEWORKS).check("framework", self.framework)
        Choice(PAIRINGS).check("pairing", self.pairing)
        object.__setattr__(self, "depth", Int(1, 4).check("depth", self.depth))
        if self.framework == "two_stage" and self.depth != 4:
            raise ValueError("the two-stage framework has depth 4 (its shared layer is layer 4)")
        object.__setattr__(self, "seeds", ListOf(Int(0)).check("seeds (distinct)", np.atleast_1d(self.seeds).tolist()))
        for name, constraint in (("epochs", Int(0)), ("classifier_epochs", Int(0)), ("n_bins", Int(2)),
                                 ("images_per_digit", Int(1, 5421))):
            object.__setattr__(self, name, constraint.check(name, getattr(self, name)))
        object.__setattr__(self, "adadelta_epsilon",
                           Float(0, 1, closed="neither").check("adadelta_epsilon", self.adadelta_epsilon))
        Choice(tuple(AUDIO_RECIPES)).check("audio_recipe", self.audio_recipe)
        Choice(seeding.SCHEMES).check("seed_scheme", self.seed_scheme)
        object.__setattr__(self, "snapshot_responses", Bool().check("snapshot_responses", self.snapshot_responses))
        snaps = tuple(sorted({int(e) for e in self.snapshot_epochs} | {int(self.epochs)}))
        if snaps[0] < 0 or snaps[-1] > self.epochs:
            raise ValueError(f"snapshot_epochs={self.snapshot_epochs!r}: must lie in 0..epochs={self.epochs}")
        object.__setattr__(self, "snapshot_epochs", snaps)

    @property
    def key(self) -> ConditionKey:
        """The condition's key (framework, depth, pairing): the key of every table of runs."""
        return ConditionKey(self.framework, int(self.depth), self.pairing)

    @property
    def label(self) -> str:
        """Short display name, e.g. ``mixed-4-consistent``."""
        return self.key.label

    def parameters(self) -> dict:
        """The condition as plain values."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def training_parameters(self) -> dict:
        """What decides the trained networks (the results-store key): every field but the
        extent (snapshot and classifier epochs)."""
        return {k: v for k, v in self.parameters().items() if k not in extent.EXTENT_FIELDS}

    def training_key(self) -> str:
        """The results-store key of the condition's networks."""
        return results.result_key(RESULT_KIND, self.training_parameters())

    def with_extent(self, snapshot_epochs=None, classifier_epochs=None, snapshot_responses=None) -> Condition:
        """The same networks with other snapshots, classifier epochs and/or responses kept."""
        return replace(self, snapshot_epochs=self.snapshot_epochs if snapshot_epochs is None else snapshot_epochs,
                       classifier_epochs=self.classifier_epochs if classifier_epochs is None else classifier_epochs,
                       snapshot_responses=(self.snapshot_responses if snapshot_responses is None
                                           else snapshot_responses))


def run_condition(condition: Condition, checkpoint: str | Path | None = None,
                  verbose: bool = False) -> dict[str, np.ndarray]:
    """Train and analyse one condition; returns the arrays to store.

    Returns
    -------
    counts_layer<k> : int32 ``[seeds, snapshots, 3 analyses, 10 digits, n_bins, units]``
        count tables of encoding layer k (1..depth) at each snapshot epoch.
    snapshot_epochs : int ``[snapshots]``.
    losses : float32 ``[seeds, epochs]`` mean training loss per epoch.
    responses_last : float16 ``[seeds, 1500, units]`` the last encoding layer's
        responses to the test rows after training (for the activation heatmaps).
    responses_snapshots : float16 ``[seeds, snapshots, 1500, units]`` the same at every
        snapshot epoch (only when ``snapshot_responses``).
    test_digits, test_block : ``[1500]`` digit and block ("image"/"audio"/"both") of each test row.
    accuracy : float32 ``[seeds, snapshots, 2 trained on (image, audio), 2 tested on (image, audio)]``
        fraction correct of a fresh classifier on the frozen encoder at each snapshot epoch
        (only when ``classifier_epochs > 0``).
    train_seconds : float ``[]`` wall time of the training in this call.
    resumed_from : int ``[]`` the epoch the training resumed from (0: not resumed).
    earlier_train_seconds : float ``[]`` training wall time of the epochs before
        ``resumed_from``, recorded in the checkpoint (NaN when it did not record it).
    """
    from ..models import encode

    trained, datasets, arch = train_condition(condition, checkpoint, verbose)
    arrays = {"snapshot_epochs": np.array(condition.snapshot_epochs),
              "losses": np.asarray(trained.losses, dtype=np.float32).T,
              "train_seconds": np.array(trained.seconds),
              "resumed_from": np.array(trained.resumed_from),
              "earlier_train_seconds": np.array(np.nan if trained.earlier_seconds is None
                                                else trained.earlier_seconds)}
    for layer in range(1, arch.depth + 1):
        per_seed = []
        for n, dataset in enumerate(datasets):
            test = dataset.test
            per_seed.append([layer_counts(encode(trained.network(n, e), test.x_image, test.x_audio, layer, arch),
                                          test, n_bins=condition.n_bins) for e in condition.snapshot_epochs])
        arrays[f"counts_layer{layer}"] = np.asarray(per_seed, dtype=np.int32)
    arrays["responses_last"] = np.stack([
        encode(trained.network(n), d.test.x_image, d.test.x_audio, arch.depth, arch)
        for n, d in enumerate(datasets)]).astype(np.float16)
    if condition.snapshot_responses:
        arrays["responses_snapshots"] = np.stack([
            [encode(trained.network(n, e), d.test.x_image, d.test.x_audio, arch.depth, arch)
             for e in condition.snapshot_epochs] for n, d in enumerate(datasets)]).astype(np.float16)
    arrays["test_digits"] = datasets[0].test.digit_image
    arrays["test_block"] = datasets[0].test.block
    if condition.classifier_epochs:
        arrays["accuracy"] = _shared_representation(condition, arch, trained, datasets, verbose)
    return arrays


def train_condition(condition: Condition, checkpoint: str | Path | None = None, verbose: bool = False) -> tuple:
    """(the :class:`~sharedrep.models.trainer.TrainResult` of ``condition``'s networks, their
    datasets (one per network), the architecture): the training every analysis of the
    condition starts from; each network from its own seeds, so the same condition always
    trains the same networks (bit for bit on the same machine and libraries)."""
    from ..models import Adadelta, architecture, train

    network_seeds = [seeding.network_seeds(s, condition.seed_scheme) for s in condition.seeds]
    datasets = [bimodal_dataset(condition.pairing, seed=ns.dataset, images_per_digit=condition.images_per_digit,
                                **AUDIO_RECIPES[condition.audio_recipe]) for ns in network_seeds]
    arch = architecture(condition.framework, condition.depth)
    trained = train(arch, [d.train for d in datasets], seeds=[ns.weights for ns in network_seeds],
                    order_seeds=[ns.batch_order for ns in network_seeds], epochs=condition.epochs,
                    snapshot_epochs=condition.snapshot_epochs, checkpoint=checkpoint,
                    optimizer=Adadelta(epsilon=condition.adadelta_epsilon), verbose=verbose)
    return trained, datasets, arch


def _shared_representation(condition, arch, trained, datasets, verbose: bool = False) -> np.ndarray:
    """Accuracy ``[networks, snapshots, 2 trained on (image, audio), 2 tested on (image, audio)]``
    of fresh classifiers on the frozen encoder of every snapshot epoch. All of them (networks x
    training modalities x snapshots) train together in one batched call; the classifier of
    network ``n``'s snapshot ``k`` has seed ``sharedrep.seeds.classifier_seeds(seeds[n], ...)[k]``
    whichever modality it learns from."""
    from ..models import Adadelta, shared_representation_scores

    epochs = condition.snapshot_epochs
    groups = []
    for n, (seed, dataset) in enumerate(zip(condition.seeds, datasets)):
        encoders = [trained.network(n, e) for e in epochs]
        stacked = {k: np.stack([w[k] for w in encoders]) for k in encoders[0]}
        groups.append((stacked, dataset.train, dataset.test,
                       seeding.classifier_seeds(seed, len(epochs), condition.seed_scheme)))
    scores = shared_representation_scores(groups, arch=arch, epochs=condition.classifier_epochs, verbose=verbose,
                                          optimizer=Adadelta(epsilon=condition.adadelta_epsilon))
    return np.stack(scores).astype(np.float32)


def pending(condition: Condition, directory=None, extend: bool = False):
    """The :class:`~sharedrep.sweep.Unit` that computes what ``condition`` asks for, or None
    when a stored run serves it.

    The run of the same training protocol serves ``condition`` when its snapshots and
    classifiers cover it (:mod:`~sharedrep.experiments.extent`); a request for classifiers of
    another length is served by a stored variant. Otherwise, when a run of the same networks
    is stored, :class:`~sharedrep.experiments.extent.ExtensionNeeded` says what computing the
    request costs, unless ``extend``: then the unit computes the union (or the variant).
    The unit checkpoints its training to ``results/checkpoints/<digest>.npz`` every 100
    epochs, so an interrupted run resumes.
    """
    target = condition
    parameters, stored = _stored_for(condition, directory)
    if stored is not None and extent.covers(stored["extent"], condition):
        return None
    if stored is not None:
        if not extend:
            raise extent.ExtensionNeeded(extent.explain(stored, condition))
        if not extent.is_variant(stored["extent"], condition):
            target = extent.union(condition, stored["extent"])
    return unit_of(target, directory, parameters)


def unit_of(condition: Condition, directory=None, parameters: dict | None = None):
    """The :class:`~sharedrep.sweep.Unit` that trains and analyses ``condition`` from scratch,
    stored under ``parameters`` (default: its training protocol's), checkpointing in
    ``directory``'s ``checkpoints/`` folder."""
    from ..sweep import Unit

    digest = results.parameters_digest(condition.parameters(), kind=RESULT_KIND)
    checkpoint = results.results_dir(directory) / "checkpoints" / f"{digest}.npz"
    return Unit(RESULT_KIND, condition.label, condition.training_parameters() if parameters is None else parameters,
                partial(_compute, condition, str(checkpoint)), extent=extent.extent_of(condition),
                checkpoint=str(checkpoint))


def _stored_for(condition: Condition, directory) -> tuple:
    """(the parameters a run for ``condition`` is stored under, the provenance of the stored run
    of its networks or None): the training protocol's, or its variant's when the stored run is
    a variant of it (:func:`~sharedrep.experiments.extent.is_variant`)."""
    parameters = condition.training_parameters()
    stored = results.find(RESULT_KIND, parameters, directory)       # provenance only
    if stored is not None and extent.is_variant(stored["extent"], condition):
        parameters = extent.variant_parameters(condition)
        stored = results.find(RESULT_KIND, parameters, directory) or stored
    return parameters, stored


def _compute(condition: Condition, checkpoint: str, verbose: bool) -> dict:
    """:func:`run_condition` checkpointing to ``checkpoint`` (its folder made here: on a worker
    that does not share the results folder, it is that worker's own)."""
    Path(checkpoint).parent.mkdir(parents=True, exist_ok=True)
    return run_condition(condition, checkpoint, verbose)


def load_or_run(condition: Condition, verbose: bool = False, directory=None, store: bool = True,
                extend: bool = False) -> results.StoredResult:
    """The stored run of ``condition``'s networks cut to what it asks for, or run and store it
    (which run serves it, and what is computed otherwise: :func:`pending`); the checkpoint is
    removed once the result is stored."""
    from .. import sweep

    unit = pending(condition, directory, extend)
    if unit is None:
        parameters = _stored_for(condition, directory)[0]
        return extent.serve(results.load(RESULT_KIND, parameters, directory), condition)
    computed = sweep.compute(unit, verbose)
    run = (sweep.store(computed, directory) if store else
           results.unstored(unit.kind, unit.parameters, computed.arrays, computed.wall_time_s, computed.code,
                            unit.extent))
    return extent.serve(run, condition)


# --- a condition's networks in groups (independent units for a cluster) ---------------

#: the arrays of a paper-1 run with one entry per network (axis 0), joined when groups merge
PER_NETWORK = ("losses", "responses_last", "accuracy", "responses_snapshots")


def network_groups(condition: Condition, networks_per_unit: int) -> list[Condition]:
    """``condition``'s networks in groups of ``networks_per_unit`` seeds (in order; the last
    group may be smaller), each a condition of its own with the same protocol and extent. A
    network's data, weights, batch order and classifiers depend on its own seed only, so a
    group trains exactly the networks it would train inside the condition (the batched
    trainer and classifiers compute every network as if alone); :func:`merge_groups` joins
    the groups' stored runs into the condition's."""
    size = Int(1).check("networks_per_unit", networks_per_unit)
    seeds = list(condition.seeds)
    return [replace(condition, seeds=tuple(seeds[i:i + size])) for i in range(0, len(seeds), size)]


def merge_groups(condition: Condition, runs: list) -> dict:
    """The arrays of ``condition``'s run from the stored runs of its :func:`network_groups`
    (in order): per-network arrays (``counts_layer<k>`` and :data:`PER_NETWORK`) joined along
    the network axis, training seconds added; the groups must have the same snapshot epochs
    and test rows."""
    seeds = [run.provenance["parameters"]["seeds"] for run in runs]
    if [s for group in seeds for s in group] != list(condition.seeds):
        raise ValueError(f"the groups' seeds {seeds} are not the condition's {list(condition.seeds)} in order")
    wanted = results.canonical(extent.extent_of(condition))
    if any(results.canonical(run.provenance.get("extent")) != wanted for run in runs):
        raise ValueError(f"the groups' snapshots and classifiers differ from the condition's ({wanted})")
    first = runs[0].arrays
    for run in runs[1:]:
        for name in ("snapshot_epochs", "test_digits", "test_block"):
            if not np.array_equal(run.arrays[name], first[name]):
                raise ValueError(f"the groups differ in {name}: they are not parts of one condition")
    joined = [name for name in first if name.startswith("counts_layer") or name in PER_NETWORK]
    arrays = {name: np.concatenate([run.arrays[name] for run in runs]) for name in joined}
    arrays.update(snapshot_epochs=first["snapshot_epochs"], test_digits=first["test_digits"],
                  test_block=first["test_block"],
                  train_seconds=np.array(sum(float(run.arrays["train_seconds"]) for run in runs)),
                  resumed_from=np.array(max(int(run.arrays["resumed_from"]) for run in runs)),
                  earlier_train_seconds=np.array(np.nansum([float(run.arrays["earlier_train_seconds"])
                                                            for run in runs])))
    return arrays


def store_merged(condition: Condition, directory=None) -> results.StoredResult | None:
    """Store ``condition``'s run merged from its groups' stored runs (``networks_per_unit``
    as split by :func:`network_groups` with the size of the first stored group), unless it
    is stored already; None while a group is missing."""
    stored = results.find(RESULT_KIND, condition.training_parameters(), directory)
    if stored is not None:
        return results.load(RESULT_KIND, condition.training_parameters(), directory)
    for size in range(1, len(condition.seeds)):
        groups = network_groups(condition, size)
        found = [results.load(RESULT_KIND, g.training_parameters(), directory) for g in groups]
        if all(run is not None for run in found):
            wall = sum(run.provenance["wall_time_s"] for run in found)
            return results.save(RESULT_KIND, condition.training_parameters(), merge_groups(condition, found), wall,
                                directory, code=found[0].provenance["code"], extent=extent.extent_of(condition))
    return None


def stored_grid(conditions, directory=None) -> dict | None:
    """``{ConditionKey: StoredResult}`` of ``conditions`` when the store serves every one of
    them, else None: never trains (for a comparison a page shows only when it is stored)."""
    grid = {}
    for condition in conditions:
        try:
            if pending(condition, directory) is not None:
                return None
        except extent.ExtensionNeeded:
            return None
        grid[condition.key] = load_or_run(condition, directory=directory)
    return grid


def conditions_from(**grid) -> list[Condition]:
    """Every combination of the list-valued arguments, e.g.
    ``conditions_from(depth=[1, 2], pairing=["consistent", "inconsistent"], epochs=10)``."""
    import itertools

    lists = {k: v for k, v in grid.items() if isinstance(v, list)}
    fixed = {k: v for k, v in grid.items() if not isinstance(v, list)}
    return [Condition(**fixed, **dict(zip(lists, combo))) for combo in itertools.product(*lists.values())]


def paper1_design(depths=(1, 2, 3, 4), seeds=(0,), epochs: int = 10, two_stage: bool = True,
                  **protocol) -> list[Condition]:
    """The paper's conditions: mixed input at each depth, consistent and inconsistent
    training, plus (``two_stage``) the two-stage network with consistent training."""
    design = [Condition("mixed", d, p, tuple(seeds), epochs, **protocol) for d in depths for p in PAIRINGS]
    if two_stage:
        design.append(Condition("two_stage", 4, "consistent", tuple(seeds), epochs, **protocol))
    return design


def chapter_design(cfg, *, depths=None, classifier_epochs: int = 0) -> list[Condition]:
    """The conditions a paper-1 chapter shows, from its frozen parameters.

    ``cfg`` has ``DEPTHS``, ``N_SEEDS`` (seeds 0..N_SEEDS-1), ``EPOCHS``, ``SNAPSHOTS``,
    ``TWO_STAGE``, ``IMAGES_PER_DIGIT``, ``ADADELTA_EPSILON``, ``AUDIO_RECIPE`` and
    ``SEED_SCHEME`` (see :mod:`sharedrep.params`); ``depths``
    overrides ``cfg.DEPTHS``; ``classifier_epochs`` > 0 adds shared-representation learning
    at every snapshot (given explicitly, so that a chapter's ``CLASSIFIER_EPOCHS`` never
    changes its other runs). Snapshot epochs beyond ``EPOCHS`` are dropped, so a rerun with
    ``-p EPOCHS 50`` needs no new ``SNAPSHOTS``; the chapters that share these parameters
    share their stored runs.
    """
    snapshots = tuple(e for e in cfg.SNAPSHOTS if e <= cfg.EPOCHS)
    return paper1_design(cfg.DEPTHS if depths is None else depths, seeds=range(cfg.N_SEEDS), epochs=cfg.EPOCHS,
                         two_stage=cfg.TWO_STAGE, images_per_digit=cfg.IMAGES_PER_DIGIT,
                         snapshot_epochs=snapshots, classifier_epochs=classifier_epochs,
                         adadelta_epsilon=cfg.ADADELTA_EPSILON, audio_recipe=cfg.AUDIO_RECIPE,
                         seed_scheme=cfg.SEED_SCHEME)


def long_design(cfg) -> list[Condition]:
    """The development chapter's longer training (beyond the book's protocol): the depth-4
    mixed-input encoder after consistent and inconsistent training, ``cfg.N_SEEDS`` networks
    each, trained for ``cfg.LONG_EPOCHS`` epochs and analysed at ``cfg.LONG_SNAPSHOTS`` and
    ``cfg.SNAPSHOTS`` (so its first epochs are the book's runs' epochs), without classifiers, keeping
    the last layer's responses at every snapshot (for the significance rule against epochs).
    Empty when ``LONG_EPOCHS`` does not exceed ``EPOCHS`` or depth 4 is not shown."""
    if cfg.LONG_EPOCHS <= cfg.EPOCHS or 4 not in cfg.DEPTHS:
        return []
    snapshots = tuple(sorted({e for e in cfg.SNAPSHOTS if e <= cfg.EPOCHS} | {cfg.EPOCHS}
                             | {e for e in cfg.LONG_SNAPSHOTS if e < cfg.LONG_EPOCHS}))
    return [Condition("mixed", 4, pairing, tuple(range(cfg.N_SEEDS)), cfg.LONG_EPOCHS, snapshot_epochs=snapshots,
                      snapshot_responses=True,
                      images_per_digit=cfg.IMAGES_PER_DIGIT, adadelta_epsilon=cfg.ADADELTA_EPSILON,
                      audio_recipe=cfg.AUDIO_RECIPE, seed_scheme=cfg.SEED_SCHEME) for pairing in PAIRINGS]


def transfer_design(cfg) -> list[Condition]:
    """The runs behind cross-modal accuracy during training (the development chapter): the
    deepest mixed-input encoder after consistent and after inconsistent training, and the
    two-stage network if ``cfg.TWO_STAGE``, each with fresh classifiers
    (``cfg.CLASSIFIER_EPOCHS`` epochs) at every snapshot. Empty when ``CLASSIFIER_EPOCHS`` is 0.
    With the shared-representation chapter's parameters these are that chapter's runs."""
    if not cfg.CLASSIFIER_EPOCHS:
        return []
    return chapter_design(cfg, depths=[max(cfg.DEPTHS)], classifier_epochs=cfg.CLASSIFIER_EPOCHS)


def run_grid(conditions, verbose: bool = False, directory=None, extend: bool = False) -> dict:
    """``{ConditionKey: StoredResult}``, each loaded when stored, else run and stored."""
    return {c.key: load_or_run(c, verbose=verbose, directory=directory, extend=extend) for c in conditions}


#: the paper-1 chapters and the groups of runs each shows (see :func:`chapter_runs`)
PAPER1_CHAPTERS = ("paper1_information", "paper1_celltypes", "paper1_development", "paper1_shared", "paper1_authors")


def chapter_runs(chapter: str, cfg) -> dict[str, list[Condition]]:
    """The runs a paper-1 chapter shows, by group, from its frozen parameters: ``"runs"``
    (every condition) and, for the development chapter, ``"transfer"`` (:func:`transfer_design`,
    a part of the same runs). The chapters and ``sharedrep reproduce`` both take their runs
    from here.

    Every paper-1 chapter asks for the same runs: each condition with the classifiers of the
    shared-representation page (``CLASSIFIER_EPOCHS``) at every saved epoch, the union of
    what the pages show. So whichever chapter computes a condition first, its stored run
    serves the others, and no network is trained twice.
    """
    one_of("chapter", chapter, PAPER1_CHAPTERS)
    groups = {"runs": chapter_design(cfg, classifier_epochs=cfg.CLASSIFIER_EPOCHS)}
    if chapter == "paper1_development":
        groups["transfer"] = transfer_design(cfg)
        groups["long"] = long_design(cfg)
    return groups


def training_time(run) -> tuple[float, int]:
    """(wall seconds, from epoch) of a stored run's training: the whole training when known
    (from epoch 0, including the part before a resume), else only the part after the resume
    (seconds, ``resumed_from``). Runs stored before resumes were recorded count as whole."""
    seconds = float(run.arrays["train_seconds"])
    resumed = int(run.arrays["resumed_from"]) if "resumed_from" in run.arrays else 0
    earlier = float(run.arrays["earlier_train_seconds"]) if resumed else 0.0
    return (seconds + earlier, 0) if np.isfinite(earlier) else (seconds, resumed)


def computing_seconds(run) -> float:
    """A stored run's whole computing time (seconds): its training (:func:`training_time`, the
    part before a resume included when recorded) and the analyses after it."""
    time_s, _ = training_time(run)
    return time_s + run.provenance["wall_time_s"] - float(run.arrays["train_seconds"])


def seconds_per_network_epoch(runs: dict) -> float:
    """Measured training wall time per network and epoch over ``runs`` (training seconds
    summed, divided by the summed networks x epochs they cover); includes compilation, so an
    upper bound. A resumed run whose earlier part was not timed counts only its later epochs."""
    seconds = work = 0
    for run in runs.values():
        p = run.provenance["parameters"]
        time_s, start = training_time(run)
        seconds += time_s
        work += len(p["seeds"]) * (p["epochs"] - start)
    if work == 0:
        raise ValueError("the runs trained for 0 epochs: no training time to measure")
    return seconds / work


def describe_runs(runs: dict) -> str:
    """A markdown table saying, per condition, its networks and epochs, the run's key, whether
    the page shows a stored run (and when it was stored) or one computed during this build,
    and its computing time."""
    rows = []
    for label, run in runs.items():
        p = run.provenance
        source = f"stored {p['date'][:10]}" if run.loaded else "computed now"
        start = training_time(run)[1]
        spent = f"{computing_seconds(run):.0f} s" + (f" (from epoch {start}: resumed from a checkpoint that did not "
                                              f"record the earlier time)" if start else "")
        rows.append([label, f"{len(p['parameters']['seeds'])} × {p['parameters']['epochs']:,}", f"`{p['key']}`",
                     source, spent])
    return markdown_table(["condition", "networks × epochs", "run", "loaded (stored on) or computed",
                           "computing time"], rows)
