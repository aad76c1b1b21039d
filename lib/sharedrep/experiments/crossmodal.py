"""Paper 2's test on paper 1's networks (issue 22): give an autoencoder one modality alone
and score what it rebuilds in the other with independent classifiers, as paper 2 scores
its DBN (its Tables 1-3: image from audio, audio from image).

The networks are paper 1's authors' published trained networks (:mod:`sharedrep.authors`:
mixed input at depth 1, 2 and 4, consistent and inconsistent pairing, and the two-stage
network), on this book's test split made with the authors' audio recipe (the one they were
trained on). The classifiers are paper 2's: for images, its independent classifier (a small
convolutional network trained on the MNIST training images, :func:`sharedrep.dbn.train_image_classifier`);
for spectrograms, its random forest (:func:`sharedrep.dbn.train_audio_classifier`) trained
on the book's training spectrograms, since paper 1's 14 x 56 spectrograms are not paper 2's
features. Stored (results kind ``"p1_crossmodal"``): what is computed from the weight files,
never the files.

:func:`book_unit` runs the same test on the book's own networks of a paper-1 condition
(results kind ``"p1_crossmodal_book"``): the stored run keeps analyses, not weights, so the
unit trains the condition's networks again (the trainer is deterministic: it checks that
their count tables at the last epoch equal the stored run's, ``same_as_stored``) and tests
each on its own test split, with an audio classifier trained on that network's own training
spectrograms (no test row of a network is in its classifier's training rows).

Arrays: ``error`` float64 ``[networks, 2 targets, 2 sources]`` percent of test rows whose
rebuilt target is classified as another digit, sources presented alone (image, audio order:
``error[:, 0, 1]`` is the image rebuilt from the sound); ``by_digit`` float64 ``[networks,
2, 2, 10]`` the same per digit; ``classifier_accuracy`` float64 ``[2]`` of the image and the
spectrogram classifier on the real test inputs; ``init_correlation`` float64 ``[networks]``:
the mean over encoding layers of the correlation between the weights of the authors'
untrained file and their trained one (near 0: the untrained file is not the trained
network's initial state).
"""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import authors, sweep
from .. import seeds as seeding
from ..constants import MODALITIES
from ..data import AUDIO_RECIPES, bimodal_dataset
from ..data.sources import registry
from ..dbn import image_classifier, train_audio_classifier
from ..models.autoencoder import forward
from ..validation import Int, one_of

RESULT_KIND = "p1_crossmodal"


def crossmodal_unit(audio_recipe: str = "authors", seed: int = 0) -> sweep.Unit:
    """The test for every trained network the authors published, as a unit of work."""
    one_of("audio_recipe", audio_recipe, AUDIO_RECIPES)
    seed = Int(0).check("seed", seed)
    known = registry("authors-p1")
    files = {authors.file_name(key, epoch): known[authors.file_name(key, epoch)]
             for key in authors.NETWORKS for epoch in authors.EPOCHS}
    parameters = {"files": files, "audio_recipe": audio_recipe, "seed": seed}
    return sweep.Unit(RESULT_KIND, "paper 2's test on the authors' networks", parameters,
                      partial(_test, audio_recipe, seed))


def rebuilt(weights: dict, arch, split, source: str) -> dict:
    """{target: float32 ``[rows, 784]``} what the network rebuilds from the rows of ``split``
    that show ``source`` alone (``"image"`` or ``"audio"``), and the rows' true digits."""
    rows = split.rows(source)
    out = forward(weights, arch, split.x_image[rows], split.x_audio[rows])
    return {"image": out["out_image"], "audio": out["out_audio"], "digits": split.digit_image[rows]}


def init_correlation(untrained: dict, trained: dict) -> float:
    """Mean over the encoding layers of the correlation between two weight sets' kernels."""
    names = sorted(k for k in trained if k.startswith("enc") and k.endswith("/kernel"))
    return float(np.mean([np.corrcoef(untrained[k].ravel(), trained[k].ravel())[0, 1] for k in names]))


def error_table(predict: dict, outputs: dict) -> tuple[np.ndarray, np.ndarray]:
    """(error ``[2 targets, 2 sources]``, by digit ``[2, 2, 10]``) in percent from
    ``outputs[source]`` (:func:`rebuilt`) and a classifier per target (``predict[target](x)``)."""
    error, by_digit = np.full((2, 2), np.nan), np.full((2, 2, 10), np.nan)
    for s, source in enumerate(MODALITIES):
        digits = outputs[source]["digits"]
        for t, target in enumerate(MODALITIES):
            wrong = predict[target](outputs[source][target]) != digits
            error[t, s] = 100 * wrong.mean()
            by_digit[t, s] = [100 * wrong[digits == d].mean() for d in range(10)]
    return error, by_digit


def independent_classifiers(data, seed: int) -> tuple[dict, np.ndarray]:
    """Paper 2's independent classifiers for ``data`` (a bimodal dataset): ``({"image":
    predict, "audio": predict}, accuracy on the real test inputs [2])``; each ``predict`` maps
    inputs ``[n, 784]`` to digits ``[n]``. The image classifier learns the MNIST training
    images, the audio one (a random forest) the training spectrograms of ``data``."""
    train, test = data.train, data.test
    images = image_classifier(seeding.sklearn_seed(seed, "image_classifier"))
    heard = train.rows("audio")
    sounds = train_audio_classifier(train.x_audio[heard], train.digit_audio[heard],
                                    test.x_audio[test.rows("audio")], test.digit_audio[test.rows("audio")],
                                    seed=seeding.sklearn_seed(seed, "audio_classifier"))
    return {"image": images.predict, "audio": sounds.predict}, np.array([images.test_accuracy, sounds.test_accuracy])


BOOK_KIND = "p1_crossmodal_book"


def book_unit(condition, directory=None) -> sweep.Unit:
    """Paper 2's test on the book's networks of ``condition`` (a
    :class:`~sharedrep.experiments.runner.Condition`; its last snapshot epoch is the one its
    stored run analysed last), as a unit of work stored under the condition's training protocol."""
    from .runner import Condition

    if not isinstance(condition, Condition):
        raise ValueError(f"condition must be a paper-1 Condition, got {type(condition).__name__}")
    parameters = {"condition": condition.training_parameters()}
    return sweep.Unit(BOOK_KIND, f"paper 2's test on the book's {condition.label}", parameters,
                      partial(_test_book, condition, directory))


def book_conditions() -> list:
    """The book's depth-4 networks that paper 2's test is run on: mixed input after consistent
    and inconsistent training and the two-stage network, as the paper-1 chapters train them
    (their default parameters)."""
    from .. import chapters, params
    from .runner import chapter_design

    cfg = params.freeze("paper1_celltypes", **chapters.default_parameters("paper1_celltypes"))
    return chapter_design(cfg, depths=[4])


def book_units(directory=None) -> list:
    """:func:`book_unit` of every condition of :func:`book_conditions`."""
    return [book_unit(c, directory) for c in book_conditions()]


def _test_book(condition, directory, verbose: bool) -> dict:
    from .. import results
    from ..models import encode
    from .analysis import layer_counts
    from .runner import RESULT_KIND, train_condition

    trained, datasets, arch = train_condition(condition, verbose=verbose)
    stored = results.load(RESULT_KIND, condition.training_parameters(), directory)
    errors, by_digits, accuracies, same = [], [], [], []
    for n, data in enumerate(datasets):
        weights = trained.network(n)
        if stored is not None:
            counts = layer_counts(encode(weights, data.test.x_image, data.test.x_audio, arch.depth, arch),
                                  data.test, n_bins=condition.n_bins)
            same.append(np.array_equal(counts, stored.arrays[f"counts_layer{arch.depth}"][n, -1]))
        predict, accuracy = independent_classifiers(data, 0)        # the stored image classifier
        outputs = {source: rebuilt(weights, arch, data.test, source) for source in MODALITIES}
        error, by_digit = error_table(predict, outputs)
        errors.append(error)
        by_digits.append(by_digit)
        accuracies.append(accuracy)
        if verbose:
            print(f"{condition.label} network {n}: image from sound {error[0, 1]:.1f} %, sound from image "
                  f"{error[1, 0]:.1f} %", flush=True)
    return {"error": np.stack(errors), "by_digit": np.stack(by_digits), "classifier_accuracy": np.stack(accuracies),
            "same_as_stored": np.array([bool(all(same))] if stored is not None and same else [False]),
            "train_seconds": np.array(trained.seconds)}


def _test(audio_recipe: str, seed: int, verbose: bool) -> dict:
    data = bimodal_dataset("consistent", seed=seed, **AUDIO_RECIPES[audio_recipe])
    test = data.test
    predict, accuracy = independent_classifiers(data, seed)
    errors, by_digits, init = [], [], []
    for key in authors.NETWORKS:
        arch, weights = authors.load(key, 5000)
        init.append(init_correlation(authors.load(key, 0)[1], weights))
        outputs = {source: rebuilt(weights, arch, test, source) for source in MODALITIES}
        error, by_digit = error_table(predict, outputs)
        errors.append(error)
        by_digits.append(by_digit)
        if verbose:
            print(f"{key.label}: image from sound {error[0, 1]:.1f} %, sound from image {error[1, 0]:.1f} %",
                  flush=True)
    return {"error": np.stack(errors), "by_digit": np.stack(by_digits), "init_correlation": np.array(init),
            "classifier_accuracy": accuracy}
