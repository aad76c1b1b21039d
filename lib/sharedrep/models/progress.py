"""A one-line progress report for long training runs (silent unless enabled)."""
from __future__ import annotations

import sys
import time

import numpy as np


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


class Progress:
    """Prints ``epoch e/E  loss ...  s/epoch  ~time left`` at most every
    ``every`` seconds (and at the last epoch) to ``stream`` (stderr)."""

    def __init__(self, total_epochs: int, first_epoch: int = 0, enabled: bool = True,
                 every: float = 5.0, stream=None, label: str = "train"):
        self.total, self.first, self.enabled = total_epochs, first_epoch, enabled
        self.every, self.stream, self.label = every, stream or sys.stderr, label
        self.start = self.last = time.perf_counter()

    def update(self, epoch: int, losses: np.ndarray) -> None:
        """``epoch``: epochs completed; ``losses``: this epoch's loss per network ``[N]``."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < self.every and epoch < self.total:
            return
        self.last = now
        done = max(epoch - self.first, 1)
        per_epoch = (now - self.start) / done
        losses = np.asarray(losses)
        loss = f"{losses.mean():.5f}" if losses.size == 1 else \
            f"{losses.mean():.5f} (mean of {losses.size}, max {losses.max():.5f})"
        print(f"[{self.label}] epoch {epoch}/{self.total}  loss {loss}  "
              f"{per_epoch:.3f} s/epoch  ~{_duration(per_epoch * (self.total - epoch))} left",
              file=self.stream, flush=True)
