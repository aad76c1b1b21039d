"""Input checks with one message style: ``"<name> must be <what is allowed>; got <value>"``.

Constraints in the manner of scikit-learn's parameter validation (``Interval``,
``StrOptions``): each says what it allows (``describe``) and converts an allowed value
(``check``). The chapter parameters (:mod:`sharedrep.params`) and the library's functions
use the same ones::

    epochs = Int(0).check("epochs", epochs)
    epsilon = Float(0, 1, closed="neither").check("adadelta_epsilon", epsilon)
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any

import numpy as np


def fail(name: str, what: str, value: Any):
    """Raise the ValueError of this module's style."""
    raise ValueError(f"{name} must be {what}; got {value!r}")


@dataclass(frozen=True)
class Int:
    """An integer in [low, high] (``high=None``: no upper bound); bools and floats are refused."""
    low: int = 0
    high: int | None = None

    def describe(self) -> str:
        return f"an integer >= {self.low}" if self.high is None else f"an integer in {self.low}..{self.high}"

    def check(self, name: str, value: Any) -> int:
        if isinstance(value, (bool, np.bool_)):
            fail(name, self.describe(), value)
        try:
            number = operator.index(value)
        except TypeError:
            fail(name, self.describe(), value)
        if number < self.low or (self.high is not None and number > self.high):
            fail(name, self.describe(), value)
        return int(number)


@dataclass(frozen=True)
class Float:
    """A real number in an interval: [low, high] by default; ``closed`` "both", "left",
    "right" or "neither" says which ends belong to it (``high=None``: no upper bound)."""
    low: float = 0.0
    high: float | None = None
    closed: str = "both"

    def describe(self) -> str:
        left = "[" if self.closed in ("both", "left") else "("
        right = "]" if self.closed in ("both", "right") else ")"
        return f"a number in {left}{self.low:g}, {'inf' if self.high is None else f'{self.high:g}'}{right}"

    def check(self, name: str, value: Any) -> float:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            fail(name, self.describe(), value)
        number = float(value)
        above = number >= self.low if self.closed in ("both", "left") else number > self.low
        below = (self.high is None or (number <= self.high if self.closed in ("both", "right")
                                       else number < self.high))
        if math.isnan(number) or not (above and below):
            fail(name, self.describe(), value)
        return number


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values."""
    values: tuple

    def describe(self) -> str:
        return f"one of {list(self.values)}"

    def check(self, name: str, value: Any):
        if not any(value is v or (type(value) is type(v) and value == v) for v in self.values):
            fail(name, self.describe(), value)
        return value


@dataclass(frozen=True)
class Bool:
    """True or False."""

    def describe(self) -> str:
        return "True or False"

    def check(self, name: str, value: Any) -> bool:
        if not isinstance(value, (bool, np.bool_)):
            fail(name, self.describe(), value)
        return bool(value)


@dataclass(frozen=True)
class ListOf:
    """A non-empty list of values, each checked by ``item`` (named ``name[i]``); a tuple."""
    item: Any
    unique: bool = True

    def describe(self) -> str:
        return f"a non-empty list{' of distinct values' if self.unique else ''}, each {self.item.describe()}"

    def check(self, name: str, value: Any) -> tuple:
        if not isinstance(value, (list, tuple)) or not value:
            fail(name, self.describe(), value)
        items = tuple(self.item.check(f"{name}[{i}]", v) for i, v in enumerate(value))
        if self.unique and len(set(items)) != len(items):
            fail(name, self.describe(), value)
        return items


def one_of(name: str, value: Any, allowed) -> Any:
    """``value`` if it is one of ``allowed`` (a name's lookup: chapter, channel, split, ...),
    else the ValueError of this module's style, listing what is allowed."""
    return Choice(tuple(allowed)).check(name, value)
