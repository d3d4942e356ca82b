"""Options shared by ``hydrion cell design`` and ``hydrion cell simulate``: lists of numbers
and the N/P ratio, each refused with one line."""

from __future__ import annotations

import math

from hydrion.errors import InputError


def parse_list(text: str, what: str, *, positive: bool = False) -> list[float]:
    """'0.6,0.4,0' -> [0.6, 0.4, 0.0]; one-line InputError for text, NaN, infinities, an
    empty list, an empty item ('1,,2'), or (``positive``) a value <= 0."""
    items = [item.strip() for item in text.split(",")]
    if text.strip() and not all(items):
        raise InputError(f"{what} {text!r} has an empty item; give numbers separated by commas")
    try:
        values = [float(item) for item in items if item]
    except ValueError:
        raise InputError(f"cannot read {what} {text!r}; give numbers separated by commas") from None
    if not values:
        raise InputError(f"no {what} given")
    if not all(math.isfinite(v) for v in values):
        raise InputError(f"{what} must be finite numbers, got {text!r}")
    if positive and not all(v > 0 for v in values):
        raise InputError(f"{what} must be positive, got {text!r}")
    return values


MAX_NP_RATIO = 100.0  # beyond any cell design: N/P 1e308 gave an infinite negative thickness


def check_np(np_ratio: float | None) -> None:
    """One-line InputError unless ``np_ratio`` is None or 0 < N/P <= :data:`MAX_NP_RATIO`."""
    if np_ratio is not None and not (math.isfinite(np_ratio) and 0 < np_ratio <= MAX_NP_RATIO):
        raise InputError(f"--np (N/P ratio) must be in (0, {MAX_NP_RATIO:g}], got {np_ratio:g}")
