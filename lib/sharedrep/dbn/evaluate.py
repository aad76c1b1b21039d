"""Scoring reconstructions as the paper does, with independent classifiers.

* Class channel: error rate of ``argmax`` against the true digit (:func:`class_error`).
* Image channel: error rate of an independent image classifier trained on the real MNIST
  train split (60,000 images) -- PCA to 40 components (fitted on the first 20,000 images)
  then 3-nearest-neighbours; about 97.5 % on MNIST test in ~10 s here (the paper's DBN
  classifier: 99 %, :data:`~sharedrep.published.DBN_IMAGE_CLASSIFIER_ACCURACY`). Chosen
  for speed and because it needs no training loop; nothing is cached on disk.
* Audio channel: error rate of a random forest (scikit-learn, 200 trees) trained on the real
  STFT features of the fold's training speakers; its accuracy on the held-out speaker's real
  features is reported beside the paper's 93 %.
* Motor channel: mean distance per point to the target digit's template
  (:func:`~sharedrep.dbn.motor.motor_distance`, motor units) and the fraction of drawings
  at or above :data:`~sharedrep.dbn.motor.MOTOR_THRESHOLD` (the paper's 2.2 translated).

:func:`evaluate_model` reconstructs every channel from each single input channel and
returns all twelve (target, input) scores, in percent, with per-digit breakdowns.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import load_mnist
from .channels import MultimodalSet
from .model import MultimodalDBN
from .motor import MOTOR_THRESHOLD, from_unit, motor_distance
from .reconstruct import reconstruct


def _digits(digits, n: int) -> np.ndarray:
    d = np.asarray(digits)
    if d.shape != (n,) or not np.issubdtype(d.dtype, np.integer):
        raise ValueError(f"digits must be an integer array of shape ({n},), got {d.shape} {d.dtype}")
    return d


def class_error(class_units, digits) -> float:
    """Fraction of rows whose largest class unit (``[n, 10]``) is not the true digit (``[n]``)."""
    c = np.asarray(class_units)
    if c.ndim != 2 or c.shape[1] != 10:
        raise ValueError(f"class_units must be [n, 10], got shape {c.shape}")
    return float(np.mean(c.argmax(axis=1) != _digits(digits, len(c))))


@dataclass(frozen=True)
class ImageClassifier:
    """PCA + k-nearest-neighbours on MNIST pixels in [0, 1]; ``test_accuracy`` on MNIST test."""

    pca: object
    knn: object
    test_accuracy: float

    def predict(self, images) -> np.ndarray:
        """Digits int64 ``[n]`` for images ``[n, 784]`` in [0, 1]."""
        x = np.asarray(images, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != 784:
            raise ValueError(f"images must be [n, 784], got shape {x.shape}")
        return self.knn.predict(self.pca.transform(x)).astype(np.int64)


def train_image_classifier(*, n_components: int = 40, n_neighbors: int = 3, seed: int = 0) -> ImageClassifier:
    """Fit the independent image classifier on the real MNIST train split and score it on test."""
    from sklearn.decomposition import PCA
    from sklearn.neighbors import KNeighborsClassifier

    images, labels = load_mnist("train")
    x = images.reshape(len(images), -1).astype(np.float32) / 255
    pca = PCA(n_components, random_state=seed).fit(x[:20000])
    knn = KNeighborsClassifier(n_neighbors).fit(pca.transform(x), labels)
    test_images, test_labels = load_mnist("test")
    classifier = ImageClassifier(pca, knn, 0.0)
    accuracy = float(np.mean(classifier.predict(test_images.reshape(len(test_images), -1) / 255) == test_labels))
    return ImageClassifier(pca, knn, accuracy)


@dataclass(frozen=True)
class AudioClassifier:
    """Random forest on STFT features ``[n, 640]``; ``test_accuracy`` on held-out real features."""

    forest: object
    test_accuracy: float

    def predict(self, features) -> np.ndarray:
        return self.forest.predict(np.asarray(features, dtype=np.float32)).astype(np.int64)


def train_audio_classifier(features, digits, test_features=None, test_digits=None, *,
                           n_estimators: int = 200, seed: int = 0) -> AudioClassifier:
    """Fit the independent random forest on real features ``[n, 640]`` and digits ``[n]``;
    score it on ``test_features``/``test_digits`` if given (else NaN)."""
    from sklearn.ensemble import RandomForestClassifier

    x = np.asarray(features, dtype=np.float32)
    if x.ndim != 2 or len(x) == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"features must be a finite non-empty 2-D array, got shape {x.shape}")
    forest = RandomForestClassifier(n_estimators, random_state=seed, n_jobs=-1).fit(x, _digits(digits, len(x)))
    accuracy = float("nan")
    if test_features is not None:
        accuracy = float(np.mean(forest.predict(np.asarray(test_features, dtype=np.float32))
                                 == _digits(test_digits, len(test_features))))
    return AudioClassifier(forest, accuracy)


@dataclass(frozen=True)
class Evaluation:
    """Scores of one model on one test set.

    error : {(target, input): percent error} for class, image, audio (and motor: percent of
    drawings at or above the threshold).  motor_distance : {input: mean distance, motor units}.
    by_digit : {(target, input): float64 [10]} the same per digit (motor: mean distance).
    image_accuracy, audio_accuracy : the independent classifiers' accuracy on real test data.
    """

    error: dict
    motor_distance: dict
    by_digit: dict
    image_accuracy: float
    audio_accuracy: float


def _per_digit(values, digits) -> np.ndarray:
    return np.array([values[digits == d].mean() if np.any(digits == d) else np.nan for d in range(10)])


def evaluate_model(model: MultimodalDBN, test: MultimodalSet, image_classifier: ImageClassifier,
                   audio_classifier: AudioClassifier, *, gibbs_steps: int = 0) -> Evaluation:
    """Reconstruct every channel of ``model`` from each single channel of ``test`` and score it."""
    inputs, digits = test.inputs(), test.digits
    error, distance, by_digit = {}, {}, {}
    for source in model.names:
        out = reconstruct(model, {source: inputs[source]}, gibbs_steps=gibbs_steps)
        for target in model.names:
            if target == source:
                continue
            if target == "class":
                wrong = out["class"].argmax(axis=1) != digits
            elif target == "image":
                wrong = image_classifier.predict(out["image"]) != digits
            elif target == "audio":
                wrong = audio_classifier.predict(out["audio"]) != digits
            elif target == "motor":
                dist = motor_distance(from_unit(out["motor"]), digits)
                distance[source] = float(dist.mean())
                by_digit[("motor", source)] = _per_digit(dist, digits)
                wrong = dist >= MOTOR_THRESHOLD
            else:
                continue
            error[(target, source)] = 100 * float(np.mean(wrong))
            if target != "motor":
                by_digit[(target, source)] = 100 * _per_digit(wrong.astype(float), digits)
    return Evaluation(error, distance, by_digit, image_classifier.test_accuracy, audio_classifier.test_accuracy)
