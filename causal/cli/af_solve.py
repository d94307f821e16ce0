"""`causal af solve` without click: the command's work, and plain ICCMA command lines read by hand.

A benchmark starts a solver once per framework file and task, so its start-up
is part of every answer (issue 8 asks for clingo's or better), and click alone
is about a third of it. So causal.cli.entry hands a plain ICCMA call (`-p TASK -f
FILE [-fo FMT] [-a ARG]` and the other options of the command, each once,
with ordinary values: see `plain_options`) to `run_plain`; anything else
(help, no arguments, an unknown or repeated option, a value click would refuse
or read in its own way) goes through the click command in causal.cli.af.
Both run `answer` below, and a usage error found here is shown by click's own
code, so a command line gets the same output and exit status either way
(tests/test_af_cli.py checks that they do).

Imports only what a plain call needs: no click, and no SAT solver before a
task asks for one.
"""

from __future__ import annotations

import os
import sys

# The exit status of causal.cli.commands for usage errors and unreadable files.
USAGE_ERROR = 2
# `causal af solve` gave up on a task at its time limit.
TIMED_OUT = 1
# Generous: hard instances that a SAT-based solver answers at all mostly take seconds (bench/README.md).
DEFAULT_TIME_LIMIT = 600.0

AF_SUFFIXES = {".apx": "apx", ".tgf": "tgf", ".i23": "i23", ".af": "i23"}

# Printed when `causal af solve` is called with no arguments, as ICCMA solvers do.
SOLVER_NAME = "causal"
SOLVER_AUTHORS = "the causal authors"

# Framework files are written by programs and can be large (ICCMA's largest are
# some hundreds of megabytes), but one past this is refused before it is read.
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024

# The last resort of `causal af` for a bug in causal itself (see af_command.Guarded).
INTERNAL_ERROR = (
    "causal: internal error: {kind}: {message}\n"
    "This is a bug in causal; please report it with the input that caused it."
)


class UsageProblem(Exception):
    """A usage error found while answering: shown as click shows a UsageError, or a BadParameter of
    the option `param_hint` (such as "'-a'") when there is one."""

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param_hint = param_hint

    def as_click(self, context=None):
        """The click exception that reports this problem (click is imported only for it)."""
        import click

        if self.param_hint is None:
            return click.UsageError(self.message, context)
        return click.BadParameter(self.message, context, param_hint=self.param_hint)


def solver_information() -> str:
    """Name and version, then authors: what an ICCMA solver prints when called with no arguments."""
    from importlib import metadata

    from causal.version import __version__

    try:
        about = metadata.metadata(SOLVER_NAME)
        authors = about.get("Author-email") or about.get("Author") or SOLVER_AUTHORS
    except metadata.PackageNotFoundError:
        authors = SOLVER_AUTHORS
    return f"{SOLVER_NAME} {__version__}\n{authors}"


def framework_format(file: str, text: str) -> str | None:
    """The format of a framework file given without -fo: an i23 `p af` header whatever the
    suffix (ICCMA 2023 passes no format), else the suffix, else what the content looks like."""
    from causal.argumentation.formats import sniff

    found = sniff(text)
    if found == "i23":
        return found
    # os.path, not pathlib: pathlib costs a few milliseconds of every start.
    return AF_SUFFIXES.get(os.path.splitext(file)[1].lower()) or found


def read_framework_text(file: str, max_bytes: int) -> str:
    """The text of a framework file: only a regular file, of at most ``max_bytes``; OSError or
    ValueError (with a message for the user) otherwise."""
    from causal.inputs.files import read_regular

    size = os.stat(file).st_size  # NotRegularFile, raised by read_regular, names FIFOs and devices
    if size > max_bytes:
        raise ValueError(f"the file is {size:,} bytes, over the --max-bytes limit of {max_bytes:,}")
    data = read_regular(file, max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"the file is over the --max-bytes limit of {max_bytes:,} bytes")
    # Line ends are left to the parsers, which take `\n`, `\r\n` and a lone `\r` alike.
    return data.decode("utf-8")


def answer(
    echo,
    task: str | None,
    file: str | None,
    file_format: str | None,
    argument: str | None,
    max_bytes: int,
    time_limit: float,
    engine: str,
    list_formats: bool,
    list_problems: bool,
    max_arguments: int | None = None,
) -> None:
    """Everything `causal af solve` does once its options are read: print with ``echo(text, err=False)``,
    raise UsageProblem for a usage error, exit with USAGE_ERROR or TIMED_OUT for the others."""
    from causal import argumentation
    from causal.argumentation.formats import TooManyArguments, find_argument, has_i23_header
    from causal.report.printable import printable

    if list_formats or list_problems:
        if list_formats:
            echo("[" + ",".join(argumentation.FORMATS) + "]")
        if list_problems:
            echo("[" + ",".join(argumentation.TASKS) + "]")
        return
    if task is None or file is None:
        raise UsageProblem("give a task (-p) and a framework file (-f)")
    try:
        problem, semantics = argumentation.parse_task(task)
    except ValueError as error:
        raise UsageProblem(printable(str(error)), "'-p'") from None
    decision = problem in (argumentation.Problem.DC, argumentation.Problem.DS)
    if decision and argument is None:
        raise UsageProblem(f"{task} asks about one argument; give it with -a")
    try:
        text = read_framework_text(file, max_bytes)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        echo(printable(f"{file}: cannot read the file: {getattr(error, 'strerror', None) or error}"), err=True)
        sys.exit(USAGE_ERROR)
    if file_format is None:
        file_format = framework_format(file, text)
        if file_format is None:
            raise UsageProblem(
                f"cannot tell the format of {printable(file)} from its name or content; give -fo apx, tgf or i23"
            )
    # Read as TGF, whose node lines may carry labels, an i23 header would pass as a node `p`.
    if file_format != "i23" and has_i23_header(text):
        message = f"{file}:1: the file starts with a `p af` header (ICCMA 2023's format): give -fo i23, or no -fo"
        echo(printable(message), err=True)
        sys.exit(USAGE_ERROR)
    try:
        framework = argumentation.parse(text, file_format, max_arguments=max_arguments)
    except TooManyArguments as error:
        echo(printable(f"{file}:{error.line}: {error.message}; allow more with --max-arguments"), err=True)
        sys.exit(USAGE_ERROR)
    except argumentation.FormatError as error:
        echo(printable(f"{file}:{error.line}: {error.message}"), err=True)
        sys.exit(USAGE_ERROR)
    del text  # the framework holds what is needed; a large file's text is not kept while it is solved
    index = None
    if argument is not None:
        try:
            index = find_argument(framework, file_format, argument)
        except KeyError:
            numbers = f"; i23 arguments are the numbers 1..{len(framework)}" if file_format == "i23" else ""
            asked = argument if len(argument) <= 60 else argument[:57] + "..."
            raise UsageProblem(printable(f"{file} has no argument {asked!r}{numbers}"), "'-a'") from None
    certificate = None
    try:
        if file_format == "i23" and decision:
            # ICCMA 2023 shows a credulous YES and a sceptical NO by an extension: the SAT engine
            # finds it while deciding, so the answer is read from it.
            certificate = argumentation.witness(framework, problem, semantics, index, time_limit=time_limit)
            found = (certificate is not None) == (problem is argumentation.Problem.DC)
        else:
            found = argumentation.solve(framework, problem, semantics, index, engine=engine, time_limit=time_limit)
    except argumentation.TimeLimitExceeded:
        echo(
            printable(
                f"{file}: no answer to {problem.name}-{semantics.name} ({semantics.value} semantics) within the time "
                f"limit of {time_limit:g} s, on {len(framework):,} arguments and {framework.attack_count:,} attacks; "
                "give more time with --time-limit"
            ),
            err=True,
        )
        sys.exit(TIMED_OUT)
    output = argumentation.render_answer(framework, file_format, problem, found, certificate)
    if output:
        # Argument names reach the terminal escaped (control, bidi, invisible characters);
        # i23 answers are numbers, one extension a line.
        echo(output if file_format == "i23" else printable(output))


# --- plain ICCMA command lines, read without click -----------------------------------------

# Each option of the click command that takes a value, by every spelling, and the parameter it sets.
_VALUED = {
    "-p": "task",
    "--problem": "task",
    "-f": "file",
    "--file": "file",
    "-fo": "file_format",
    "--format": "file_format",
    "-a": "argument",
    "--argument": "argument",
    "--max-bytes": "max_bytes",
    "--max-arguments": "max_arguments",
    "--time-limit": "time_limit",
    "--engine": "engine",
}
_FLAGS = {"--formats": "list_formats", "--problems": "list_problems"}
# Integers and decimals written plainly; longer or other spellings (signs, exponents, `_`, `inf`)
# are left to click, which reads them its own way.
_LONGEST_NUMBER = 18


def _whole_number(text: str) -> int | None:
    if not (0 < len(text) <= _LONGEST_NUMBER and text.isascii() and text.isdigit()):
        return None
    return int(text)


def _decimal(text: str) -> float | None:
    whole, point, fraction = text.partition(".")
    if not (0 < len(text) <= _LONGEST_NUMBER and (whole or fraction)):
        return None
    if not all(part == "" or (part.isascii() and part.isdigit()) for part in (whole, fraction)):
        return None
    return float(text)


def plain_options(words: list[str]) -> dict | None:
    """The parameters of the click command for ``words`` (what follows `causal af solve`), when they
    are a plain call that the command would accept as such; None for anything else.

    Plain: each option at most once, spelled as the click command lists it, its value the next
    word, not starting with `-`, and one click takes as it is (a choice it lists, a whole number
    or a decimal in range). None also for no words at all, which prints the solver's information.
    """
    from causal.argumentation.formats import FORMATS
    from causal.argumentation.semantics import ENGINES

    options: dict[str, object] = {}
    position = 0
    while position < len(words):
        word = words[position]
        flag = _FLAGS.get(word)
        if flag is not None:
            if flag in options:
                return None
            options[flag] = True
            position += 1
            continue
        name = _VALUED.get(word)
        if name is None or name in options or position + 1 == len(words):
            return None
        value: object = words[position + 1]
        if value.startswith("-"):
            return None
        if name == "file_format" and value not in FORMATS:
            return None
        if name == "engine" and value not in ENGINES:
            return None
        if name in ("max_bytes", "max_arguments"):
            value = _whole_number(value)
            if value is None or value < 1:
                return None
        if name == "time_limit":
            value = _decimal(value)
            if value is None or not value > 0:
                return None
        options[name] = value
        position += 2
    if not options:
        return None
    return {
        "task": None,
        "file": None,
        "file_format": None,
        "argument": None,
        "max_bytes": DEFAULT_MAX_BYTES,
        "max_arguments": None,
        "time_limit": DEFAULT_TIME_LIMIT,
        "engine": "sat",
        "list_formats": False,
        "list_problems": False,
        **options,
    }


def _echo(text: str, err: bool = False) -> None:
    # As click.echo writes a string: the text and a line end, then a flush (the two written apart,
    # so that an answer of many megabytes is not copied to add its line end).
    stream = sys.stderr if err else sys.stdout
    stream.write(text)
    stream.write("\n")
    stream.flush()


def _utf8(stream) -> bool:
    # click rewraps a stream whose encoding is ASCII (a misconfigured locale) as UTF-8; such a rare
    # terminal is left to click, so that both write the same bytes.
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def run_plain(words: list[str]) -> bool | UsageProblem:
    """Run `causal af solve` on ``words`` when they are a plain call (see `plain_options`), as the
    click command would, and exit; False, having done nothing, for any other call; the problem of a
    plain call with a usage error, which the click command shows (causal.cli.af.show_usage_problem)."""
    options = plain_options(words)
    if options is None or not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return False
    try:
        answer(_echo, **options)
    except UsageProblem as problem:
        return problem
    except (EOFError, KeyboardInterrupt):
        # As click's standalone mode: a line end, then "Aborted!", and status 1.
        _echo("", err=True)
        _echo("Aborted!", err=True)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - the documented last resort, as af_command.Guarded
        from causal.report.printable import printable

        _echo(INTERNAL_ERROR.format(kind=type(error).__name__, message=printable(str(error))), err=True)
        sys.exit(USAGE_ERROR)
    sys.exit(0)
