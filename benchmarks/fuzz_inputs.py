"""Fuzz hydrion's readers with generated inputs; print, per family, what escaped and how long.

Families: quantities and formulas (>= 100,000 inputs each by default), and a lighter touch on
the other public readers: σ tables (``read_conductivity_table`` + ``fit_arrhenius``), circuit
strings (``Circuit``), spectra (``read_spectrum``), cycling files (``read_cycling`` +
``summarise``), CV files (``read_cv``), record YAML files (``KnowledgeBase.add_file``) and
CLI argument lists (the ``hydrion`` command, in-process, with ``main``'s own handling).

An input is *accepted* (a result), *refused* (a HydrionError, or for the CLI what ``main``
turns into one line and exit 2) or *uncaught* (any other exception: a bug, listed with the
hydrion function it escaped from). Runs over 5 s are counted; an input that runs past the
hard limit (30 s) is killed in its worker process and counted as a hang.

Usage::

    python benchmarks/fuzz_inputs.py                       # defaults below
    python benchmarks/fuzz_inputs.py --n 100000 --n-files 100000 --families all
    python benchmarks/fuzz_inputs.py --families quantities,formulas --n 2000
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import multiprocessing as mp
import os
import random
import shutil
import signal
import string
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

SLOW_S = 5.0
PROGRESS_S = 60.0  # a progress line on stderr this often
HANG_S = 30.0
FLUSH_EVERY = 100
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# ---------------------------------------------------------------------------------------
# Text generators (deterministic per input index)

DASHES = "-\u2212\u2013\u2014\u2010\u2011\ufe63\uff0d"
SUPER = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
UNITS = [
    "K",
    "C",
    "°C",
    "℃",
    "degC",
    "F",
    "S/cm",
    "mS/cm",
    "S cm-1",
    "S cm⁻¹",
    "mS·cm−1",
    "S.cm-1",
    "µS/cm",
    "S/m",
    "mg",
    "g",
    "mm",
    "µm",
    "um",
    "cm",
    "cm2",
    "cm²",
    "mm^2",
    "mA/cm**2",
    "mA cm-2",
    "mAh/g",
    "mAh/cm3",
    "V",
    "mV",
    "Ω",
    "Ω·cm²",
    "ohm cm",
    "Hz",
    "kHz",
    "eV",
    "kJ/mol",
    "J mol-1 K-1",
    "h",
    "min",
    "s",
    "%",
    "wt%",
    "C/10",
]
HOSTILE_QUANTITIES = [
    "2^9999999999 K",
    "9**9**9 K",
    "10**400 mg",
    "1e999999 K",
    "nan K",
    "inf S/cm",
    "-inf K",
    "1e-400 S/cm",
    "(1+2) K",
    "__import__('os') K",
    "{0} K",
    "%s K",
    "1 K; rm -rf /",
    "1" * 300 + " K",
    "0x10 K",
    "1_0 K",
    "1,5 mS/cm",
    "1 J/mol/K",
    "1 W/m K",
    "10^-99999 K",
    "1e308*10 K",
    "1 m**99",
    "1 m^-99999",
    "K",
    "",
    " ",
    "1 ",
    "--5 K",
    "+-5 K",
]
SPECIAL = "0123456789.,eE+-−–^*×x·/()[] °℃KCSmgVµΩ%_⁻¹²³⁰\t\n\x00'\"\\{}#;:"


def _mutate(rng: random.Random, text: str, alphabet: str = SPECIAL) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        position = rng.randint(0, len(chars))
        if op < 0.4:
            chars.insert(position, rng.choice(alphabet))
        elif op < 0.7 and chars:
            del chars[min(position, len(chars) - 1)]
        elif op < 0.85 and chars:
            chars[min(position, len(chars) - 1)] = rng.choice(alphabet)
        else:
            chars[position:position] = chars[: rng.randint(0, len(chars))]
    return "".join(chars)


def _random_text(rng: random.Random, size: int = 24) -> str:
    pools = [string.printable, SPECIAL, "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(40))]
    pool = rng.choice(pools)
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, size)))


def _number(rng: random.Random) -> str:
    mantissa = rng.choice(
        [
            str(rng.randint(0, 999)),
            f"{rng.uniform(0, 1000):.{rng.randint(0, 6)}f}",
            f".{rng.randint(0, 99)}",
        ]
    )
    exponent = rng.randint(-120, 120) if rng.random() < 0.2 else rng.randint(-12, 12)
    sign = rng.choice(["", "", "+", "-", rng.choice(DASHES)])
    style = rng.random()
    digits = f"{abs(exponent):0{rng.randint(1, 3)}d}"
    esign = "-" if exponent < 0 else rng.choice(["", "+"])
    if style < 0.4:
        return sign + mantissa
    if style < 0.6:
        return f"{sign}{mantissa}{rng.choice('eE')}{esign}{digits}"
    if style < 0.8:
        times = rng.choice(["×", "x", "*", "·", " × ", " x "])
        power = rng.choice(["^", "**"])
        return f"{sign}{mantissa}{times}10{power}{esign}{digits}"
    if style < 0.9:
        return f"{sign}{mantissa}×10" + f"{esign}{digits}".translate(SUPER)
    return f"{sign}10" + f"{esign}{digits}".translate(SUPER)


def gen_quantity(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        space = rng.choice(["", " ", "  ", "\u2009"])
        return f"{_number(rng)}{space}{rng.choice(UNITS)}"
    if roll < 0.75:
        return _mutate(rng, f"{_number(rng)} {rng.choice(UNITS)}")
    if roll < 0.85:
        return rng.choice(HOSTILE_QUANTITIES)
    return _random_text(rng)


ELEMENTS = [
    "H",
    "Li",
    "Na",
    "K",
    "Mg",
    "Ca",
    "B",
    "C",
    "N",
    "O",
    "Al",
    "Ti",
    "Fe",
    "S",
    "I",
    "Br",
    "Cl",
    "P",
    "Si",
    "Ni",
    "Mn",
    "Co",
    "Xx",
    "Zz",
]
GROUPS = ["BH4", "NH2", "NH3", "AlH4", "B12H12", "CB11H12", "CB9H10", "B10H10", "H2O", "NH3BH3"]
HOSTILE_FORMULAS = [
    "1/0LiH",
    "Li1e400",
    "Li1e-400H",
    "0LiH",
    "LiH0",
    "nan",
    "inf",
    "(" * 500 + "Li" + ")" * 500,
    "Li" * 150,
    "Mg(BH4)2.2NH3",
    "Li2B12H12.4H2O",
    "Mg(BH4)2.2.2NH3",
    "Li99999999999H",
    "1/3LiBH4·",
    "··",
    "Li(",
    "Li)2",
    "Li[BH4]2",
    "LiH.",
    ".5LiH",
    "1e5LiH",
    "Li1.5e2H",
    "Li−1",
    "Li-1",
]


def _count(rng: random.Random) -> str:
    return rng.choice(
        [
            "",
            "",
            str(rng.randint(1, 20)),
            f"{rng.uniform(0, 3):.{rng.randint(1, 2)}f}",
            str(rng.randint(0, 10 ** rng.randint(1, 8))),
        ]
    )


def gen_formula(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        parts = []
        for _ in range(rng.randint(1, 3)):
            body = ""
            for _ in range(rng.randint(1, 4)):
                if rng.random() < 0.3:
                    body += f"({rng.choice(GROUPS)}){_count(rng)}"
                else:
                    body += rng.choice(ELEMENTS) + _count(rng)
            coefficient = rng.choice(
                [
                    "",
                    "",
                    str(rng.randint(0, 90)),
                    f"{rng.randint(0, 3)}/{rng.randint(0, 3)}",
                    f"0.{rng.randint(0, 99)}",
                ]
            )
            parts.append(coefficient + body)
        return rng.choice(["·", "·", ".", "*", "•", "⋅"]).join(parts)
    if roll < 0.8:
        return _mutate(
            rng,
            gen_formula(rng) if rng.random() < 0.5 else rng.choice(HOSTILE_FORMULAS),
            "LiBHMgNaCNO()[]0123456789./·*e ₂₄",
        )
    if roll < 0.9:
        return rng.choice(HOSTILE_FORMULAS)
    return _random_text(rng)


# ---------------------------------------------------------------------------------------
# Targets: each takes one generated input and calls hydrion's public functions


def target_quantity(text: str, rng: random.Random) -> None:
    from hydrion.errors import UnitError
    from hydrion.units import as_kelvin, as_magnitude, parse_quantity, parse_temperature_K

    roll = rng.random()
    expected = rng.choice(["kelvin", "S/cm", "mg", "V", "mA/cm**2", "cm", "cm**2", "Hz", "mAh/g"])
    if roll < 0.3:
        quantity = parse_quantity(text, expected, rng.choice([None, expected]))
        assert abs(quantity.magnitude) <= 1e100
    elif roll < 0.6:  # every kind of quantity, so that well-formed input is also accepted
        refusals = []
        for unit in ("kelvin", "S/cm", "mg", "V", "mA/cm**2", "cm", "cm**2", "Hz", "mAh/g"):
            try:
                parse_quantity(text, unit)
                break
            except UnitError as exc:
                refusals.append(exc)
        else:
            raise refusals[-1]
    elif roll < 0.8:
        parse_temperature_K(text)
    elif roll < 0.9:
        as_magnitude(text, expected, "x")
    else:
        value = rng.choice(
            [
                float("nan"),
                float("inf"),
                -1.0,
                0.0,
                1e308,
                300.0,
                [300.0, float("nan")],
                None,
                True,
                "25 C",
                [[1.0], [2.0]],
                rng.uniform(-1e3, 1e3),
            ]
        )
        unit = rng.choice(["degC", "degF", "K", "V", "S/cm", "dimensionless", "delta_degC"])
        if rng.random() < 0.5 and isinstance(value, float):
            value = _foreign_registry().Quantity(value, unit)
        as_kelvin(value)


@functools.lru_cache(maxsize=1)
def _foreign_registry():
    """A pint registry of the user's own, not hydrion's."""
    import pint

    return pint.UnitRegistry()


def target_formula(text: str, rng: random.Random) -> None:
    from hydrion.chem.formula import molar_mass_g_per_mol, parse_formula
    from hydrion.chem.reactions import parse_reaction

    if rng.random() < 0.85:
        composition = parse_formula(text)
        assert composition.num_atoms > 0
        molar_mass_g_per_mol(text)
    else:
        arrow = rng.choice(["->", "→", "=", "<->", "->->", ""])
        other = gen_formula(rng)
        parse_reaction(f"{text} + {rng.randint(0, 3)}Li {arrow} {other} + LiH")


T_HEADERS = ["T_C", "T_K", "T (K)", "T [°C]", "T", "temperature_C", "1000/T", "Temp (C)", "T_F"]
S_HEADERS = [
    "sigma_S_per_cm",
    "sigma [mS/cm]",
    "log10_sigma_S_per_cm",
    "sigma",
    "σ (S cm-1)",
    "sigma [2^99 S/cm]",
    "sigma_S_per_m",
    "conductivity",
]
CELLS = ["", "nan", "inf", "-inf", "1e400", "abc", "0", "-1", "25", "1,5", "1e-5", "2.5e-3", "∞"]


def gen_sigma_table(rng: random.Random) -> bytes:
    columns = [rng.choice(T_HEADERS), rng.choice(S_HEADERS)] + (
        ["direction"] if rng.random() < 0.2 else []
    )
    if rng.random() < 0.2:
        rng.shuffle(columns)
    sep = rng.choice([",", ",", "\t", ";", " "])
    lines = [sep.join(columns)]
    for _ in range(rng.randint(0, 12)):
        row = []
        for column in columns:
            if rng.random() < 0.1:
                row.append(rng.choice(CELLS))
            elif column.startswith(("T", "t", "1000")):
                row.append(f"{rng.uniform(-300, 900):.2f}")
            elif column == "direction":
                row.append(rng.choice(["heating", "cooling", "up", ""]))
            else:
                row.append(
                    f"{10 ** rng.uniform(-12, 1):.3e}"
                    if "log" not in column
                    else f"{rng.uniform(-12, 1):.2f}"
                )
        lines.append(sep.join(row))
    text = "\n".join(lines)
    return (
        _mutate(rng, text).encode()
        if rng.random() < 0.3
        else text.encode(rng.choice(["utf-8", "latin-1", "utf-16"]), "replace")
    )


def target_sigma_table(data: bytes, rng: random.Random, workdir: Path) -> None:
    from hydrion.experiment.readers import read_conductivity_table
    from hydrion.transport import fit_arrhenius

    path = workdir / rng.choice(["t.csv", "t.txt", "t.tsv"])
    path.write_bytes(data)
    table = read_conductivity_table(
        path, rng.choice([None, "C", "K", "x"]), rng.choice([None, "S/cm", "2^99 S"])
    )
    if len(table.temperature_K) >= 3 and rng.random() < 0.2:
        fit_arrhenius(table.temperature_K, table.sigma_S_per_cm)


CIRCUIT_TOKENS = [
    "R0",
    "R1",
    "R2",
    "C1",
    "C2",
    "CPE1",
    "CPE2",
    "L0",
    "Wo1",
    "Ws1",
    "W1",
    "G1",
    "p(",
    ")",
    "-",
    ",",
    "-",
    "p(",
    "R",
    "(",
    "x",
    "1",
    "__",
    "exec(",
    "Q1",
    "La1",
]


def gen_circuit(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "".join(rng.choice(CIRCUIT_TOKENS) for _ in range(rng.randint(0, 10)))
    return _mutate(
        rng,
        rng.choice(
            ["R0-p(R1,CPE1)-CPE2", "L0-R0-p(R1,CPE1)-CPE2", "R0-p(R1,C1)-p(R2-Wo1,C2)", "R0"]
        ),
        "Rp(),-CPEWoL0123 _",
    )


def target_circuit(text: str, rng: random.Random) -> None:
    import numpy as np

    from hydrion.experiment.eis_circuits import Circuit

    circuit = Circuit(text)
    circuit(np.ones(len(circuit.names)), np.logspace(-1, 6, 5))


def _seed_files(kind: str) -> list[Path]:
    folders = {"spectrum": ["corpus/eis"], "cycling": ["corpus/cycling"], "cv": ["corpus/cv"]}
    found = [
        p
        for folder in folders[kind]
        for p in sorted((SHARED / folder).glob("*"))
        if p.is_file() and p.stat().st_size < 60_000
    ]
    found += [
        p
        for p in sorted((SHARED / "cases").rglob("*"))
        if p.is_file()
        and p.stat().st_size < 60_000
        and p.suffix in (".csv", ".txt", ".mpt", ".z", ".DTA", ".dta", ".mpr")
    ]
    return found


_SEEDS: dict[str, list[bytes]] = {}
HEADERS = {
    "spectrum": [
        "freq/Hz",
        "Re(Z)/Ohm",
        "-Im(Z)/Ohm",
        "frequency",
        "real",
        "imaginary",
        "f",
        "Z'",
        "Z''",
    ],
    "cycling": [
        "time/s",
        "Ewe/V",
        "I/mA",
        "cycle number",
        "Current(A)",
        "Voltage(V)",
        "Step Type",
        "Test_Time(s)",
    ],
    "cv": ["Ewe/V", "<I>/mA", "cycle number", "E (V)", "I (A)", "Potential", "Current"],
}


def gen_lab_file(kind: str):
    def generate(rng: random.Random) -> tuple[str, bytes]:
        if kind not in _SEEDS:
            _SEEDS[kind] = [p.read_bytes() for p in _seed_files(kind)]
        seeds = _SEEDS[kind]
        roll = rng.random()
        if roll < 0.5 and seeds:
            data = rng.choice(seeds)
            lines = data.split(b"\n")
            start = rng.randint(0, max(0, len(lines) - 1))
            lines = lines[: rng.randint(0, len(lines))] if rng.random() < 0.3 else lines
            for _ in range(rng.randint(1, 4)):
                i = rng.randint(0, max(0, len(lines) - 1))
                if lines:
                    lines[i] = _mutate(rng, lines[i].decode("latin-1")).encode("latin-1", "replace")
            data = b"\n".join(lines[:start] + lines[start:])
            if rng.random() < 0.1:  # flip a byte
                position = rng.randint(0, max(0, len(data) - 1))
                data = data[:position] + bytes([rng.randint(0, 255)]) + data[position + 1 :]
        else:
            columns = rng.sample(HEADERS[kind], rng.randint(1, min(4, len(HEADERS[kind]))))
            sep = rng.choice([",", "\t", ";"])
            rows = [sep.join(columns)] if rng.random() < 0.8 else []
            for _ in range(rng.randint(0, 30)):
                rows.append(
                    sep.join(
                        rng.choice(
                            [
                                f"{rng.uniform(-5, 5):.4g}",
                                f"{10 ** rng.uniform(-3, 6):.4g}",
                                rng.choice(CELLS),
                            ]
                        )
                        for _ in columns
                    )
                )
            data = "\n".join(rows).encode()
        suffix = rng.choice([".csv", ".txt", ".mpt", ".z", ".dta", ".mpr", ".xyz"])
        return suffix, data

    return generate


def target_lab_file(kind: str):
    def run(item: tuple[str, bytes], rng: random.Random, workdir: Path) -> None:
        suffix, data = item
        path = workdir / f"f{suffix}"
        path.write_bytes(data)
        if kind == "spectrum":
            from hydrion.experiment.spectrum_readers import read_spectrum

            read_spectrum(path)
        elif kind == "cycling":
            from hydrion.experiment.cycler_files import read_cycling
            from hydrion.experiment.cycling import summarise

            summarise(read_cycling(path), rng.choice([1.0, 0.001]))
        else:
            from hydrion.experiment.cv import read_cv

            read_cv(path, rng.choice([None, 1.0]))

    return run


RECORD = """- id: {id}
  name: {name}
  kind: {kind}
  ions: [{ion}]
  family: BH4
  formula: {formula}
  conductivities:
    - sigma_S_per_cm: {sigma}
      temperature_C: {temperature}
      source: {{kind: user, citation: "fuzz"}}
"""


def gen_record(rng: random.Random) -> str:
    def pick(valid: str, *hostile: str) -> str:
        return valid if rng.random() < 0.85 or not hostile else rng.choice(hostile)

    values = {
        "id": pick(f"fuzz-{rng.randint(0, 10**9)}", "libh4", "", "a" * 300, "x: y", "'"),
        "name": pick(f"Fuzz {rng.randint(0, 10**9)}", "LiBH4", "%", "'", "[]", "libh4"),
        "kind": pick("electrolyte", "electrode", "gas", "1", ""),
        "ion": pick("Li", "Na", "Mg", "Xx", ""),
        "formula": pick("LiBH4", gen_formula(rng), "1/0LiH", "Li1e400", "Mg(BH4)2.2NH3"),
        "sigma": pick(
            f"{10 ** rng.uniform(-12, 0):.3g}",
            ".inf",
            ".nan",
            "-1",
            "1e400",
            "abc",
            "[1, 2]",
            "{}",
            "0",
            "1:30",  # YAML 1.1 forms: sexagesimal, hexadecimal, octal, underscores, booleans
            "0x1F",
            "0o17",
            "1_000",
            "yes",
            "!!float 1:30",
        ),
        "temperature": pick(
            f"{rng.uniform(-50, 400):.1f}", "-300", ".nan", "1e300", "x", ".inf", "1:30", "030"
        ),
    }
    text = RECORD.format(**values)
    roll = rng.random()
    if roll < 0.2:
        return _mutate(rng, text, "-:[]{}&*!|>'\"% \n\t#?,0123456789.")
    if roll < 0.25:
        return "[" * rng.randint(100, 5000) + "]" * rng.randint(0, 5000)
    if roll < 0.3:
        return (
            "a: &a [*a]\n" if rng.random() < 0.5 else "- !!python/object/apply:os.system ['true']\n"
        )
    return text


_KB = None


def target_record(text: str, rng: random.Random, workdir: Path) -> None:
    global _KB
    from hydrion.kb import open_kb

    if _KB is None:
        _KB = open_kb(workdir / "user.sqlite")
    path = workdir / "records.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    _KB.add_file(path)


CLI_COMMANDS = [
    ["sigma", "{material}", "--T", "{quantity}"],
    ["sigma", "{material}", "--temperature", "{quantity}", "--direction", "{word}"],
    ["db", "show", "{material}"],
    ["db", "query", "--sigma-min", "{quantity}", "--at", "{quantity}"],
    ["db", "list", "--kind", "{word}", "--ion", "{word}"],
    ["cite", "{material}"],
    ["electrode", "{formula}", "--ion", "{word}"],
    ["electrode", "{formula}", "--temperature", "{quantity}"],
    ["compat", "{material}", "{formula}"],
    ["cycling", "{file}", "--mass", "{quantity}"],
    ["eis", "{file}", "--thickness", "{quantity}", "--area", "{quantity}"],
    ["cv", "{file}", "--area", "{quantity}"],
    ["arrhenius", "fit", "{file}", "--convention", "{word}"],
    ["cell", "limits", "--sigma", "{quantity}"],
    ["db", "export", "--format", "{word}", "--out", "{path}"],
]
WORDS = [
    "",
    "x",
    "nan",
    "-1",
    "Li",
    "Na",
    "heating",
    "cooling",
    "sigmaT",
    "json",
    "csv",
    "%",
    "--json",
]


def gen_cli(rng: random.Random) -> list[str]:
    template = rng.choice(CLI_COMMANDS)
    fillers = {
        "material": lambda: rng.choice(["LiBH4", "Li2B12H12", "libh4", gen_formula(rng), "%", ""]),
        "formula": lambda: rng.choice(["MgH2", "TiS2", gen_formula(rng)]),
        "quantity": lambda: rng.choice(["25 C", "1 mg", "1 mm", "1 cm2", gen_quantity(rng)]),
        "word": lambda: rng.choice(WORDS),
        "file": lambda: rng.choice(
            [
                "{cases}/lab-files/F1_control_english_same_rows.mpt",
                "{cases}/inputs/13_sigma_law.csv",
                "{cases}/inputs/09_inductive.csv",
                "/nonexistent",
                "",
                ".",
            ]
        ).format(cases=SHARED / "cases"),
        "path": lambda: rng.choice(["out.csv", "", "/dev/full", "no/such/dir/x.csv", "."]),
    }
    argv = [fillers[part[1:-1]]() if part.startswith("{") else part for part in template]
    if rng.random() < 0.3:
        argv.append(rng.choice(["--json", "--help", "--bogus", "-T", "--T"]))
    if rng.random() < 0.1:
        rng.shuffle(argv)
    return argv


def target_cli(argv: list[str], rng: random.Random, workdir: Path) -> None:
    """Run ``hydrion.cli.main.main`` in-process: exit 0 accepted, 2 refused, else a bug."""
    from hydrion.cli.main import main

    os.chdir(workdir)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    if code == 2:
        raise _Refused(err.getvalue())
    if code != 0:
        raise _CliBug(err.getvalue())


class _Refused(Exception):
    """The CLI's own refusal: one line on stderr and exit code 2."""


class _CliBug(Exception):
    """The CLI printed a traceback (exit code 1): what escaped and from where."""

    def __init__(self, stderr: str):
        lines = [line for line in stderr.splitlines() if line.strip()]
        frames = [line.strip() for line in lines if line.strip().startswith("File ")]
        ours = [f for f in frames if "/hydrion/" in f]
        self.where = (ours or frames or ["?"])[-1]
        error = [line for line in lines if not line.startswith((" ", "Traceback", "hydrion:"))]
        self.kind = error[-1].split(":")[0] if error else "exit 1"
        super().__init__(error[-1] if error else stderr[-160:])


FAMILIES = {
    "quantities": (gen_quantity, target_quantity, False),
    "formulas": (gen_formula, target_formula, False),
    "sigma_tables": (gen_sigma_table, target_sigma_table, True),
    "circuits": (gen_circuit, target_circuit, False),
    "spectra": (gen_lab_file("spectrum"), target_lab_file("spectrum"), True),
    "cycling_files": (gen_lab_file("cycling"), target_lab_file("cycling"), True),
    "cv_files": (gen_lab_file("cv"), target_lab_file("cv"), True),
    "records": (gen_record, target_record, True),
    "cli": (gen_cli, target_cli, True),
}
OWNED = ("quantities", "formulas")

# ---------------------------------------------------------------------------------------
# Runner: a worker process per family, restarted past any input that hangs


def _where(exc: BaseException) -> str:
    """'module.function' of the innermost hydrion frame the exception passed through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/hydrion/" in f.filename and "benchmarks" not in f.filename]
    frame = ours[-1] if ours else frames[-1]
    module = frame.filename.split("/hydrion/")[-1].removesuffix(".py").replace("/", ".")
    return f"hydrion.{module}.{frame.name}" if ours else f"{frame.filename}:{frame.name}"


def _label(index: int, item) -> str:
    """'#index repr' of an input; ``--dump FAMILY:INDEX`` writes the whole input again."""
    return f"#{index} {repr(item)[:140]}"


def dump(family: str, index: int, seed: int) -> None:
    """Write input ``index`` of ``family`` (a file for file families, else its repr)."""
    item = FAMILIES[family][0](random.Random(f"{seed}:{family}:{index}"))
    if isinstance(item, tuple) and isinstance(item[1], bytes):
        path = Path(f"fuzz-{family}-{index}{item[0]}")
        path.write_bytes(item[1])
        print(f"wrote {path}")
    elif family == "records":
        path = Path(f"fuzz-{family}-{index}.yaml")
        path.write_text(item, encoding="utf-8", errors="surrogateescape")
        print(f"wrote {path}")
    elif isinstance(item, bytes):
        path = Path(f"fuzz-{family}-{index}.csv")
        path.write_bytes(item)
        print(f"wrote {path}")
    else:
        print(repr(item))


def _scratch() -> str | None:
    """A RAM-backed folder (/dev/shm) for the inputs' files and user databases where there is
    one: the same code paths without waiting for the disk (fsync of each commit, file
    writes), which took most of the time per record file."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _worker(family: str, seed: int, start: int, stop: int, queue, progress) -> None:
    import warnings

    from hydrion.errors import HydrionError

    warnings.simplefilter("ignore")
    generate, target, needs_dir = FAMILIES[family]
    workdir = Path(tempfile.mkdtemp(prefix=f"fuzz-{family}-", dir=_scratch()))
    os.environ["HYDRION_USER_DB"] = str(workdir / "user.sqlite")
    batch = {"accepted": 0, "refused": 0, "uncaught": [], "slow": [], "times": []}
    with contextlib.suppress(Exception):  # warm-up: imports are not the input's time
        rng = random.Random(f"{seed}:{family}:warm-up")
        target(generate(rng), rng, workdir) if needs_dir else target(generate(rng), rng)
    for index in range(start, stop):
        rng = random.Random(f"{seed}:{family}:{index}")
        progress[0], progress[1] = index, time.monotonic()
        item = generate(rng)
        began, cpu_began = time.perf_counter(), time.process_time()
        try:
            target(item, rng, workdir) if needs_dir else target(item, rng)
            batch["accepted"] += 1
        except (HydrionError, _Refused):
            batch["refused"] += 1
        except _CliBug as bug:
            batch["uncaught"].append((bug.kind, bug.where, str(bug)[:160], _label(index, item)))
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            batch["uncaught"].append(
                (type(exc).__name__, _where(exc), str(exc)[:160], _label(index, item))
            )
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        batch["times"].append(elapsed)
        if elapsed > SLOW_S:
            batch["slow"].append((round(elapsed, 1), round(cpu, 1), _label(index, item)))
        if (index + 1 - start) % FLUSH_EVERY == 0 or index + 1 == stop:
            queue.put((index + 1, batch))
            batch = {"accepted": 0, "refused": 0, "uncaught": [], "slow": [], "times": []}
    os.chdir(tempfile.gettempdir())
    shutil.rmtree(workdir, ignore_errors=True)


def run_family(family: str, n: int, seed: int) -> dict:
    """Run inputs 0..n-1 of ``family``; on SIGINT/SIGTERM stop and return the totals so far."""
    totals = {"accepted": 0, "refused": 0, "uncaught": [], "slow": [], "hangs": [], "times": []}
    began = time.perf_counter()
    try:
        _run_inputs(family, n, seed, totals, began)
    except KeyboardInterrupt:
        print(f"{family}: interrupted; the figures below are for the inputs done", file=sys.stderr)
    totals["wall_s"] = time.perf_counter() - began
    totals["n"] = totals["accepted"] + totals["refused"] + len(totals["uncaught"])
    totals["n"] += len(totals["hangs"])
    return totals


def _run_inputs(family: str, n: int, seed: int, totals: dict, began: float) -> None:
    context = mp.get_context("fork")
    done = 0
    shown = began
    while done < n:
        queue, progress = context.Queue(), context.Array("d", [done, time.monotonic()])
        worker = context.Process(target=_worker, args=(family, seed, done, n, queue, progress))
        worker.start()
        try:
            while done < n:
                try:
                    done, batch = queue.get(timeout=1.0)
                except Exception:  # queue.Empty: check the worker
                    if time.monotonic() - progress[1] > HANG_S and int(progress[0]) >= done:
                        worker.kill()
                        worker.join()
                        index = int(progress[0])
                        item = FAMILIES[family][0](random.Random(f"{seed}:{family}:{index}"))
                        totals["hangs"].append(repr(item)[:160])
                        done = index + 1
                        break
                    if not worker.is_alive() and queue.empty():
                        index = int(progress[0])
                        totals["uncaught"].append(
                            ("WorkerDied", family, f"exit {worker.exitcode}", str(index))
                        )
                        done = index + 1
                        break
                    continue
                for key in ("accepted", "refused"):
                    totals[key] += batch[key]
                for key in ("uncaught", "slow", "times"):
                    totals[key].extend(batch[key])
                if time.perf_counter() - shown > PROGRESS_S:
                    shown = time.perf_counter()
                    _progress(family, done, n, totals, shown - began)
        finally:  # also when interrupted: no worker left behind
            worker.join(timeout=0 if done < n else 5)
            if worker.is_alive():
                worker.kill()


def _progress(family: str, done: int, n: int, totals: dict, wall_s: float) -> None:
    """One line on stderr: the figures so far, for long runs that may be cut short."""
    mean_ms = 1e3 * sum(totals["times"]) / max(len(totals["times"]), 1)
    print(
        f"{family}: {done}/{n} inputs, uncaught {len(totals['uncaught'])}, over {SLOW_S:g} s "
        f"{len(totals['slow']) + len(totals['hangs'])}, mean {mean_ms:.1f} ms per input, "
        f"wall {wall_s:.0f} s",
        file=sys.stderr,
        flush=True,
    )


def report(family: str, totals: dict) -> None:
    import numpy as np

    times = np.array(totals["times"]) if totals["times"] else np.zeros(1)
    kinds = Counter((kind, where) for kind, where, _, _ in totals["uncaught"])
    print(
        f"{family:14s} inputs {totals['n']:>7d}  accepted {totals['accepted']:>7d}  refused "
        f"{totals['refused']:>7d}  uncaught {len(totals['uncaught']):>5d} ({len(kinds)} kinds)  "
        f"over {SLOW_S:g} s {len(totals['slow']) + len(totals['hangs']):>3d} wall, "
        f"{sum(cpu > SLOW_S for _, cpu, _ in totals['slow']) + len(totals['hangs']):>3d} CPU  "
        f"median {1e3 * np.median(times):.2f} ms  mean {1e3 * times.mean():.2f} ms  "
        f"max {times.max():.2f} s  "
        f"wall {totals['wall_s']:.0f} s"
    )
    examples = {}
    for kind, where, message, item in totals["uncaught"]:
        examples.setdefault((kind, where), (message, item))
    for (kind, where), count in kinds.most_common():
        message, item = examples[(kind, where)]
        print(f"    {count:>6d} x {kind} in {where}: {message!r}\n             e.g. {item}")
    for elapsed, cpu, item in totals["slow"][:5]:
        print(f"    slow {elapsed} s wall, {cpu} s CPU: {item}")
    for item in totals["hangs"][:5]:
        print(f"    hang (> {HANG_S:g} s, killed): {item}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=100_000, help="inputs per owned family (quantities, formulas)"
    )
    parser.add_argument("--n-files", type=int, default=1_000, help="inputs per other family")
    parser.add_argument("--families", default="all", help="comma-separated, or 'all'")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", metavar="FAMILY:INDEX", help="write one input and stop")
    args = parser.parse_args(argv)
    if args.dump:
        family, index = args.dump.split(":")
        dump(family, int(index), args.seed)
        return 0
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # kill PID: report what is done
    families = list(FAMILIES) if args.families == "all" else args.families.split(",")
    print(
        f"hydrion fuzz, seed {args.seed}; runs over {SLOW_S:g} s counted, killed after {HANG_S:g} s"
    )
    failures = 0
    for family in families:
        n = args.n if family in OWNED else args.n_files
        totals = run_family(family, n, args.seed)
        report(family, totals)
        sys.stdout.flush()
        failures += len(totals["uncaught"]) + len(totals["slow"]) + len(totals["hangs"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
