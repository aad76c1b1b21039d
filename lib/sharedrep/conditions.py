"""Paper 1's conditions named by value: :class:`ConditionKey` (framework, depth, pairing).

Every table of runs, counts or published numbers of paper 1 is keyed by a ConditionKey;
``key.label`` (``"mixed-4-consistent"``) is for display, glue names and file names only,
and is never parsed back.
"""
from __future__ import annotations

from typing import NamedTuple

from .constants import PAIRINGS
from .validation import one_of


class ConditionKey(NamedTuple):
    """framework ("mixed" or "two_stage"), depth (1..4), pairing ("consistent" or "inconsistent")."""

    framework: str
    depth: int
    pairing: str

    @property
    def label(self) -> str:
        """Short display name, e.g. ``mixed-4-consistent``, ``two-stage-4-consistent``."""
        return f"{self.framework.replace('_', '-')}-{self.depth}-{self.pairing}"

    def __str__(self) -> str:
        return self.label

    def fields(self) -> dict:
        """The key as record fields (for charts): label, framework, depth, pairing."""
        return dict(label=self.label, framework=self.framework, depth=int(self.depth), pairing=self.pairing)

    def paired(self, pairing: str) -> ConditionKey:
        """The same network trained with the other (or a given) pairing."""
        one_of("pairing", pairing, PAIRINGS)
        return self._replace(pairing=pairing)


def mixed(depth: int, pairing: str = "consistent") -> ConditionKey:
    """The mixed-input network of ``depth`` trained with ``pairing``."""
    return ConditionKey("mixed", int(depth), pairing)


#: the two-stage network (depth 4; the paper trained it with consistent pairing only)
TWO_STAGE = ConditionKey("two_stage", 4, "consistent")
