"""Paper 1's analysis, exactly as the book runs it on its own networks, applied to the
authors' published networks (:mod:`sharedrep.authors`).

What is stored (results kind ``"authors_p1"``) is what the book computes from the weight
files, never the files: the count tables of each network's last encoding layer on this
book's test split and the accuracies of paper 1's shared-representation learning on each
trained network's encoder, with the files' names and sha256 in the run's parameters (so a
changed file is a different run).
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import authors, sweep
from .. import seeds as seeding
from ..constants import MODALITIES
from ..data import AUDIO_RECIPES, bimodal_dataset
from ..data.sources import registry
from ..models.autoencoder import encode
from ..models.classifier import shared_representation_scores
from ..validation import Int, one_of
from .analysis import information, layer_counts

RESULT_KIND = "authors_p1"


def chapter_unit(cfg) -> sweep.Unit:
    """The analysis the authors' page shows (the chapter and ``sharedrep reproduce`` both take
    it from here): the authors' audio recipe, whatever the chapter's runs use, because it is
    the one their networks were trained on; the chapter's classifier epochs and networks per
    condition (one classifier seed per network of the book's own runs)."""
    return analysis_unit("authors", classifier_epochs=cfg.CLASSIFIER_EPOCHS, classifiers=cfg.N_SEEDS)


def analysis_unit(audio_recipe: str = "authors", seed: int = 0, n_bins: int = 10, classifier_epochs: int = 1000,
                  classifiers: int = 5) -> sweep.Unit:
    """The count tables of every published network (:data:`sharedrep.authors.NETWORKS`, in
    that order) untrained and trained (:data:`sharedrep.authors.EPOCHS`), and paper 1's
    shared-representation learning on each trained encoder, as a unit of work.

    audio_recipe : how the spectrograms are made (``AUDIO_RECIPES``; the authors' by default,
        the one their networks were trained on); seed : the dataset seed and the root of the
        classifiers' seeds; n_bins : response bins of the information measure;
        classifier_epochs : epochs of each classifier (0: none); classifiers : fresh classifiers
        (seeds) per network and trained-on modality.
    """
    one_of("audio_recipe", audio_recipe, AUDIO_RECIPES)
    seed, n_bins = Int(0).check("seed", seed), Int(2, 100).check("n_bins", n_bins)
    classifier_epochs = Int(0, 100_000).check("classifier_epochs", classifier_epochs)
    classifiers = Int(1, 100).check("classifiers", classifiers)
    known = registry("authors-p1")
    files = {authors.file_name(key, epoch): known[authors.file_name(key, epoch)]
             for key in authors.NETWORKS for epoch in authors.EPOCHS}
    parameters = {"files": files, "audio_recipe": audio_recipe, "seed": seed, "n_bins": n_bins,
                  "classifier_epochs": classifier_epochs, "classifiers": classifiers}
    return sweep.Unit(RESULT_KIND, "the authors' networks", parameters,
                      partial(_analyse, audio_recipe, seed, n_bins, classifier_epochs, classifiers))


def _analyse(audio_recipe: str, seed: int, n_bins: int, classifier_epochs: int, classifiers: int,
             verbose: bool) -> dict:
    """``counts``: int ``[networks, epochs, 3 analyses, 10 digits, n_bins, 64 cells]``;
    ``shared_accuracy``: ``[networks, classifiers, 2 trained on, 2 tested on]`` of the trained
    encoders (image, audio order; absent when ``classifier_epochs`` is 0)."""
    datasets = {p: bimodal_dataset(p, seed=seed, **AUDIO_RECIPES[audio_recipe]) for p in ("consistent", "inconsistent")}
    test = datasets["consistent"].test
    counts = np.zeros((len(authors.NETWORKS), len(authors.EPOCHS), 3, 10, n_bins, 64), np.int32)
    groups = []
    for i, key in enumerate(authors.NETWORKS):
        for j, epoch in enumerate(authors.EPOCHS):
            arch, weights = authors.load(key, epoch)
            responses = encode(weights, test.x_image, test.x_audio, arch.depth, arch)
            counts[i, j] = layer_counts(responses, test, n_bins=n_bins)
        # the trained encoder, once per classifier seed (all classifiers train in one batched call)
        groups.append(({k: np.repeat(v[None], classifiers, axis=0) for k, v in weights.items()},
                       datasets[key.pairing].train, test,
                       [seeding.child(seed, "classifier", i, c) for c in range(classifiers)]))
        if verbose:
            print(f"[the authors' networks] {key.label}: analysed", flush=True)
    out = {"counts": counts, "epochs": np.asarray(authors.EPOCHS)}
    if classifier_epochs:
        scores = shared_representation_scores(groups, MODALITIES, epochs=classifier_epochs, verbose=verbose)
        out["shared_accuracy"] = np.stack(scores)       # [networks, classifiers, trained on, tested on]
    return out


def bits_of(run, terms: str = "positive") -> dict:
    """``{(ConditionKey, epoch): bits [3 analyses, 10 digits, 64 cells]}`` of a stored run."""
    bits = information(np.asarray(run.arrays["counts"]), terms=terms)
    return {(key, int(epoch)): bits[i, j] for i, key in enumerate(authors.NETWORKS)
            for j, epoch in enumerate(run.arrays["epochs"])}
