"""A Pygments lexer for case files (`.cx`), for documentation tools: Sphinx, MkDocs, anything built on Pygments.

Installed through the `pygments.lexers` entry point, so ```` ```cx ```` fences highlight once causal is installed
with its `highlight` extra. It only depends on Pygments and the standard library.

It reads the same tokens as the grammar (grammar/causal.lark) and gives them the same categories as the TextMate
grammar of the VS Code extension (editors/vscode/syntaxes/cx.tmLanguage.json); a test checks both against every
example case. Like the TextMate grammar, it looks no further than the line: a keyword and its value on two lines
are highlighted as a keyword and a plain name.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["CausalLexer", "CLAUSE_KEYWORDS", "STATEMENT_KEYWORDS"]

STATEMENT_KEYWORDS = (
    "case",
    "source",
    "actor",
    "event",
    "claim",
    "evidence",
    "link",
    "contradiction",
    "chain",
    "hypothesis",
    "expect",
    "set",
)

CLAUSE_KEYWORDS = (
    "analyst",
    "date",
    "reliability",
    "document",
    "via",
    "by",
    "at",
    "during",
    "from",
    "credibility",
    "quote",
    "supports",
    "kind",
    "because",
    "mechanism",
    "feedback",
    "assumed",
    "note",
    "allow",
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
    "passed",
    "failed",
    "added",
    "argued-by",
    "compatible-with",
    "prior",
    "likelihood",
    "explains",
    "vs",
    "on",
    "no",
    "is",
)

# Statements that declare a name right after their keyword (`link` names itself with a label, `link NAME:`).
DECLARING_KEYWORDS = ("source", "actor", "event", "claim", "evidence", "contradiction", "chain", "hypothesis")

# A name's characters are Python's word characters, as in the grammar, and the combining accents that causal composes
# onto the letter before them (NFC) before it reads names: `Su\u0304ley` is the name `Sūley`. Other marks (a
# Devanagari vowel sign, which NFC leaves alone) stay errors, as they are to causal. The TextMate grammar spells the
# same classes with Unicode properties, since Oniguruma's `\w` is not Python's.
WORD = "[\\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
# The grammar's NAME: a letter or `_`, then word characters, with inner hyphens never before `>` (`a->b` is three
# tokens).
NAME = rf"[^\W\d]{WORD}*(?:-(?!>){WORD}+)*"
# A keyword ends where a name could not go on: `no` is a keyword, `no_troops` and `no-fly` are names.
WORD_END = rf"(?!{WORD}|-{WORD})"
# Only within the line, as in the TextMate grammar, which sees one line at a time.
GAP = r"([ \t\f]+)"
# The whitespace the grammar ignores; any other space character is an error there, so it is one here.
SPACE = r"[ \t\f\r\n]+"

GRADE = Keyword.Constant
RULE = Name.Builtin
SETTING = Name.Attribute


class CausalLexer(RegexLexer):
    """Case files of causal: statements, clauses, names, strings, dates, grades and comments."""

    name = "Causal"
    aliases = ["cx", "causal"]
    filenames = ["*.cx"]
    mimetypes = ["text/x-causal"]

    tokens = {
        "root": [
            (r"\A\ufeff", Whitespace),
            (SPACE, Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "string"),
            # The rule an `expect` or `allow` names; `expect chain` and `expect no` open other forms.
            (rf"(expect){GAP}(chain){WORD_END}", bygroups(Keyword.Declaration, Whitespace, Keyword.Declaration)),
            (rf"(expect){GAP}(no){GAP}({NAME})", bygroups(Keyword.Declaration, Whitespace, Keyword, Whitespace, RULE)),
            (rf"(expect){GAP}(?!no{WORD_END})({NAME})", bygroups(Keyword.Declaration, Whitespace, RULE)),
            (rf"(allow){GAP}({NAME})", bygroups(Keyword, Whitespace, RULE)),
            (rf"(on){GAP}(chain){WORD_END}", bygroups(Keyword, Whitespace, Keyword.Declaration)),
            (
                rf"(set){GAP}(grade-confidence){GAP}([A-F][1-6]){WORD_END}",
                bygroups(Keyword.Declaration, Whitespace, SETTING, Whitespace, GRADE),
            ),
            (rf"(set){GAP}({NAME})", bygroups(Keyword.Declaration, Whitespace, SETTING)),
            (rf"(reliability){GAP}([A-F]){WORD_END}", bygroups(Keyword, Whitespace, GRADE)),
            (rf"(credibility){GAP}([1-6])(?![\w.])", bygroups(Keyword, Whitespace, GRADE)),
            (rf"(kind){GAP}({NAME})", bygroups(Keyword, Whitespace, Name.Constant)),
            (rf"(is){GAP}({NAME})", bygroups(Keyword, Whitespace, Name.Constant)),
            (
                rf"(link){GAP}({NAME})([ \t\f]*)(:)",
                bygroups(Keyword.Declaration, Whitespace, Name.Label, Whitespace, Punctuation),
            ),
            (
                words(DECLARING_KEYWORDS, suffix=rf"{GAP}({NAME})"),
                bygroups(Keyword.Declaration, Whitespace, Name.Function),
            ),
            (words(STATEMENT_KEYWORDS, suffix=WORD_END), Keyword.Declaration),
            (words(CLAUSE_KEYWORDS, suffix=WORD_END), Keyword),
            (r"\d+\.\d+", Number.Float),
            (r"\d{4}(?:-\d{2}){0,2}(?!\d)", Literal.Date),
            (r"\d+", Number.Integer),
            (r"->|\.\.|-", Operator),
            (r"[:,]", Punctuation),
            (NAME, Name),
            (r"[^ \t\f\r\n]", Error),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r'\\(?:["\\nt]|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\})', String.Escape),
            # Other escapes are reported by `causal check` (invalid-value): the parser accepts them, so no Error here.
            (r"\\[^\n\r]", String.Double),
            (r'[^"\\\n\r]+', String.Double),
            (r"\\", String.Double),
            # A string ends with its line, as in the grammar: the next line is read afresh.
            default("#pop"),
        ],
    }
