"""Completion: what the grammar lets stand at the cursor, read from the tokens of the statement being typed.

Names where the grammar expects a name, of the kinds the model accepts there (events and claims after `->` and in
chains, evidence after `because`, sources after `from` and `via`, ...); keywords where a statement or a clause may
start, only the clauses the statement takes; rule names after `allow` and `expect`, settings after `set`, and the few
words some clauses take (`kind causes`, `reliability B`, `is broken`, `hoop h passed`).

The statement is scanned (causal.lsp.scanning), not parsed, so that completion works while it is half-written, and
the names offered are the model's (with their titles), together with those the scanner finds declared in the text.
"""

from __future__ import annotations

from attrs import frozen
from lsprotocol import types

from causal.language import ast
from causal.language.parser import clauses_of
from causal.lsp import scanning
from causal.lsp.names import normalised
from causal.lsp.scanning import NAME, Token
from causal.lsp.workspace import CheckedDocument
from causal.model.case_model import KIND_OF_DECLARATION
from causal.model.grades import RELIABILITY_GRADES
from causal.model.settings import SETTINGS
from causal.rules.input import LINK_KINDS, VERDICTS
from causal.rules.registry import RULES

EVENTS_AND_CLAIMS = frozenset({"event", "claim"})
ANY_KIND = frozenset(KIND_OF_DECLARATION.values())
# What may stand after each clause keyword that takes names (causal.model.case_model.iter_references; a test checks
# this table against it).
NAMES_AFTER = {
    "VIA": frozenset({"source"}),
    "BY": frozenset({"actor"}),
    "FROM": frozenset({"source"}),
    "SUPPORTS": frozenset({"event", "claim", "link"}),
    "BECAUSE": frozenset({"evidence"}),
    "REBUTS": EVENTS_AND_CLAIMS,
    "UNDERCUTS": frozenset({"link"}),
    "UNDERMINES": frozenset({"evidence", "source"}),
    "CONSISTENT_WITH": frozenset({"hypothesis"}),
    "INCONSISTENT_WITH": frozenset({"hypothesis"}),
    "NEUTRAL_TO": frozenset({"hypothesis"}),
    "HOOP": frozenset({"hypothesis"}),
    "SMOKING_GUN": frozenset({"hypothesis"}),
    "STRAW_IN_THE_WIND": frozenset({"hypothesis"}),
    "DOUBLY_DECISIVE": frozenset({"hypothesis"}),
    "LIKELIHOOD": frozenset({"hypothesis"}),
    "EXPLAINS": EVENTS_AND_CLAIMS,
    "ARGUED_BY": frozenset({"chain"}),
    "COMPATIBLE_WITH": frozenset({"hypothesis"}),
}
# Clauses whose keyword is followed by a list of names (`a, b`); the others take one.
_LISTS = frozenset({"VIA", "BY", "SUPPORTS", "BECAUSE", "REBUTS", "UNDERCUTS", "UNDERMINES", "CONSISTENT_WITH",
                    "INCONSISTENT_WITH", "NEUTRAL_TO", "ARGUED_BY", "COMPATIBLE_WITH"})
_TEST_KINDS = frozenset({"HOOP", "SMOKING_GUN", "STRAW_IN_THE_WIND", "DOUBLY_DECISIVE"})
# Clauses that may be given more than once.
_REPEATABLE = frozenset({"allow", *ast.TEST_KINDS, "likelihood"})
_DECLARING = frozenset({"SOURCE", "ACTOR", "EVENT", "CLAIM", "EVIDENCE", "CONTRADICTION", "CHAIN", "HYPOTHESIS"})

_ITEM_KINDS = {
    "source": types.CompletionItemKind.Module,
    "actor": types.CompletionItemKind.Class,
    "event": types.CompletionItemKind.Event,
    "claim": types.CompletionItemKind.Constant,
    "evidence": types.CompletionItemKind.Field,
    "link": types.CompletionItemKind.Operator,
    "contradiction": types.CompletionItemKind.Enum,
    "chain": types.CompletionItemKind.Function,
    "hypothesis": types.CompletionItemKind.Interface,
}


@frozen
class Expected:
    """What may stand at the cursor."""

    names: frozenset[str] = frozenset()  # the kinds of names
    words: tuple[str, ...] = ()  # fixed words: a clause's values, `no`, `chain`, `on`
    rules: bool = False
    settings: bool = False
    statement_keywords: bool = False
    clause_keywords: tuple[str, ...] = ()


def _statement_tokens(tokens: list[Token]) -> list[Token]:
    """The tokens of the last statement in ``tokens`` (from its keyword on); all of them if none starts one."""
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.kind in scanning.STATEMENT_TERMINALS and not _mentioned(tokens, index):
            return tokens[index:]
    return tokens


def _mentioned(tokens: list[Token], index: int) -> bool:
    """Whether the keyword at ``index`` is part of a statement, not the start of one (`expect chain`, `allow
    contradiction`, `link a -> chain`)."""
    if index == 0:
        return False
    before = tokens[index - 1].kind
    return before in {"EXPECT", "NO", "ON", "ALLOW", "ARROW", "COMMA", "COLON", "VS", "EXPLAINS"} or (
        before in NAMES_AFTER
    )


def _list_head(tokens: list[Token]) -> int:
    """The index of the token before a list of names that ends the tokens (`because a, b,` -> `because`)."""
    index = len(tokens) - 1
    while index >= 0 and tokens[index].kind in (NAME, "COMMA"):
        index -= 1
    return index


def _head_done(keyword: str, tokens: list[Token]) -> bool:
    """Whether a statement's head, before its clauses, is complete in ``tokens`` (its keyword first)."""
    kinds = [token.kind for token in tokens]
    if keyword in ("CASE", "SOURCE", "ACTOR", "EVENT", "CLAIM"):
        return "STRING" in kinds
    if keyword == "EVIDENCE":
        return len(kinds) >= 2 and kinds[1] == NAME
    ending = {"LINK": "ARROW", "CHAIN": "ARROW", "CONTRADICTION": "VS", "HYPOTHESIS": "EXPLAINS"}.get(keyword)
    if ending is not None:
        # The head ends with the name after its last arrow (`vs`, `explains`).
        last = max((index for index, kind in enumerate(kinds) if kind == ending), default=None)
        return last is not None and last + 1 < len(kinds) and kinds[last + 1] == NAME
    return len(kinds) >= 2


def expected_at(tokens: list[Token]) -> Expected:
    """What may follow ``tokens``, the tokens before the cursor (the word being typed left out)."""
    if not tokens:
        return Expected(statement_keywords=True)
    statement = _statement_tokens(tokens)
    keyword = statement[0].kind
    if keyword not in scanning.STATEMENT_TERMINALS:
        return Expected(statement_keywords=True)
    expected = _after(keyword, statement)
    if expected is not None:
        return expected
    if not _head_done(keyword, statement):
        return Expected()
    taken = {token.text for token in statement if token.kind in scanning.CLAUSE_TERMINALS}
    word = statement[0].text
    clauses = tuple(c for c in clauses_of(word) if c not in taken or c in _REPEATABLE)
    if keyword == "EXPECT" and "ON" not in {token.kind for token in statement} and len(statement) == 2:
        return Expected(words=("on",), clause_keywords=clauses, statement_keywords=True)
    return Expected(clause_keywords=clauses, statement_keywords=True)


def _after(keyword: str, statement: list[Token]) -> Expected | None:
    """What the last token of a statement's tokens asks for next; None when it asks for a clause or a statement."""
    last = statement[-1]
    kinds = [token.kind for token in statement]
    before = kinds[-2] if len(kinds) > 1 else None
    if last.kind in NAMES_AFTER:
        return Expected(names=NAMES_AFTER[last.kind])
    if last.kind == "COMMA":
        head = _list_head(statement[:-1])
        head_kind = statement[head].kind if head >= 0 else None
        if head_kind in _LISTS:
            return Expected(names=NAMES_AFTER[head_kind])
        # A link's causes, a chain's step, an `expect ... on` link target: events and claims.
        return Expected(names=EVENTS_AND_CLAIMS)
    if last.kind == "ARROW":
        return Expected(names=EVENTS_AND_CLAIMS)
    if last.kind == "COLON":
        return Expected(names=EVENTS_AND_CLAIMS | {"link"} if keyword == "CONTRADICTION" else EVENTS_AND_CLAIMS)
    if last.kind == "VS":
        return Expected(names=EVENTS_AND_CLAIMS | {"link"})
    if last.kind == "LINK" and len(statement) == 1:
        return Expected(names=EVENTS_AND_CLAIMS)
    if last.kind in _DECLARING and len(statement) == 1:
        return Expected()  # a new name
    if last.kind == "ALLOW" or (last.kind == "NO" and before == "EXPECT"):
        return Expected(rules=True)
    if last.kind == "EXPECT" and len(statement) == 1:
        return Expected(rules=True, words=("no", "chain"))
    if last.kind == "SET" and len(statement) == 1:
        return Expected(settings=True)
    if last.kind == "ON":
        return Expected(names=ANY_KIND, words=("chain",))
    if last.kind == "CHAIN" and before in ("EXPECT", "ON"):
        return Expected(names=frozenset({"chain"}))
    if last.kind == "IS":
        return Expected(words=VERDICTS)
    if last.kind == "KIND":
        return Expected(words=LINK_KINDS)
    if last.kind == "RELIABILITY":
        return Expected(words=tuple(RELIABILITY_GRADES))
    if last.kind == NAME and before in _TEST_KINDS:
        return Expected(words=("passed", "failed"))
    if last.kind == NAME and before == "LIKELIHOOD":
        return Expected()  # a number
    if last.kind == NAME and keyword == "EXPECT" and before == "CHAIN" and len(statement) == 3:
        return Expected(words=("is",))
    if keyword == "LINK" and "ARROW" not in kinds:
        return Expected()  # `link a` or `link label:` wants `,`, `->` or `:`; nothing to complete
    if last.kind in ("ANALYST", "DATE_KW", "DOCUMENT", "AT", "DURING", "CREDIBILITY", "QUOTE", "MECHANISM", "ASSUMED",
                     "NOTE", "ADDED", "PRIOR", "OPEN_STRING", "COMMENT", "ERROR", "MINUS", "DOTDOT"):
        return Expected()  # a string, a date or a number
    return None


def _cursor_context(text: str, offset: int) -> tuple[list[Token], Token | None] | None:
    """(the statement's tokens before the word at the cursor, that word) or None inside a string or a comment."""
    start = scanning.statement_start(text, offset)
    tokens = scanning.scan(text, start, offset)
    if tokens and tokens[-1].end == offset and tokens[-1].kind in ("OPEN_STRING", "COMMENT"):
        return None
    tokens = [token for token in tokens if token.kind != scanning.COMMENT]
    if tokens and tokens[-1].end == offset and (tokens[-1].kind == NAME or tokens[-1].text in scanning.keywords()):
        return tokens[:-1], tokens[-1]
    if tokens and tokens[-1].end == offset and tokens[-1].kind == "STRING":
        return None
    return tokens, None


def _declared(document: CheckedDocument) -> dict[str, tuple[str, str]]:
    """Every declared name -> (its kind, its title or ""): the model's, and the scanner's for the rest."""
    found: dict[str, tuple[str, str]] = {}
    snapshot = document.snapshot
    if snapshot is not None:
        for name, declaration in snapshot.index.model.declarations.items():
            title = getattr(declaration, "title", None)
            found[name] = (KIND_OF_DECLARATION[type(declaration)], title.value if title is not None else "")
    if snapshot is None or not snapshot.exact or snapshot.blanked:
        for declared in scanning.declared_names(scanning.scan(document.text)):
            found.setdefault(normalised(declared.name.text), (declared.kind, ""))
    return found


def completion(document: CheckedDocument, line: int, character: int) -> types.CompletionList:
    positions = document.positions
    offset = positions.offset_of_position(line, character)
    context = _cursor_context(document.text, offset)
    if context is None:
        return types.CompletionList(is_incomplete=False, items=[])
    tokens, word = context
    expected = expected_at(tokens)
    replaced = None
    if word is not None:
        start, end = positions.position_of_offset(word.start), positions.position_of_offset(word.end)
        replaced = types.Range(types.Position(*start), types.Position(*end))
    items: list[types.CompletionItem] = []

    def add(label: str, kind: types.CompletionItemKind, order: int, detail: str | None = None, doc: str | None = None):
        edit = None if replaced is None else types.TextEdit(replaced, label)
        items.append(types.CompletionItem(
            label=label, kind=kind, detail=detail, documentation=doc, sort_text=f"{order}{label}", text_edit=edit,
        ))

    if expected.names:
        for name, (kind, title) in sorted(_declared(document).items()):
            if kind in expected.names:
                add(name, _ITEM_KINDS[kind], 0, f"{kind} {title}".strip())
    for value in expected.words:
        add(value, types.CompletionItemKind.EnumMember, 1)
    if expected.rules:
        for rule in RULES:
            add(rule.name, types.CompletionItemKind.Function, 1, f"{rule.code} {rule.severity.label}", rule.summary)
    if expected.settings:
        for spec in SETTINGS:
            add(spec.name, types.CompletionItemKind.Property, 1, spec.syntax, spec.summary)
    for clause in expected.clause_keywords:
        add(clause, types.CompletionItemKind.Keyword, 2, "clause")
    if expected.statement_keywords:
        for keyword_text, terminal in scanning.keywords().items():
            if terminal in scanning.STATEMENT_TERMINALS:
                add(keyword_text, types.CompletionItemKind.Keyword, 3, "statement")
    return types.CompletionList(is_incomplete=False, items=items)
