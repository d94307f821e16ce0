"""Argdown to a case and back, for the subset docs/interchange.md describes.

Read: statements (`[Title]: text`, `[Title]`, untitled text), arguments
(`<Title>: text`, `<Title>`), relation trees under them (`+ - _` incoming,
`+> -> _>` outgoing, `<+ <- <_` incoming, `><` contradiction), and
premise-conclusion structures (`(1) ...`, an inference bar `--`/`----`, the
conclusion). A statement or an argument becomes a claim (an argument's claim
holds its gist); a support becomes a labelled link, an attack a `rebuts`, an
undercut an `undercuts` of the links out of the argument, a contradiction a
`contradiction`, each inference of a reconstruction a link from its premises to
its conclusion. Each statement's note keeps the Argdown title
(`argdown [Statement 1]`). Headings, lists, front matter and anything else
outside the subset get a warning naming the line and are left out; comments are
skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from causal.inputs.spans import FILE_START
from causal.interchange.names import NameTable, as_name
from causal.interchange.notices import Converted
from causal.interchange.reading import NoticeList, collector_paused, decode_utf8
from causal.language import ast
from causal.language.printer import format_case

NOTE_PREFIX = "argdown "
SUPPORT_ASSUMED = "an Argdown support"
INFERENCE_ASSUMED = "an inference of an Argdown reconstruction"

_RELATION = re.compile(r"(\+>|->|_>|<\+|<-|<_|><|\+|-|_)\s+(.*)")
_STATEMENT = re.compile(r"\[([^\[\]]+)\](?::\s*(.*))?$")
_ARGUMENT = re.compile(r"<([^<>]+)>(?::\s*(.*))?$")
_PCS_ITEM = re.compile(r"\((\d+)\)\s*(.*)")
_BAR = re.compile(r"-{2,}(.*?)(-{2,})?\s*$")
_HEADING = re.compile(r"#{1,6}\s")
# A line that starts with a symbol the subset does not know, as Argdown+'s `!>`, `<@` or `>>` do.
_OTHER_SYMBOL = re.compile(r"[!<>@=?~|^+_-]{1,3}(?:\s|$)")
_LIST_ITEM = re.compile(r"(\*|\d+\.)\s")

# (symbol) -> (relation, whether the child is the relation's source)
_RELATIONS = {
    "+": ("support", True), "<+": ("support", True), "+>": ("support", False),
    "-": ("attack", True), "<-": ("attack", True), "->": ("attack", False),
    "_": ("undercut", True), "<_": ("undercut", True), "_>": ("undercut", False),
    "><": ("contradiction", False),
}


class _Element:
    """A statement or an argument, by its Argdown title (untitled statements get one)."""

    def __init__(self, kind: str, title: str, line: int) -> None:
        self.kind = kind  # "statement" or "argument"
        self.title = title
        self.text: str | None = None
        self.line = line
        self.name = ""


@collector_paused
def import_argdown(data: bytes | bytearray, title: str) -> Converted:
    """Argdown text as case text; warnings name the lines outside the subset. ConversionError if not UTF-8."""
    # Composed (NFC) as `causal fmt` composes a case, so that the written case is already formatted.
    text = unicodedata.normalize("NFC", decode_utf8(data, "Argdown text"))
    return _Importer(text, unicodedata.normalize("NFC", title)).run()


class _Importer:
    def __init__(self, text: str, title: str) -> None:
        # Lines that only a comment filled are dropped, not left blank: a blank line would end a block.
        self.numbers, self.lines = _without_comments(text)
        self.title = title
        self.notices = NoticeList()
        self.elements: dict[tuple[str, str], _Element] = {}
        self.relations: list[tuple[str, _Element, _Element, int]] = []  # (relation, source, target, line)
        self.inferences: list[tuple[_Element, list[_Element], _Element, int]] = []  # (argument, premises, conclusion)
        self.untitled = 0
        self.pcs_count = 0

    # -- reading --

    def run(self) -> Converted:
        index = 0
        if self.lines and self.lines[0].strip() == "===" and self.numbers[0] == 1:
            end = next((i for i in range(1, len(self.lines)) if self.lines[i].strip() == "==="), None)
            if end is not None:
                self.notices.warn("front matter", "line 1", "the front matter (settings between `===` lines) is "
                                  "left out", "It configures Argdown's tools; a case has no place for it.", 1)
                index = end + 1
        previous_argument: _Element | None = None
        while index < len(self.lines):
            line = self.lines[index]
            stripped = line.strip()
            if not stripped:
                index += 1
                continue
            number = self.numbers[index]
            if _HEADING.match(stripped) or stripped == "#":
                self.notices.warn("headings", f"line {number}", f"the heading {stripped[:40]!r} is left out",
                                  "Headings group statements in Argdown's map; a case keeps no groups.", number)
                index += 1
                previous_argument = None
                continue
            if _LIST_ITEM.match(stripped):
                self.notices.warn("lists", f"line {number}", "a list item is outside the subset causal reads",
                                  "Write each item as a statement (`[Title]: text`) to import it.", number)
                index = self._skip_block(index)
                previous_argument = None
                continue
            if _PCS_ITEM.match(stripped):
                index = self._pcs(index, previous_argument)
                previous_argument = None
                continue
            index, element, had_relations = self._tree(index)
            previous_argument = element if element is not None and element.kind == "argument" and not had_relations \
                else None
        return self._write()

    def _number(self, index: int) -> int:
        return self.numbers[index] if index < len(self.numbers) else (self.numbers[-1] if self.numbers else 1)

    def _skip_block(self, index: int) -> int:
        while index < len(self.lines) and self.lines[index].strip():
            index += 1
        return index

    def _element(self, text: str, number: int) -> _Element:
        """The element a line defines or refers to: `[T]: text`, `[T]`, `<T>: text`, `<T>`, or untitled text."""
        for kind, pattern in (("statement", _STATEMENT), ("argument", _ARGUMENT)):
            match = pattern.match(text)
            if match:
                title = " ".join(match.group(1).split())
                element = self.elements.get((kind, title))
                if element is None:
                    element = self.elements[(kind, title)] = _Element(kind, title, number)
                described = match.group(2)
                if described is not None and described.strip():
                    self._describe(element, described.strip(), number)
                return element
        if text[:1] in "[<":
            self.notices.warn("titles outside the subset", f"line {number}", f"{text[:30]!r} is read as an untitled "
                              "statement, not a title", "Write `[Title]: text` or `<Title>: text`.", number)
        self.untitled += 1
        element = _Element("statement", f"Untitled {self.untitled}", number)
        self.elements[("untitled", element.title)] = element
        element.text = text
        return element

    def _describe(self, element: _Element, text: str, number: int) -> None:
        if element.text is None:
            element.text = text
        elif element.text != text:
            self.notices.warn("elements defined again with another text", f"line {number}",
                              f"{_shown(element)} is defined again with another text; the first is kept "
                              f"(line {element.line})",
                              "A case has one text per claim; merge the texts or give the second its own title.",
                              number)

    def _continued(self, index: int) -> tuple[str, int]:
        """Text continued on the following lines (up to a blank line, a relation or a numbered statement)."""
        parts: list[str] = []
        while index < len(self.lines):
            stripped = self.lines[index].strip()
            if not stripped or _RELATION.match(stripped) or _PCS_ITEM.match(stripped) or _BAR.fullmatch(stripped):
                break
            if _OTHER_SYMBOL.match(stripped):
                break
            parts.append(stripped)
            index += 1
        return " ".join(parts), index

    def _line_element(self, index: int, first: str) -> tuple[_Element, int]:
        rest, following = self._continued(index + 1)
        text = f"{first} {rest}".strip() if rest else first
        head = _STATEMENT.match(first) or _ARGUMENT.match(first)
        if head is not None and head.group(2) is None and rest:
            # `[T]` alone on its line, then text: the text is not its definition in Argdown either.
            following_line = self._number(index + 1)
            self.notices.warn("text after a bare title", f"line {following_line}", "text after a title without `:` "
                              "is left out", "Write `[Title]: text`, the text after the colon.", following_line)
            text = first
        return self._element(text, self.numbers[index]), following

    def _tree(self, index: int) -> tuple[int, _Element | None, bool]:
        """A top element and the relation tree below it; the index after the block."""
        first = self.lines[index]
        root, index = self._line_element(index, first.strip())
        stack: list[tuple[int, _Element]] = [(_indent(first), root)]
        had_relations = False
        while index < len(self.lines) and self.lines[index].strip():
            line = self.lines[index]
            match = _RELATION.match(line.strip())
            if match is None:
                self.notices.warn("lines outside the subset", f"line {self.numbers[index]}", "this line is neither a "
                                  f"relation causal reads nor a statement's text: {line.strip()[:30]!r}",
                                  "Start it with a relation symbol such as `+`, `-` or `->` (docs/interchange.md "
                                  "lists them), or put a blank line before it.", self.numbers[index])
                index += 1
                continue
            index = self._relation(index, line, match, stack)
            had_relations = True
        return index, root, had_relations

    def _pcs(self, index: int, argument: _Element | None) -> int:
        """A premise-conclusion structure: its inferences, each from the statements since the last conclusion."""
        start = self.numbers[index]
        if argument is None:
            self.pcs_count += 1
            argument = self._element(f"<Reconstruction {self.pcs_count}>", start)
        since: list[_Element] = []
        waiting_conclusion = False
        bar_line = start
        while index < len(self.lines) and self.lines[index].strip():
            stripped = self.lines[index].strip()
            item = _PCS_ITEM.match(stripped)
            if item is not None:
                element, index = self._line_element(index, item.group(2).strip())
                if waiting_conclusion:
                    if since:
                        self.inferences.append((argument, since, element, bar_line))
                    since = [element]
                    waiting_conclusion = False
                else:
                    since.append(element)
                index = self._pcs_relations(index, element)
                continue
            if _BAR.fullmatch(stripped):
                bar_line = self.numbers[index]
                waiting_conclusion = True
                index += 1
                # `--` rule text `--` over several lines: the text between the bars names the rule.
                if stripped.rstrip("-").strip() == "" and index < len(self.lines):
                    look = index
                    while look < len(self.lines) and self.lines[look].strip() and not _BAR.fullmatch(
                            self.lines[look].strip()) and not _PCS_ITEM.match(self.lines[look].strip()):
                        look += 1
                    if look < len(self.lines) and look > index and _BAR.fullmatch(self.lines[look].strip()):
                        index = look + 1
                continue
            self.notices.warn("lines outside the subset", f"line {self.numbers[index]}", "this line of a "
                              "premise-conclusion structure is neither a numbered statement nor an inference bar",
                              "Number each statement `(1)`, `(2)`, ... and separate the conclusion with `----`.",
                              self.numbers[index])
            index += 1
        if waiting_conclusion:
            self.notices.warn("inferences without a conclusion", f"line {bar_line}", "an inference bar with no "
                              "conclusion after it", "Write the conclusion after the bar as `(n) text`.", bar_line)
        return index

    def _pcs_relations(self, index: int, element: _Element) -> int:
        stack: list[tuple[int, _Element]] = [(-1, element)]
        while index < len(self.lines) and self.lines[index].strip():
            line = self.lines[index]
            match = _RELATION.match(line.strip())
            if match is None or _BAR.fullmatch(line.strip()):
                break
            index = self._relation(index, line, match, stack)
        return index

    def _relation(self, index: int, line: str, match: re.Match[str], stack: list[tuple[int, _Element]]) -> int:
        """One relation line of a tree: its element, related to the nearest less indented one above it; the index
        after what the element took."""
        depth = _indent(line)
        while len(stack) > 1 and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        number = self.numbers[index]
        child, index = self._line_element(index, match.group(2).strip())
        relation, child_is_source = _RELATIONS[match.group(1)]
        source, target = (child, parent) if child_is_source else (parent, child)
        self.relations.append((relation, source, target, number))
        stack.append((depth, child))
        return index

    # -- writing --

    def _write(self) -> Converted:
        names = NameTable()
        for element in self.elements.values():
            prefix = "a" if element.kind == "argument" else "s"
            element.name = names.take(as_name(element.title, prefix))
        rebuts: dict[str, list[str]] = defaultdict(list)
        undercuts: dict[str, list[str]] = defaultdict(list)
        links: list[ast.LinkDecl] = []
        links_from: dict[str, list[str]] = defaultdict(list)
        contradictions: list[ast.ContradictionDecl] = []
        seen: set[tuple] = set()
        for argument, premises, conclusion, _line in self.inferences:
            label = names.take(as_name(f"{argument.name}_inference", "inference"))
            links_from[argument.name].append(label)
            causes = tuple(dict.fromkeys(p.name for p in premises))
            links.append(_link(label, causes, conclusion.name, INFERENCE_ASSUMED,
                               f"{NOTE_PREFIX}inference <{argument.title}>"))
        for relation, source, target, line in self.relations:
            key = (relation, source.name, target.name)
            if key in seen:
                continue
            seen.add(key)
            if relation == "support":
                label = names.take(as_name(f"{source.name}_supports_{target.name}", "support"))
                links_from[source.name].append(label)
                links.append(_link(label, (source.name,), target.name, SUPPORT_ASSUMED, f"{NOTE_PREFIX}support"))
            elif relation == "attack":
                rebuts[source.name].append(target.name)
            elif relation == "contradiction":
                name = names.take(as_name(f"{source.name}_vs_{target.name}", "contradiction"))
                contradictions.append(ast.ContradictionDecl(ast.Word(name), ast.Word(source.name),
                                                            ast.Word(target.name), span=FILE_START))
        for relation, source, target, line in self.relations:
            if relation != "undercut":
                continue
            inferences = links_from.get(target.name, [])
            if target.kind != "argument" or not inferences:
                self.notices.warn("undercuts of nothing to undercut", f"line {line}", f"{_shown(source)} undercuts "
                                  f"{_shown(target)}, which has no support or inference to undercut; it is read as "
                                  "an attack", "Undercut an argument that supports something.", line)
                if target.name not in rebuts[source.name]:
                    rebuts[source.name].append(target.name)
                continue
            for label in inferences:
                if label not in undercuts[source.name]:
                    undercuts[source.name].append(label)
        statements: list[ast.Statement] = [ast.CaseHeader(ast.Text(self.title), span=FILE_START)]
        for element in self.elements.values():
            text = element.text if element.text else element.title
            marker = f"[{element.title}]" if element.kind == "statement" else f"<{element.title}>"
            if element.title.startswith("Untitled ") and (("untitled", element.title) in self.elements):
                marker = "untitled"
            statements.append(ast.ClaimDecl(
                ast.Word(element.name), ast.Text(text),
                rebuts=tuple(map(ast.Word, rebuts.get(element.name, ()))),
                undercuts=tuple(map(ast.Word, undercuts.get(element.name, ()))),
                note=ast.Text(NOTE_PREFIX + marker), span=FILE_START,
            ))
        statements.extend(links)
        statements.extend(contradictions)
        return Converted(format_case(ast.CaseFile(tuple(statements))), self.notices.done())


def _link(label: str, causes: tuple[str, ...], effect: str, assumed: str, note: str) -> ast.LinkDecl:
    return ast.LinkDecl(tuple(map(ast.Word, causes)), ast.Word(effect), label=ast.Word(label),
                        assumed=ast.Text(assumed), note=ast.Text(note), span=FILE_START)


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _shown(element: _Element) -> str:
    return f"[{element.title}]" if element.kind == "statement" else f"<{element.title}>"


_COMMENT_LINE = "\x00"


def _without_comments(text: str) -> tuple[list[int], list[str]]:
    """The lines left once `<!-- -->` and `//` comments are taken out, and each one's number in the file."""
    text = text.replace(_COMMENT_LINE, " ")
    # Each line a comment covers becomes a marker line, so line numbers stay right; marker lines are then dropped.
    text = re.sub(r"<!--.*?-->", lambda m: (_COMMENT_LINE + "\n") * m.group(0).count("\n") + _COMMENT_LINE, text,
                  flags=re.DOTALL)
    numbers: list[int] = []
    lines: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("//"):
            continue
        if _COMMENT_LINE in line:
            line = line.replace(_COMMENT_LINE, "")
            if not line.strip():
                continue
        numbers.append(number)
        lines.append(line)
    return numbers, lines


# --- export --------------------------------------------------------------------------------------


@collector_paused
def export_argdown(case: ast.CaseFile) -> Converted:
    """A case as Argdown: claims, events and evidence as statements (arguments where an import made them), single
    links as supports, joint links as reconstructions, attacks and contradictions as relations."""
    notices = NoticeList()
    titles: dict[str, str] = {}  # case name -> `[Title]` or `<Title>`
    texts: dict[str, str] = {}
    order: list[str] = []
    for statement in case.statements:
        if isinstance(statement, (ast.ClaimDecl, ast.EventDecl, ast.EvidenceDecl)):
            name = statement.name.text
            marker = _note_marker(statement)
            titles[name] = marker if marker is not None and marker != "untitled" else f"[{_title_text(name)}]"
            if isinstance(statement, ast.EvidenceDecl):
                texts[name] = statement.quote.value if statement.quote is not None else f"evidence {name}"
            else:
                texts[name] = statement.title.value
            order.append(name)
    relations: dict[str, list[str]] = defaultdict(list)
    blocks: list[str] = []
    labels_by_argument: dict[str, str] = {}
    reconstructions: dict[str, list[tuple[list[str], str]]] = {}
    for statement in case.statements:
        if isinstance(statement, ast.LinkDecl):
            causes = [c.text for c in statement.causes if c.text in titles]
            if statement.effect.text not in titles or len(causes) != len(statement.causes):
                notices.warn("links between what Argdown has no statement for", "case",
                             f"a link into {statement.effect.text} joins names that are no claim, event or evidence",
                             "It is left out of the export.")
                continue
            note = statement.note.value if statement.note is not None else ""
            if len(causes) == 1 and not note.startswith(f"{NOTE_PREFIX}inference"):
                relations[causes[0]].append(f"+> {titles[statement.effect.text]}")
                if statement.label is not None:
                    labels_by_argument[statement.label.text] = titles[causes[0]]
                continue
            if note.startswith(f"{NOTE_PREFIX}inference "):
                argument = note[len(NOTE_PREFIX) + len("inference "):]
            else:
                argument = f"<{_title_text(statement.label.text if statement.label else statement.effect.text)}>"
            if statement.label is not None:
                labels_by_argument[statement.label.text] = argument
            reconstructions.setdefault(argument, []).append((causes, statement.effect.text))
    for statement in case.statements:
        if isinstance(statement, (ast.ClaimDecl, ast.EvidenceDecl)):
            source = statement.name.text
            for target in (*statement.rebuts, *statement.undermines):
                if target.text in titles:
                    relations[source].append(f"-> {titles[target.text]}")
            for target in statement.undercuts:
                argument = labels_by_argument.get(target.text)
                if argument is None or not argument.startswith("<"):
                    notices.warn("undercuts Argdown cannot say", f"{source}", f"{source} undercuts {target.text}, "
                                 "which is no argument's inference", "Argdown undercuts only arguments; the "
                                 "undercut is left out.")
                    continue
                relations[source].append(f"_> {argument}")
        if isinstance(statement, ast.EvidenceDecl):
            for target in statement.supports:
                if target.text in titles:
                    relations[statement.name.text].append(f"+> {titles[target.text]}")
        if isinstance(statement, ast.ContradictionDecl):
            if statement.left.text in titles and statement.right.text in titles:
                relations[statement.left.text].append(f">< {titles[statement.right.text]}")
    for argument, steps in reconstructions.items():
        blocks.extend(_reconstructions(argument, steps, titles))
    element_blocks = []
    for name in order:
        lines = [f"{titles[name]}: {_one_line(texts[name])}"]
        lines.extend(f"  {relation}" for relation in relations.get(name, ()))
        element_blocks.append("\n".join(lines))
    dropped = sum(
        1 for s in case.statements
        if isinstance(s, (ast.SourceDecl, ast.ActorDecl, ast.ChainDecl, ast.HypothesisDecl, ast.Setting,
                          ast.FindingExpectation, ast.VerdictExpectation))
    )
    if dropped:
        notices.warn("statements Argdown has no place for", "case", f"{dropped} sources, actors, chains, hypotheses, "
                     "expectations or settings left out", "Argdown has no place for them (docs/interchange.md).")
    header = [f"# {_one_line(_case_title(case))}"] if _case_title(case) else []
    return Converted("\n\n".join([*header, *element_blocks, *blocks]) + "\n", notices.done())


def _reconstructions(argument: str, steps: list[tuple[list[str], str]], titles: dict[str, str]) -> list[str]:
    """One premise-conclusion structure for an argument's steps where each step goes on from the last conclusion
    (as Argdown reads them), and a structure of its own, with a numbered title, for each step that does not."""
    blocks: list[list[str]] = []
    previous: str | None = None
    for causes, effect in steps:
        if previous is not None and previous in causes:
            lines = blocks[-1]
            premises = [cause for cause in causes if cause != previous]
        else:
            title = argument if not blocks else f"{argument[:-1]} ({len(blocks) + 1})>"
            lines = [title, ""]
            blocks.append(lines)
            premises = causes
        number = sum(1 for line in lines if line.startswith("("))
        for cause in premises:
            number += 1
            lines.append(f"({number}) {titles[cause]}")
        lines.append("----")
        lines.append(f"({number + 1}) {titles[effect]}")
        previous = effect
    return ["\n".join(lines) for lines in blocks]


def _note_marker(statement: object) -> str | None:
    note = getattr(statement, "note", None)
    if note is None or not note.value.startswith(NOTE_PREFIX):
        return None
    marker = note.value[len(NOTE_PREFIX):]
    if marker == "untitled" or _STATEMENT.fullmatch(marker) or _ARGUMENT.fullmatch(marker):
        return marker
    return None


def _title_text(name: str) -> str:
    return name


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _case_title(case: ast.CaseFile) -> str:
    for statement in case.statements:
        if isinstance(statement, ast.CaseHeader):
            return statement.title.value
    return ""
