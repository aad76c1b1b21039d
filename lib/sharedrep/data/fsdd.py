"""The Free Spoken Digit Dataset (Jackson et al.; CC BY-SA 4.0): 8 kHz int16 recordings."""
from __future__ import annotations

import wave
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..validation import one_of
from .sources import environment_key, locate, registry

SAMPLE_RATE = 8000  # Hz
SPEAKERS = ("george", "jackson", "lucas", "nicolas", "theo", "yweweler")
#: the two speakers paper 1 used
PAPER1_SPEAKERS = ("jackson", "theo")


@dataclass(frozen=True)
class Recordings:
    """FSDD recordings, sorted by (speaker, digit, index).

    audio : tuple of int16 arrays ``[samples]`` at 8 kHz (lengths differ, 0.14–2.28 s).
    digits : int64 ``[n]`` spoken digit 0..9.
    speakers : str ``[n]`` speaker name.
    indices : int64 ``[n]`` take 0..49 of that speaker and digit (FSDD's official test split is 0..4).
    """

    audio: tuple
    digits: np.ndarray
    speakers: np.ndarray
    indices: np.ndarray

    def __len__(self) -> int:
        return len(self.audio)


def _parse(name: str) -> tuple[int, str, int]:
    digit, speaker, index = name[: -len(".wav")].split("_")
    return int(digit), speaker, int(index)


def read_wav(path) -> np.ndarray:
    """One mono 16-bit 8 kHz WAV file as int16 ``[samples]``; other formats raise ValueError."""
    with wave.open(str(path), "rb") as handle:
        if (handle.getnchannels(), handle.getsampwidth(), handle.getframerate()) != (1, 2, SAMPLE_RATE):
            raise ValueError(
                f"{path}: expected mono 16-bit {SAMPLE_RATE} Hz, got {handle.getnchannels()} "
                f"channel(s), {8 * handle.getsampwidth()}-bit, {handle.getframerate()} Hz"
            )
        frames = handle.readframes(handle.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.int16)
    samples.setflags(write=False)
    return samples


@lru_cache(maxsize=4)
def _load(speakers: tuple, data_dir, download, _environment) -> Recordings:
    names = sorted((n for n in registry("fsdd") if _parse(n)[1] in speakers),
                   key=lambda n: (_parse(n)[1], _parse(n)[0], _parse(n)[2]))
    paths = locate("fsdd", names, data_dir=data_dir, download=download)
    parsed = [_parse(n) for n in names]
    return Recordings(
        audio=tuple(read_wav(p) for p in paths),
        digits=np.array([d for d, _, _ in parsed], dtype=np.int64),
        speakers=np.array([s for _, s, _ in parsed]),
        indices=np.array([i for _, _, i in parsed], dtype=np.int64),
    )


def load_fsdd(speakers=None, data_dir=None, download: bool | None = None) -> Recordings:
    """Load FSDD recordings of the given speakers (default: all six).

    Parameters
    ----------
    speakers : iterable of names from :data:`SPEAKERS` (a single name is accepted too).
    data_dir : a folder that contains ``fsdd/recordings/*.wav``; default: see
        :mod:`sharedrep.data.sources` for the search order.
    download : allow a verified download into the user cache.

    Every file is checked against its registered sha256 before it is read.
    """
    if speakers is None:
        speakers = SPEAKERS
    if isinstance(speakers, str):
        speakers = (speakers,)
    speakers = tuple(speakers)
    if not speakers:
        raise ValueError(f"speakers must name at least one FSDD speaker of {list(SPEAKERS)}; got none")
    for speaker in speakers:
        one_of("FSDD speaker", speaker, SPEAKERS)
    key = None if data_dir is None else str(data_dir)
    return _load(tuple(sorted(set(speakers))), key, download, environment_key())
