"""Paper 2: a multimodal deep belief network fine-tuned by back-fitting.

Modules, one idea each: :mod:`.rbm` (binary and Gaussian-Bernoulli RBMs, CD-k),
:mod:`.stack` (a greedy DBN channel), :mod:`.motor` (digit-drawing templates),
:mod:`.channels` (the four channels' data from MNIST + FSDD, speaker folds),
:mod:`.associative` (the associative RBM), :mod:`.backfitting` (Algorithm 1),
:mod:`.model` (the three training stages), :mod:`.reconstruct` (cross-modal
reconstruction), :mod:`.evaluate` (the paper's scores).
"""
from .associative import DEFAULT_HIDDEN, concatenate, split_rows, train_associative
from .backfitting import UPDATE_RULES, BackfitResult, associative_activations, backfit, channel_error
from .channels import (
    AUDIO_NORMALISATIONS,
    CHANNEL_NAMES,
    HELD_OUT_CHOICES,
    N_AUDIO,
    STFT_SHAPE,
    TAKES_HELD_OUT,
    Fold,
    MultimodalSet,
    check_held_out,
    multimodal_fold,
    multimodal_set,
    speaker_folds,
    speaker_normalised,
    stft_features,
    training_speakers,
)
from .evaluate import (
    AudioClassifier,
    Evaluation,
    ImageClassifier,
    class_error,
    evaluate_model,
    image_classifier,
    train_audio_classifier,
    train_image_classifier,
)
from .model import (
    LEARNING_RATES,
    PAPER_LAYERS,
    PAPER_LEARNING_RATES,
    PAPER_SAYS,
    PAPER_VISIBLE,
    VISIBLE,
    DBNConfig,
    MultimodalDBN,
    apply_backfitting,
    train_associative_memory,
    train_channels,
    train_multimodal_dbn,
)
from .motor import (
    EXTENT,
    MOTOR_THRESHOLD,
    TEMPLATES,
    from_unit,
    motor_distance,
    motor_examples,
    template_separation,
    templates,
    to_unit,
)
from .rbm import RBM, VISIBLE_TYPES
from .reconstruct import reconstruct
from .stack import DBNChannel, train_channel

__all__ = [
    "DEFAULT_HIDDEN", "concatenate", "split_rows", "train_associative",
    "UPDATE_RULES", "BackfitResult", "associative_activations", "backfit", "channel_error",
    "CHANNEL_NAMES", "N_AUDIO", "STFT_SHAPE", "Fold", "MultimodalSet", "multimodal_fold", "training_speakers",
    "HELD_OUT_CHOICES", "TAKES_HELD_OUT", "check_held_out", "AUDIO_NORMALISATIONS", "speaker_normalised",
    "multimodal_set", "speaker_folds", "stft_features",
    "AudioClassifier", "Evaluation", "ImageClassifier", "class_error", "evaluate_model", "image_classifier",
    "train_audio_classifier", "train_image_classifier",
    "LEARNING_RATES", "VISIBLE", "PAPER_SAYS", "PAPER_VISIBLE", "PAPER_LAYERS", "PAPER_LEARNING_RATES",
    "DBNConfig", "MultimodalDBN",
    "apply_backfitting", "train_associative_memory", "train_channels", "train_multimodal_dbn",
    "EXTENT", "MOTOR_THRESHOLD", "TEMPLATES", "from_unit", "motor_distance", "motor_examples",
    "template_separation", "templates", "to_unit",
    "RBM", "VISIBLE_TYPES", "reconstruct", "DBNChannel", "train_channel",
]
