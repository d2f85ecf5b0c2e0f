"""One error family, each with a message a maintainer can read and, where known, a file and line."""

from __future__ import annotations

from postedit.core.sanitize import visible

__all__ = [
    "ConflictError",
    "GitError",
    "NotAllowedError",
    "ParseError",
    "PosteditError",
    "SchemaError",
    "UsageError",
]


class PosteditError(Exception):
    """An error postedit reports to the user as ``path:line: message``, never as a traceback."""

    exit_status = 1
    """The exit status of a command it stops (every command's and ``postedit PATH``'s)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        """What went wrong, in words a maintainer understands."""
        self.path = path
        """The file concerned (repository-relative when known), or None."""
        self.line = line
        """The 1-based line in that file, or None."""

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        """Pickle with path and line (the parsed-postings cache stores errors too)."""
        return (type(self), (self.message, self.path, self.line))

    def location(self) -> str:
        """``path:line`` (or ``path``, or empty) for the front of a message."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def report(self, severity: str = "error") -> str:
        """The line a terminal shows: ``path:line: error: message`` (``postedit: error: ...``
        without a file), with what a terminal could act on in the path or the message (both
        may quote a posting) shown escaped; the message keeps its own newlines and tabs."""
        where = visible(self.location()) or "postedit"
        return f"{where}: {severity}: {visible(self.message, keep=_KEEP)}"


_KEEP = "\n\t"
"""What a message may hold as it is: several lines (a hook's output), tabs."""


class ParseError(PosteditError):
    """A posting (or config) that cannot be read: bad YAML, no front matter, not UTF-8..."""


class ConflictError(PosteditError):
    """A file changed on disk since postedit read it: writing would lose someone's work."""


class GitError(PosteditError):
    """A git operation failed or is refused (no identity, hook rejected, merge in progress...)."""


class SchemaError(PosteditError):
    """A schema (postedit.yml or a Decap config) that cannot be used."""

    exit_status = 2
    """Bad usage, as a bad option is: the schema is the command's input."""


class NotAllowedError(PosteditError):
    """An action the schema does not allow in a collection (Decap's ``create``/``delete``),
    done only when the user says to (``--force``, a confirmation): core/cms.py."""


class UsageError(PosteditError):
    """Bad command-line usage."""

    exit_status = 2
    """argparse's status for bad usage."""
