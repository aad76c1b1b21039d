"""What a stored paper-1 run covers, and serving a request from a run that covers it.

A paper-1 run is stored under its *training protocol* (framework, depth, pairing, seeds,
epochs, bins, training images: what decides the networks) and records its *extent*: the
epochs at which its encoders were analysed (``snapshot_epochs``) and the epochs of the
cross-modal classifiers trained at each of them (``classifier_epochs``, 0 = none). The
same networks serve every page: a request is served by the stored run of its training
protocol when that run's extent covers it, i.e. the requested snapshots are among the
stored ones and the request wants no classifiers or the stored ones. The arrays are then
cut to the requested snapshots.

A stored run that does not cover a request is not silently retrained:
:class:`ExtensionNeeded` says what is stored, what is asked and what the extension costs;
``extend=True`` (a chapter's ``EXTEND`` parameter) computes the union of both and replaces
the stored run. A request for classifiers of another length than the stored run's cannot
be a union (a run holds one classifier setting): with ``extend=True`` it is computed and
stored beside it, as a *variant* keyed by the training protocol and its classifier epochs.
"""
from __future__ import annotations

import numpy as np

#: the Condition fields that make a run's extent (everything else is its training protocol)
EXTENT_FIELDS = ("snapshot_epochs", "classifier_epochs", "snapshot_responses")


class ExtensionNeeded(ValueError):
    """A stored run of the same networks exists but lacks snapshots or classifiers asked for."""


def extent_of(condition) -> dict:
    """``{"snapshot_epochs": [...], "classifier_epochs": int}`` of a condition, and
    ``"snapshot_responses": True`` when it keeps the last layer's responses at every snapshot
    (absent otherwise, as in the runs stored before the option existed)."""
    extent = {"snapshot_epochs": [int(e) for e in condition.snapshot_epochs],
              "classifier_epochs": int(condition.classifier_epochs)}
    if condition.snapshot_responses:
        extent["snapshot_responses"] = True
    return extent


def covers(extent: dict, condition) -> bool:
    """Whether a run of this ``extent`` holds everything ``condition`` asks for."""
    stored = set(extent["snapshot_epochs"])
    wanted = condition.classifier_epochs
    return (set(condition.snapshot_epochs) <= stored
            and (wanted == 0 or wanted == extent["classifier_epochs"])
            and (not condition.snapshot_responses or extent.get("snapshot_responses", False)))


def is_variant(extent: dict, condition) -> bool:
    """Whether ``condition`` asks for classifiers of another length than a run of ``extent``
    holds (then it is stored as a variant, not as a union)."""
    asked, stored = condition.classifier_epochs, extent["classifier_epochs"]
    return bool(asked and stored and asked != stored)


def variant_parameters(condition) -> dict:
    """The results-store parameters of a classifier variant: the training protocol and the
    classifier epochs."""
    return {**condition.training_parameters(), "classifier_epochs": int(condition.classifier_epochs)}


def union(condition, extent: dict):
    """The condition whose extent holds both ``condition``'s and ``extent``'s; ValueError when
    both want classifiers of different lengths (see :func:`is_variant`)."""
    asked, stored = condition.classifier_epochs, extent["classifier_epochs"]
    if is_variant(extent, condition):
        raise ValueError(f"classifiers of {stored} and {asked} epochs cannot be one run")
    snapshots = sorted(set(condition.snapshot_epochs) | set(extent["snapshot_epochs"]))
    return condition.with_extent(snapshot_epochs=tuple(snapshots), classifier_epochs=asked or stored,
                                 snapshot_responses=condition.snapshot_responses
                                 or extent.get("snapshot_responses", False))


def merged(conditions) -> list:
    """One condition per training protocol, with the union of the extents asked for (in the
    order first asked; a request for classifiers of another length becomes a variant of its
    own): what to compute so that one stored run per condition serves every request."""
    by_protocol = {}
    for condition in conditions:
        key = condition.training_key()
        if key in by_protocol and is_variant(extent_of(by_protocol[key]), condition):
            key = (key, condition.classifier_epochs)
        by_protocol[key] = (condition if key not in by_protocol
                            else union(by_protocol[key], extent_of(condition)))
    return list(by_protocol.values())


def serve(stored, condition):
    """``stored`` (a :class:`~sharedrep.results.StoredResult` covering ``condition``) cut to
    the condition's snapshots; classifier accuracies and the responses at every snapshot only
    when the condition asks for them."""
    from ..results import StoredResult

    epochs = [int(e) for e in stored.arrays["snapshot_epochs"]]
    index = np.array([epochs.index(int(e)) for e in condition.snapshot_epochs])
    arrays = {}
    for name, array in stored.arrays.items():
        if ((name == "accuracy" and not condition.classifier_epochs)
                or (name == "responses_snapshots" and not condition.snapshot_responses)):
            continue
        if name.startswith("counts_layer") or name in ("accuracy", "responses_snapshots"):
            array = array[:, index]
        elif name == "snapshot_epochs":
            array = array[index]
        arrays[name] = array
    return StoredResult(arrays, stored.provenance, loaded=stored.loaded, path=stored.path)


def explain(provenance: dict, condition) -> str:
    """The message of :class:`ExtensionNeeded`: what the stored run (``provenance``) holds, what
    is asked, the cost (at the stored run's own speed, its analyses included), how."""
    extent = provenance["extent"]
    work = len(condition.seeds) * condition.epochs
    done = len(provenance["parameters"]["seeds"]) * provenance["parameters"]["epochs"]
    cost = (f"about {work * provenance['wall_time_s'] / done / 3600:.1f} h on this machine"
            if done else "time not known")
    kept = ("yes" if extent.get("snapshot_responses") else "no")
    return (f"the stored run {provenance['key']} of {condition.label} (the same networks) has snapshots "
            f"{extent['snapshot_epochs']}, classifiers of {extent['classifier_epochs']} epochs and responses at "
            f"every snapshot: {kept}; asked for snapshots {list(condition.snapshot_epochs)}, classifiers of "
            f"{condition.classifier_epochs} epochs and responses at every snapshot: "
            f"{'yes' if condition.snapshot_responses else 'no'}. "
            f"Computing it retrains the {len(condition.seeds)} networks x {condition.epochs} epochs ({cost}; "
            f"the stored runs hold analyses, not weights): set the chapter's parameter EXTEND = True "
            f"(papermill: -p EXTEND True; Python: extend=True) to compute it and store it with the stored run, "
            f"or ask for what is stored.")
