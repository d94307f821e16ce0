"""Syntax errors in words: what the parser expected, what it found, and hints for the mistakes we recognise.

Kept apart from the parser so that the wording can be read and changed without
Lark: the parser hands over terminal names and text, never its own objects.
`MISTAKES` is the table of short bad inputs that Lark's `match_examples` compares
an error's parser state with (tests/test_parser.py checks that every example
still produces its own hint).
"""

from __future__ import annotations

STATEMENT_KEYWORDS = (
    "CASE SOURCE ACTOR EVENT CLAIM EVIDENCE LINK CONTRADICTION CHAIN HYPOTHESIS EXPECT SET".split()
)
CLAUSE_KEYWORDS = (
    "ANALYST DATE_KW RELIABILITY DOCUMENT VIA BY AT DURING FROM CREDIBILITY QUOTE SUPPORTS KIND "
    "BECAUSE MECHANISM FEEDBACK ASSUMED NOTE ALLOW REBUTS UNDERCUTS UNDERMINES CONSISTENT_WITH "
    "INCONSISTENT_WITH NEUTRAL_TO HOOP SMOKING_GUN STRAW_IN_THE_WIND DOUBLY_DECISIVE ADDED ARGUED_BY "
    "COMPATIBLE_WITH PRIOR LIKELIHOOD".split()
)
TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted string ("...")',
    "DATE": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "INT": "a number",
    "DECIMAL": "a decimal number",
    "CONSISTENT_WITH": "`consistent-with`",
    "INCONSISTENT_WITH": "`inconsistent-with`",
    "SMOKING_GUN": "`smoking-gun`",
    "STRAW_IN_THE_WIND": "`straw-in-the-wind`",
    "DOUBLY_DECISIVE": "`doubly-decisive`",
    "ARGUED_BY": "`argued-by`",
    "NEUTRAL_TO": "`neutral-to`",
    "COMPATIBLE_WITH": "`compatible-with`",
    "ARROW": "`->`",
    "COLON": "`:`",
    "COMMA": "`,`",
    "DOTDOT": "`..`",
    "MINUS": "`-`",
    "DATE_KW": "`date`",
    "$END": "the end of the file",
}


def _terminal_word(name: str) -> str:
    if name in TERMINAL_WORDS:
        return TERMINAL_WORDS[name]
    return f"`{name.lower()}`"


def describe_expected(expected: set[str] | frozenset[str]) -> str:
    """The terminals the parser would have accepted, in words: keywords grouped, terminals named."""
    names = set(expected)
    parts: list[str] = []
    if set(STATEMENT_KEYWORDS) <= names:
        names -= set(STATEMENT_KEYWORDS)
        names.discard("$END")
        parts.append("a new statement")
    if set(CLAUSE_KEYWORDS) <= names:
        names -= set(CLAUSE_KEYWORDS)
        parts.append("a clause (`at`, `by`, `because`, ...)")
    parts[:0] = sorted(_terminal_word(n) for n in names)
    if not parts:
        return "something else"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def describe_token(kind: str, text: str) -> str:
    """A token the parser did not expect, in words: its terminal's name `kind` and its text."""
    if kind == "$END":
        return "end of file"
    if len(text) > 40:
        text = text[:37] + "..."
    if kind == "STRING":
        return f"string {text}"
    if kind in STATEMENT_KEYWORDS or kind in CLAUSE_KEYWORDS:
        return f"keyword `{text}`"
    return f"`{text}`"


# Common mistakes, recognised by the parser state they leave behind
# (lark's `match_examples`). Keys are hints; values are short bad inputs.
MISTAKES: dict[str, list[str]] = {
    "A link names its causes, then `->`, then its effect: `link a, b -> c`.": [
        "link a b",
        "link a - b",
    ],
    "A chain needs a name and a colon before its steps: `chain thesis: a -> b -> c`.": [
        "chain a -> b",
        "chain t a -> b",
    ],
    "A chain needs at least two steps joined by `->`: `chain thesis: a -> b`.": [
        "chain t: a",
        "chain t: a event",
    ],
    'This declaration needs a name and then a quoted description: `event name "what happened"`.': [
        "event e at 2015",
        "actor a",
        "claim c note",
        'event "what happened"',
        'claim "x"',
    ],
    "Dates are written YYYY, YYYY-MM or YYYY-MM-DD, and ranges as `2015-10..2016-02`.": [
        "event e \"x\" at march",
        "event e \"x\" at ..",
        "event e \"x\" during march",
    ],
    "A contradiction is written `contradiction NAME: claim_a vs claim_b`.": [
        "contradiction a vs b",
        "contradiction c: a b",
        "contradiction c: a, b",
    ],
    "A clause keyword needs its value, e.g. `kind causes`, `from debka`, `credibility 3`.": [
        "link a -> b kind",
        "evidence e from",
        "evidence e credibility",
        "link a -> b because",
    ],
    'A hypothesis names the outcome it explains: `hypothesis NAME "TEXT" explains OUTCOME`.': [
        'hypothesis h "x"',
        'hypothesis h "x" withdrawal',
        "hypothesis h explains w",
    ],
    "A process-tracing test names its hypothesis and its result: `hoop refusal passed` or `smoking-gun refusal failed`.": [
        "evidence e from s hoop h",
        "evidence e from s smoking-gun",
        "evidence e from s hoop h yes",
    ],
    "A prior is a positive number, `prior 2`; a likelihood names its hypothesis, then a positive number: `likelihood h_rift 0.8`.": [
        'hypothesis h "x" explains o prior',
        'hypothesis h "x" explains o prior high',
        "evidence e from s likelihood h",
        "evidence e from s likelihood 0.8",
        "evidence e from s likelihood h high",
    ],
    "Credibility is a number from 1 to 6.": [
        "evidence e credibility high",
    ],
    'An `allow` clause names a rule and gives a reason: `allow unsupported-link "why"`.': [
        "link a -> b allow unsupported-link",
        'link a -> b allow "why"',
    ],
}


def hint_for_characters(text: str, pos: int) -> str | None:
    char = text[pos] if 0 <= pos < len(text) else ""
    if char in "\u201c\u201d\u201e\u00ab\u00bb":
        return 'Strings use straight double quotes: "like this". Curly quotes are fine inside a string.'
    if char == "'" or char in "\u2018\u2019":
        return 'Strings use double quotes: "like this".'
    if char == '"':
        return 'A string must end on the line it starts; write a line break as \\n and a quote inside it as \\".'
    if char in "\u2013\u2014\u2192" or text.startswith("=>", pos):
        return "Write the causal arrow as `->` (hyphen, greater-than)."
    if char == "/":
        return "Comments start with `#`."
    return None


DEFAULT_HINT = "Check the statement's form in docs/language.md."
