"""The review's cells to reproduce (``cell/data/review_cases.yaml``): what the review reports
for each, the solid diffusivity fitted to it (:mod:`hydrion.cell.calibrate`), and where a
simulation of another cell may borrow that diffusivity. Running a case needs PyBaMM
(:mod:`hydrion.cell.simulate`); reading the cases does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hydrion.bundled_yaml import bundled_yaml
from hydrion.cell.parts import part
from hydrion.cell.setups import HalfCell, SimulatedCurve, settings
from hydrion.errors import MissingDataError, UnknownRecordError
from hydrion.kb.cell_records import CellPerformance
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin


@dataclass(frozen=True)
class ReportedPoint:
    """A capacity the review reports for a cell, at a C-rate (on the theoretical capacity).

    ``basis`` is 'reported' for a capacity the review prints, or says how the number was
    derived from what it prints ('derived from reported 24 % loss of 1618 mAh/g at 0.03 C').
    ``cell`` is 'positive|electrolyte' (KB ids), the stem of the simulated curves' labels, so a
    figure puts the point beside its own cell's curves.
    """

    c_rate: float
    temperature_C: float
    capacity_mAh_per_g: float
    description: str
    refs: tuple[int, ...]
    basis: str = "reported"
    cell: str = ""

    @property
    def label(self) -> str:
        """'reported 205 mAh/g at 0.05 C' or 'derived from reported 24 % loss ...: 1230 ...'."""
        if self.basis == "reported":
            return f"reported {self.capacity_mAh_per_g:.0f} mAh/g at {self.c_rate:.3g} C"
        return f"{self.capacity_mAh_per_g:.0f} mAh/g at {self.c_rate:.3g} C, {self.basis}"


@dataclass(frozen=True)
class Calibration:
    """The solid diffusivity of one review cell at one temperature, fitted to reported data.

    ``fitted_to`` lists the reported points (C-rates) the fit used; a point may be a fraction
    of another one (``retained_fraction`` of the capacity at ``of_c_rate``), as the review
    states rate losses ("24 % capacity loss from 0.03 C to 1 C").
    """

    temperature_C: float
    diffusivity_m2_per_s: float
    fitted_to: tuple[dict, ...]
    borrowed_from: str | None = None  # 'TiS2 | LiBH4 | Li at 120 °C': a prediction, not a fit
    borrowed_temperature_C: float | None = None  # where the borrowed D was fitted

    @property
    def flag(self) -> str:
        """Short flag beside a simulated capacity: '' for a fitted D, else where it was
        borrowed and, at another temperature, that it is not corrected (no temperature
        dependence of D is on record)."""
        if self.borrowed_from is None:
            return ""
        if self.borrowed_temperature_C is not None and not math.isclose(
            self.borrowed_temperature_C, self.temperature_C
        ):
            return f"D borrowed at {self.borrowed_temperature_C:g} °C, not corrected"
        return f"D borrowed from {self.borrowed_from}"

    def describe(self, points: list[ReportedPoint]) -> str:
        """'D = 3.1e-15 m²/s fitted to 1618 mAh/g at 0.03 C [104]; ...'."""
        if self.borrowed_from is not None:
            return (
                f"solid diffusivity {self.diffusivity_m2_per_s:.3g} m²/s borrowed from "
                f"{self.borrowed_from} (not fitted to this cell: its reported capacities are "
                "predictions; particle radius assumed, cell/data/review_cases.yaml)"
            )
        used = "; ".join(
            f"{p.capacity_mAh_per_g:.0f} mAh/g at {p.c_rate:.3g} C [{', '.join(map(str, p.refs))}]"
            + ("" if p.basis == "reported" else f" ({p.basis})")
            for p in points
        )
        return (
            f"solid diffusivity {self.diffusivity_m2_per_s:.3g} m²/s at "
            f"{self.temperature_C:g} °C fitted to {used} (particle radius assumed, "
            "cell/data/review_cases.yaml)"
        )


@dataclass(frozen=True)
class ReviewCase:
    """A review cell to reproduce: its KB cell id, simulated C-rates, and per temperature
    the solid diffusivity fitted to what the review reports."""

    slug: str
    title: str
    cell_id: str
    c_rates: tuple[float, ...]
    calibrations: tuple[Calibration, ...]

    @property
    def temperatures_C(self) -> tuple[float, ...]:
        return tuple(c.temperature_C for c in self.calibrations)

    def reported(self, kb) -> list[CellPerformance]:
        """What the review reports for this cell (from its knowledge-base record)."""
        return list(kb.cell(self.cell_id).performance)

    def reported_points(self, kb, temperature_C: float) -> list[ReportedPoint]:
        """Reported early-cycle capacities at ``temperature_C`` with a known C-rate (a
        specific current is turned into a C-rate on the working electrode's theoretical
        capacity)."""
        cell = kb.cell(self.cell_id)
        theoretical = part(cell.cathode, kb).capacity_mAh_per_g
        points: dict[tuple[float, float], ReportedPoint] = {}
        for entry in cell.performance:
            if not math.isclose(entry.temperature_C, temperature_C) or (entry.cycle or 1) > 2:
                continue
            rate = entry.c_rate
            if rate is None and entry.specific_current_mA_per_g and theoretical:
                rate = entry.specific_current_mA_per_g / theoretical
            if rate is None or entry.kind == "charge":
                continue
            key = (round(rate, 6), entry.capacity_mAh_per_g)
            points.setdefault(
                key,
                ReportedPoint(
                    rate,
                    temperature_C,
                    entry.capacity_mAh_per_g,
                    entry.describe(),
                    tuple(entry.source.refs),
                    cell=f"{cell.cathode}|{cell.electrolyte}",
                ),
            )
        return sorted(points.values(), key=lambda p: p.c_rate)

    def fit_points(self, kb, calibration: Calibration) -> list[ReportedPoint]:
        """The reported points ``calibration`` is fitted to, resolved from the KB record."""
        reported = self.reported_points(kb, calibration.temperature_C)
        out = []
        for spec in calibration.fitted_to:
            if "retained_fraction" in spec:
                base = _point_at(reported, float(spec["of_c_rate"]), self.cell_id)
                source = spec["source"]
                retained = float(spec["retained_fraction"])
                out.append(
                    ReportedPoint(
                        float(spec["c_rate"]),
                        calibration.temperature_C,
                        base.capacity_mAh_per_g * retained,
                        f"{retained:.0%} of the capacity at {base.c_rate:g} C "
                        f"({spec.get('note', '')})",
                        tuple(source.get("refs", ())),
                        basis=f"derived from reported {100 * (1 - retained):.0f} % loss of "
                        f"{base.capacity_mAh_per_g:.0f} mAh/g at {base.c_rate:g} C"
                        + (f" ({source['page']})" if "page" in source else ""),
                        cell=base.cell,
                    )
                )
            else:
                out.append(_point_at(reported, float(spec["c_rate"]), self.cell_id))
        return out

    def points(self, kb, calibration: Calibration) -> list[tuple[ReportedPoint, str]]:
        """Every reported point at the calibration's temperature with its role: 'fitted',
        then 'check' (not used in the fit) or 'predicted' (D borrowed from another cell)."""
        fitted = self.fit_points(kb, calibration)
        extra = [
            p
            for p in self.reported_points(kb, calibration.temperature_C)
            if not any(math.isclose(p.c_rate, f.c_rate) for f in fitted)
        ]
        unused = "predicted" if calibration.borrowed_from else "check"
        return [(p, "fitted") for p in fitted] + [(p, unused) for p in extra]

    def all_points(self, kb) -> list[ReportedPoint]:
        """Every reported point of the case, at all its temperatures (for figures)."""
        return [p for c in self.calibrations for p, _ in self.points(kb, c)]

    def setup(self, kb, temperature_C: float, diffusivity_m2_per_s: float | None = None):
        """The :class:`HalfCell` of this case at ``temperature_C`` (calibrated diffusivity
        unless ``diffusivity_m2_per_s`` is given, e.g. while fitting)."""
        cell = kb.cell(self.cell_id)
        calibration = next(c for c in self.calibrations if c.temperature_C == temperature_C)
        window = (
            (cell.voltage_low_V, cell.voltage_high_V)
            if cell.voltage_low_V is not None and cell.voltage_high_V is not None
            else None
        )
        note = calibration.describe(self.fit_points(kb, calibration))
        if diffusivity_m2_per_s is not None:
            note = f"solid diffusivity {diffusivity_m2_per_s:.3g} m²/s (trial value of a fit)"
        return HalfCell(
            cell.cathode,
            cell.electrolyte,
            temperature_C - ABSOLUTE_ZERO_C,
            voltage_window_V=window,
            diffusivity_m2_per_s=diffusivity_m2_per_s or calibration.diffusivity_m2_per_s,
            particle_radius_m=float(settings()["particle_radius_m"]),
            parameter_note=note,
            diffusivity_flag="" if diffusivity_m2_per_s is not None else calibration.flag,
        )

    def rates_at(self, kb, temperature_C: float) -> list[float]:
        """The case's C-rates plus every reported rate at ``temperature_C``."""
        reported = [p.c_rate for p in self.reported_points(kb, temperature_C)]
        rates = sorted({*self.c_rates, *reported})
        return [r for i, r in enumerate(rates) if i == 0 or not math.isclose(r, rates[i - 1])]

    def caption(self, kb) -> str:
        """The calibration and what the review reports, for a figure caption."""
        fits = "; ".join(c.describe(self.fit_points(kb, c)) for c in self.calibrations)
        return f"Simulated discharge curves (PyBaMM DFN half cell); {fits}."

    def run(self, kb=None) -> list[SimulatedCurve]:
        from hydrion.cell.simulate import simulate  # PyBaMM, imported only to run a case

        kb = _kb(kb)
        try:
            kb.cell(self.cell_id)
        except UnknownRecordError as exc:
            raise MissingDataError(str(exc)) from None
        curves = []
        for temperature_C in self.temperatures_C:
            setup = self.setup(kb, temperature_C)
            curves += simulate(setup, self.rates_at(kb, temperature_C), kb, with_charge=False)
        return curves

    def comparison(self, kb, curves: list[SimulatedCurve]) -> list[dict]:
        """Simulated against reported at every reported point, marking the fitted ones."""
        rows = []
        for calibration in self.calibrations:
            T_K = calibration.temperature_C - ABSOLUTE_ZERO_C
            for point, role in self.points(kb, calibration):
                simulated = capacity_at(curves, point.c_rate, T_K)
                rows.append(
                    {
                        "cell": self.title,
                        "T (°C)": calibration.temperature_C,
                        "C-rate": round(point.c_rate, 4),
                        "reported (mAh/g)": round(point.capacity_mAh_per_g, 1),
                        "reported basis": point.basis,
                        "simulated (mAh/g)": round(simulated, 1),
                        # + 0.0 turns a -0.0 (a difference that rounds to zero) into 0.0
                        "difference (%)": round(100 * (simulated / point.capacity_mAh_per_g - 1), 1)
                        + 0.0,
                        "use": role,
                        "refs": ",".join(map(str, point.refs)),
                        "D (m²/s)": f"{calibration.diffusivity_m2_per_s:.3g}"
                        + (f" [{calibration.flag}]" if calibration.flag else ""),
                    }
                )
        return rows


def calibrated_diffusivity(
    electrode: str, temperature_K, electrolyte: str | None = None, kb=None
) -> tuple[float, str, str] | None:
    """A solid diffusivity (m²/s) fitted for ``electrode`` in a review cell, with a note saying
    where it comes from and a short flag for a table ('' where fitted to this very cell and
    temperature, else 'D borrowed at 120 °C, not corrected'...); None if no review cell
    calibrates this electrode.

    The calibration of the same electrode with the same electrolyte is preferred, then the
    one nearest in temperature. Used elsewhere it is borrowed and flagged: D was fitted to one
    cell's rate data and no temperature dependence of D is on record. ``temperature_K`` is K
    or a pint temperature Quantity (°C included).
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    kb = _kb(kb)
    try:
        electrode_id = part(electrode, kb).id
        electrolyte_id = part(electrolyte, kb).id if electrolyte else None
    except UnknownRecordError:
        return None
    options = []
    for case in review_cell_runs():
        cell = kb.cell(case.cell_id)
        if cell.cathode != electrode_id:
            continue
        for calibration in case.calibrations:
            if calibration.borrowed_from:  # only fitted values are lent
                continue
            distance = abs(calibration.temperature_C - (temperature_K + ABSOLUTE_ZERO_C))
            options.append((cell.electrolyte != electrolyte_id, distance, case, calibration))
    if not options:
        return None
    other_electrolyte, distance, case, calibration = min(options, key=lambda o: o[:2])
    same = not other_electrolyte and distance < 0.5
    note = calibration.describe(case.fit_points(kb, calibration))
    flag = ""
    if not same:
        flag = (
            "D borrowed"
            + (f" at {calibration.temperature_C:g} °C" if distance >= 0.5 else "")
            + (" with another electrolyte" if other_electrolyte else "")
            + ", not corrected"
        )
        note = (
            f"borrowed from {case.title}: {note}; used here at "
            f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C"
            + (" with another electrolyte" if other_electrolyte else "")
            + " (no temperature or microstructure dependence of D on record: indicative)"
        )
    return calibration.diffusivity_m2_per_s, note, flag


def _point_at(points: list[ReportedPoint], c_rate: float, cell_id: str) -> ReportedPoint:
    for point in points:
        if math.isclose(point.c_rate, c_rate, rel_tol=0.02):
            return point
    raise MissingDataError(f"{cell_id}: no reported capacity at {c_rate:g} C on record")


def _kb(kb):
    if kb is None:
        from hydrion.kb import open_kb

        return open_kb()
    return kb


def review_cell_runs() -> list[ReviewCase]:
    """The review cells to simulate, from ``cell/data/review_cases.yaml``."""
    items = bundled_yaml("hydrion.cell.data", "review_cases.yaml")
    fitted = {
        (item["slug"], float(c["temperature_C"])): (item["title"], c)
        for item in items
        for c in item["calibrations"]
        if "diffusivity_m2_per_s" in c
    }

    def calibration(entry: dict) -> Calibration:
        if "borrow" in entry:  # a prediction with another cell's fitted diffusivity
            key = (entry["borrow"]["slug"], float(entry["borrow"]["temperature_C"]))
            title, source = fitted[key]
            return Calibration(
                float(entry["temperature_C"]),
                float(source["diffusivity_m2_per_s"]["value"]),
                (),
                f"{title} at {key[1]:g} °C",
                key[1],
            )
        return Calibration(
            float(entry["temperature_C"]),
            float(entry["diffusivity_m2_per_s"]["value"]),
            tuple(entry["fitted_to"]),
        )

    return [
        ReviewCase(
            slug=item["slug"],
            title=item["title"],
            cell_id=item["cell_id"],
            c_rates=tuple(float(r) for r in item["c_rates"]),
            calibrations=tuple(calibration(c) for c in item["calibrations"]),
        )
        for item in items
    ]


def capacity_at(
    curves: list[SimulatedCurve], c_rate: float, temperature_K, direction: str = "discharge"
) -> float:
    """Final capacity of the curve at ``c_rate`` and ``temperature_K`` (NaN if absent).

    ``temperature_K`` is K or a pint temperature Quantity (°C included).
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    for curve in curves:
        if (
            curve.direction == direction
            and math.isclose(curve.c_rate, c_rate)
            and math.isclose(curve.temperature_K, temperature_K)
        ):
            return curve.final_capacity_mAh_per_g
    return float("nan")
