"""The one exception family of luoyang_analysis.

Every error an analyst can meet (a bad catalogue, bad data, bad parameters)
derives from :class:`LuoyangError`, so the CLI can print its message and exit
with status 1 instead of showing a traceback.
"""


class LuoyangError(Exception):
    """Raised when an analyst-facing problem stops the work; the message says what to do."""


class CatalogueError(LuoyangError):
    """Raised when the target catalogue or the unit registry is malformed or inconsistent."""


class ParameterError(LuoyangError):
    """Raised when a command or notebook parameter (unit, year, language, path) is invalid."""


class SettingError(LuoyangError):
    """Raised when an environment setting (``LUOYANG_MAX_*``) holds a value the program cannot use:
    the setting is wrong, not the data it would have been applied to."""


class ReportError(LuoyangError):
    """Raised when a report cannot be executed or rendered."""


class DataError(LuoyangError):
    """Raised when raw statistics fail validation; carries every problem found, each with its location."""

    def __init__(self, issues, outcome: str = "nothing was written to data/processed/"):
        # ``outcome``: what the problems stopped, for a command that does not process a delivery
        self.issues = list(issues)
        lines = [str(i) for i in self.issues]
        super().__init__(
            f"{len(self.issues)} problem(s) in the data; {outcome}.\n"
            + "\n".join(f"  - {line}" for line in lines)
        )


def shown(text: object) -> str:
    """``text`` as it may be printed: unchanged if printable, else escaped like ``repr``.

    Names of files and sheets come from outside; a newline or an escape sequence
    in one must not forge or hide a line of a message. Chinese stays readable.
    """
    text = str(text)
    return text if text.isprintable() else repr(text)[1:-1]
