"""The case model, built once from the AST: symbol table, references, causal graph, times, reporting paths, documents.

Checks read the model and never change it; what is judged from it (labels,
confidences, verdicts) lives in causal.analysis, which the model never
imports. Building it reports nothing: problems such as duplicates and
unreadable documents are recorded here, references are generated from the AST
on demand, and the rules turn all of it into findings.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import attrs
from attrs import define, field, frozen

from causal.inputs.files import BENEATH, Folder, NotRegularFile, OutsideFolder, kind_of, open_regular, read_at_most
from causal.language import ast
from causal.model.grades import (
    CREDIBILITY_GRADES,
    DEFAULT_CREDIBILITY,
    DEFAULT_RELIABILITY,
    RELIABILITY_GRADES,
    grade_pair,
)
from causal.model.reporting import Reporting, independent_groups, trace_reporting
from causal.model.settings import Settings, settings_of_case
from causal.model.times import ParsedDates, Timing, timing_of

# The kind of thing each declaration declares, as the messages name it.
KIND_OF_DECLARATION = {
    ast.SourceDecl: "source",
    ast.ActorDecl: "actor",
    ast.EventDecl: "event",
    ast.ClaimDecl: "claim",
    ast.EvidenceDecl: "evidence",
    ast.LinkDecl: "link",
    ast.ContradictionDecl: "contradiction",
    ast.ChainDecl: "chain",
    ast.HypothesisDecl: "hypothesis",
}
CAUSAL_NODE_KINDS = frozenset({"event", "claim"})
# The link kind whose effect is what did not happen (docs/language.md, "Link kinds").
PREVENTS = "prevents"
# Two accounts may clash as claims or events, or as causal links (two rival causes of one effect).
CONTRADICTION_SIDE_KINDS = CAUSAL_NODE_KINDS | {"link"}


class Reference(NamedTuple):
    """A use of a name: where, what kinds of thing may stand there, in what role.

    A named tuple: references are generated afresh each time they are walked.
    """

    word: ast.Word
    kinds: frozenset[str]
    role: str
    # An `expect` line mentioning a name does not make the name used.
    counts_as_use: bool = True


@frozen
class Document:
    """A source's document: its text, or why it could not be had."""

    source: str
    path_word: ast.Text
    text: str | None = None
    unsafe: str | None = None  # why the path was refused
    problem: str | None = None  # why a safe path could not be read


@define
class Model:
    case: ast.CaseFile
    base_dir: Path | None
    header: ast.CaseHeader | None = None
    extra_headers: list[ast.CaseHeader] = field(factory=list)
    declarations: dict[str, ast.Declaration] = field(factory=dict)
    duplicates: list[tuple[ast.Declaration, ast.Declaration]] = field(factory=list)
    sources: dict[str, ast.SourceDecl] = field(factory=dict)
    actors: dict[str, ast.ActorDecl] = field(factory=dict)
    events: dict[str, ast.EventDecl] = field(factory=dict)
    claims: dict[str, ast.ClaimDecl] = field(factory=dict)
    evidence: dict[str, ast.EvidenceDecl] = field(factory=dict)
    contradictions: dict[str, ast.ContradictionDecl] = field(factory=dict)
    chains: dict[str, ast.ChainDecl] = field(factory=dict)
    hypotheses: dict[str, ast.HypothesisDecl] = field(factory=dict)
    links: list[ast.LinkDecl] = field(factory=list)
    # Labelled links: label -> index into `links` (first declaration only).
    link_labels: dict[str, int] = field(factory=dict)
    expectations: list[ast.FindingExpectation | ast.VerdictExpectation] = field(factory=list)
    set_statements: list[ast.Setting] = field(factory=list)
    # Thresholds, weights and semantics: defaults, then pyproject.toml, then `set`, then the command line.
    settings: Settings = field(factory=Settings)
    # Causal graph over event and claim names; values are indexes into `links`.
    links_by_effect: dict[str, list[int]] = field(factory=dict)
    links_by_cause: dict[str, list[int]] = field(factory=dict)
    # Support of each link (index into `links`): resolved evidence, in order.
    link_support: list[tuple[ast.EvidenceDecl, ...]] = field(factory=list)
    # Evidence naming each event or claim in `supports`.
    evidence_for: dict[str, list[ast.EvidenceDecl]] = field(factory=dict)
    # Dated events and claims (valid dates only): their days and how to read them.
    times: dict[str, Timing] = field(factory=dict)
    documents: dict[str, Document] = field(factory=dict)
    # Who carries whose words, traced once along `via` (causal.model.reporting).
    reporting: Reporting = field(factory=lambda: trace_reporting({}, {}))
    # Argument ids of the links whose id is not simply `link_id(link)`: repeated ones get `@LINE`.
    link_id_overrides: dict[int, str] = field(factory=dict)
    # Each link's argument id -> its index into `links` (built with the links, like every table here).
    link_indexes: dict[str, int] = field(factory=dict)
    # Pairs of grades by (grades on a reporting path, credibility), for the grade table they were read from.
    _grade_memo: tuple[Mapping[str, float], dict[tuple[frozenset[str], int], str]] | None = None

    def link_id_of(self, index: int) -> str:
        """The argument id of link ``index`` in the case's argumentation framework."""
        override = self.link_id_overrides.get(index)
        return override if override is not None else link_id(self.links[index])

    def link_index(self, identity: str) -> int | None:
        """The link with argument id ``identity``, or None."""
        return self.link_indexes.get(identity)

    @property
    def weak_reliability(self) -> str:
        return self.settings.weak_reliability

    @property
    def weak_credibility(self) -> int:
        return self.settings.weak_credibility

    # -- look-ups

    def references(self) -> Iterator[Reference]:
        return iter_references(self.case)

    def joins_causal_nodes(self, link: ast.LinkDecl) -> bool:
        """Whether every cause and the effect of ``link`` is an event or a claim.

        Only such links are edges of the causal graph.
        """
        return all(self.kind_of(word.text) in CAUSAL_NODE_KINDS for word in (*link.causes, link.effect))

    def is_prevention(self, link: ast.LinkDecl) -> bool:
        """A `prevents` link: its effect is what did not happen, so the link does not rest on it."""
        return link.kind is not None and link.kind.text == PREVENTS

    def kind_of(self, name: str) -> str | None:
        declaration = self.declarations.get(name)
        return None if declaration is None else KIND_OF_DECLARATION[type(declaration)]

    def outlets_of(self, item: ast.EvidenceDecl) -> frozenset[str]:
        """The outlets an evidence item reaches us through (empty when its source is undeclared)."""
        if item.source is None:
            return frozenset()
        return self.reporting.outlets.get(item.source.text, frozenset())

    def independent_groups(self, items: Iterable[ast.EvidenceDecl]) -> list[list[ast.EvidenceDecl]]:
        """The items grouped so that items of different groups share no source on their reporting paths.

        An item without a declared source is a group of its own.
        """
        unique = distinct(items)
        if len(unique) < 2:
            return [unique] if unique else []
        outlets = self.reporting.outlets
        empty: frozenset[str] = frozenset()
        return independent_groups(
            [(item, empty if item.source is None else outlets.get(item.source.text, empty)) for item in unique]
        )

    def path_grades(self, item: ast.EvidenceDecl) -> frozenset[str]:
        """The reliability grades on the item's reporting path (F alone when its source is unknown)."""
        if item.source is None:
            return frozenset(DEFAULT_RELIABILITY)
        return self.reporting.path_grades.get(item.source.text, frozenset(DEFAULT_RELIABILITY))

    def deciding_reliability(self, item: ast.EvidenceDecl) -> str:
        """The reliability grade on the item's path that gives the lowest confidence: the weakest link."""
        return self.grades_of(item)[0]

    def grades_of(self, item: ast.EvidenceDecl) -> str:
        """The item's pair of grades as reports show them, `B2` (reliability: the weakest link on its path)."""
        path_grades, credibility = self.path_grades(item), self.credibility_of(item)
        table = self.settings.grade_confidence
        memo = self._grade_memo
        if memo is None or memo[0] is not table:
            memo = self._grade_memo = (table, {})
        key = (path_grades, credibility)
        found = memo[1].get(key)
        if found is None:
            deciding = min(sorted(path_grades), key=lambda grade: table[grade_pair(grade, credibility)])
            found = memo[1][key] = grade_pair(deciding, credibility)
        return found

    def grade_confidence(self, item: ast.EvidenceDecl) -> float:
        """The confidence the item's grades give it, before any attack is weighed (weakest link on its path)."""
        return self.settings.grade_confidence[self.grades_of(item)]

    def reliability_of(self, source_name: str) -> str:
        source = self.sources.get(source_name)
        grade = source.reliability.text if source and source.reliability else DEFAULT_RELIABILITY
        return grade if grade in RELIABILITY_GRADES else DEFAULT_RELIABILITY

    def credibility_of(self, evidence: ast.EvidenceDecl) -> int:
        value = evidence.credibility.value if evidence.credibility else DEFAULT_CREDIBILITY
        return value if value in CREDIBILITY_GRADES else DEFAULT_CREDIBILITY

    def is_low_grade(self, evidence: ast.EvidenceDecl) -> bool:
        """Evidence with a source on its path graded at or below the weak threshold, or with poor credibility.

        F and 6 ("cannot be judged") sort after the judged grades, so the default
        thresholds (E, 5) count them: unjudged support gives no assurance.
        """
        worst = max(self.path_grades(evidence))
        return worst >= self.weak_reliability or self.credibility_of(evidence) >= self.weak_credibility

    def links_making(self, causes: Iterable[str], effect: str) -> list[int]:
        """Indexes of links whose effect is ``effect`` and whose causes include all ``causes``."""
        wanted = set(causes)
        return [
            index
            for index in self.links_by_effect.get(effect, ())
            if wanted <= {word.text for word in self.links[index].causes}
        ]


def build_model(
    case: ast.CaseFile,
    base_dir: Path | None,
    base_settings: Settings = Settings(),
    overrides: Mapping[str, object] | None = None,
    dates: ParsedDates | None = None,
) -> Model:
    """The model of ``case``; ``base_settings`` come from pyproject.toml, ``overrides`` from the command line.

    ``dates`` are the check's dates as the value checks parsed them (a fresh table when None); the model
    does not keep them.
    """
    model = Model(case=case, base_dir=base_dir)
    _declare(model)
    _build_graph(model)
    _read_times(model, dates if dates is not None else ParsedDates())
    model.reporting = trace_reporting(model.sources, {name: model.reliability_of(name) for name in model.sources})
    settings, _problems = settings_of_case(case, base_settings)  # problems are reported by check_values
    model.settings = attrs.evolve(settings, **(overrides or {}))
    _load_documents(model)
    return model


_TABLE_OF_KIND = {
    "source": "sources",
    "actor": "actors",
    "event": "events",
    "claim": "claims",
    "evidence": "evidence",
    "contradiction": "contradictions",
    "chain": "chains",
    "hypothesis": "hypotheses",
}


def _declare(model: Model) -> None:
    for statement in model.case.statements:
        if isinstance(statement, ast.CaseHeader):
            if model.header is None:
                model.header = statement
            else:
                model.extra_headers.append(statement)
            continue
        if isinstance(statement, (ast.FindingExpectation, ast.VerdictExpectation)):
            model.expectations.append(statement)
            continue
        if isinstance(statement, ast.Setting):
            model.set_statements.append(statement)
            continue
        if isinstance(statement, ast.LinkDecl):
            model.links.append(statement)
            if statement.label is None:
                continue
        name = statement.name.text
        first = model.declarations.get(name)
        if first is not None:
            model.duplicates.append((first, statement))
            continue
        model.declarations[name] = statement
        if isinstance(statement, ast.LinkDecl):
            model.link_labels[name] = len(model.links) - 1
        kind = KIND_OF_DECLARATION[type(statement)]
        if kind in _TABLE_OF_KIND:
            getattr(model, _TABLE_OF_KIND[kind])[name] = statement


_ANY_KIND = frozenset(KIND_OF_DECLARATION.values())
# Shared sets of allowed kinds: one object each, not one per reference.
_SOURCE = frozenset({"source"})
_ACTOR = frozenset({"actor"})
_EVIDENCE = frozenset({"evidence"})
_CHAIN = frozenset({"chain"})
_HYPOTHESIS = frozenset({"hypothesis"})
_SUPPORTABLE = frozenset({"event", "claim", "link"})
_LINK = frozenset({"link"})
_UNDERMINABLE = frozenset({"evidence", "source"})


_ACTOR_ROLE = {ast.EventDecl: "an actor of an event", ast.ClaimDecl: "an actor of a claim"}


def _refer(words: Iterable[ast.Word], kinds: frozenset[str], role: str, use: bool = True) -> list[Reference]:
    # A list, not a generator: most statements have a word or two, and a nested generator
    # per clause costs more than the references themselves.
    return [Reference(word, kinds, role, use) for word in words]


def iter_references(case: ast.CaseFile) -> Iterator[Reference]:
    """Every use of a name in the case, in file order.

    Generated on demand rather than stored: a large case has several
    references per statement, and only the name rules need them.
    """
    for statement in case.statements:
        if isinstance(statement, ast.SourceDecl) and statement.via:
            yield from _refer(statement.via, _SOURCE, "the source it is reported via")
        elif isinstance(statement, (ast.EventDecl, ast.ClaimDecl)):
            yield from _refer(statement.actors, _ACTOR, _ACTOR_ROLE[type(statement)])
            if isinstance(statement, ast.ClaimDecl):
                yield from _attack_references(statement)
        elif isinstance(statement, ast.EvidenceDecl):
            if statement.source is not None:
                yield from _refer([statement.source], _SOURCE, "the source of evidence")
            yield from _refer(statement.supports, _SUPPORTABLE, "what evidence supports")
            yield from _attack_references(statement)
            yield from _refer(statement.consistent, _HYPOTHESIS, "a hypothesis evidence is consistent with")
            yield from _refer(statement.inconsistent, _HYPOTHESIS, "a hypothesis evidence is inconsistent with")
            yield from _refer(statement.neutral, _HYPOTHESIS, "a hypothesis evidence is neutral to")
            yield from _refer(
                [test.hypothesis for test in statement.tests], _HYPOTHESIS, "the hypothesis a test is of"
            )
            yield from _refer(
                [each.hypothesis for each in statement.likelihoods], _HYPOTHESIS, "a hypothesis a likelihood is given for"
            )
        elif isinstance(statement, ast.HypothesisDecl):
            yield from _refer([statement.outcome], CAUSAL_NODE_KINDS, "the outcome a hypothesis explains")
            yield from _refer(statement.argued_by, _CHAIN, "a chain that argues a hypothesis")
            yield from _refer(statement.compatible, _HYPOTHESIS, "a hypothesis it is compatible with")
        elif isinstance(statement, ast.LinkDecl):
            yield from _refer(statement.causes, CAUSAL_NODE_KINDS, "a cause")
            yield from _refer([statement.effect], CAUSAL_NODE_KINDS, "an effect")
            yield from _refer(statement.because, _EVIDENCE, "the evidence for a link")
        elif isinstance(statement, ast.ContradictionDecl):
            yield from _refer([statement.left, statement.right], CONTRADICTION_SIDE_KINDS, "a side of a contradiction")
        elif isinstance(statement, ast.ChainDecl):
            for step in statement.steps:
                yield from _refer(step, CAUSAL_NODE_KINDS, "a step of a chain")
        elif isinstance(statement, ast.VerdictExpectation):
            yield from _refer([statement.chain], _CHAIN, "the chain of an expectation", use=False)
        elif isinstance(statement, ast.FindingExpectation):
            target = statement.target
            if isinstance(target, ast.NameTarget):
                yield from _refer([target.name], _ANY_KIND, "the target of an expectation", use=False)
            elif isinstance(target, ast.ChainTarget):
                yield from _refer([target.name], _CHAIN, "the target of an expectation", use=False)
            elif isinstance(target, ast.LinkTarget):
                yield from _refer(
                    [*target.causes, target.effect],
                    CAUSAL_NODE_KINDS,
                    "a link target of an expectation",
                    use=False,
                )


def _attack_references(statement: ast.ClaimDecl | ast.EvidenceDecl) -> Iterator[Reference]:
    yield from _refer(statement.rebuts, CAUSAL_NODE_KINDS, "what is rebutted")
    yield from _refer(statement.undercuts, _LINK, "the link undercut")
    yield from _refer(statement.undermines, _UNDERMINABLE, "what is undermined")


def distinct(items: Iterable[ast.EvidenceDecl]) -> list[ast.EvidenceDecl]:
    """The items without repeats, in order. Declarations are told apart by identity: each has a
    span of its own, so two are equal only if they are one object, and identity needs no deep hash."""
    seen: dict[int, ast.EvidenceDecl] = {}
    for item in items:
        if id(item) not in seen:
            seen[id(item)] = item
    return list(seen.values())


def link_id(link: ast.LinkDecl) -> str:
    """A link's argument id: its label, or `cause&cause->effect` (never a case name: names have no `&` or `>`)."""
    if link.label is not None:
        return link.label.text
    return "&".join(word.text for word in link.causes) + "->" + link.effect.text


def _build_graph(model: Model) -> None:
    for index, link in enumerate(model.links):
        if model.joins_causal_nodes(link):
            model.links_by_effect.setdefault(link.effect.text, []).append(index)
            for cause in dict.fromkeys(w.text for w in link.causes):
                model.links_by_cause.setdefault(cause, []).append(index)
    support_by_label: dict[str, list[ast.EvidenceDecl]] = {}
    for item in model.evidence.values():
        for word in item.supports:
            kind = model.kind_of(word.text)
            if kind == "link":
                support_by_label.setdefault(word.text, []).append(item)
            elif kind in CAUSAL_NODE_KINDS:
                model.evidence_for.setdefault(word.text, []).append(item)
    for link in model.links:
        support = [model.evidence[w.text] for w in link.because if w.text in model.evidence]
        model.link_support.append(tuple(distinct(support)))
    _number_repeated_links(model)
    model.link_indexes = {model.link_id_of(index): index for index in range(len(model.links))}
    # Evidence supports a link by label only when the label is that link's own (not a duplicate).
    for label, index in model.link_labels.items():
        if label in support_by_label:
            model.link_support[index] = tuple(distinct((*model.link_support[index], *support_by_label[label])))
    _support_preventions(model)


def _support_preventions(model: Model) -> None:
    """A `prevents` link is supported by evidence that its effect did not happen.

    That is evidence which `rebuts` the effect, or the evidence for a claim
    that rebuts it. The rebuttal still rejects the effect (it did not happen);
    what it does not do is defeat the prevention, which does not rest on the
    effect (causal.analysis.labels).
    """
    preventing: dict[str, list[int]] = {}
    for index, link in enumerate(model.links):
        if model.is_prevention(link):
            preventing.setdefault(link.effect.text, []).append(index)
    if not preventing:
        return
    for statement in model.case.statements:
        if not isinstance(statement, (ast.EvidenceDecl, ast.ClaimDecl)) or not statement.rebuts:
            continue
        if model.declarations.get(statement.name.text) is not statement:
            continue
        if isinstance(statement, ast.EvidenceDecl):
            support = (statement,)
        else:
            support = tuple(model.evidence_for.get(statement.name.text, ()))
        for word in statement.rebuts:
            for index in preventing.get(word.text, ()):
                model.link_support[index] = tuple(distinct((*model.link_support[index], *support)))


def _number_repeated_links(model: Model) -> None:
    """Give every link a distinct argument id: a repeated one gets `@LINE`.

    A label names one link (the first; later ones are duplicate-name). Unlabelled
    ids contain `->`, so they never equal a name; two unlabelled links can only
    repeat an id if they share their effect, so only links of one effect are
    compared, and no table of every id is built.
    """
    by_effect: dict[str, list[int]] = {}
    for index, link in enumerate(model.links):
        if link.label is not None:
            if model.link_labels.get(link.label.text) != index:
                model.link_id_overrides[index] = f"{link.label.text}@{link.span.line}"
        elif not model.joins_causal_nodes(link):
            by_effect.setdefault(link.effect.text, []).append(index)
    groups = [*model.links_by_effect.values(), *by_effect.values()]
    for group in groups:
        if len(group) < 2:
            continue
        seen: set[str] = set()
        for index in group:
            link = model.links[index]
            if link.label is not None:
                continue
            identity = link_id(link)
            if identity in seen:
                identity = f"{identity}@{link.span.line}"
                while identity in seen:
                    identity += "'"
                model.link_id_overrides[index] = identity
            seen.add(identity)
    if not model.link_id_overrides:
        return
    taken = set(model.declarations)
    for index, identity in list(model.link_id_overrides.items()):
        while identity in taken:  # a labelled link's `label@LINE` could, in theory, be taken
            identity += "'"
        taken.add(identity)
        model.link_id_overrides[index] = identity


def _read_times(model: Model, dates: ParsedDates) -> None:
    for table in (model.events, model.claims):
        for name, item in table.items():
            if item.time is not None:
                timing = timing_of(item.time, dates)
                if timing is not None:
                    model.times[name] = timing


def _load_documents(model: Model) -> None:
    base = model.base_dir if model.base_dir is not None else Path.cwd()
    folder = CaseFolder(base)
    try:
        for name, source in model.sources.items():
            if source.document is None:
                continue
            model.documents[name] = read_document(name, source.document, base, folder)
    finally:
        folder.close()


# Documents are sources' texts (articles), not case files: a generous limit.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


class CaseFolder:
    """The case's folder, opened once when the first document is looked up in it (see `causal.inputs.files.Folder`).

    A case whose document paths are all refused as written opens nothing.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self._folder: Folder | None = None
        self._error: OSError | None = None

    def get(self) -> Folder:
        """The opened folder; the OSError that opening it raised, each time it is asked for again."""
        if self._folder is None and self._error is None:
            try:
                self._folder = Folder(self.base)
            except OSError as error:
                self._error = error
        if self._error is not None:
            raise self._error
        return self._folder

    def close(self) -> None:
        if self._folder is not None:
            self._folder.close()
            self._folder = None


def read_document(source: str, path_word: ast.Text, base: Path, folder: CaseFolder | None = None) -> Document:
    """Read a source's document, refusing any path that leaves ``base``.

    Absolute paths and `..` are refused as written, before anything is
    opened. Then the path is opened from the case's folder, opened once
    (``folder``), one component at a time, never leaving it
    (`causal.inputs.files.Folder`): checking where the path leads and opening it are
    one walk, so a folder swapped for a symbolic link meanwhile cannot lead it
    out. Where the system cannot open relative to a folder without following
    links (no O_NOFOLLOW or openat, as on Windows), the resolved path is
    checked and then opened by name, and the opened file must be the one
    checked (device and inode); there a swap of a folder on the way between the
    two steps is not excluded.
    """
    written = path_word.value
    if not written.strip():
        return Document(source, path_word, problem="the document path is empty")
    if "\x00" in written:
        # No file name holds one, and the operating system refuses to look such a path up.
        return Document(source, path_word, problem="the document path holds a NUL character (\\u0000), which no file name can")
    if os.path.isabs(written) or written.startswith(("\\", "~")) or (len(written) > 1 and written[1] == ":"):
        return Document(source, path_word, unsafe="it is an absolute path")
    parts = Path(written).parts
    if ".." in parts:
        return Document(source, path_word, unsafe="it goes up out of the case's folder with `..`")
    if folder is None:
        folder = CaseFolder(base)
        try:
            return _read_safe_path(source, path_word, folder)
        finally:
            folder.close()
    return _read_safe_path(source, path_word, folder)


def _read_safe_path(source: str, path_word: ast.Text, folder: CaseFolder) -> Document:
    """The document at a relative path without `..`, read from the case's folder."""
    written = path_word.value
    try:
        if BENEATH:
            try:
                opened = folder.get()
            except OSError as error:
                return Document(source, path_word, problem=f"the case's folder cannot be opened ({_reason(error)})")
            handle, status = opened.open_regular(written)
        else:
            handle, status = _open_by_name(folder.base, written)
    except OutsideFolder as error:
        return Document(source, path_word, unsafe=error.reason)
    except NotRegularFile as error:
        if error.kind == "a folder":
            return Document(source, path_word, problem=f"{written} is a folder")
        return Document(source, path_word, problem=f"{written} is not a regular file ({error.kind})")
    except FileNotFoundError:
        return Document(source, path_word, problem=f"{written} does not exist")
    except (OSError, RuntimeError, ValueError) as error:
        return Document(source, path_word, problem=f"{written} cannot be read ({_reason(error)})")
    with handle:
        # The size is that of the opened file, known before a byte is read; one byte past
        # the limit is read in case the file grows meanwhile.
        if status.st_size > MAX_DOCUMENT_BYTES:
            return Document(source, path_word, problem=f"{written} is larger than 16 MB")
        try:
            data = read_at_most(handle, MAX_DOCUMENT_BYTES + 1)
        except OSError as error:
            return Document(source, path_word, problem=f"{written} cannot be read ({_reason(error)})")
    if len(data) > MAX_DOCUMENT_BYTES:
        return Document(source, path_word, problem=f"{written} is larger than 16 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Document(
            source, path_word, problem=f"{written} is not UTF-8 text (bad byte at offset {error.start})"
        )
    return Document(source, path_word, text=text)


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _open_by_name(base: Path, written: str):
    """Where `Folder` cannot work: the resolved path checked to lie in ``base``, then opened by name.

    The opened file must be the one whose kind was checked (same device and
    inode), which catches a file swapped after the check, but not a folder on
    the way swapped for a link between the resolving and the opening.
    """
    root = base.resolve()
    resolved = (base / written).resolve()
    if resolved != root and root not in resolved.parents:
        raise OutsideFolder("a symbolic link on it points outside the case's folder")
    checked = resolved.stat()
    kind = kind_of(checked.st_mode)
    if kind is not None:
        raise NotRegularFile(kind)
    handle = open_regular(resolved)
    status = os.fstat(handle.fileno())
    if (status.st_dev, status.st_ino) != (checked.st_dev, checked.st_ino):
        handle.close()
        raise OSError(errno.ESTALE, "it changed while it was being opened")
    return handle, status
