"""The one place child seeds are derived (sharedrep.seeds)."""
import re
from pathlib import Path

import numpy as np
import pytest

from sharedrep import seeds


def test_children_are_deterministic_and_distinct():
    assert seeds.child(3, "classifier", 2) == seeds.child(3, "classifier", 2)
    drawn = {seeds.child(s, purpose, *path) for s in range(10) for purpose in seeds.PURPOSES
             for path in ((), (0,), (1,), (2, 3))}
    assert len(drawn) == 10 * len(seeds.PURPOSES) * 4
    assert all(0 <= d < 2 ** 63 for d in drawn)


def test_spawned_classifier_seeds_never_overlap_between_networks():
    spawned = [k for n in range(10) for k in seeds.classifier_seeds(n, 8)]
    assert len(set(spawned)) == len(spawned)
    # the first runs' scheme: network 0's snapshot 1 and network 1's snapshot 0 shared a seed
    offset = [seeds.classifier_seeds(n, 8, "offset") for n in range(2)]
    assert offset[0][1] == offset[1][0] == 1


def test_network_seeds_are_independent_streams_or_the_seed_itself():
    spawned = seeds.network_seeds(4)
    assert len({spawned.dataset, spawned.weights, spawned.batch_order}) == 3
    assert seeds.network_seeds(4, "offset") == seeds.NetworkSeeds(4, 4, 4)


def test_stream_is_default_rng_of_the_path():
    np.testing.assert_array_equal(seeds.stream(5, 2, 7).random(4), np.random.default_rng([5, 2, 7]).random(4))


@pytest.mark.parametrize("call", [lambda: seeds.child(-1, "weights"), lambda: seeds.child(1, "colour"),
                                  lambda: seeds.child(1.5, "weights"), lambda: seeds.network_seeds(0, "plus"),
                                  lambda: seeds.classifier_seeds(0, 2, scheme="x"), lambda: seeds.stream(1, -2)])
def test_bad_input_is_a_clear_error(call):
    with pytest.raises(ValueError, match="seed|purpose|allowed|non-negative"):
        call()


# the patterns of a hand-derived child seed: an offset seed or a generator seeded from a list
HAND_DERIVED = re.compile(r"seed\s*\+\s*\d|seed\s*\+\s*k\b|default_rng\(\[|SeedSequence\(")

NOT_YET: set = set()


def test_only_the_seed_helper_derives_child_seeds():
    package = Path(seeds.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name == "seeds.py" or name in NOT_YET:
            continue
        code = "\n".join(line.split("#")[0] for line in path.read_text().splitlines())
        offenders += [f"{name}: {m.group(0)}" for m in HAND_DERIVED.finditer(code)]
    assert not offenders, offenders
