import dataclasses
import math

import numpy as np

from etftool.analytics.measure import Measure, defined, float_measure, undefined


def test_defined_and_undefined_carry_value_or_reason() -> None:
    assert defined(1.5) == Measure(1.5, None)
    assert defined(1.5).is_defined
    assert undefined("too few points") == Measure(None, "too few points")
    assert not undefined("too few points").is_defined


def test_float_measure_converts_numpy_scalars_to_plain_floats() -> None:
    measure = float_measure(np.float64(0.25), "unused")
    assert measure == Measure(0.25, None)
    # np.float64 subclasses float, so check it is not a numpy scalar.
    assert isinstance(measure.value, float) and not isinstance(measure.value, np.generic)


def test_float_measure_turns_non_finite_values_into_reasons() -> None:
    assert float_measure(math.nan, "zero variance") == Measure(None, "zero variance")
    assert float_measure(np.float64(np.inf), "overflow") == Measure(None, "overflow")


def test_map_applies_to_defined_values_and_keeps_reasons() -> None:
    assert defined(2.0).map(lambda x: x * 3) == Measure(6.0, None)
    assert undefined("no data").map(lambda x: x * 3) == Measure(None, "no data")


def test_measures_serialise_with_asdict() -> None:
    assert dataclasses.asdict(defined(1.0)) == {"value": 1.0, "reason": None}
