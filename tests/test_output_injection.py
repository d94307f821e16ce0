"""Outputs that cannot be hijacked: the input's strings stay text in every output format.

One hostile case, whose strings carry a Mermaid directive, quotes, brackets,
arrows, `</svg><script>`, HTML entities, newlines, ANSI (CSI) and OSC
sequences, BEL, C1 controls, bidi overrides and isolates, goes through every
renderer, and each output is read back by a real parser where there is one:

- DOT: Graphviz (`dot -Tjson`) accepts it, draws exactly the expected nodes,
  and draws each label's text exactly as the graph view has it;
- SVG: `xml.etree` parses it, finds no `script` (or `foreignObject`) element
  and no event-handler attribute, and finds the title as text;
- Mermaid: no parser runs in Python here, so its grammar's relevant facts are
  checked line by line (see `test_mermaid_keeps_the_input_in_quoted_labels`);
- JSON, JSON Lines and SARIF: `json.loads` gives back the very strings, lone surrogates included;
- GitHub workflow commands: one command a finding, no `::` but each line's own;
- terminal text (check, explain, ach, rules, af solve, their errors): no C0
  control but the newline, no DEL or C1 control, no bidi or invisible character;
- HTML (`causal report`): html5lib, which builds the tree as browsers do, finds
  no element or attribute but the page's own, and the strings as text; the
  JSON the page's script reads gives back the very strings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from causal.cli.commands import cli
from causal.pipeline import check_text
from causal.report.graph import graph_view
from causal.report.json_report import render_json
from causal.report.mermaid import render_mermaid
from causal.report.printable import INVISIBLE, printable
from causal.report.text import render_text
from tests.conftest import ROOT

ESC, BEL = "\x1b", "\x07"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SCRIPT = "</svg><script>alert(1)</script>"
DIRECTIVE = "%%{init: {'theme':'dark'}}%%"
# Everything at once; each string of the case carries it.
NASTY = (
    f"{DIRECTIVE} \" ] | --> -.-> <b>#`x`</b> {SCRIPT} &lt;i&gt; &amp; a\\nb \\"
    f"\n2nd line\r {ESC}[31mred{ESC}[0m {ESC}]0;pwned{BEL} {ESC}]8;;http://x{ESC}\\ "
    f"\u202eevil\u202c \u2066iso\u2069 \x85c1 \x9b31m \x7fdel \x00nul \u2028sep"
)
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz's `dot` is not installed (apt-get install graphviz)")


def cx_string(text: str) -> str:
    """A .cx string literal for ``text``: quotes and backslashes escaped, anything unprintable as \\u{X}."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif not char.isprintable() or char in INVISIBLE:
            out.append(f"\\u{{{ord(char):X}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def s(prefix: str) -> str:
    return cx_string(f"{prefix} {NASTY}")


TITLE = f"T {NASTY}"
CASE = f"""case {cx_string(TITLE)}
source paper {s("P")} reliability B
  document {cx_string("docs/" + NASTY.replace(chr(0), ""))}
event a {s("E")} at 2023-01
  note {s("N")}
event b {s("B")} at 2023-02
claim c {s("C")}
evidence e from paper credibility 2
  quote {s("Q")}
  supports c
link a -> b because e
link b -> c assumed {s("A")}
chain ch: a -> b -> c
hypothesis h {s("H")} explains c added {s("D")}
hypothesis h2 {s("H2")} explains c
evidence e2 from paper credibility 3 consistent-with h inconsistent-with h2
"""
# A file name a terminal would obey, were it printed raw.
CASE_NAME = f"case{ESC}]0;name{BEL}\u202e.cx"


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / CASE_NAME
    path.write_text(CASE, encoding="utf-8")
    return path


def report_of(path: Path):
    return check_text(path.read_text(encoding="utf-8"), path=str(path), base_dir=path.parent)


def run(*args: str):
    # color=True: click strips nothing, so what the renderers write is what is checked.
    return CliRunner().invoke(cli, list(args), color=True)


def assert_terminal_safe(text: str) -> None:
    """No character that a terminal would act on, or that would reorder or hide text."""
    for char in text:
        code = ord(char)
        assert char == "\n" or code >= 0x20, f"C0 control {code:#04x} in the output"
        assert not 0x7F <= code <= 0x9F, f"DEL or C1 control {code:#04x} in the output"
        assert char not in INVISIBLE, f"U+{code:04X} in the output"
        assert not 0xD800 <= code <= 0xDFFF, f"lone surrogate U+{code:04X} in the output"


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_hostile_case_parses_with_every_string_intact(case_file):
    report = report_of(case_file)
    assert report.model is not None
    assert report.model.header.title.value == TITLE
    assert not [f for f in report.findings if f.rule in ("syntax-error", "invalid-value")]


@pytest.mark.parametrize(
    "char", list(BIDI) + ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\ud800", "\u2028"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_printable_escapes_controls_bidi_and_surrogates(char):
    shown = printable(f"a{char}b")
    assert_terminal_safe(shown)
    assert shown.startswith("a") and shown.endswith("b") and len(shown) > 3


# --- Mermaid ----------------------------------------------------------------------

_LABEL = r'"[^"\n]*"'
_NODE = re.compile(
    rf"^ *\w+(\[{_LABEL}\]|\(\[{_LABEL}\]\)|\(\({_LABEL}\)\)|>{_LABEL}\]|\{{\{{{_LABEL}\}}\}}|\[/{_LABEL}\\\])(:::\w+)?$"
)
_LINK = re.compile(rf"^ *\w+ (--[>ox]|-\.-[>ox]|==[>ox]|---|-\.-|===)(\|{_LABEL}\|)? \w+$")
_FIXED = re.compile(
    r'^(flowchart TB|  subgraph legend\["Legend"\]|    direction LR|  end|  classDef \w+ [\w:#,. -]+'
    r"|  linkStyle \d+ [\w:#,. -]+)$"
)
_ENTITY = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def _decoded(label: str) -> str:
    """A Mermaid label's text, as Mermaid shows it: entity codes decoded, `<br/>` a line break."""
    text = label.replace("<br/>", "\n")
    return re.sub(r"#(\w+);", lambda m: _ENTITY.get(m.group(1)) or chr(int(m.group(1))), text)


def test_mermaid_keeps_the_input_in_quoted_labels(case_file):
    """What is checked, and why it suffices without a Mermaid parser:

    - Mermaid's pre-pass reads `%%{...}%%` directives anywhere in the text (its
      regular expression is not anchored to a line start), so `%%{` must occur
      nowhere; a `%%` comment runs to the end of its line, so the only comment
      line must be ours, on one line.
    - Every other line is one statement of a known shape: a node with one
      quoted label, a link with at most one quoted label between bars, or one
      of the fixed lines. The flowchart lexer reads a quoted string up to the
      next `"`, so a label with no `"` and no newline inside is exactly one
      string token, and nothing in it is read as syntax.
    - Inside labels: no `<` but our `<br/>` (Mermaid renders labels as HTML),
      no backtick (markdown strings), no control character; `#` only starts an
      entity code, which decodes back to the input's (printable) text.
    """
    text = render_mermaid(report_of(case_file))
    assert "%%{" not in text and "}%%" not in text
    lines = text.split("\n")
    comments = [line for line in lines if line.lstrip().startswith("%%")]
    assert comments == [lines[1]]
    assert_terminal_safe(text)
    labels = []
    for line in lines[2:]:
        assert _NODE.match(line) or _LINK.match(line) or _FIXED.match(line), line
        labels += re.findall(_LABEL, line)
    for label in labels:
        inner = label[1:-1]
        assert "`" not in inner and "%" not in inner
        assert "<" not in inner.replace("<br/>", "")
        assert re.fullmatch(r"([^#]|#\w+;)*", inner), inner
    # Each node's label reads back as the graph view's lines: the input's text made printable.
    shown = [_decoded(label[1:-1]) for label in labels]
    for node in graph_view(report_of(case_file)).nodes:
        assert "\n".join(node.lines) in shown, node.name
    assert any(no_space(SCRIPT) in no_space(label) and no_space(DIRECTIVE) in no_space(label) for label in shown)


def test_mermaid_title_comment_is_one_inert_line(case_file):
    line = render_mermaid(report_of(case_file)).split("\n")[1]
    assert line.startswith("  %% T ")
    assert "%" not in line[len("  %% ") :] and "\n" not in line
    assert SCRIPT.replace("<", "#lt;").replace(">", "#gt;") in line


# --- DOT, SVG ---------------------------------------------------------------------


def _drawn(ops: list[dict]) -> list[str]:
    return [op["text"] for op in ops if op["op"] == "T"]


@needs_dot
def test_graphviz_reads_the_dot_and_draws_the_text_as_written(case_file):
    report = report_of(case_file)
    result = run("graph", str(case_file))
    assert result.exit_code == 0, result.output
    done = subprocess.run([DOT, "-Tjson"], input=result.stdout.encode(), capture_output=True, check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    drawn = json.loads(done.stdout)
    view = graph_view(report)
    # The graph's label is the title, every character as the input has it once made printable.
    assert _drawn(drawn["_ldraw_"]) == [printable(TITLE)]
    assert view.title == printable(TITLE)
    nodes = {item["name"]: item for item in drawn["objects"] if "nodes" not in item}
    case_nodes = {name for name in nodes if "#" not in name}
    # No quoted string was closed early: exactly the case's nodes, each drawn with its label's lines.
    assert case_nodes == {node.name for node in view.nodes if node.kind in ("event", "claim")} == {"a", "b", "c"}
    assert {name for name in nodes if "#" in name} == {"legend#", "chain#ch", "hypothesis#h", "hypothesis#h2"}
    for node in view.nodes:
        assert _drawn(nodes[node.name]["_ldraw_"]) == list(node.lines)
    assert any(no_space(SCRIPT) in no_space("".join(node.lines)) for node in view.nodes)


@needs_dot
def test_svg_has_no_script_and_keeps_the_text(case_file):
    result = run("graph", "--format", "svg", str(case_file))
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout)
    tags = {element.tag.rsplit("}", 1)[-1].lower() for element in root.iter()}
    assert "script" not in tags and "foreignobject" not in tags
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    texts = ["".join(element.itertext()) for element in root.iter() if element.tag.endswith("text")]
    assert printable(TITLE) in texts
    assert SCRIPT in printable(TITLE)
    assert_terminal_safe(result.stdout.replace("\n", ""))


# --- HTML -------------------------------------------------------------------------

# What a page could be made to run or fetch, were a string written into it raw.
HTML_ATTACK = "<img src=x onerror=alert(1)> <!-- ]]> <iframe src=javascript:alert(2)></iframe> ' \" </script>"


def html_case(tmp_path: Path) -> Path:
    path = tmp_path / CASE_NAME
    path.write_text(CASE.replace(cx_string(TITLE), cx_string(f"{TITLE} {HTML_ATTACK}"), 1), encoding="utf-8")
    return path


def test_html_report_holds_the_strings_as_text_and_no_element_of_theirs(tmp_path):
    html5lib = pytest.importorskip("html5lib", reason="html5lib is a test extra: pip install -e '.[test]'")
    path = html_case(tmp_path)
    output = tmp_path / "report.html"
    result = run("report", str(path), "-o", str(output))
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    document = html5lib.parse(page, namespaceHTMLElements=False)
    elements = list(document.iter())
    tags = {element.tag.rsplit("}", 1)[-1].lower() for element in elements}
    assert not tags & {"img", "iframe", "object", "embed", "foreignobject", "base", "form", "link"}
    assert not [name for element in elements for name in element.attrib if name.lower().startswith("on")]
    assert not [value for element in elements for value in element.attrib.values() if "javascript:" in value]
    scripts = [element for element in elements if element.tag.rsplit("}", 1)[-1] == "script"]
    assert [script.get("type") for script in scripts] == ["application/json", None]
    from causal.report.html_report import asset

    assert scripts[1].text == asset("report.js")
    heading = next(element for element in elements if element.tag == "h1")
    assert "".join(heading.itertext()) == printable(f"{TITLE} {HTML_ATTACK}")
    assert_terminal_safe(page.replace("\n", "").replace("\t", ""))
    data = json.loads(scripts[0].text)
    assert {"refs"} == set(data)


def test_html_case_text_shows_controls_as_pictures_and_markup_as_text(tmp_path):
    html5lib = pytest.importorskip("html5lib", reason="html5lib is a test extra: pip install -e '.[test]'")
    # Raw, in a comment: the case text panel shows the file as it is.
    first_line = f'event a "A" # {ESC}[31mred{ESC}[0m \u202eevil {HTML_ATTACK}'
    path = tmp_path / "raw.cx"
    path.write_text(first_line + "\nlink a -> a\n", encoding="utf-8")
    output = tmp_path / "report.html"
    assert run("report", str(path), "-o", str(output)).exit_code == 0
    document = html5lib.parse(output.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    shown = document.find(".//div[@id='line-1']/span[@class='code']").text
    # ESC as the picture of ESC and the bidi override as U+FFFD: one character for one, so columns still hold.
    assert shown == first_line.replace(ESC, "\u241b").replace("\u202e", "\ufffd")


# --- JSON -------------------------------------------------------------------------


def test_json_reads_back_the_very_strings(case_file):
    report = report_of(case_file)
    # A path with a lone surrogate: what Python makes of a file name that is not UTF-8.
    odd_path = "odd\udcff" + CASE_NAME
    text = render_json([check_text(CASE, path=odd_path, base_dir=case_file.parent)])
    assert_terminal_safe(text)
    document = json.loads(text)
    assert document["files"][0]["path"] == odd_path
    assert document["files"][0]["chains"][0]["weakest"]["reason"] == f"assumed without evidence: A {NASTY}"
    assert json.loads(render_json([report]))["files"][0]["path"] == str(case_file)


def test_ach_json_reads_back_the_hypothesis_titles(case_file):
    result = run("ach", "--format", "json", str(case_file))
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)
    document = json.loads(result.stdout)
    assert document["path"] == str(case_file)
    titles = {h["name"]: h["title"] for outcome in document["outcomes"] for h in outcome["hypotheses"]}
    assert titles == {"h": f"H {NASTY}", "h2": f"H2 {NASTY}"}


def test_json_lines_and_sarif_read_back_the_very_strings(case_file):
    report = report_of(case_file)
    for output_format in ("jsonl", "sarif"):
        result = run("check", "--format", output_format, str(case_file))
        assert result.exit_code == 1, result.output
        assert_terminal_safe(result.stdout)
    lines = [json.loads(line) for line in run("check", "--format", "jsonl", str(case_file)).stdout.splitlines()]
    assert [line["message"] for line in lines] == [finding.message for finding in report.findings]
    assert {line["path"] for line in lines} == {str(case_file)}
    log = json.loads(run("check", "--format", "sarif", str(case_file)).stdout)
    results = log["runs"][0]["results"]
    assert [result["message"]["text"] for result in results] == [finding.message for finding in report.findings]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and ESC not in uri and "%1B" in uri  # percent-encoded, not raw


# --- terminal text ----------------------------------------------------------------


def test_check_text_report_shows_everything_escaped(case_file):
    report = report_of(case_file)
    for color in (False, True):
        text = render_text([report], color=color)
        if color:  # the report's own colours are the only escape sequences
            text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        assert_terminal_safe(text)
    text = render_text([report], color=False)
    assert printable(str(case_file)) in text
    assert "\\x1b]0;pwned\\x07" in text and "<U+202E>evil" in text
    result = run("check", "--color", "never", str(case_file))
    assert result.exit_code == 1
    assert_terminal_safe(result.stdout + result.stderr)


def test_concise_and_github_lines_show_everything_escaped_one_finding_a_line(case_file):
    report = report_of(case_file)
    for output_format in ("concise", "github"):
        result = run("check", "--format", output_format, str(case_file))
        assert result.exit_code == 1
        assert_terminal_safe(result.stdout)
        lines = result.stdout.rstrip("\n").split("\n")
        assert len(lines) == len(report.findings) + 1  # then the summary
    github = run("check", "--format", "github", str(case_file)).stdout.split("\n")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in github[:-2])
    # Each line is one command: the hostile strings add no line break and no `::` of their own.
    assert all(line.count("::") == 2 for line in github[:-2])


@pytest.mark.parametrize("item", ["c", "a->b", "e", "e2", "paper", "ch"])
def test_explain_shows_everything_escaped(case_file, item):
    result = run("explain", str(case_file), item)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)


def test_ach_text_shows_everything_escaped(case_file):
    result = run("ach", str(case_file))
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)
    assert printable(f"H {NASTY}") in result.stdout


HOSTILE_WORD = f"x{ESC}]0;w{BEL}\u202e{ESC}[2J"


@pytest.mark.parametrize(
    "args",
    [
        ["rules", HOSTILE_WORD],
        ["rules"],
        ["check", "--select", HOSTILE_WORD, "x.cx"],
        ["check", f"missing{HOSTILE_WORD}.cx"],
        ["explain", "CASE", HOSTILE_WORD],
        ["graph", "CASE", "-o", f"no/such/folder/{HOSTILE_WORD}.dot"],
        ["graph", "CASE", "-o", "CASE"],
    ],
    ids=["rules-unknown", "rules", "select-unknown", "missing-case", "explain-unknown", "graph-unwritable", "graph-over-case"],
)
def test_messages_about_the_command_line_are_escaped(case_file, args):
    args = [str(case_file) if arg == "CASE" else arg for arg in args]
    result = run(*args)
    assert_terminal_safe(result.stdout + result.stderr)


# --- causal af solve --------------------------------------------------------------

HOSTILE_NAMES = [f"a{ESC}]0;pwned{BEL}", "b\u202eevil", f"c{ESC}[31m", "d\u2066", "plain", "x\x85y"]


@pytest.fixture
def hostile_apx(tmp_path: Path) -> Path:
    names = HOSTILE_NAMES[:-1]  # \x85 is white space to APX: a name cannot hold it
    lines = [f"arg({name})." for name in names] + [f"att({names[0]},{names[1]})."]
    path = tmp_path / "hostile.apx"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("task", ["SE-GR", "EE-PR", "EE-CO", "SE-ST"])
def test_af_solve_escapes_names_and_keeps_ordinary_ones(hostile_apx, task):
    result = run("af", "solve", "-p", task, "-f", str(hostile_apx))
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.stdout)
    assert "\\x1b]0;pwned\\x07" in result.stdout and ",plain" in result.stdout
    assert "<U+2066>" in result.stdout


def test_af_solve_piped_writes_no_control_byte(hostile_apx):
    """Run as a program with its output in a pipe: the bytes themselves are checked."""
    done = subprocess.run(
        [sys.executable, "-m", "causal", "af", "solve", "-p", "EE-CO", "-f", str(hostile_apx)],
        capture_output=True, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert not [byte for byte in done.stdout if byte < 0x20 and byte != 0x0A or byte == 0x7F]
    assert_terminal_safe(done.stdout.decode("utf-8"))


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        (f"arg(a).\natt(a,{HOSTILE_NAMES[0]}).\n", []),  # an undeclared argument, named in the error
        (f"arg(a).\n{ESC}]0;line{BEL}\u202e\n", []),  # a malformed line, quoted in the error
        ("arg(a).\n", ["-a", HOSTILE_WORD]),  # an argument the file does not have
    ],
    ids=["undeclared-argument", "malformed-line", "unknown-argument"],
)
def test_af_solve_errors_are_escaped(tmp_path, text, extra):
    path = tmp_path / f"bad{ESC}]0;file{BEL}\u202e.apx"
    path.write_text(text, encoding="utf-8")
    task = "DC-GR" if extra else "SE-GR"
    result = run("af", "solve", "-p", task, "-f", str(path), *extra)
    assert result.exit_code == 2
    assert_terminal_safe(result.stdout + result.stderr)
    assert printable(str(path)) in result.stderr or "no argument" in result.stderr


def test_af_solve_unreadable_and_unknown_files_are_escaped(tmp_path):
    missing = tmp_path / f"gone{ESC}]0;x{BEL}\u202e.apx"
    for args in (["-p", "SE-GR", "-f", str(missing)], ["-p", "SE-GR", "-f", str(tmp_path / f"x{ESC}[2J.zzz")]):
        result = run("af", "solve", *args)
        assert result.exit_code == 2
        assert_terminal_safe(result.stdout + result.stderr)
    result = run("af", "solve", "-p", f"SE-{ESC}]0;x{BEL}", "-f", str(missing))
    assert result.exit_code == 2
    assert_terminal_safe(result.stdout + result.stderr)
