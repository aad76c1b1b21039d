"""Paper 1's audio representation: a 14 x 56 spectrogram image in [0, 1].

The recipe (reproduction spec, "Spectrogram, 14 x 56", read from the authors' code, which
used ``matplotlib.pyplot.specgram`` and ``scipy.misc.imresize``):

1. pad with zeros at the end, or cut, to exactly 1 s (8,000 samples at 8 kHz);
2. power spectral density with a symmetric 148-sample Hamming window, no overlap, no
   detrending, one-sided: 75 frequency bins (0–4 kHz, 54.05 Hz apart) x 54 frames (18.5 ms);
3. keep the lowest 15 frequency bins (0 to ~757 Hz);
4. min-max scale this crop on its own to [0, 1] (``imresize`` did this via ``bytescale``);
5. bilinear resize (Pillow, as ``imresize`` did) to 14 rows (frequency, low to high) x 56
   columns (time). ``quantize=True`` also rounds to 256 levels before resizing, as the
   authors' uint8 path did.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import signal

from .fsdd import SAMPLE_RATE

DURATION_SAMPLES = SAMPLE_RATE  # 1 s
WINDOW = 148  # samples (18.5 ms)
N_FREQ_KEPT = 15
SHAPE = (14, 56)  # (frequency rows, time columns)


@dataclass(frozen=True)
class SpectrogramSteps:
    """Every intermediate of :func:`spectrogram`, for teaching and checking.

    waveform : float64 ``[8000]`` the padded/cut recording (int16 units).
    freqs : float64 ``[75]`` Hz;  times : float64 ``[54]`` s (frame centres).
    psd : float64 ``[75, 54]`` one-sided power spectral density (int16 units^2 / Hz).
    crop : float64 ``[15, 54]`` the lowest 15 frequency rows of ``psd``.
    scaled : float32 ``[15, 54]`` ``crop`` min-max scaled to [0, 1] (optionally quantised).
    image : float32 ``[14, 56]`` the final spectrogram in [0, 1].
    """

    waveform: np.ndarray
    freqs: np.ndarray
    times: np.ndarray
    psd: np.ndarray
    crop: np.ndarray
    scaled: np.ndarray
    image: np.ndarray


def _check_recording(recording) -> np.ndarray:
    x = np.asarray(recording)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"a recording must be a non-empty 1-D array of samples, got shape {x.shape}")
    if not np.issubdtype(x.dtype, np.number) or not np.all(np.isfinite(x)):
        raise ValueError("a recording must hold finite numbers (int16 samples at 8 kHz)")
    return x.astype(np.float64)


def fit_duration(recording, samples: int = DURATION_SAMPLES) -> np.ndarray:
    """Zero-pad at the end or cut to exactly ``samples`` samples: float64 ``[samples]``."""
    x = _check_recording(recording)
    out = np.zeros(samples)
    n = min(samples, x.size)
    out[:n] = x[:n]
    return out


def min_max(a: np.ndarray) -> np.ndarray:
    """Scale ``a`` to [0, 1] by its own min and max (a constant array gives zeros)."""
    low, high = float(a.min()), float(a.max())
    if high == low:
        return np.zeros_like(a, dtype=np.float32)
    return ((a - low) / (high - low)).astype(np.float32)


def resize_bilinear(image: np.ndarray, shape=SHAPE, quantize: bool = False) -> np.ndarray:
    """Pillow bilinear resize of a float image in [0, 1] to ``shape`` (rows, cols): float32.

    With ``quantize`` the image is first rounded to 256 grey levels and resized as 8-bit,
    like ``scipy.misc.imresize``; the result is then divided by 255.
    """
    rows, cols = shape
    if quantize:
        levels = np.floor(image * 255.0 + 0.5).astype(np.uint8)
        out = Image.fromarray(levels, mode="L").resize((cols, rows), Image.BILINEAR)
        return np.asarray(out, dtype=np.float32) / 255.0
    out = Image.fromarray(np.ascontiguousarray(image, dtype=np.float32), mode="F")
    return np.clip(np.asarray(out.resize((cols, rows), Image.BILINEAR), dtype=np.float32), 0.0, 1.0)


def spectrogram_steps(recording, quantize: bool = False) -> SpectrogramSteps:
    """Run the paper-1 recipe on one int16 8 kHz recording and keep every step."""
    waveform = fit_duration(recording)
    freqs, times, psd = signal.spectrogram(
        waveform, fs=SAMPLE_RATE, window=np.hamming(WINDOW), nperseg=WINDOW, noverlap=0,
        detrend=False, return_onesided=True, scaling="density", mode="psd",
    )
    crop = psd[:N_FREQ_KEPT]
    scaled = min_max(crop)
    if quantize:
        scaled = (np.floor(scaled * 255.0 + 0.5) / 255.0).astype(np.float32)
    image = resize_bilinear(scaled, SHAPE, quantize=quantize)
    return SpectrogramSteps(waveform, freqs, times, psd, crop, scaled, image)


def spectrogram(recording, quantize: bool = False) -> np.ndarray:
    """Paper 1's 14 x 56 spectrogram of one recording: float32 ``[14, 56]`` in [0, 1]."""
    return spectrogram_steps(recording, quantize=quantize).image


def spectrograms(recordings, quantize: bool = False) -> np.ndarray:
    """:func:`spectrogram` of each recording: float32 ``[n, 14, 56]``."""
    return np.stack([spectrogram(r, quantize=quantize) for r in recordings]).astype(np.float32)
