"""The channels page of paper 2 (the network, the fold's data, the audio and motor channels):
its numbers. The prose formats them (``{glue:text}`dbn_weights:,d```).
"""
from __future__ import annotations

from .. import dbn, published


def network_numbers(sizes: dict, associative_hidden: int) -> dict:
    """Weights of the whole network (biases not counted) and the associative layer's sizes.

    ``sizes``: ``{channel: [units of each layer, input first]}``; ``associative_hidden``: units.
    """
    weights = sum(a * b for units in sizes.values() for a, b in zip(units[:-1], units[1:]))
    visible = sum(units[-1] for units in sizes.values())
    return dict(dbn_weights=weights + visible * associative_hidden, assoc_visible=visible,
                assoc_hidden=associative_hidden)


def fold_numbers(train, test, held_out: str) -> dict:
    """Recordings, speakers and rows of one fold (``dbn.multimodal_fold``'s two sets)."""
    train_speakers = set(train.speakers.tolist())
    return dict(held_out=held_out, n_recordings=len(train) + len(test),
                n_speakers=len(train_speakers | set(test.speakers.tolist())),
                n_train=len(train), n_test=len(test), train_speakers=", ".join(sorted(train_speakers)))


def audio_numbers() -> dict:
    """The STFT features' shape (frequency bands x time frames) and length."""
    return dict(stft_bands=dbn.STFT_SHAPE[0], stft_frames=dbn.STFT_SHAPE[1], n_audio=dbn.N_AUDIO)


def motor_numbers(train, motor_noise: float, examples_shown: int) -> dict:
    """The motor channel's noise (s.d., coordinates in a 0..10 square), its threshold beside
    the paper's, the templates' separation and the mean distance of a noisy drawing to its
    template in the fold's training set."""
    return dict(motor_noise=motor_noise, examples_shown=examples_shown, motor_threshold=dbn.MOTOR_THRESHOLD,
                paper_motor_threshold=published.DBN_MOTOR_THRESHOLD,
                template_separation=float(dbn.template_separation()),
                noise_distance=float(dbn.motor_distance(train.motor, train.digits).mean()))
