"""Settings: thresholds, weights and the acceptability semantics, from three places.

Later places override earlier ones, setting by setting:

1. the defaults below;
2. `[tool.causal]` in the nearest `pyproject.toml` above the case file;
3. `set NAME VALUE...` statements in the case file;
4. the command line (`--semantics`, `--acceptance`, `--preferences`, `--time-limit`).

Every setting is registered once in `SETTINGS`, with its documentation, so
`set` statements, `pyproject.toml` and docs/language.md all read one table.

`[tool.causal]` also holds options of a `causal check` run (`RUN_KEYS`:
`select`, `ignore`, `fail-on`), which no `set` statement writes; they are read
into `ProjectSettings` beside the settings, and the command line wins over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from causal.inputs.files import read_regular
from causal.language.suggestions import did_you_mean
from causal.model.grades import CREDIBILITY_GRADES, DEFAULT_GRADE_CONFIDENCE, RELIABILITY_GRADES, is_grade_pair

# The AST is imported where a case's `set` statements are read: the command line reads the choices below
# (SEMANTICS, ...) for its options, and `causal --version` should not load the AST for them.
if TYPE_CHECKING:
    from causal.language import ast

SEMANTICS = ("grounded", "complete", "preferred", "stable")
ACCEPTANCES = ("sceptical", "credulous")
# How attacks become defeats: by comparing strengths (ASPIC+ preferences), or all succeed (plain Dung).
PREFERENCES = ("strength", "none")


@frozen
class Settings:
    """Every setting's value for one case."""

    weak_reliability: str = "E"
    weak_credibility: int = 5
    semantics: str = "grounded"
    acceptance: str = "sceptical"
    preferences: str = "strength"
    # Confidence of each pair of Admiralty grades, `B2` -> 0..1 (causal.model.grades).
    grade_confidence: Mapping[str, float] = DEFAULT_GRADE_CONFIDENCE
    assumed_confidence: float = 0.3
    undecided_weight: float = 0.5
    low_confidence: float = 0.3
    # Seconds the labels may take under complete, preferred or stable semantics (see rule labels-time-limit).
    time_limit: float = 60.0


class SettingError(ValueError):
    """A setting's value that cannot be used; ``index`` is the offending value's position, if known."""

    def __init__(self, message: str, help: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.help = help
        self.index = index


Value = str | int | float


@frozen
class SettingSpec:
    """One setting: its `set` word and its `[tool.causal]` keys, its documentation, and how each applies."""

    name: str  # the word after `set`
    syntax: str  # how `set` writes it
    summary: str
    default: str
    # Applies the values written after `set NAME` to the settings; raises SettingError.
    apply: Callable[[Settings, list[Value]], Settings]
    # Its `[tool.causal]` keys (most settings have one, named as in `set`), each with how its value applies.
    toml: tuple[tuple[str, Callable[[Settings, object], Settings]], ...]


def _fraction(value: Value, what: str, index: int = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        # A number too long to read arrives as infinity (causal.language.parser); "inf" is not what the user wrote.
        shown = "a number this large" if value == float("inf") else repr(value)
        raise SettingError(f"{what} must be a number from 0 to 1, not {shown}", "Write it as a decimal such as 0.5.", index)
    return float(value)


# A day: longer than anyone waits for a check, and far from where float arithmetic on deadlines loses meaning.
MAX_TIME_LIMIT = 86_400


def _seconds(value: Value, index: int = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIME_LIMIT:
        shown = "a number this large" if value == float("inf") else repr(value)
        raise SettingError(
            f"a time limit must be a number of seconds above 0 and at most {MAX_TIME_LIMIT:,}, not {shown}",
            "Write it in seconds, such as 60 or 0.5.",
            index,
        )
    return float(value)


def _one(values: list[Value], name: str) -> Value:
    if len(values) != 1:
        raise SettingError(f"`set {name}` takes one value, not {len(values)}", f"Write `set {name} VALUE`.")
    return values[0]


def _choice(value: Value, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise SettingError(f"`{value}` is not a {what}", "Use one of: " + ", ".join(choices) + ".", 0)
    return str(value)


def _reliability_grade(value: Value, index: int = 0) -> str:
    if not isinstance(value, str) or value not in RELIABILITY_GRADES:
        raise SettingError(f"`{value}` is not a reliability grade", "Use a grade from A to F.", index)
    return value


def _credibility_grade(value: Value, index: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in CREDIBILITY_GRADES:
        raise SettingError(f"`{value}` is not a credibility grade", "Use a grade from 1 to 6.", index)
    return value


def _scalar(field: str, name: str, read: Callable[[Value], object]) -> tuple[Callable, tuple[tuple[str, Callable]]]:
    """How a one-value setting applies from `set NAME VALUE`, and its `[tool.causal]` key `name` with how that applies."""

    def from_case(settings: Settings, values: list[Value]) -> Settings:
        return attrs.evolve(settings, **{field: read(_one(values, name))})

    def from_toml(settings: Settings, value: object) -> Settings:
        return attrs.evolve(settings, **{field: read(value)})

    return from_case, ((name, from_toml),)


def _grade_pair(value: Value, index: int = 0) -> str:
    if not isinstance(value, str) or not is_grade_pair(value):
        raise SettingError(
            f"`{value}` is not a pair of grades",
            "Write a reliability grade (A to F) and a credibility grade (1 to 6) together, such as B2.",
            index,
        )
    return value


def _grade_table_setting() -> tuple[Callable, tuple[tuple[str, Callable]]]:
    name = "grade-confidence"

    def from_case(settings: Settings, values: list[Value]) -> Settings:
        if len(values) != 2:
            raise SettingError(f"`set {name}` takes a pair of grades and a confidence", f"Write `set {name} B2 0.7`.")
        table = dict(settings.grade_confidence)
        table[_grade_pair(values[0], 0)] = _fraction(values[1], "a confidence", 1)
        return attrs.evolve(settings, grade_confidence=MappingProxyType(table))

    def from_toml(settings: Settings, value: object) -> Settings:
        if not isinstance(value, dict):
            raise SettingError(f"`{name}` must be a table of grade pair = confidence", f"Write `[tool.causal.{name}]`.")
        table = dict(settings.grade_confidence)
        for key, confidence in value.items():
            table[_grade_pair(key)] = _fraction(confidence, f"the confidence of {key}")
        return attrs.evolve(settings, grade_confidence=MappingProxyType(table))

    return from_case, ((name, from_toml),)


def _weak_support(settings: Settings, values: list[Value]) -> Settings:
    # Written with clauses (`set weak-support reliability D credibility 4`); see `apply_statement`.
    if values:
        raise SettingError(
            "`set weak-support` takes its thresholds as clauses",
            "Write `set weak-support reliability D credibility 4`.",
            0,
        )
    return settings


_semantics = _scalar("semantics", "semantics", lambda v: _choice(v, SEMANTICS, "semantics"))
_acceptance = _scalar("acceptance", "acceptance", lambda v: _choice(v, ACCEPTANCES, "kind of acceptance"))
_assumed = _scalar("assumed_confidence", "assumed-confidence", lambda v: _fraction(v, "a confidence"))
_undecided = _scalar("undecided_weight", "undecided-weight", lambda v: _fraction(v, "a weight"))
_low = _scalar("low_confidence", "low-confidence", lambda v: _fraction(v, "a threshold"))
_time_limit = _scalar("time_limit", "time-limit", _seconds)
_preferences = _scalar("preferences", "preferences", lambda v: _choice(v, PREFERENCES, "way of weighing attacks"))
_grade_table = _grade_table_setting()
_weak_reliability = _scalar("weak_reliability", "weak-reliability", _reliability_grade)
_weak_credibility = _scalar("weak_credibility", "weak-credibility", _credibility_grade)

SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "weak-support",
        "set weak-support [reliability A-F] [credibility 1-6]",
        "Evidence is low-grade when its source's reliability (worst along `via`) is this grade or worse, "
        "or its credibility this number or worse (rule `weak-support`). In `[tool.causal]`: "
        "`weak-reliability` and `weak-credibility`.",
        "reliability E, credibility 5",
        _weak_support,
        _weak_reliability[1] + _weak_credibility[1],
    ),
    SettingSpec(
        "semantics",
        "set semantics grounded|complete|preferred|stable",
        "The argumentation semantics that labels items accepted, rejected or undecided.",
        "grounded",
        *_semantics,
    ),
    SettingSpec(
        "acceptance",
        "set acceptance sceptical|credulous",
        "Under a semantics with several extensions: accepted means in every extension (sceptical) "
        "or in at least one (credulous).",
        "sceptical",
        *_acceptance,
    ),
    SettingSpec(
        "preferences",
        "set preferences strength|none",
        "How an attack becomes a defeat: `strength` lets a rebuttal, an undermining or a side of a "
        "contradiction succeed only when its attacker is not weaker than what it attacks (ASPIC+ "
        "preferences); `none` lets every attack succeed (plain Dung).",
        "strength",
        *_preferences,
    ),
    SettingSpec(
        "grade-confidence",
        "set grade-confidence PAIR NUMBER",
        "The confidence (0 to 1) of a report graded PAIR, a reliability and a credibility grade such as "
        "`B2` (the table under \"Grades and confidence\"). In `[tool.causal.grade-confidence]`.",
        "the table under \"Grades and confidence\"",
        *_grade_table,
    ),
    SettingSpec(
        "assumed-confidence",
        "set assumed-confidence NUMBER",
        "The confidence (0 to 1) of a link the analyst marked `assumed` and gave no evidence.",
        "0.3",
        *_assumed,
    ),
    SettingSpec(
        "undecided-weight",
        "set undecided-weight NUMBER",
        "The factor (0 to 1) by which an undecided item's confidence is multiplied.",
        "0.5",
        *_undecided,
    ),
    SettingSpec(
        "low-confidence",
        "set low-confidence NUMBER",
        "A chain whose confidence is below this threshold is at best weak, and its verdict says so.",
        "0.3",
        *_low,
    ),
    SettingSpec(
        "time-limit",
        "set time-limit SECONDS",
        "How long the labels may take under complete, preferred or stable semantics, which are hard "
        "problems on large tangles of attacks. Past it the case is labelled under grounded semantics "
        "instead, and rule `labels-time-limit` says so. On the command line: `--time-limit`.",
        "60",
        *_time_limit,
    ),
)
SETTINGS_BY_NAME: dict[str, SettingSpec] = {spec.name: spec for spec in SETTINGS}

# `[tool.causal]` keys, read from the specs: each setting's name, the weak-support thresholds, and the weight tables.
_TOML_KEYS: dict[str, Callable[[Settings, object], Settings]] = {key: apply for spec in SETTINGS for key, apply in spec.toml}
TOML_KEYS = tuple(_TOML_KEYS)


def suggestion(name: str) -> str:
    return did_you_mean(name, SETTINGS_BY_NAME)


def _value(word: ast.Word | ast.Number) -> Value:
    from causal.language import ast

    return word.text if isinstance(word, ast.Word) else word.value


def apply_statement(settings: Settings, statement: ast.Setting) -> Settings:
    """``settings`` with one `set` statement applied; SettingError when it cannot be."""
    spec = SETTINGS_BY_NAME.get(statement.rule.text)
    if spec is None:
        raise SettingError(
            f"there is no setting named `{statement.rule.text}`",
            "Settings: " + ", ".join(SETTINGS_BY_NAME) + "." + suggestion(statement.rule.text),
        )
    if spec.name != "weak-support" and (statement.reliability is not None or statement.credibility is not None):
        raise SettingError(
            f"`set {spec.name}` takes no `reliability` or `credibility` clause", f"Write `{spec.syntax}`."
        )
    settings = spec.apply(settings, [_value(v) for v in statement.values])
    if spec.name == "weak-support":
        if statement.reliability is not None and statement.reliability.text in RELIABILITY_GRADES:
            settings = attrs.evolve(settings, weak_reliability=statement.reliability.text)
        if statement.credibility is not None and statement.credibility.value in CREDIBILITY_GRADES:
            settings = attrs.evolve(settings, weak_credibility=statement.credibility.value)
    return settings


def problem_span(statement: ast.Setting, error: SettingError):
    """Where a `set` statement's problem lies: the offending value, else the setting's name."""
    if error.index is not None and error.index < len(statement.values):
        return statement.values[error.index].span
    return statement.rule.span


def settings_of_case(case: ast.CaseFile, base: Settings) -> tuple[Settings, list[tuple[ast.Setting, SettingError]]]:
    """``base`` with the case's `set` statements applied in order; the ones that failed, with why."""
    from causal.language import ast

    settings = base
    problems: list[tuple[ast.Setting, SettingError]] = []
    for statement in case.statements:
        if isinstance(statement, ast.Setting):
            try:
                settings = apply_statement(settings, statement)
            except SettingError as error:
                problems.append((statement, error))
    return settings, problems


# --- pyproject.toml -----------------------------------------------------------------


class ConfigError(ValueError):
    """A `[tool.causal]` table that cannot be used; the message names the file."""


# A pyproject.toml is a few kilobytes; one larger than this is refused rather than read whole.
MAX_PYPROJECT_BYTES = 1024 * 1024

# `[tool.causal]` keys that are options of a `causal check` run rather than settings of a case: they have no
# `set` statement, and the command line's `--select`, `--ignore` and `--fail-on` win over them.
RUN_KEYS = ("select", "ignore", "fail-on")

# A header of `[tool.causal]` or one of its subtables, as a line of a file that TOML cannot be read from
# (too large, or not valid) shows it: such a file is taken to be the one meant, and refused with why.
_TOOL_CAUSAL_HEADER = re.compile(rb"^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*causal[ \t]*[\].]", re.MULTILINE)


@frozen
class ProjectSettings:
    """What the nearest `[tool.causal]` holds: the settings a case starts from and the options of a check run.

    ``select`` and ``ignore`` are rule names or codes as written (the pipeline, which knows the rules, resolves
    them); ``fail_on`` is a severity's name as written, or None when the table does not set it.
    """

    settings: Settings = Settings()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    path: Path | None = None  # the pyproject.toml read, None when there is none


def _read_head(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes from the start of a regular file (OSError if it is not one or cannot be read)."""
    return read_regular(path, limit)


def _parse_pyproject(path: Path, raw: bytes) -> dict:
    """The TOML of ``raw`` (read from ``path``, one byte past the cap at most); ConfigError saying why not."""
    import tomllib  # here, not at the top: a case with no pyproject.toml above it never loads it

    if len(raw) > MAX_PYPROJECT_BYTES:
        raise ConfigError(f"{path}: is over the {MAX_PYPROJECT_BYTES // 1024} KB a pyproject.toml may have; not read")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively.
        raise ConfigError(f"{path}: not usable TOML: arrays or tables nested too deeply") from None
    except ValueError:
        # tomllib converts integers with int(), which refuses more than 4,300 digits.
        raise ConfigError(f"{path}: not usable TOML: an integer is too long to read (over 4,300 digits)") from None


def _tool_causal(data: dict) -> object | None:
    tool = data.get("tool")
    return tool.get("causal") if isinstance(tool, dict) else None


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` with a `[tool.causal]` table, from ``start`` upwards.

    Each candidate is parsed as TOML, so `[tool.causality]` or a `[tool.causal]` inside a string is not taken
    for the table. One that cannot be parsed (over MAX_PYPROJECT_BYTES, or not valid TOML) is taken only when
    a line of it is a `[tool.causal]` header, so that reading it then reports what is wrong with it.
    """
    try:
        folder = start.resolve()
    except OSError:
        return None
    for candidate_folder in (folder, *folder.parents):
        candidate = candidate_folder / "pyproject.toml"
        try:
            if not candidate.is_file():
                continue
            # Only regular files, and only their first MAX_PYPROJECT_BYTES (+1, to learn that one is over it).
            raw = _read_head(candidate, MAX_PYPROJECT_BYTES + 1)
        except OSError:
            continue
        try:
            data = _parse_pyproject(candidate, raw)
        except ConfigError:
            if _TOOL_CAUSAL_HEADER.search(raw):
                return candidate
            continue
        if _tool_causal(data) is not None:
            return candidate
    return None


def _rule_words(path: Path, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise ConfigError(
            f"{path}: [tool.causal] {key} must be a list of rule names or codes, "
            f'such as {key} = ["unsupported-link", "CX301"]'
        )
    return tuple(part.strip() for word in value for part in word.split(",") if part.strip())


def project_from_pyproject(path: Path, base: Settings = Settings()) -> ProjectSettings:
    """The settings and run options of ``path``'s `[tool.causal]` (ConfigError, naming the file, if unusable)."""
    try:
        if not path.is_file():
            raise ConfigError(f"{path}: cannot be read (not a regular file)")
        raw = _read_head(path, MAX_PYPROJECT_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    table = _tool_causal(_parse_pyproject(path, raw))
    if table is None:
        return ProjectSettings(base, path=path)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.causal] must be a table")
    settings = base
    options: dict[str, object] = {}
    for key, value in table.items():
        if key in ("select", "ignore"):
            options[key] = _rule_words(path, key, value)
            continue
        if key == "fail-on":
            if not isinstance(value, str):
                raise ConfigError(f'{path}: [tool.causal] fail-on must be a string: "error", "warning" or "info"')
            options["fail_on"] = value
            continue
        apply = _TOML_KEYS.get(key)
        if apply is None:
            known = (*TOML_KEYS, *RUN_KEYS)
            hint = did_you_mean(key, known) or f" Known keys: {', '.join(known)}."
            raise ConfigError(f"{path}: [tool.causal] has an unknown key `{key}`.{hint}")
        try:
            settings = apply(settings, value)
        except SettingError as error:
            raise ConfigError(f"{path}: [tool.causal] {key}: {error.message}. {error.help}") from None
    return ProjectSettings(settings, path=path, **options)


def settings_from_pyproject(path: Path, base: Settings = Settings()) -> Settings:
    """The case settings of ``path``'s `[tool.causal]` (ConfigError, naming the file, if it is unusable)."""
    return project_from_pyproject(path, base).settings


def project_settings(case_dir: Path | None) -> ProjectSettings:
    """The nearest `[tool.causal]` above ``case_dir`` (the current folder if None): the defaults with it applied,
    and its run options (ConfigError if it is unusable)."""
    folder = case_dir if case_dir is not None else Path.cwd()
    found = find_pyproject(folder)
    return ProjectSettings() if found is None else project_from_pyproject(found)


def base_settings(case_dir: Path | None) -> Settings:
    """The defaults with the nearest `[tool.causal]` applied (ConfigError if it is unusable)."""
    return project_settings(case_dir).settings
