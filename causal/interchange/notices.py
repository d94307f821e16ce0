"""What an importer or exporter has to say about its input: warnings, and the error that stops it."""

from __future__ import annotations

from attrs import frozen

WARNING = "warning"
ERROR = "error"


@frozen
class Notice:
    """One thing the conversion could not carry over as it was, and where.

    ``where`` is how the input locates it: `line 12` (text formats), `/nodes/4`
    (a JSON pointer), or a case's statement (`claim rift`). ``line`` and
    ``column`` are set when the position is known, so that tools can jump to it.
    """

    severity: str
    where: str
    message: str
    help: str
    line: int | None = None
    column: int | None = None


class ConversionError(Exception):
    """The input cannot be converted at all (not JSON, not UTF-8, the wrong shape): nothing is written."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice.message)
        self.notice = notice


def warning(where: str, message: str, help: str, line: int | None = None, column: int | None = None) -> Notice:
    return Notice(WARNING, where, message, help, line, column)


def error(where: str, message: str, help: str, line: int | None = None, column: int | None = None) -> ConversionError:
    return ConversionError(Notice(ERROR, where, message, help, line, column))


@frozen
class Converted:
    """What a conversion wrote, and its notices in the order they were found."""

    text: str
    notices: tuple[Notice, ...]
