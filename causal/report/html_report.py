"""`causal report`: one self-contained HTML page of a checked case, for anyone with a browser.

The page holds the causal graph as inline SVG (from the DOT renderer through Graphviz, when it is installed), the
findings, the case text, the chains with their steps weakest first, the competing-hypotheses matrices, an
`explain` tree for every item and the sources with their grades and reporting paths. Its CSS and script are
inlined from causal/report/html_assets/, so it opens from `file://` and fetches nothing; a Content-Security-Policy
forbids any fetch and runs only the page's own script (by its hash).

Every string from the case goes through `html.escape` (after `printable`, so control and bidi characters show
as escapes); the data the script reads is JSON in a `<script type="application/json">` block, with `<`, `>` and
`&` written as `\\u003c` and so on, so that no `</script>` or `<!--` in a name can end the block. The renderer
computes no judgement: it reads the report's views (causal.report.file_report.FileReport).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from html import escape
from importlib import resources

from causal.version import __version__
from causal.analysis.ach import Analysis, OutcomeAnalysis
from causal.analysis.chains import ChainVerdict
from causal.analysis.explain import Node
from causal.model.case_model import CAUSAL_NODE_KINDS
from causal.report.ach_text import BAYES_LIMITS, LEGEND, LIMITS, describe_effect
from causal.report.file_report import FileReport
from causal.report.graph import element_id
from causal.report.printable import INVISIBLE, printable
from causal.report.summary import Summary
from causal.report.text import labels_line, plain_summary_line
from causal.rules.findings import Finding

ASSETS = "html_assets"
# Each item's explain tree is cut at this many lines, so that a page explaining every item stays linear in the
# case; `causal explain` shows a whole tree.
MAX_TREE_NODES = 50

# What the case text panel shows for a character that must not reach the page as it is: C0 controls as their
# Unicode control pictures (U+2400 + code), DEL as U+2421, and C1, bidi and invisible characters as U+FFFD. One
# code point for one, so the findings' columns still fall on the right characters.
_HIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(INVISIBLE)) + "]")


def _shown_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def shown_line(line: str) -> str:
    """A line of the case as the case text panel shows it (before HTML escaping)."""
    return _HIDDEN_IN_TEXT.sub(_shown_char, line.removesuffix("\r"))


def text(value: str) -> str:
    """A string from the case as HTML text or an attribute value: made printable, then escaped."""
    return escape(printable(value), quote=True)


def json_for_script(data: object) -> str:
    """JSON that a `<script type="application/json">` block can hold: nothing in it can end the block."""
    dumped = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def asset(name: str) -> str:
    return resources.files("causal.report").joinpath(ASSETS, name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source that lets exactly this inline script run."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class _Refs:
    """What the page's clickable things point at: graph elements, a span of the case text, an explain tree.
    Each gets a number, which the element carries as `data-ref`; the script reads the table from the JSON."""

    def __init__(self) -> None:
        self.table: list[dict[str, object]] = []

    def add(self, targets: list[str], span: tuple[int, int, int, int] | None) -> str:
        self.table.append({"targets": list(dict.fromkeys(targets)), "span": span})
        return f' data-ref="{len(self.table) - 1}" tabindex="0"'


def _span(span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def _explain_anchor(item: str) -> str:
    return f"explain-{item}"


class _Page:
    """The page's sections, built from one report."""

    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.model = report.model
        self.refs = _Refs()
        self.items = {view.id: view for view in report.items()}
        self.explained = set(self.items) | {verdict.name for verdict in report.chains}

    # --- what a name points at ---------------------------------------------------

    def item_targets(self, name: str) -> list[str]:
        model = self.model
        if model is None:
            return []
        if model.kind_of(name) in CAUSAL_NODE_KINDS:
            return [element_id("item", name)]
        if name in model.hypotheses:
            return [element_id("hypothesis", name)]
        index = model.link_index(name)
        return [] if index is None else [element_id("link", index)]

    def chain_targets(self, verdict: ChainVerdict) -> list[str]:
        targets = [element_id("chain", verdict.name)]
        for step in verdict.assessments:
            targets += [element_id("link", index) for index in step.links]
            targets += [element_id("item", name) for name in (*step.causes, *step.effects)]
        return targets

    def declared_at(self, name: str) -> tuple[int, int, int, int] | None:
        """Where an item or chain is declared, for its explain tree."""
        model = self.model
        if model is None:
            return None
        for table in (model.declarations, model.evidence, model.sources, model.chains):
            found = table.get(name)
            if found is not None:
                return _span(found.span)
        index = model.link_index(name)
        return None if index is None else _span(model.links[index].span)

    def finding_refs(self, finding: Finding) -> tuple[str, str | None]:
        """The finding's `data-ref` attribute, and the item or chain whose explain tree says more, if any."""
        subject = finding.subject
        targets: list[str] = []
        explain: str | None = None
        model = self.model
        if model is not None:
            if subject.kind == "name":
                for name in subject.names:
                    targets += self.item_targets(name)
                explain = next((name for name in subject.names if name in self.items), None)
            elif subject.kind == "link":
                causes, effect = subject.names[:-1], subject.names[-1]
                indexes = model.links_making(causes, effect)
                if subject.label is not None and model.link_index(subject.label) is not None:
                    indexes = [model.link_index(subject.label)]
                targets += [element_id("link", index) for index in indexes]
                if len(indexes) == 1:
                    explain = model.link_id_of(indexes[0])
            elif subject.kind == "chain":
                verdict = next((v for v in self.report.chains if v.name == subject.names[0]), None)
                targets += self.chain_targets(verdict) if verdict is not None else []
                explain = subject.names[0] if verdict is not None else None
            elif subject.kind == "group":
                for name in subject.names:
                    targets += self.item_targets(name)
        return self.refs.add(targets, _span(finding.span)), explain if explain in self.explained else None

    # --- sections ------------------------------------------------------------------

    def header(self) -> Iterator[str]:
        report = self.report
        header = self.model.header if self.model is not None else None
        title = header.title.value if header is not None else report.path
        yield f"<header><h1>{text(title)}</h1>"
        facts = [f"case file <code>{text(report.path)}</code>"]
        if header is not None and header.analyst is not None:
            facts.append(f"analyst {text(header.analyst.value)}")
        if header is not None and header.date is not None:
            facts.append(f"dated {text(header.date.text)}")
        facts.append(f"checked by causal {escape(__version__)}")
        yield f'<p class="facts">{" · ".join(facts)}</p>'
        yield f'<p class="summary">{text(plain_summary_line(Summary.of([report])))}</p>'
        labels = labels_line(report)
        if labels is not None:
            yield f'<p class="summary">{text(labels)}</p>'
        yield "</header>"
        yield (
            '<div class="bar"><div class="search"><label for="search">Search</label> '
            '<input type="search" id="search" placeholder="a name or words" autocomplete="off">'
            ' <span id="search-count" aria-live="polite"></span></div>'
        )
        yield '<nav><a href="#graph">Graph</a> <a href="#findings">Findings</a> <a href="#case-text">Case text</a>'
        yield ' <a href="#chains">Chains</a> <a href="#hypotheses">Hypotheses</a> <a href="#items">Explain</a>'
        yield ' <a href="#sources">Sources</a></nav></div>'

    def graph(self, svg: str | None, note: str | None) -> Iterator[str]:
        yield '<section id="graph"><h2>Causal graph</h2>'
        if svg is not None:
            yield (
                '<p class="hint">Click a finding, a chain step or an item to pick out its part of the graph.'
                '<button type="button" class="size" id="graph-size">actual size</button></p>'
            )
            yield f'<div class="drawing fit">{svg}</div>'
        else:
            yield f'<p class="note">{text(note or "The graph was not drawn.")}</p>'
        yield "</section>"

    def findings(self) -> Iterator[str]:
        findings = sorted(self.report.findings, key=Finding.sort_key)
        yield f'<section id="findings"><h2>Findings ({len(findings)})</h2>'
        if not findings:
            yield '<p class="note">No findings.</p>'
        yield '<ol class="findings">'
        for finding in findings:
            span = finding.span
            severity = finding.severity.label
            expected = ' <span class="expected">(expected)</span>' if finding.expected else ""
            ref, explained = self.finding_refs(finding)
            why = "" if explained is None else f' <a class="why" href="#{text(_explain_anchor(explained))}">why</a>'
            yield (
                f'<li class="finding searchable {severity}"{ref}>'
                f'<span class="where">{span.line}:{span.column}</span> '
                f'<span class="severity">{severity}[{text(finding.rule)}]</span> '
                f'<span class="message">{text(finding.message)}</span>{expected}{why}'
            )
            if finding.help:
                yield f'<div class="help">help: {text(finding.help)}</div>'
            yield "</li>"
        yield "</ol></section>"

    def case_text(self) -> Iterator[str]:
        yield '<section id="case-text"><h2>Case text</h2><div class="source" id="source">'
        lines = self.report.text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, start=1):
            yield (
                f'<div class="line" id="line-{number}"><span class="number">{number}</span>'
                f'<span class="code">{escape(shown_line(line), quote=False)}</span></div>'
            )
        yield "</div></section>"

    def chains(self) -> Iterator[str]:
        yield '<section id="chains"><h2>Chains</h2>'
        if not self.report.chains:
            yield '<p class="note">The case declares no chains.</p>'
        for verdict in self.report.chains:
            ref = self.refs.add(self.chain_targets(verdict), _span(verdict.span))
            yield f'<div class="chain searchable {escape(verdict.verdict)}" id="verdict-{text(verdict.name)}">'
            yield (
                f"<h3{ref}>chain {text(verdict.name)}: <span class=\"verdict\">{escape(verdict.verdict)}</span> "
                f"(confidence {verdict.confidence:.2f})</h3>"
            )
            if verdict.weakest_reason:
                yield f"<p>{text(verdict.weakest_reason)}</p>"
            for name, status in verdict.weak_nodes:
                yield f"<p>{text(name)} is {text(status)}</p>"
            yield '<table class="steps"><thead><tr><th>#</th><th>step, weakest first</th><th>confidence</th>'
            yield "<th>why</th></tr></thead><tbody>"
            for rank, step in enumerate(verdict.weakest_first, start=1):
                targets = [element_id("link", index) for index in step.links]
                targets += [element_id("item", name) for name in (*step.causes, *step.effects)]
                first_link = step.links[0] if step.links else None
                span = _span(self.model.links[first_link].span) if first_link is not None else _span(verdict.span)
                ref = self.refs.add(targets, span)
                yield (
                    f"<tr{ref}><td>{rank}</td><td>{text(step.text)}</td><td class=\"number\">"
                    f"{step.confidence:.2f}</td><td>{text(step.reason)}</td></tr>"
                )
            yield "</tbody></table></div>"
        yield "</section>"

    def hypotheses(self) -> Iterator[str]:
        yield '<section id="hypotheses"><h2>Competing hypotheses</h2>'
        analysis: Analysis | None = self.report.competing_hypotheses()
        if analysis is None or not analysis.outcomes:
            yield '<p class="note">The case declares no hypotheses: there are no rival explanations to compare.</p>'
        else:
            for outcome in analysis.outcomes:
                yield from self.outcome(outcome)
            yield f'<p class="legend">{escape(LEGEND)}</p><p class="legend">{escape(LIMITS)}</p>'
            if any(outcome.posterior is not None for outcome in analysis.outcomes):
                yield f'<p class="legend">{escape(BAYES_LIMITS)}</p>'
        yield "</section>"

    def outcome(self, outcome: OutcomeAnalysis) -> Iterator[str]:
        yield f'<div class="outcome searchable"><h3>outcome {text(outcome.outcome)}</h3>'
        names = [hypothesis.name for hypothesis in outcome.hypotheses]
        if outcome.rows:
            yield '<table class="matrix"><caption>ACH matrix</caption><thead><tr><th>evidence</th><th>grades</th>'
            yield "<th>weight</th>" + "".join(f"<th>{text(name)}</th>" for name in names)
            yield "<th>diagnosticity</th><th>label</th></tr></thead><tbody>"
            for row in outcome.rows:
                evidence = self.model.evidence.get(row.evidence) if self.model is not None else None
                ref = self.refs.add([], _span(evidence.span) if evidence is not None else None)
                cells = "".join(
                    f'<td class="mark mark-{escape(cell.mark)}">{escape(cell.mark)}{"!" if cell.conflicting else ""}'
                    "</td>"
                    for cell in row.cells
                )
                diagnosticity = "diagnostic" if row.diagnostic else "non-diagnostic"
                yield (
                    f"<tr{ref}><td>{text(row.evidence)}</td><td>{text(row.grades)}</td>"
                    f'<td class="number">{row.weight:.2f}</td>{cells}<td>{diagnosticity}</td>'
                    f"<td>{text(row.label)}</td></tr>"
                )
            yield "</tbody></table>"
        else:
            yield '<p class="note">No evidence bears on these hypotheses.</p>'
        yield '<table class="ranking"><caption>Scores and process tracing</caption><thead><tr><th>rank</th>'
        yield "<th>hypothesis</th><th>inconsistency</th><th>I</th><th>?</th><th>consistency</th>"
        yield "<th>process tracing</th><th>argued by</th></tr></thead><tbody>"
        for hypothesis in outcome.ranking:
            declaration = self.model.hypotheses.get(hypothesis.name) if self.model is not None else None
            span = _span(declaration.span) if declaration is not None else None
            ref = self.refs.add([element_id("hypothesis", hypothesis.name)], span)
            rank = f"{hypothesis.rank}{'=' if hypothesis.tied else ''}"
            argued = ", ".join(f"{a.chain} ({a.verdict})" for a in hypothesis.arguments) or "-"
            added = " (the analyst's addition)" if hypothesis.added is not None else ""
            yield (
                f"<tr{ref}><td>{rank}</td><td>{text(hypothesis.name)}{added}</td>"
                f'<td class="number">{hypothesis.inconsistency:.2f}</td><td class="number">'
                f'{hypothesis.inconsistent_count}</td><td class="number">{len(hypothesis.uncoded)}</td>'
                f'<td class="number">{hypothesis.consistency:.2f}</td><td>{text(hypothesis.verdict)}</td>'
                f"<td>{text(argued)}</td></tr>"
            )
        yield "</tbody></table>"
        if outcome.sensitivity:
            parts = "; ".join(f"without {s.evidence}, {s.first} would rank first" for s in outcome.sensitivity)
            yield f"<p>sensitivity: {text(parts)}</p>"
        yield "<ul class=\"hypotheses\">"
        for hypothesis in outcome.hypotheses:
            yield f"<li><b>{text(hypothesis.name)}</b> “{text(hypothesis.title)}”"
            if hypothesis.added is not None:
                yield f"; the analyst's addition: {text(hypothesis.added)}"
            tests = [describe_effect(test) for test in hypothesis.tests] or ["no process-tracing tests"]
            yield "<ul>" + "".join(f"<li>{escape(test)}</li>" for test in tests) + "</ul></li>"
        yield "</ul></div>"

    def explain_trees(self) -> Iterator[str]:
        yield '<section id="items"><h2>Why each item stands or falls</h2>'
        yield (
            '<p class="hint">What <code>causal explain</code> says, for every item and chain; '
            "open a line to see why.</p>"
        )
        names = list(self.items) + [verdict.name for verdict in self.report.chains if verdict.name not in self.items]
        for name in names:
            view = self.items.get(name)
            status = view.label.value if view is not None else "chain"
            yield f'<div class="explain searchable {escape(status)}" id="{text(_explain_anchor(name))}">'
            tree = self.report.explain(name, max_nodes=MAX_TREE_NODES)
            show = self.refs.add(self.item_targets(name), self.declared_at(name))
            yield from tree_html(tree, f' <button type="button" class="show"{show}>show</button>')
            yield "</div>"
        yield "</section>"

    def sources(self) -> Iterator[str]:
        views = list(self.report.sources())
        yield f'<section id="sources"><h2>Sources ({len(views)})</h2>'
        if not views:
            yield '<p class="note">The case declares no sources.</p></section>'
            return
        yield '<table class="sources"><thead><tr><th>source</th><th>title</th><th>reliability</th>'
        yield "<th>reporting path</th><th>outlets</th><th>grades on the path</th><th>label</th></tr></thead><tbody>"
        for source in views:
            ref = self.refs.add([], _span(source.span))
            path = " → ".join(source.path) + (" → …" if source.path_cut else "")
            document = f'<div class="document">document {text(source.document)}</div>' if source.document else ""
            yield (
                f'<tr class="searchable" id="source-{text(source.name)}"{ref}><td>{text(source.name)}</td>'
                f"<td>{text(source.title)}{document}</td><td>{text(source.reliability)}</td><td>{text(path)}</td>"
                f"<td>{text(', '.join(source.outlets))}</td><td>{text(', '.join(source.path_grades))}</td>"
                f"<td>{escape(source.label.value)}</td></tr>"
            )
        yield "</tbody></table></section>"


def _node_line(node: Node) -> str:
    relation = f"{node.relation} " if node.relation else ""
    kind = f" ({node.kind})" if node.kind != "step" else ""
    label = f": {node.label.value}" if node.label is not None else ""
    if node.shown_above:
        return f"{relation}{node.item}{kind}{label} (explained above)"
    if node.cut:
        return f"{relation}{node.item}{kind}{label} (not expanded: the tree is long; `causal explain` shows it all)"
    detail = f" - {node.detail}" if node.detail else ""
    return f"{relation}{node.item}{kind}{label}{detail}"


def tree_html(root: Node, root_extra: str = "") -> Iterator[str]:
    """An explain tree as nested `<details>`, collapsed, ``root_extra`` after the root's line; built with a stack,
    for trees of any depth."""
    # Each entry: a node to open, or the closing tags of one already open.
    pending: list[Node | str] = [root]
    while pending:
        entry = pending.pop()
        if isinstance(entry, str):
            yield entry
            continue
        status = entry.label.value if entry.label is not None else "none"
        line = f'<span class="status status-{escape(status)}">{text(_node_line(entry))}</span>'
        if entry is root:
            line += root_extra
        if not entry.children:
            yield f'<div class="leaf">{line}</div>'
            continue
        yield f"<details><summary>{line}</summary><div class=\"children\">"
        pending.append("</div></details>")
        pending.extend(reversed(entry.children))


def render_html(report: FileReport, svg: str | None = None, graph_note: str | None = None) -> str:
    """The page for a report whose case parsed. ``svg`` is the graph drawn by Graphviz (causal.report.svg), or
    None, and then ``graph_note`` says why there is no drawing."""
    if report.model is None:
        raise ValueError("the case did not parse; there is no report to show")
    page = _Page(report)
    body: list[str] = []
    body.extend(page.header())
    body.append("<main>")
    body.extend(page.graph(inline_svg(svg) if svg is not None else None, graph_note))
    body.append('<div class="pair">')
    body.extend(page.findings())
    body.extend(page.case_text())
    body.append("</div>")
    body.extend(page.chains())
    body.extend(page.hypotheses())
    body.extend(page.explain_trees())
    body.extend(page.sources())
    body.append("</main>")
    script = asset("report.js")
    title = report.model.header.title.value if report.model.header is not None else report.path
    policy = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src {script_hash(script)}"
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(title)} - causal report</title>",
        f"<style>{asset('report.css')}</style></head><body>",
    ]
    tail = [
        f'<script type="application/json" id="report-data">{json_for_script({"refs": page.refs.table})}</script>',
        f"<script>{script}</script>",
        "</body></html>",
    ]
    return "\n".join(head + body + tail) + "\n"


_XML_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def inline_svg(svg: str) -> str:
    """Graphviz's SVG document as an element inside HTML: no XML prologue, no doctype, no comments (which repeat
    the names; Graphviz escapes them, but the page needs none of them)."""
    return _COMMENT.sub("", _XML_PROLOGUE.sub("", svg, count=1)).strip()


NO_DRAWING = "The graph is not drawn: {reason}. The rest of the report is complete; `causal graph` gives the DOT text."


def drawn_page(report: FileReport) -> tuple[str, str | None]:
    """The page with its graph drawn by Graphviz, and None; or, where Graphviz is missing or fails, the page with
    a note in the drawing's place, and the reason (for the command to say on standard error)."""
    import shutil

    from causal.report.dot import render_dot
    from causal.report.svg import GRAPHVIZ_MISSING, GraphvizError, dot_to_svg

    program = shutil.which("dot")
    if program is None:
        reason = GRAPHVIZ_MISSING.split(";")[0]
    else:
        try:
            return render_html(report, dot_to_svg(render_dot(report), program)), None
        except GraphvizError as error:
            reason = str(error)
    return render_html(report, None, NO_DRAWING.format(reason=reason)), reason
