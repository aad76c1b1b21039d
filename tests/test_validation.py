"""One message style for every input check: '<name> must be <what is allowed>; got <value>'."""
import numpy as np
import pytest

from sharedrep.validation import Bool, Choice, Float, Int, ListOf


@pytest.mark.parametrize("constraint, good, converted", [
    (Int(1, 4), np.int64(3), 3), (Int(0), 0, 0), (Float(0, 1, closed="neither"), 1e-8, 1e-8),
    (Float(0.0), 2, 2.0), (Choice(("a", None)), None, None), (Bool(), np.bool_(True), True),
    (ListOf(Int(0)), [2, 0], (2, 0)),
])
def test_allowed_values_pass_and_convert(constraint, good, converted):
    value = constraint.check("x", good)
    assert value == converted and type(value) is type(converted)


@pytest.mark.parametrize("constraint, bad, message", [
    (Int(1, 4), 5, "x must be an integer in 1..4; got 5"),
    (Int(0), True, "x must be an integer >= 0; got True"),
    (Int(0), 1.0, "x must be an integer >= 0; got 1.0"),
    (Float(0, 1, closed="neither"), 0, r"x must be a number in \(0, 1\); got 0"),
    (Float(0.0), float("nan"), r"x must be a number in \[0, inf\]; got nan"),
    (Float(0.0), "1", "x must be a number"),
    (Choice(("a", "b")), "c", r"x must be one of \['a', 'b'\]; got 'c'"),
    (Choice((1, 2)), True, "x must be one of"),
    (Bool(), 1, "x must be True or False; got 1"),
    (ListOf(Int(0)), [], "x must be a non-empty list"),
    (ListOf(Int(0)), [1, 1], "x must be a non-empty list of distinct values"),
    (ListOf(Int(0)), [1, -1], r"x\[1\] must be an integer >= 0; got -1"),
])
def test_refused_values_name_the_input_and_what_is_allowed(constraint, bad, message):
    with pytest.raises(ValueError, match=message):
        constraint.check("x", bad)
