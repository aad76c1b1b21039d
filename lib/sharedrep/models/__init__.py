"""Paper-1 models: bimodal autoencoders, a fast batched trainer, shared-representation learning.

Architectures are data (:func:`architecture`); one description builds the Keras
model (:func:`build_autoencoder`), the trainer's compiled program and the
numpy encoder (:func:`encode`). TensorFlow is imported only when a model is
built or trained.
"""
from .adadelta import Adadelta
from .architecture import AUTHORS_DECODERS, FRAMEWORKS, Architecture, Layer, architecture, glorot_weights
from .autoencoder import ADADELTA, build_autoencoder, encode, get_weights, set_weights
from .checkpoint import load_checkpoint, save_checkpoint
from .classifier import (
    ClassifierResult,
    classifier_accuracy,
    shared_representation_accuracy,
    shared_representation_scores,
    single_modality_rows,
    train_classifier,
)
from .device import device_description
from .progress import Progress
from .trainer import TrainResult, batch_order, train

__all__ = [
    "ADADELTA", "AUTHORS_DECODERS", "Adadelta", "Architecture", "ClassifierResult", "FRAMEWORKS", "Layer",
    "Progress", "classifier_accuracy", "shared_representation_accuracy", "shared_representation_scores",
    "single_modality_rows",
    "train_classifier",
    "TrainResult", "architecture", "batch_order", "build_autoencoder", "encode", "get_weights",
    "device_description", "glorot_weights", "load_checkpoint", "save_checkpoint", "set_weights", "train",
]
