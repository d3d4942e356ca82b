"""One exception family for everything hydrion refuses.

The CLI turns any :class:`HydrionError` into one line on stderr and exit code 2,
so messages are written for a chemist: say what is wrong and what to do.
"""


class HydrionError(Exception):
    """Base class of every error hydrion raises on purpose."""


class InputError(HydrionError, ValueError):
    """A value, unit or option given by the user cannot be used."""


class UnitError(InputError):
    """A quantity has the wrong dimension or cannot be parsed (e.g. a conductivity in volts)."""


class ResultValueError(ValueError):
    """A result was built with a value no analysis produces (σ < 0, a temperature ≤ 0 K,
    arrays of one value per point with different lengths...).

    Raised by a result's constructor: a bug in the code that built it, so not a
    :class:`HydrionError` (the CLI shows its traceback). Read back from a user's file,
    :meth:`hydrion.results.Result.from_dict` turns it into an :class:`InputError` naming
    the field.
    """


class FormulaError(InputError):
    """A chemical formula cannot be parsed."""


class UnknownRecordError(HydrionError, LookupError):
    """No material or cell with that name, formula or id is in the knowledge base."""


class RecordValidationError(HydrionError):
    """A data record breaks the schema; the message names the file, the field and the problem."""


class DuplicateRecordError(HydrionError):
    """A record with the same id is already stored."""


class MissingDataError(HydrionError):
    """A computation needs data (e.g. thermochemistry of a phase) that is not available."""


class FileFormatError(InputError):
    """A data file (spectrum, cycling file, CSV) is empty, truncated or malformed."""


class UserDatabaseError(HydrionError):
    """The user database cannot be used: damaged, read-only, full, newer, or not hydrion's.

    hydrion never modifies a file it does not recognise as its own user database.
    """


class OutputError(InputError):
    """An output path (report folder, figure, export file) cannot be written."""


class ReportSectionError(HydrionError):
    """One or more sections of the report failed; the message names each and why."""


class HydrionWarning(UserWarning):
    """Something was left out or assumed; the CLI prints it as one 'hydrion: warning:' line."""
