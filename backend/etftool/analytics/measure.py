"""The result type for values that may be undefined.

Every analytics function that can fail to produce a value for legitimate data (too few
points, zero variance, no sign change in cash flows, ...) returns a ``Measure``: either a
defined value, or ``None`` together with a short human-readable reason. Such functions never
raise for those cases; ``ValueError`` is reserved for programmer errors such as arrays of
mismatched length.

Values inside a ``Measure`` are plain Python objects (``float``, ``int``, ``str``,
``datetime.date`` or frozen dataclasses of those), never numpy scalars, so
``dataclasses.asdict`` on any result yields JSON-serialisable data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class Measure(Generic[T_co]):
    """A value, or ``None`` with the reason it is undefined.

    Exactly one of ``value`` and ``reason`` is ``None``.
    """

    value: T_co | None
    reason: str | None = None

    @property
    def is_defined(self) -> bool:
        return self.value is not None

    def map(self, function: Callable[[T_co], U]) -> Measure[U]:
        """Apply ``function`` to a defined value; an undefined measure keeps its reason."""
        if self.value is None:
            return Measure(value=None, reason=self.reason)
        return Measure(value=function(self.value), reason=None)


def defined(value: T) -> Measure[T]:
    """A defined measure holding ``value``."""
    return Measure(value=value, reason=None)


def undefined(reason: str) -> Measure[NoReturn]:
    """An undefined measure; ``Measure[NoReturn]`` is assignable to any ``Measure[T]``."""
    return Measure(value=None, reason=reason)


def float_measure(value: float, reason_if_not_finite: str) -> Measure[float]:
    """Wrap a (possibly numpy) float as a plain ``float``; NaN or ±inf becomes undefined."""
    as_float = float(value)
    if not math.isfinite(as_float):
        return undefined(reason_if_not_finite)
    return defined(as_float)
