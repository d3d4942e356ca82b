"""How knowledge-base records are written as text: precision marks, σ, conditions, ranges.

The one place a stored value's precision becomes its mark ('<', '>', '~'), so that a bound
is never written as an equality; used by the records' ``describe()``, ``db show``/``db
query``, the material sheet and the screening messages.
"""

from __future__ import annotations

_PRECISION_MARK = {
    "approximate": "~",
    "lower_bound": ">",
    "upper_bound": "<",
    "order_of_magnitude": "~",
    "exact": "",
}


def precision_mark(precision: str | None) -> str:
    """The mark a value of this precision is written with: '<' upper bound, '>' lower bound,
    '~' approximate or order of magnitude, '' exact (or None: a modelled value).

    Parameters
    ----------
    precision : str or None
        A record's precision ('exact', 'approximate', 'order_of_magnitude', 'upper_bound',
        'lower_bound'), or None for a modelled value.

    Returns
    -------
    str
        The mark, empty for an exact value.
    """
    return _PRECISION_MARK[precision or "exact"]


def format_sigma(sigma_S_per_cm: float, precision: str = "exact", stated: bool = False) -> str:
    """A stored σ with its precision: the one formatter of a σ on record.

    Parameters
    ----------
    sigma_S_per_cm
        The stored value or bound (S/cm).
    precision
        The record's precision ('exact', 'approximate', 'order_of_magnitude', 'upper_bound',
        'lower_bound').
    stated
        False: the value as ``db show`` lists it, '<1e-10 S/cm', '>1e-05 S/cm', '~0.001 S/cm'
        or '0.0067 S/cm'; True: as a statement, 'σ < 1e-10 S/cm', 'σ > 1e-05 S/cm',
        'σ ~ 0.001 S/cm', 'σ = 0.0067 S/cm' (a bound is never written as an equality).

    Returns
    -------
    str
        The text, three significant digits.
    """
    mark = precision_mark(precision)
    number = f"{sigma_S_per_cm:.3g} S/cm"
    return f"σ {mark or '='} {number}" if stated else f"{mark}{number}"


def at_temperature(temperature_C: float | None, text: str | None = None) -> str:
    """The condition a value was measured at, as a suffix: ' at 25 °C', ' at RT', or ''.

    Parameters
    ----------
    temperature_C : float or None
        The measurement temperature (°C), None where not given.
    text : str or None
        The temperature as the source words it (e.g. 'RT'); preferred where given.

    Returns
    -------
    str
        The suffix, with its leading space; empty where neither is given.
    """
    if text:
        return f" at {text}"
    return "" if temperature_C is None else f" at {temperature_C:g} °C"


def potential_limits(low: float | None, high: float | None) -> str:
    """'0–5 V', or '≤ 5 V' / '≥ 1 V' where one bound is open (not '–5 V', a negative).

    Parameters
    ----------
    low, high : float or None
        The lower and upper potential (V); at most one of them None (an open bound).

    Returns
    -------
    str
        The range as text.
    """
    if low is None:
        return f"≤ {high:g} V"
    if high is None:
        return f"≥ {low:g} V"
    return f"{low:g}–{high:g} V"
