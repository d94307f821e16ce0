"""Text to AST. The only module that touches Lark and its trees.

The grammar is loaded once. Lark runs LALR(1) with this module's transformer
applied during the parse (no intermediate parse tree), which keeps parsing
fast and memory low on large cases. Its tables are read from a per-user cache
(causal.language.parser_cache) when it holds them, and built from the grammar
when not. With the cache warm, a text is first parsed without importing Lark,
by causal.language.lalr_runtime from tables this module wrote out of Lark's
parser; only a text with a syntax error (or a cold cache) loads Lark, which
then parses it again and words the error. Syntax errors and misplaced clauses
become `Problem` records (causal.inputs.problems), worded by
causal.language.syntax_errors, which the rules layer reports as findings.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import attrs

from causal.inputs.problems import INVALID_VALUE, MISPLACED_CLAUSE, SYNTAX, Problem
from causal.inputs.spans import Span
from causal.language import ast, lalr_runtime, parser_cache
from causal.language.grammar import grammar_text
from causal.language.syntax_errors import DEFAULT_HINT, MISTAKES, describe_expected, describe_token, hint_for_characters

if TYPE_CHECKING:
    from lark import Lark, Token
    from lark.exceptions import UnexpectedInput

# --- the transformer: Lark tokens and children to AST nodes --------------------


def _span(token: Token) -> Span:
    return Span(token.line, token.column, token.end_line, token.end_column)


def _word(token: Token) -> ast.Word:
    # Compatibility-normalised (NFKC), as Python does for its identifiers (PEP 3131): a name
    # typed with fullwidth letters or a ligature is the same name as its plain form.
    # Interned: a name is written once and referred to many times; one copy serves all.
    text = token.value if token.value.isascii() else unicodedata.normalize("NFKC", token.value)
    return ast.Word(sys.intern(text), token.line, token.column, token.end_column)


# A number with more digits than any float can hold is read as infinite, and `invalid-value` says it is
# too large. Measuring the text first also keeps Python's limit on reading long integers (4,300 digits)
# from turning a long number into a crash; `float` has no such limit.
_MAX_DIGITS = 300


def _number_value(text: str) -> int | float:
    """The value of an INT or DECIMAL token's text."""
    if "." in text:
        return float(text)
    # Leading zeros count against Python's limit too: read the number without them.
    digits = text.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return float("inf")
    return int(digits)


class _Clause(NamedTuple):
    """A clause before it is sorted into its statement's fields (parser-internal)."""

    keyword: str
    value: object
    start: Token  # the keyword's token
    end_line: int
    end_column: int

    @property
    def span(self) -> Span:
        return Span(self.start.line, self.start.column, self.end_line, self.end_column)


def _end_of(value) -> tuple[int, int]:
    """Where a token, a leaf, a time or a name list ends."""
    if isinstance(value, tuple):
        value = value[-1]
    if isinstance(value, str):  # a token: Lark's or causal.language.lalr_runtime's, both strings
        return value.end_line, value.end_column
    span = value.span
    return span.end_line, span.end_column


_ESCAPE = re.compile(r"\\(u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|.)")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}

# Which clauses each statement takes; `allow` goes on every statement.
_ALLOWED_CLAUSES = {
    "case": ("analyst", "date", "note"),
    "source": ("reliability", "document", "via", "added", "note"),
    "actor": ("added", "note"),
    "event": ("by", "at", "during", "added", "note"),
    "claim": ("by", "at", "during", "rebuts", "undercuts", "undermines", "added", "note"),
    "evidence": (
        "from",
        "credibility",
        "quote",
        "supports",
        "rebuts",
        "undercuts",
        "undermines",
        "consistent-with",
        "inconsistent-with",
        "neutral-to",
        "hoop",
        "smoking-gun",
        "straw-in-the-wind",
        "doubly-decisive",
        "likelihood",
        "added",
        "note",
    ),
    "link": ("kind", "because", "mechanism", "feedback", "assumed", "added", "note"),
    "contradiction": ("added", "note"),
    "chain": ("added", "note"),
    "hypothesis": ("argued-by", "compatible-with", "prior", "added", "note"),
    "expect": ("note",),
    "set": ("reliability", "credibility", "note"),
}
_REQUIRED_CLAUSES = {"evidence": ("from",)}
# The AST field each clause fills, where it differs from the keyword.
_FIELD_OF_CLAUSE = {
    "by": "actors",
    "from": "source",
    "at": "time",
    "during": "time",  # the same field: an item has one time, read as an instant (`at`) or a state (`during`)
    "consistent-with": "consistent",
    "inconsistent-with": "inconsistent",
    "neutral-to": "neutral",
    "argued-by": "argued_by",
    "compatible-with": "compatible",
}
# Process-tracing tests (ast.TEST_KINDS) may be given several times, one per hypothesis tested;
# they are gathered. So are likelihoods (`likelihood H NUMBER`), one per hypothesis.
_GATHERED_CLAUSES = {"likelihood": "likelihoods"}


class _ToAst:
    """Builds AST nodes as the parser reduces rules; collects the problems of clauses and values.

    Lark calls a method by each rule's name (or alias) with the rule's children, as lalr_runtime does; a plain class,
    not a lark.Transformer, so that parsing without Lark does not import it."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    # -- values

    def _text(self, token: Token) -> ast.Text:
        raw = token.value[1:-1]
        if "\\" in raw:
            raw = self._unescape(raw, token)
        return ast.Text(raw, token.line, token.column, token.end_column)

    def _unescape(self, raw: str, token: Token) -> str:
        def replace(match: re.Match[str]) -> str:
            body, braced, four = match.group(1), match.group(2), match.group(3)
            hex_digits = braced or four
            if hex_digits:
                code = int(hex_digits, 16)
                if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    return chr(code)
            elif body in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[body]
            column = token.column + 1 + match.start()
            self.problems.append(
                Problem(
                    INVALID_VALUE,
                    Span(token.line, column, token.line, column + len(match.group(0))),
                    f"unknown escape `{match.group(0)}` in a string",
                    'Use \\" \\\\ \\n \\t \\uXXXX or \\u{X...}; write a backslash as \\\\.',
                )
            )
            return match.group(0)

        return _ESCAPE.sub(replace, raw)

    def names(self, children):
        return tuple(_word(t) for t in children if t.type == "NAME")

    def rule_ref(self, children):
        return _word(children[0])

    def chain_step(self, children):
        return children[0]

    def link_label(self, children):
        return _word(children[0])

    def time_point(self, children):
        return ast.Time(_word(children[0]), None, False, _span(children[0]))

    def time_range(self, children):
        start, _, end = children
        return ast.Time(_word(start), _word(end), True, _span(start).cover(_span(end)))

    def time_from(self, children):
        start, dots = children
        return ast.Time(_word(start), None, True, _span(start).cover(_span(dots)))

    def time_until(self, children):
        dots, end = children
        return ast.Time(None, _word(end), True, _span(dots).cover(_span(end)))

    # -- clauses

    def _clause(self, children, value) -> _Clause:
        keyword = children[0]
        return _Clause(keyword.value, value, keyword, *_end_of(children[-1]))

    def analyst_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def date_clause(self, c):
        return self._clause(c, _word(c[1]))

    def reliability_clause(self, c):
        return self._clause(c, _word(c[1]))

    def document_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def via_clause(self, c):
        return self._clause(c, c[1])

    def by_clause(self, c):
        return self._clause(c, c[1])

    def at_clause(self, c):
        return self._clause(c, c[1])

    def during_clause(self, c):
        return self._clause(c, attrs.evolve(c[1], state=True))

    def from_clause(self, c):
        return self._clause(c, _word(c[1]))

    def credibility_clause(self, c):
        return self._clause(c, ast.Number(_number_value(c[1]), c[1].line, c[1].column, c[1].end_column))

    def quote_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def supports_clause(self, c):
        return self._clause(c, c[1])

    def kind_clause(self, c):
        return self._clause(c, _word(c[1]))

    def because_clause(self, c):
        return self._clause(c, c[1])

    def mechanism_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def feedback_clause(self, c):
        return self._clause(c, True)

    def assumed_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def note_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def allow_clause(self, c):
        clause = self._clause(c, None)
        return clause._replace(value=ast.Allow(c[1], self._text(c[2]), clause.span))

    def rebuts_clause(self, c):
        return self._clause(c, c[1])

    def undercuts_clause(self, c):
        return self._clause(c, c[1])

    def undermines_clause(self, c):
        return self._clause(c, c[1])

    def consistent_clause(self, c):
        return self._clause(c, c[1])

    def inconsistent_clause(self, c):
        return self._clause(c, c[1])

    def added_clause(self, c):
        return self._clause(c, self._text(c[1]))

    def neutral_clause(self, c):
        return self._clause(c, c[1])

    def argued_by_clause(self, c):
        return self._clause(c, c[1])

    def compatible_clause(self, c):
        return self._clause(c, c[1])

    def test_kind(self, c):
        return c[0]

    def test_result(self, c):
        return c[0]

    def test_clause(self, c):
        kind, hypothesis, result = c
        clause = self._clause(c, None)
        return clause._replace(
            value=ast.ProcessTest(_word(kind), _word(hypothesis), _word(result), clause.span)
        )

    def setting_value(self, c):
        token = c[0]
        if token.type == "NAME":
            return _word(token)
        return ast.Number(_number_value(token.value), token.line, token.column, token.end_column)

    def signed_number(self, c):
        token = c[-1]
        value = _number_value(token.value)
        column = token.column
        if len(c) == 2:  # `-NUMBER`: kept, so that `invalid-value` can point at the sign too
            value = -value
            if c[0].line == token.line:
                column = c[0].column
        return ast.Number(value, token.line, column, token.end_column)

    def prior_clause(self, c):
        return self._clause(c, c[1])

    def likelihood_clause(self, c):
        keyword, hypothesis, number = c
        clause = self._clause(c, None)
        return clause._replace(value=ast.Likelihood(_word(hypothesis), number, clause.span))

    # -- statements

    def _fields(self, statement: str, keyword: Token, clauses: list[_Clause], head_end) -> dict:
        """Sort clauses into AST fields; report misplaced, repeated and missing ones.

        ``head_end`` is the last child of the statement's head: the statement's
        span runs from its keyword to the end of its last clause, or of its head.
        """
        allowed = _ALLOWED_CLAUSES[statement]
        fields: dict[str, object] = {}
        filled_by: dict[str, str] = {}  # field -> the keyword of the clause that filled it
        allows: list[ast.Allow] = []
        tests: list[ast.ProcessTest] = []
        gathered: dict[str, list] = {}
        end = (clauses[-1].end_line, clauses[-1].end_column) if clauses else _end_of(head_end)
        for clause in clauses:
            if clause.keyword == "allow":
                allows.append(clause.value)
                continue
            if clause.keyword in ast.TEST_KINDS and clause.keyword in allowed:
                tests.append(clause.value)
                continue
            if clause.keyword in _GATHERED_CLAUSES and clause.keyword in allowed:
                gathered.setdefault(_GATHERED_CLAUSES[clause.keyword], []).append(clause.value)
                continue
            if clause.keyword not in allowed:
                takes = ", ".join(f"`{c}`" for c in allowed + ("allow",))
                self.problems.append(
                    Problem(
                        MISPLACED_CLAUSE,
                        clause.span,
                        f"`{clause.keyword}` does not belong on {_article(statement)} `{statement}` statement",
                        f"{_article(statement).capitalize()} `{statement}` takes {takes}. Move this clause to the statement it describes.",
                    )
                )
                continue
            name = _FIELD_OF_CLAUSE.get(clause.keyword, clause.keyword)
            if name in fields:
                self.problems.append(self._repeated(statement, clause, filled_by[name]))
                continue
            fields[name] = clause.value
            filled_by[name] = clause.keyword
        for required in _REQUIRED_CLAUSES.get(statement, ()):
            if _FIELD_OF_CLAUSE.get(required, required) not in fields:
                self.problems.append(
                    Problem(
                        MISPLACED_CLAUSE,
                        _span(keyword),
                        f"this `{statement}` has no `{required}` clause",
                        f"Add `{required} SOURCE` to say who said it.",
                    )
                )
        if allows:
            fields["allows"] = tuple(allows)
        if tests:
            fields["tests"] = tuple(tests)
        for name, values in gathered.items():
            fields[name] = tuple(values)
        fields["span"] = Span(keyword.line, keyword.column, *end)
        return fields

    @staticmethod
    def _repeated(statement: str, clause: _Clause, first: str) -> Problem:
        if first != clause.keyword:  # `at` and `during`: two readings of one time
            return Problem(
                MISPLACED_CLAUSE,
                clause.span,
                f"this `{statement}` has both `{first}` and `{clause.keyword}`; it has one time",
                "Keep `at` if it happened on some day of the time (an instant), "
                "or `during` if it holds on every day of it (a state).",
            )
        return Problem(
            MISPLACED_CLAUSE,
            clause.span,
            f"this `{statement}` has a second `{clause.keyword}` clause",
            f"Give `{clause.keyword}` once; for several values write one clause "
            f"with a comma-separated list where it takes one.",
        )

    @staticmethod
    def _split(children, head_size: int) -> tuple[list, list[_Clause]]:
        return children[:head_size], children[head_size:]

    def case_stmt(self, c):
        (kw, title), clauses = self._split(c, 2)
        fields = self._fields("case", kw, clauses, title)
        return ast.CaseHeader(title=self._text(title), **fields)

    def _named(self, cls, statement: str, c):
        (kw, name, title), clauses = self._split(c, 3)
        fields = self._fields(statement, kw, clauses, title)
        return cls(name=_word(name), title=self._text(title), **fields)

    def source_stmt(self, c):
        return self._named(ast.SourceDecl, "source", c)

    def actor_stmt(self, c):
        return self._named(ast.ActorDecl, "actor", c)

    def event_stmt(self, c):
        return self._named(ast.EventDecl, "event", c)

    def claim_stmt(self, c):
        return self._named(ast.ClaimDecl, "claim", c)

    def evidence_stmt(self, c):
        (kw, name), clauses = self._split(c, 2)
        fields = self._fields("evidence", kw, clauses, name)
        return ast.EvidenceDecl(name=_word(name), **fields)

    def link_stmt(self, c):
        kw = c[0]
        index = 1
        label = None
        if isinstance(c[1], ast.Word):
            label, index = c[1], 2
        causes, effect = c[index], c[index + 2]
        fields = self._fields("link", kw, c[index + 3 :], effect)
        feedback = bool(fields.pop("feedback", False))
        return ast.LinkDecl(
            causes=causes, effect=_word(effect), label=label, feedback=feedback, **fields
        )

    def contradiction_stmt(self, c):
        (kw, name, _colon, left, _vs, right), clauses = self._split(c, 6)
        fields = self._fields("contradiction", kw, clauses, right)
        return ast.ContradictionDecl(name=_word(name), left=_word(left), right=_word(right), **fields)

    def chain_stmt(self, c):
        kw, name = c[0], c[1]
        steps = []
        clauses = []
        for child in c[3:]:
            if isinstance(child, _Clause):  # a named tuple: test it before plain tuples
                clauses.append(child)
            elif isinstance(child, tuple):
                steps.append(child)
        fields = self._fields("chain", kw, clauses, steps[-1])
        return ast.ChainDecl(name=_word(name), steps=tuple(steps), **fields)

    def hypothesis_stmt(self, c):
        (kw, name, title, _explains, outcome), clauses = self._split(c, 5)
        fields = self._fields("hypothesis", kw, clauses, outcome)
        return ast.HypothesisDecl(name=_word(name), title=self._text(title), outcome=_word(outcome), **fields)

    def expect_finding(self, c):
        kw = c[0]
        negated = isinstance(c[1], str) and c[1].type == "NO"  # a token
        rest = c[2:] if negated else c[1:]
        rule, rest = rest[0], rest[1:]
        target = None
        head_end = rule
        if rest and isinstance(rest[0], str) and rest[0].type == "ON":
            target, rest = rest[1], rest[2:]
            head_end = target
        fields = self._fields("expect", kw, rest, head_end)
        return ast.FindingExpectation(rule=rule, negated=negated, target=target, **fields)

    def expect_verdict(self, c):
        (kw, _chain, name, _is, verdict), clauses = self._split(c, 5)
        fields = self._fields("expect", kw, clauses, verdict)
        return ast.VerdictExpectation(chain=_word(name), verdict=_word(verdict), **fields)

    def set_stmt(self, c):
        kw, rule = c[0], c[1]
        values = tuple(child for child in c[2:] if not isinstance(child, _Clause))
        clauses = [child for child in c[2:] if isinstance(child, _Clause)]
        fields = self._fields("set", kw, clauses, values[-1] if values else rule)
        return ast.Setting(rule=rule, values=values, **fields)

    def target_name(self, c):
        word = _word(c[0])
        return ast.NameTarget(word, word.span)

    def target_chain(self, c):
        word = _word(c[1])
        return ast.ChainTarget(word, _span(c[0]).cover(word.span))

    def target_link(self, c):
        causes, _arrow, effect = c
        effect_word = _word(effect)
        return ast.LinkTarget(causes, effect_word, causes[0].span.cover(effect_word.span))

    def start(self, c):
        return ast.CaseFile(tuple(c))


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


# --- the parser ------------------------------------------------------------------


_LARK_OPTIONS = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def _build_lark(transformer: _ToAst, *, write_runtime_tables: bool = False) -> Lark:
    """The LALR parser for the grammar: read from the per-user cache (causal.language.parser_cache) when it holds
    the tables for this grammar and this Lark, else built from the grammar and its tables cached for the next run.
    With ``write_runtime_tables``, lalr_runtime's tables are written out of it into the cache too."""
    import lark
    from lark import Lark

    grammar = grammar_text()
    if parser_cache.cache_directory() is None:
        return Lark(grammar, transformer=transformer, **_LARK_OPTIONS)
    key = parser_cache.cache_key(grammar, lark.__version__, repr(sorted(_LARK_OPTIONS.items())))
    made = None
    cached = parser_cache.load(key)
    if isinstance(cached, dict):
        try:
            # The loader of Lark's standalone parsers and of Lark.load, which takes the transformer again.
            made = Lark._load_from_dict(cached["data"], cached["memo"], transformer=transformer)
        except Exception:  # noqa: BLE001 - tables this Lark cannot read: build them as if nothing were cached
            made = None
    if made is None:
        made = Lark(grammar, transformer=transformer, **_LARK_OPTIONS)
        try:
            tables = _tables(made)
        except Exception:  # noqa: BLE001 - a Lark that cannot write its tables out is run without the cache
            return made
        parser_cache.store(key, tables)
    if write_runtime_tables:
        _store_runtime_tables(made, transformer, grammar)
    return made


def _store_runtime_tables(made: Lark, transformer: _ToAst, grammar: str) -> None:
    runtime_key = _runtime_key(grammar)
    if runtime_key is None:
        return
    try:
        runtime_tables = _runtime_tables(made, transformer)
    except Exception:  # noqa: BLE001 - a parser these tables cannot describe is run by Lark alone
        return
    parser_cache.store(runtime_key, runtime_tables, RUNTIME_CACHE_KIND)


def _tables(built: Lark) -> dict:
    """The parser as plain data, as Lark.save writes it, without the transformer (given again when it is loaded)."""
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    # Lark's own objects that its tables refer to: saved once each and referred to by number.
    data, memo = built.memo_serialize([TerminalDef, Rule])
    data["options"] = {name: value for name, value in data["options"].items() if name != "transformer"}
    return {"data": data, "memo": memo}


# --- parsing without Lark: its parser as tables for causal.language.lalr_runtime ---------

# The cache files of lalr_runtime's tables are named `lalr-KEY.marshal`, beside Lark's `parser-KEY.marshal`.
RUNTIME_CACHE_KIND = "lalr"


def _lark_identity() -> str | None:
    """What tells one installed Lark from another, found without importing it: the text of its `__init__.py`, which
    holds its version. None when it cannot be found (then no tables for lalr_runtime are read or written)."""
    from importlib.machinery import PathFinder

    try:
        spec = PathFinder.find_spec("lark")
        if spec is None or not spec.origin:
            return None
        with open(spec.origin, "rb") as handle:
            return handle.read(1 << 20).decode("latin-1")
    except (OSError, ImportError, ValueError):
        return None


def _runtime_key(grammar: str) -> str | None:
    """The cache key of lalr_runtime's tables: the grammar, the Lark that wrote them and how it was asked to."""
    identity = _lark_identity()
    if identity is None:
        return None
    options = repr(sorted(_LARK_OPTIONS.items()))
    return parser_cache.cache_key("lalr_runtime", str(lalr_runtime.TABLES_VERSION), grammar, identity, options)


def _runtime_tables(built: Lark, transformer: _ToAst) -> dict:
    """What lalr_runtime needs to parse as ``built`` does, as plain data; raises on anything it could not run alike.

    Read off Lark's own objects (the contextual lexer of each parser state, the parse table, and the wrappers Lark
    puts around each rule's transformer method), so that nothing of Lark's is done again differently here."""
    from functools import partial

    from lark.lexer import BasicLexer, ContextualLexer, UnlessCallback
    from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
    from lark.parsers.lalr_analysis import Shift

    frontend = built.parser
    table = frontend.parser.parser.parse_table
    lexer = frontend.lexer
    if not isinstance(lexer, ContextualLexer) or built.options.postlex is not None or frontend.skip_lexer:
        raise ValueError("not a contextual lexer")
    if any(isinstance(name, str) for name in built._callbacks):
        raise ValueError("token callbacks")  # lalr_runtime calls none
    (start,) = table.start_states

    terminals = {str(terminal.name): terminal.pattern.to_regexp() for terminal in built.terminals}

    def alternations(scanner) -> tuple[list[list[str]], int]:
        """The scanner's expressions as the names of their terminals, each rebuilt and compared with Lark's."""
        chunks = []
        flags = {expression.flags for expression in scanner._mres}
        for expression in scanner._mres:
            chunk = sorted(expression.groupindex, key=expression.groupindex.__getitem__)
            if "|".join(f"(?P<{name}>{terminals[name]})" for name in chunk) != expression.pattern:
                raise ValueError("a lexer expression lalr_runtime would not build alike")
            chunks.append(chunk)
        if len(flags) > 1:
            raise ValueError("expressions with different flags")
        return chunks, flags.pop() if flags else 0

    lexers: list = []
    lexer_index: dict[int, int] = {}
    lexer_of_state = []
    newline_types: set[str] = set()
    ignore_types: set[str] = set()
    states = sorted(table.states)
    if states != list(range(len(states))):
        raise ValueError("parser states are not numbered 0..n-1")
    for state in states:
        basic = lexer.lexers[state]
        if type(basic) is not BasicLexer or basic.use_bytes or basic.re.__name__ != "re":
            raise ValueError("not a plain lexer")
        if id(basic) not in lexer_index:
            scanner = basic.scanner  # built on first use
            keywords = {}
            for terminal, callback in basic.callback.items():
                if type(callback) is not UnlessCallback:
                    raise ValueError("a lexer callback other than keywords")
                keywords[terminal] = alternations(callback.scanner)
            lexer_index[id(basic)] = len(lexers)
            lexers.append((*alternations(scanner), keywords))
            newline_types |= basic.newline_types
            ignore_types |= basic.ignore_types
        lexer_of_state.append(lexer_index[id(basic)])
    # One set of each for the whole lexer, as Lark makes them from one list of terminals and ignores.
    for basic in lexer.lexers.values():
        names = {terminal.name for terminal in basic.terminals}
        if basic.newline_types != newline_types & names or basic.ignore_types != ignore_types:
            raise ValueError("lexers that disagree on newlines or ignored terminals")

    rule_index: dict = {}
    rules = []
    for rule, wrappers in built._parse_tree_builder.rule_builders:
        single = False
        include = None
        for wrapper in wrappers:
            if wrapper is ExpandSingleChild:
                single = True
            elif isinstance(wrapper, partial) and wrapper.func is ChildFilterLALR_NoPlaceholders:
                if wrapper.keywords or len(wrapper.args) != 1:
                    raise ValueError(f"a child filter lalr_runtime does not know: {wrapper!r}")
                include = [(index, bool(splice)) for index, splice in wrapper.args[0]]
            else:
                raise ValueError(f"a rule wrapper lalr_runtime does not know: {wrapper!r}")
        name = rule.alias or rule.options.template_source or rule.origin.name
        method = getattr(transformer, name, None)
        if method is not None and getattr(method, "visit_wrapper", None) is not None:
            raise ValueError("a decorated transformer method")
        rule_index[rule] = len(rules)
        rules.append((str(rule.origin.name), len(rule.expansion), str(name), single, include))

    actions = []
    for state in states:
        row = {}
        for symbol, (action, argument) in table.states[state].items():
            if action is Shift:
                row[str(symbol)] = int(argument)
            else:
                row[str(symbol)] = ~rule_index[argument]
        actions.append(row)
    tables = {
        "version": lalr_runtime.TABLES_VERSION,
        "start_state": int(table.start_states[start]),
        "end_state": int(table.end_states[start]),
        "actions": actions,
        "terminals": terminals,
        "lexers": lexers,
        "lexer_of_state": lexer_of_state,
        "newline_types": sorted(newline_types),
        "ignore_types": sorted(ignore_types),
        "rules": rules,
    }
    lalr_runtime.Parser(tables, transformer).compile_all()  # tables it can run
    return tables


def _load_runtime(transformer: _ToAst) -> lalr_runtime.Parser | None:
    """A parser for lalr_runtime from the cache, or None when the cache holds none for this grammar and Lark."""
    if parser_cache.cache_directory() is None:
        return None
    key = _runtime_key(grammar_text())
    if key is None:
        return None
    tables = parser_cache.load(key, RUNTIME_CACHE_KIND)
    if not isinstance(tables, dict):
        return None
    try:
        return lalr_runtime.Parser(tables, transformer)
    except Exception:  # noqa: BLE001 - tables it cannot run: Lark parses instead
        return None


class _Parser:
    def __init__(self) -> None:
        self._transformer = _ToAst()
        self._lock = threading.Lock()
        self._runtime = _load_runtime(self._transformer)
        # Lark is loaded when the runtime's tables are not cached, or for the first text with a syntax error.
        self._lark: Lark | None = None
        if self._runtime is None:
            self._lark = _build_lark(self._transformer, write_runtime_tables=True)

    def parse(self, text: str) -> tuple[ast.CaseFile | None, list[Problem]]:
        with self._lock:
            if self._runtime is not None:
                self._transformer.problems = []
                try:
                    return self._runtime.parse(text), self._transformer.problems
                except (lalr_runtime.NotParsed, LookupError):
                    # A syntax error (or tables that do not fit: never written so, but Lark decides): Lark parses
                    # the text again, and what it makes of it is the answer.
                    pass
            return self._parse_with_lark(text)

    def _parse_with_lark(self, text: str) -> tuple[ast.CaseFile | None, list[Problem]]:
        from lark.exceptions import UnexpectedInput

        if self._lark is None:
            self._lark = _build_lark(self._transformer)
        self._transformer.problems = []
        try:
            tree = self._lark.parse(text)
        except UnexpectedInput as error:
            problems = self._transformer.problems
            return None, [*problems, self._syntax_problem(error, text)]
        return tree, self._transformer.problems

    def _syntax_problem(self, error: UnexpectedInput, text: str) -> Problem:
        from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

        hint = self._hint(error, text)
        if isinstance(error, UnexpectedCharacters):
            char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
            span = Span(error.line, error.column, error.line, error.column + 1)
            shown = repr(char) if not char.isprintable() or char.isspace() else f"`{char}`"
            message = f"unexpected character {shown}"
            expected = describe_expected(error.allowed or set())
        elif isinstance(error, UnexpectedEOF):
            line, column = _end_position(text)
            span = Span(line, column, line, column)
            message = "the file ends in the middle of a statement"
            expected = describe_expected(error.expected)
        else:
            assert isinstance(error, UnexpectedToken)
            token = error.token
            if token.type == "$END":
                line, column = _end_position(text)
                span = Span(line, column, line, column)
            else:
                span = _span(token)
            message = f"unexpected {describe_token(token.type, str(token))}"
            expected = describe_expected(error.expected)
        message += f"; expected {expected}"
        return Problem(SYNTAX, span, message, hint or DEFAULT_HINT)

    def _hint(self, error: UnexpectedInput, text: str) -> str | None:
        from lark.exceptions import UnexpectedCharacters

        if isinstance(error, UnexpectedCharacters):
            hint = hint_for_characters(text, error.pos_in_stream)
            if hint:
                return hint
        try:
            # match_examples re-parses the short examples; keep our problems list intact.
            saved = self._transformer.problems
            label = error.match_examples(self._lark.parse, MISTAKES, use_accepts=True)
        except Exception:  # noqa: BLE001 - a hint is optional; never let it mask the error
            label = None
        finally:
            self._transformer.problems = saved
        return label


def _end_position(text: str) -> tuple[int, int]:
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1) + 1
    return line, column


@lru_cache(maxsize=1)
def _parser() -> _Parser:
    return _Parser()


def parse(text: str) -> tuple[ast.CaseFile | None, list[Problem]]:
    """Parse case text. Returns the AST (None on a syntax error) and the problems found.

    Never raises on any input text. A leading byte-order mark is skipped, as
    editors do, so columns on the first line count from the first character.
    """
    return _parser().parse(text.removeprefix("\ufeff"))


def clauses_of(statement: str) -> tuple[str, ...]:
    """The clause keywords a statement takes, by its keyword (`source`, `link`...), `allow` last; () for none."""
    allowed = _ALLOWED_CLAUSES.get(statement)
    return () if allowed is None else (*allowed, "allow")
