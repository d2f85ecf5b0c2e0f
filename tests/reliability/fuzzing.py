"""Hypothesis profiles and helpers shared by the fuzz tests.

``ci`` (the default, used by ``make test``) keeps every fuzz test to a few seconds; ``long``
(``HYPOTHESIS_PROFILE=long``, what ``make fuzz`` sets) runs each one for minutes.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
LONG = PROFILE == "long"


def fuzz_settings(ci: int, long: int = 5_000) -> settings:
    """Settings for one fuzz test: ``ci`` examples normally, ``long`` under the long profile.

    ``POSTEDIT_FUZZ_EXAMPLES=N`` overrides both (a medium run while working on the core).
    """
    override = os.environ.get("POSTEDIT_FUZZ_EXAMPLES")
    return settings(
        max_examples=int(override) if override else (long if LONG else ci),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
        derandomize=not LONG,
        database=None if not LONG else settings.default.database,
    )


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types (True is not 1, a date is not a datetime)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def is_subsequence(needles: list[bytes], haystack: list[bytes]) -> bool:
    """True when ``needles`` appear in ``haystack`` in order (not necessarily adjacent)."""
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)
