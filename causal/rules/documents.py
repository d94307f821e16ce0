"""Rules about sources' documents and the quotes checked against them (codes CX21x).

The model reads each document once (refusing unsafe paths before anything is
opened); these rules report what went wrong and check every evidence quote
against the document of its source. A quote from a source reported `via`
another is checked against the first source on the reporting path that has a
document: the Moscow sources' words appear in DEBKA's article.
"""

from __future__ import annotations

from collections.abc import Iterator

from causal.analysis.quotes import PreparedDocument, closest_passage, prepare, quote_occurs, searched_for
from causal.language import ast
from causal.model.case_model import Document, Model
from causal.rules.base import Phase, Rule, runs_in
from causal.rules.findings import Finding, Severity, Subject

QUOTE_NOT_FOUND = Rule(
    name="quote-not-found",
    code="CX211",
    severity=Severity.ERROR,
    summary="An evidence quote that does not occur in its source's document.",
    finds="""
        An evidence `quote` that is not in the document of its source (or, for
        a source reported `via` another, of the first source on the way that
        has a document). Before comparing, runs of whitespace become one space,
        curly and straight quote marks, primes and backticks count as the same
        mark, all dashes and hyphens (and runs of them) count as one hyphen,
        `…` counts as `...`, and invisible soft hyphens and zero-width spaces
        are dropped. Letters (compared in composed form, NFC) and their case
        must match exactly.

        An ellipsis in the quote (`...`, `…`, `[...]`) that the document does
        not have stands for words left out: the parts around it must then occur
        in the document in the same order.

        The message names the document's closest passage, so a misquote can be
        corrected at a glance. In a document of more than 2,000 sentences, the
        closest passage is looked for among the sentences that hold the
        quote's rarer words.
        """,
    why="""
        A quote is the case's link to what the source really says. A quote that
        is paraphrased, misremembered or put in the wrong source's mouth makes
        the evidence look stronger, or different, than the text allows.
        """,
    example="""
        source debka "DEBKA Weekly" reliability E document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence refused from debka credibility 3
          quote "Iran refused to send troops to Syria."
          supports rift
        """,
    passing="""
        source debka "DEBKA Weekly" reliability E document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence refused from debka credibility 3
          quote "Iran stood by its refusal to send troops to Syria."
          supports rift
        """,
    documents=(
        (
            "article.txt",
            "The crisis came to a head in the second half of February. "
            "Iran stood by its refusal to send troops to Syria.",
        ),
    ),
)

UNSAFE_PATH = Rule(
    name="unsafe-path",
    code="CX212",
    severity=Severity.ERROR,
    summary="A document path that leaves the case file's folder; it is refused and never read.",
    finds="""
        A source's `document` path that is absolute, goes up with `..`, or
        passes through a symbolic link pointing outside the case file's folder.
        The document is not opened, so quotes from that source are not checked.
        Links inside the folder are followed while they stay in it: a relative
        link may go up with `..` no further than the case's folder, and an
        absolute one must name a path below it. The path is opened one folder
        at a time from the case's folder, so a folder swapped for a link while
        the case is checked cannot lead outside either (see "Input safety" in
        docs/cli.md).
        """,
    why="""
        A case file may come from someone else. Reading any file it names would
        let a case file probe the checker's machine (and quote its contents back
        in messages); keeping documents beside the case also keeps the case
        self-contained.
        """,
    example="""
        source s "A source" reliability B document "/etc/passwd"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    passing="""
        source s "A source" reliability B document "article.txt"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    documents=(("article.txt", "Moscow and Tehran fell out."),),
)

DOCUMENT_UNREADABLE = Rule(
    name="document-unreadable",
    code="CX213",
    severity=Severity.ERROR,
    summary="A source's document cannot be read: missing, a folder, not UTF-8, or too large.",
    finds="""
        A `document` path (relative to the case file's folder) that does not
        exist, names a folder or anything else that is not a regular file (a
        FIFO or a device, which is never opened), holds a NUL character
        (`\\u0000`, which no file name can), holds bytes that are not UTF-8
        (the offset of the first bad byte is given), or is larger than 16 MB.
        """,
    why="""
        Quotes from a source whose document cannot be read cannot be checked;
        the checker says so instead of passing them silently.
        """,
    example="""
        source s "A source" reliability B document "missing.txt"
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
    passing="""
        source s "A source" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence said from s credibility 2 supports rift
        """,
)

UNVERIFIABLE_QUOTE = Rule(
    name="unverifiable-quote",
    code="CX214",
    severity=Severity.INFO,
    summary="A quote that cannot be checked: no source on its reporting path has a document.",
    finds="""
        Evidence with a `quote` whose source, and every source it is reported
        `via`, has no `document`. Reported only in cases that give at least one
        source a document: a case without documents does not check quotes at
        all, and saying so for every quote would only be noise.
        """,
    why="""
        Once a case checks quotes against documents, a quote that escapes the
        check is easy to take for a checked one.
        """,
    example="""
        source article "The article" reliability B document "article.txt"
        source tv "A TV interview" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence wrote from article credibility 2 supports rift
        evidence said from tv credibility 2 quote "We fell out." supports rift
        """,
    passing="""
        source tv "A TV interview" reliability B
        claim rift "Moscow and Tehran fall out"
        evidence said from tv credibility 2 quote "We fell out." supports rift
        """,
)



@runs_in(Phase.MODEL)
def check(model: Model) -> Iterator[Finding]:
    for document in model.documents.values():
        yield from _document_findings(document)
    yield from check_quotes(model)


def _document_findings(document: Document) -> Iterator[Finding]:
    subject = Subject("name", (document.source,))
    path = document.path_word.value
    if document.unsafe is not None:
        yield UNSAFE_PATH.finding(
            document.path_word.span,
            f"the document \"{path}\" of source {document.source} is refused, and was not read: {document.unsafe}",
            "Put the document in the case file's folder (or below it) and name it by a relative path "
            "without `..`.",
            subject,
        )
    elif document.problem is not None:
        yield DOCUMENT_UNREADABLE.finding(
            document.path_word.span,
            f"the document of source {document.source} cannot be read: {document.problem}",
            "The path is relative to the case file's folder; the file must be UTF-8 text of at most 16 MB.",
            subject,
        )


# Below this similarity a "closest passage" would only mislead.
_CLOSE_ENOUGH = 0.5
_MAX_SHOWN = 240


def document_for(
    model: Model, source: str, holders: dict[str, str | None] | None = None
) -> tuple[str, Document] | None:
    """The nearest source on ``source``'s reporting path that has a document, and that document.

    ``holders`` keeps the answers between calls (see `Reporting.nearest`).
    """
    holder = model.reporting.nearest(source, model.documents.__contains__, {} if holders is None else holders)
    return None if holder is None else (holder, model.documents[holder])


def check_quotes(model: Model) -> Iterator[Finding]:
    prepared: dict[str, PreparedDocument] = {}
    holders: dict[str, str | None] = {}  # each source's nearest source with a document, found once
    checks: list[tuple[ast.EvidenceDecl, str, str | None]] = []  # (evidence, source, holder or None)
    wanted: dict[str, list[str]] = {}  # each document holder -> the strings its quotes look for
    for evidence in model.evidence.values():
        if evidence.quote is None or evidence.source is None or evidence.source.text not in model.sources:
            continue
        source = evidence.source.text
        found = document_for(model, source, holders)
        if found is None:
            if model.documents:
                checks.append((evidence, source, None))
            continue
        holder, document = found
        if document.text is None:
            continue  # unsafe-path / document-unreadable report it
        if holder not in prepared:
            prepared[holder] = prepare(document)
        checks.append((evidence, source, holder))
        wanted.setdefault(holder, []).extend(searched_for(evidence.quote.value))
    # Every quote of a document is looked for in one pass over it.
    for holder, strings in wanted.items():
        prepared[holder].search(strings)
    for evidence, source, holder in checks:
        if holder is None:
            yield _unverifiable(model, evidence, source)
        elif not quote_occurs(evidence.quote.value, prepared[holder]):
            yield _not_found(evidence, source, prepared[holder])


def _whose(source: str, holder: str) -> str:
    return f"source {holder}" if source == holder else f"source {holder} (which reports {source})"


def _not_found(evidence: ast.EvidenceDecl, source: str, document: PreparedDocument) -> Finding:
    message = (
        f"the quote of evidence {evidence.name.text} is not in \"{document.path}\", "
        f"the document of {_whose(source, document.source)}"
    )
    closest = closest_passage(evidence.quote.value, document)
    if closest is not None and closest[1] >= _CLOSE_ENOUGH:
        shown = closest[0] if len(closest[0]) <= _MAX_SHOWN else closest[0][: _MAX_SHOWN - 1] + "…"
        help = f"The closest passage in the document reads \"{shown}\"; quote the document's words exactly."
    else:
        help = (
            "Nothing in the document comes close: check that the quote is from this source, "
            "and quote the document's words exactly."
        )
    return QUOTE_NOT_FOUND.finding(evidence.quote.span, message, help, Subject("name", (evidence.name.text,)))


def _unverifiable(model: Model, evidence: ast.EvidenceDecl, source: str) -> Finding:
    if not model.reporting.carriers.get(source):
        why = f"source {source} has no document"
    else:
        why = f"no source on its reporting path ({model.reporting.describe(source)}) has a document"
    return UNVERIFIABLE_QUOTE.finding(
        evidence.quote.span,
        f"the quote of evidence {evidence.name.text} cannot be checked: {why}",
        "Give the source a `document` holding its text, so the quote can be checked against it.",
        Subject("name", (evidence.name.text,)),
    )
