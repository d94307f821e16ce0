"""Where names are: every name's declaration and uses in a model, by position and by name.

The uses are the model's own (its declarations, and `iter_references`), so that go to definition, find references
and rename see exactly the names that `undefined-name`, `wrong-kind` and `unused-declaration` see. Rule names after
`allow` and `expect`, and setting names after `set`, are kept apart: they are no names of the case.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from causal.language import ast
from causal.model.case_model import KIND_OF_DECLARATION, Model, iter_references

DECLARATION = "the name it declares"
RULE = "rule"
SETTING = "setting"


class NameUse(NamedTuple):
    word: ast.Word
    declares: bool  # the name its statement declares (a link's label), not a use of it
    kinds: frozenset[str]  # what may stand there: a declaration's own kind, or a reference's allowed kinds
    role: str
    statement: object  # the statement it is in (causal.language.ast.Statement)


def _statement_uses(model: Model) -> Iterator[NameUse]:
    for statement in model.case.statements:
        kind = KIND_OF_DECLARATION.get(type(statement))
        name = getattr(statement, "name", None) if kind is not None else None
        if name is not None:
            yield NameUse(name, True, frozenset({kind}), DECLARATION, statement)
        # The model's references, one statement at a time, so that each is known with its statement.
        for reference in iter_references(ast.CaseFile((statement,))):
            yield NameUse(reference.word, False, reference.kinds, reference.role, statement)


def _vocabulary_uses(statement) -> Iterator[NameUse]:
    """The rule and setting names a statement mentions."""
    for allow in getattr(statement, "allows", ()):
        yield NameUse(allow.rule, False, frozenset(), RULE, statement)
    if isinstance(statement, ast.FindingExpectation):
        yield NameUse(statement.rule, False, frozenset(), RULE, statement)
    elif isinstance(statement, ast.Setting):
        yield NameUse(statement.rule, False, frozenset(), SETTING, statement)


class NameIndex:
    """The uses of names in one model, found by position (causal's line and column) and by name."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.statements: tuple = model.case.statements
        self._starts = [(statement.span.line, statement.span.column) for statement in self.statements]
        self._by_line: dict[int, list[NameUse]] = {}
        self._by_name: dict[str, list[NameUse]] = {}
        for use in _statement_uses(model):
            self._by_line.setdefault(use.word.line, []).append(use)
            self._by_name.setdefault(use.word.text, []).append(use)
        for statement in self.statements:
            for use in _vocabulary_uses(statement):
                self._by_line.setdefault(use.word.line, []).append(use)

    def at(self, line: int, column: int) -> NameUse | None:
        """The use whose word holds the column, or else the one that ends right before it (the cursor after it)."""
        uses = self._by_line.get(line, ())
        inside = next((use for use in uses if use.word.column <= column < use.word.end_column), None)
        return inside or next((use for use in uses if use.word.end_column == column), None)

    def uses_of(self, name: str) -> list[NameUse]:
        """Every declaration and use of ``name``, in file order (rule and setting names are not among them)."""
        return list(self._by_name.get(name, ()))

    def declaration(self, name: str) -> ast.Word | None:
        """The word that declares ``name``: its first declaration, the one every use means."""
        declared = self.model.declarations.get(name)
        return None if declared is None else declared.name

    def statement_at(self, line: int, column: int):
        """The statement whose span holds the point, or None."""
        index = bisect_right(self._starts, (line, column)) - 1
        if index < 0:
            return None
        statement = self.statements[index]
        span = statement.span
        return statement if (line, column) <= (span.end_line, span.end_column) else None
