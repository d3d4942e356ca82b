"""The ``hydrion`` command: one typer app, one module per command group, each imported when
its command runs; what a refusal, a bug, an interrupt or a closed pipe become (one line, exit
code) is :mod:`hydrion.cli.exits`'s job."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import inspect
import sys
import warnings
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from hydrion import __version__
from hydrion.cli import exits
from hydrion.errors import HydrionWarning

if TYPE_CHECKING:  # typer ships its own click (typer._click); it has no public alias
    from typer._click import Command, Context, HelpFormatter


class Entry(NamedTuple):
    """Where a command lives: module, attribute (a function, or a typer app for a group)."""

    module: str
    attribute: str
    summary: str
    """The first line of the command's help, shown by ``hydrion --help`` without importing
    the module (a test checks that it matches the command's own docstring)."""
    defers: Literal["hull", "pybamm"] | None = None
    """What the command imports but does not use, deferred while it runs
    (:data:`~hydrion.cli.deferred_imports.DEFERRED`): "hull" for the commands that build
    pymatgen hulls in one thread, "pybamm" for the report, whose PyBaMM simulations never run
    PyBaMM's symbolic or xarray code (its worker processes, forked while the command runs,
    defer them too); None: nothing deferred."""


# In the order ``hydrion --help`` lists them (typer shows commands before groups).
COMMANDS: dict[str, Entry] = {
    "report": Entry(
        "hydrion.cli.report",
        "report",
        "Write the HTML report (tables and figures with sources) into --out.",
        defers="pybamm",
    ),
    "cite": Entry(
        "hydrion.cli.cite",
        "cite",
        "Print the papers a record rests on (the review itself always comes first).",
    ),
    "sigma": Entry(
        "hydrion.cli.transport",
        "sigma",
        "Modelled ionic conductivity of a knowledge-base electrolyte at one or more temperatures.",
    ),
    "eis": Entry(
        "hydrion.cli.eis",
        "eis",
        "Fit impedance spectra of a pellet and give its conductivity (Arrhenius fit for a series).",
    ),
    "electrode": Entry(
        "hydrion.cli.electrode",
        "electrode",
        "Compute the conversion of a hydride electrode, or draw Fig. 10 with --fig10.",
        defers="hull",
    ),
    "window": Entry(
        "hydrion.cli.stability",
        "window",
        "Thermodynamic stability window (grand-potential phase diagram) next to reported windows.",
        defers="hull",
    ),
    "compat": Entry(
        "hydrion.cli.stability",
        "compat",
        "Electrolyte–electrode compatibility: window vs working potential, reactions, experiments.",
        defers="hull",
    ),
    "cv": Entry(
        "hydrion.cli.cv",
        "cv",
        "Apparent stability window from a cyclic voltammogram, optionally stored with a material.",
    ),
    "cycling": Entry(
        "hydrion.cli.cycling",
        "cycling",
        "Summarise a galvanostatic cycling file (capacity per gram of the active mass).",
    ),
    "predict": Entry(
        "hydrion.cli.md_predict",
        "predict",
        "Screen compositions × temperatures × replicas as Dask tasks; store the predictions.",
    ),
    "db": Entry("hydrion.cli.db", "app", "Query and extend the knowledge base."),
    "arrhenius": Entry(
        "hydrion.cli.arrhenius", "arrhenius_app", "Fit conductivity data to Arrhenius laws."
    ),
    "cell": Entry("hydrion.cli.cell", "app", "Design a stack and simulate its cycling."),
    "md": Entry(
        "hydrion.cli.atomistic", "app", "Molecular dynamics with machine-learned potentials."
    ),
}


def load_command(name: str) -> Command:
    """Import the module of one command and build its click command (conventions applied)."""
    entry = COMMANDS[name]
    target = getattr(importlib.import_module(entry.module), entry.attribute)
    command: Command
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    _apply_conventions(command)
    return command


class _LazyCommands(MutableMapping[str, "Command"]):
    """The root's commands: each module is imported on first access, not at start-up."""

    def __init__(self) -> None:
        self._loaded: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._loaded]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._loaded))


class LazyGroup(TyperGroup):
    """The root group: ``hydrion --help`` lists summaries, a command imports only its module."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands()
        self._summaries_only = False

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if self._summaries_only and cmd_name in COMMANDS:
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name].summary)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._summaries_only = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._summaries_only = False

    def invoke(self, ctx: Context):
        """Run the command; a closed pipe ends it here, before typer turns it into exit 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            exits.reader_left()


app = typer.Typer(
    name="hydrion",
    help="Hydride solid-state batteries: knowledge base, models and lab pipelines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    cls=LazyGroup,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"hydrion {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version of hydrion and exit.",
        ),
    ] = False,
) -> None:
    """Hydride solid-state batteries: knowledge base, models and lab pipelines."""


_METAVARS = {
    "str": "TEXT",
    "float": "NUMBER",
    "int": "INTEGER",
    "int range": "INTEGER",
    "float range": "NUMBER",
    "Path": "PATH",
    "path": "PATH",
    "file": "FILE",
    "list[str]": "TEXT",
    "list[Path]": "PATH",
}


def _apply_conventions(command: Command, recursive: bool = True) -> None:
    """One CLI: plain metavars, ``-T`` for every ``--temperature``, and help paragraphs
    without hard line breaks (recursively).

    typer labels option values with Python types (<str>, <float>, <bool> even for flags);
    the help shows click's words instead, and nothing for flags.
    """
    command.help = _unwrapped(command.help)
    ctx = command.context_class(command)
    help_option = command.get_help_option(ctx)
    taken = {opt for param in command.params for opt in param.opts}
    for param in [*command.params, *([help_option] if help_option else [])]:
        if "--temperature" in param.opts and "-T" not in taken:
            param.opts.append("-T")
        if isinstance(param, TyperOption):
            if param.metavar is None:
                shown = param.display_type(ctx).strip("<>")
                param.metavar = "" if param.is_flag else _METAVARS.get(shown, f"[{shown}]")
        elif isinstance(param, TyperArgument) and param.metavar is None:
            param.metavar = (param.name or "").upper()
            # the name says it: no type column (typer has no setting for it, so the method is
            # replaced on this one parameter)
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    if recursive:
        for subcommand in getattr(command, "commands", {}).values():
            _apply_conventions(subcommand)


def _unwrapped(text: str | None) -> str | None:
    """A docstring's paragraphs each on one line (blank lines still part them; a paragraph
    opening with click's ``\\b`` keeps its lines): typer's rich help keeps the line breaks of
    every paragraph after the first, and reflowing them broke sentences in odd places
    ('in the order / given')."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split("\n")) for p in paragraphs)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, HydrionWarning):
        print(f"hydrion: warning: {' '.join(str(message).split())}", file=sys.stderr)
    else:
        _default_show_warning(message, category, filename, lineno, file, line)


_default_show_warning = warnings.showwarning


@functools.cache
def _root_command() -> Command:
    """The root click command, built once per process: calls of :func:`main` in one process
    (tests, the fuzz benchmark) reuse the subcommands already loaded (~25 ms each)."""
    command = typer.main.get_command(app)
    _apply_conventions(command, recursive=False)  # each command gets them as it loads
    return command


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning refusals into one line and exit code 2."""
    command = _root_command()
    args = sys.argv[1:] if argv is None else argv
    entry = COMMANDS.get(args[0] if args else "")
    with warnings.catch_warnings(), _fewer_collections(), _unused_imports_deferred(entry):
        warnings.simplefilter("default", HydrionWarning)  # each distinct warning once
        warnings.showwarning = _show_warning
        exits.run(command, argv)


GC_GEN0_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation while a command runs
(Python's default: 700). A command starts by importing its modules and loading the knowledge
base: objects that live until it exits, which at the default the cycle collector walks
100–250 times (sigma: 0.06 s CPU, electrode: 0.15 s, measured with ``gc.callbacks``); at
10,000, 5–16 times (0.02 s, 0.08 s). Cyclic garbage still goes, in larger batches."""


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect the youngest generation every :data:`GC_GEN0_THRESHOLD` allocations, for the
    duration of one command (the old thresholds come back after it, e.g. in a test process)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _unused_imports_deferred(entry: Entry | None) -> contextlib.AbstractContextManager[None]:
    """Defer what the command imports but does not use (:attr:`Entry.defers`); else change
    nothing."""
    if entry is None or entry.defers is None:
        return contextlib.nullcontext()
    from hydrion.cli.deferred_imports import DEFERRED, deferred_imports

    return deferred_imports(*DEFERRED[entry.defers])


if __name__ == "__main__":  # pragma: no cover
    main()
