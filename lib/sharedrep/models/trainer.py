"""Train one or many bimodal autoencoders at once (fast, seeded, resumable).

``train(arch, data, seeds=[0, 1, ...], epochs=...)`` trains ``N = len(seeds)``
independent networks as one compiled computation per epoch
(:class:`~sharedrep.models.batched.BatchedAutoencoders`). Network ``n`` starts
from ``glorot_weights(arch, seeds[n])`` and visits the rows in the order
``batch_order(order_seeds[n], epoch)`` (a fresh permutation every epoch), so it
ends with the weights it would have if trained alone with that seed.

Protocol (the authors'): summed per-output binary cross-entropy (mean over the
784 values of each output, mean over the batch), Adadelta lr 1.0 / rho 0.95 /
eps of ``optimizer`` (the authors' Keras 2.0.9: 1e-8), batch 50, the last partial batch included.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import seeds as seeding
from ..validation import Choice, Int
from .adadelta import Adadelta
from .architecture import Architecture, architecture, check_seed, glorot_weights
from .autoencoder import check_inputs
from .checkpoint import data_digest, load_checkpoint, save_checkpoint
from .progress import Progress


@dataclass
class TrainResult:
    """Outcome of :func:`train` for ``N`` networks.

    weights : ``{name: [N, ...]}`` final weights (float32).
    losses : ``[epochs, N]`` mean training loss of every epoch (before each batch's update).
    snapshots : ``{epoch: {name: [N, ...]}}`` encoder weights after that many epochs.
    seconds : wall time of this call (excluding what a resumed checkpoint had done).
    resumed_from : the epoch this call started from (0 unless resumed from a checkpoint).
    earlier_seconds : training wall time the resumed checkpoint had recorded for its epochs
        (0.0 when not resumed; None when unknown: a checkpoint written before this was kept).
    epoch_seconds : ``[epochs run by this call]`` wall time of each epoch (the first
        includes compilation).
    epoch_cpu_seconds : the same in CPU time of all threads (robust to other load).
    """

    arch: Architecture
    seeds: tuple[int, ...]
    epochs: int
    weights: dict[str, np.ndarray]
    losses: np.ndarray
    snapshots: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    seconds: float = 0.0
    resumed_from: int = 0
    epoch_seconds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    epoch_cpu_seconds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    earlier_seconds: float | None = 0.0

    @property
    def total_seconds(self) -> float | None:
        """Training wall time of all the epochs, over every call (None if unknown)."""
        return None if self.earlier_seconds is None else self.seconds + self.earlier_seconds

    def network(self, n: int, epoch: int | None = None) -> dict[str, np.ndarray]:
        """Weights of network ``n`` (final, or the encoder snapshot at ``epoch``)."""
        source = self.weights if epoch is None else self.snapshots[epoch]
        return {k: v[n] for k, v in source.items()}


def batch_order(seed: int, epoch: int, rows: int) -> np.ndarray:
    """Row order of epoch ``epoch`` (0-based) for order seed ``seed``: int ``[rows]``.
    A pure function of its arguments, so an interrupted run replays it exactly."""
    return seeding.stream(seed, epoch).permutation(rows)


def _split_arrays(split, name: str):
    """``(x [rows, 1568], t [rows, 1568])`` from a BimodalSplit-like object or dict."""
    get = split.get if isinstance(split, dict) else lambda k: getattr(split, k, None)
    missing = [k for k in ("x_image", "x_audio", "t_image", "t_audio") if get(k) is None]
    if missing:
        raise ValueError(f"{name}: missing fields {missing} (need x_image, x_audio, t_image, t_audio)")
    x_image, x_audio = check_inputs(get("x_image"), get("x_audio"), name=f"{name}.x")
    t_image, t_audio = check_inputs(get("t_image"), get("t_audio"), name=f"{name}.t")
    if t_image.shape[0] != x_image.shape[0]:
        raise ValueError(f"{name}: inputs have {x_image.shape[0]} rows, targets {t_image.shape[0]}")
    for modality, t in (("image", t_image), ("audio", t_audio)):
        if t.min() < 0 or t.max() > 1:
            raise ValueError(f"{name}.t_{modality}: binary cross-entropy targets must lie in [0, 1], "
                             f"got range [{t.min():.3g}, {t.max():.3g}]")
    return np.concatenate([x_image, x_audio], 1), np.concatenate([t_image, t_audio], 1)


def training_arrays(data, n_networks: int) -> tuple[np.ndarray, np.ndarray]:
    """Stack one split (shared by all networks) or one split per network into
    ``x, t``: float32 ``[D, rows, 1568]`` with ``D`` = 1 or ``n_networks``."""
    splits = list(data) if isinstance(data, (list, tuple)) else [data]
    if len(splits) not in (1, n_networks):
        raise ValueError(f"data: give one split or one per network ({n_networks}), got {len(splits)}")
    pairs = [_split_arrays(s, f"data[{i}]") for i, s in enumerate(splits)]
    if len({p[0].shape for p in pairs}) != 1:
        raise ValueError(f"data: all splits need the same shape, got {sorted({p[0].shape for p in pairs})}")
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def _as_seeds(name: str, seeds) -> tuple[int, ...]:
    seeds = (seeds,) if isinstance(seeds, (int, np.integer)) else tuple(seeds)
    if not seeds:
        raise ValueError(f"{name}: need at least one seed")
    return tuple(check_seed(name, s) for s in seeds)


@dataclass
class _Run:
    """The state of one call of :func:`train` between its steps."""
    arch: Architecture
    seeds: tuple
    order_seeds: tuple
    epochs: int
    snapshot_epochs: tuple
    checkpoint: Path | None
    checkpoint_every: int
    shared: bool = False                   # all networks read the same rows in the same order
    encoder: list = field(default_factory=list)          # names of the encoder's weights
    fingerprint: dict = field(default_factory=dict)      # what a checkpoint must match
    weights: dict = field(default_factory=dict)          # {name: [N, ...]} to start from
    start: int = 0                         # first epoch to run (a resumed checkpoint's epoch)
    losses: list = field(default_factory=list)           # [epochs so far, N] blocks
    snapshots: dict = field(default_factory=dict)        # {epoch: encoder weights}
    earlier: float | None = 0.0            # training seconds the checkpoint recorded


def _checked(arch, seeds, order_seeds, epochs, batch_size, snapshot_epochs, checkpoint_every, layout,
             workers) -> tuple:
    """(arch, seeds, order_seeds) after checking every argument of :func:`train`."""
    arch = arch or architecture()
    if not isinstance(arch, Architecture):
        raise ValueError(f"arch: expected an Architecture (sharedrep.models.architecture()), got {type(arch).__name__}")
    seeds = _as_seeds("seeds", seeds)
    order_seeds = seeds if order_seeds is None else _as_seeds("order_seeds", order_seeds)
    if len(order_seeds) == 1 and len(seeds) > 1:
        order_seeds = order_seeds * len(seeds)
    if len(order_seeds) != len(seeds):
        raise ValueError(f"order_seeds: need {len(seeds)} seeds (one per network), got {len(order_seeds)}")
    Int(0).check("epochs", epochs)
    Int(1).check("batch_size", batch_size)
    Int(1).check("checkpoint_every", checkpoint_every)
    bad = [e for e in snapshot_epochs if not 0 <= e <= epochs]
    if bad:
        raise ValueError(f"snapshot_epochs: {bad} outside 0..epochs={epochs}")
    from .batched import LAYOUTS
    if layout is not None:
        Choice(LAYOUTS).check("layout", layout)
    Int(1).check("workers", workers)
    return arch, seeds, order_seeds


def _initial_state(run: _Run, x: np.ndarray, t: np.ndarray, batch_size: int, optimizer: Adadelta) -> dict | None:
    """Fill ``run`` with the weights to start from: a matching checkpoint's, else the
    Glorot draws of the seeds. Returns the checkpoint's optimiser state (None: fresh)."""
    run.encoder = [f"{spec.name}/{p}" for names in run.arch.encoding for spec in map(run.arch.layer, names)
                   for p in ("kernel", "bias")]
    run.fingerprint = {"arch": repr(run.arch), "seeds": list(run.seeds), "order_seeds": list(run.order_seeds),
                       "batch_size": int(batch_size), "optimizer": repr(optimizer), "data": data_digest(x, t)}
    state = load_checkpoint(run.checkpoint, run.fingerprint) if run.checkpoint is not None else None
    if state is not None and state["epoch"] > run.epochs:
        raise ValueError(f"epochs={run.epochs}: checkpoint {str(run.checkpoint)!r} is already at epoch "
                         f"{state['epoch']}")
    n = len(run.seeds)
    if state is None:
        inits = [glorot_weights(run.arch, s) for s in run.seeds]
        run.weights = {k: np.stack([w[k] for w in inits]) for k in inits[0]}
        run.losses = [np.zeros((0, n))]
        if 0 in run.snapshot_epochs:
            run.snapshots[0] = {k: run.weights[k].copy() for k in run.encoder}
        return None
    run.weights, run.start = state["weights"], state["epoch"]
    run.losses, run.snapshots, run.earlier = [state["losses"]], state["snapshots"], state["seconds"]
    return state["optimizer"]


def _run_epoch(run: _Run, model, epoch: int, rows: int, batch_size: int) -> np.ndarray:
    """One epoch of every network (its rows in the order of :func:`batch_order`): the mean
    loss ``[N]``; a NaN/inf loss is a ``FloatingPointError`` naming the epoch and networks."""
    n = len(run.seeds)
    steps, tail = divmod(rows, batch_size)
    order = np.stack([batch_order(s, epoch, rows) for s in (run.order_seeds[:1] if run.shared else run.order_seeds)])
    total = np.zeros(n)
    if steps:
        idx = order[:, :steps * batch_size].reshape(-1, steps, batch_size)
        total += model.run_steps(idx[0] if run.shared else idx) * batch_size
    if tail:
        idx = order[:, steps * batch_size:].reshape(-1, 1, tail)
        total += model.run_steps(idx[0] if run.shared else idx) * tail
    mean = total / rows
    if not np.isfinite(mean).all():
        bad = [i for i in range(n) if not np.isfinite(mean[i])]
        raise FloatingPointError(f"training loss became NaN/inf at epoch {epoch + 1} "
                                 f"(network(s) {bad}, seeds {[run.seeds[i] for i in bad]})")
    return mean


def _after_epoch(run: _Run, model, done: int, seconds_so_far: float) -> None:
    """Keep the encoder's snapshot after epoch ``done`` if asked, and write the checkpoint
    every ``checkpoint_every`` epochs and at the end."""
    if done in run.snapshot_epochs:
        current = model.weights()
        run.snapshots[done] = {k: current[k] for k in run.encoder}
    if run.checkpoint is not None and (done % run.checkpoint_every == 0 or done == run.epochs):
        save_checkpoint(run.checkpoint, epoch=done, fingerprint=run.fingerprint, weights=model.weights(),
                        optimizer_state=model.optimizer_state(), losses=np.concatenate(run.losses),
                        snapshots=run.snapshots, seconds=None if run.earlier is None else run.earlier + seconds_so_far)


def train(
    arch: Architecture | None,
    data,
    seeds: int | Sequence[int] = 0,
    epochs: int = 10,
    *,
    batch_size: int = 50,
    order_seeds: int | Sequence[int] | None = None,
    snapshot_epochs: Sequence[int] = (),
    checkpoint: str | Path | None = None,
    checkpoint_every: int = 100,
    layout: str | None = None,
    optimizer: Adadelta = Adadelta(),
    verbose: bool = False,
    progress_every: float = 10.0,
    workers: int = 1,
) -> TrainResult:
    """Train ``N = len(seeds)`` independent autoencoders together.

    Parameters
    ----------
    arch : the architecture (default: mixed input, depth 4).
    data : a training split (fields ``x_image, x_audio, t_image, t_audio``, float32
        ``[rows, 784]`` in [0, 1]) shared by all networks, or a list of N such
        splits of equal shape, one per network.
    seeds : initial-weight seed of each network (an int trains one network).
    epochs : total epochs (a resumed run continues up to this many).
    batch_size : rows per Adadelta step (50).
    order_seeds : batch-order seed of each network (default: ``seeds``). When all
        networks share the data and the order, the input layer runs as one wide
        matmul over all networks.
    snapshot_epochs : keep the encoder weights after these epochs (0 = initial).
    checkpoint : npz path; if it exists the run resumes from it, and it is
        rewritten every ``checkpoint_every`` epochs and at the end.
    layout : ``"stacked"`` or ``"sequential"`` (see :mod:`sharedrep.models.batched`);
        default (None): ``"stacked"`` when all networks share the data and the batch order
        (the input layer then runs as one wide matmul), else ``"sequential"``, which was as
        fast or faster at every depth here (depth 3, whose 784-unit decoder layers give each
        network ~17 MB of weights and optimiser state, 13 % faster than stacking five networks).
    optimizer : the Adadelta constants (its ``epsilon``: see :mod:`.adadelta`).
    verbose : print a progress line every ``progress_every`` seconds (stderr).
    workers : if > 1, split the networks into this many near-equal groups and train each
        group (by default one network after another, as above) in its own spawned
        single-threaded process (~5 s start-up each). On an idle 2-core machine
        ``workers=2`` keeps both cores busy without splitting small matmuls over two
        threads, which beats one two-threaded process (measured in ``benchmarks/train.py``).
        Results equal ``workers=1`` to float
        tolerance (each network's arithmetic is the same; only the layout differs).
        Checkpoints then go to ``<checkpoint stem>.group<k>of<workers>.npz`` (resume with
        the same ``workers``); ``epoch_seconds`` is the slowest group's epoch time.

    The steps: check the arguments; in worker processes if asked; else build the training
    arrays, start from a matching checkpoint or the seeds' initial weights
    (:func:`_initial_state`), run the epochs (:func:`_run_epoch`), keeping snapshots and
    checkpoints after each (:func:`_after_epoch`), and assemble the result.

    Raises ``FloatingPointError`` naming the epoch when a loss becomes NaN/inf.
    """
    arch, seeds, order_seeds = _checked(arch, seeds, order_seeds, epochs, batch_size, snapshot_epochs,
                                        checkpoint_every, layout, workers)
    n = len(seeds)
    if workers > 1 and n > 1:
        return _train_in_workers(arch, data, seeds, order_seeds, epochs, workers, dict(
            batch_size=batch_size, snapshot_epochs=tuple(snapshot_epochs), checkpoint=checkpoint,
            checkpoint_every=checkpoint_every, layout=layout, optimizer=optimizer, verbose=verbose,
            progress_every=progress_every))
    x, t = training_arrays(data, n)
    rows = x.shape[1]
    run = _Run(arch, seeds, order_seeds, epochs, tuple(snapshot_epochs), checkpoint, checkpoint_every,
               shared=n > 1 and x.shape[0] == 1 and len(set(order_seeds)) == 1)
    optimizer_state = _initial_state(run, x, t, batch_size, optimizer)
    model = _LazyProgram(arch, run.weights, x, t, optimizer, run.shared,
                         layout or ("stacked" if run.shared else "sequential"), optimizer_state)
    label = f"train seed{'s' if n > 1 else ''} {','.join(map(str, seeds))}" if n <= 3 else f"train {n} networks"
    progress = Progress(epochs, run.start, enabled=verbose, every=progress_every, label=label)
    begin = time.perf_counter()
    epoch_seconds, epoch_cpu = [], []
    for epoch in range(run.start, epochs):
        tick, cpu_tick = time.perf_counter(), time.process_time()
        mean = _run_epoch(run, model, epoch, rows, batch_size)
        run.losses.append(mean[None])
        epoch_seconds.append(time.perf_counter() - tick)
        epoch_cpu.append(time.process_time() - cpu_tick)
        _after_epoch(run, model, epoch + 1, time.perf_counter() - begin)
        progress.update(epoch + 1, mean)
    return TrainResult(arch, seeds, epochs, model.weights(), np.concatenate(run.losses),
                       dict(sorted(run.snapshots.items())), time.perf_counter() - begin, run.start,
                       np.array(epoch_seconds), np.array(epoch_cpu), run.earlier)


def _single_thread_worker() -> None:
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")   # before TensorFlow is imported
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def _train_group(args):
    arch, data, seeds, order_seeds, epochs, kwargs = args
    return train(arch, data, seeds, epochs, order_seeds=order_seeds, **kwargs)


def _train_in_workers(arch, data, seeds, order_seeds, epochs, workers, kwargs) -> TrainResult:
    """Split the networks into ``workers`` near-equal groups; train each group (stacked) in
    its own spawned single-threaded process; merge in the original network order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = len(seeds)
    per_network = isinstance(data, (list, tuple)) and len(data) == n
    groups = np.array_split(np.arange(n), min(workers, n))
    jobs = []
    for k, members in enumerate(groups):
        job_kwargs = dict(kwargs)
        if kwargs["checkpoint"] is not None:
            path = Path(kwargs["checkpoint"])
            job_kwargs["checkpoint"] = path.with_name(f"{path.stem}.group{k}of{len(groups)}{path.suffix or '.npz'}")
        if per_network:
            job_data = [data[i] for i in members]
        else:
            job_data = data[0] if isinstance(data, (list, tuple)) else data
        jobs.append((arch, job_data, [seeds[i] for i in members], [order_seeds[i] for i in members], epochs,
                     job_kwargs))
    begin = time.perf_counter()
    with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("spawn"),
                             initializer=_single_thread_worker) as pool:
        parts = list(pool.map(_train_group, jobs))

    def cat(dicts):
        return {k: np.concatenate([d[k] for d in dicts]) for k in dicts[0]}

    snapshots = {e: cat([p.snapshots[e] for p in parts]) for e in parts[0].snapshots}
    ran = {len(p.epoch_seconds) for p in parts}   # jobs resumed from different epochs: no common timing
    # the groups run side by side: an epoch takes as long as the slowest group
    seconds = np.max([p.epoch_seconds for p in parts], axis=0) if len(ran) == 1 else np.zeros(0)
    cpu = np.sum([p.epoch_cpu_seconds for p in parts], axis=0) if len(ran) == 1 else np.zeros(0)
    return TrainResult(arch, tuple(seeds), epochs, cat([p.weights for p in parts]),
                       np.concatenate([p.losses for p in parts], axis=1), snapshots,
                       time.perf_counter() - begin, min(p.resumed_from for p in parts), seconds, cpu,
                       _side_by_side([p.earlier_seconds for p in parts]))


def _side_by_side(earlier: list) -> float | None:
    """Earlier training time of groups that ran side by side: the longest (None if any is unknown)."""
    return None if any(e is None for e in earlier) else max(earlier)


class _LazyProgram:
    """Defers building the TensorFlow program until the first step (a run that is
    already complete in its checkpoint never imports TensorFlow)."""

    def __init__(self, *args):
        self._args, self._model = args, None
        self._weights = args[1]
        self._state = args[6]

    def _get(self):
        if self._model is None:
            from .batched import BatchedAutoencoders

            arch, weights, x, t, optimizer, shared, layout, state = self._args
            self._model = BatchedAutoencoders(arch, weights, x, t, optimizer, shared_batches=shared,
                                              layout=layout, state=state)
        return self._model

    def run_steps(self, indices):
        return self._get().run_steps(indices)

    def weights(self):
        return self._model.weights() if self._model else {k: v.copy() for k, v in self._weights.items()}

    def optimizer_state(self):
        return self._get().optimizer_state()
