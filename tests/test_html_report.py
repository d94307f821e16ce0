"""`causal report`: the HTML page's structure (read with html5lib) and its behaviour in a real browser.

The browser tests drive Debian's `chromium` (or the one CAUSAL_CHROMIUM names) through Playwright, by its
executable path: Playwright's own browser download is never used. Where no browser is installed they are skipped,
saying so; .ci/run installs one.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from causal.cli.commands import cli
from causal.pipeline import check_file
from causal.report.graph import element_id
from causal.report.html_report import json_for_script, render_html, shown_line
from tests.conftest import ROOT

html5lib = pytest.importorskip("html5lib", reason="html5lib is a test extra: pip install -e '.[test]'")

SYRIA = ROOT / "cases" / "syria.cx"
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz's `dot` is not installed (apt-get install graphviz)")
MAX_SYRIA_BYTES = 2 * 1024 * 1024


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def syria_page(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("report") / "syria.html"
    result = run("report", str(SYRIA), "-o", str(output))
    assert result.exit_code == 0, result.output
    return output


def parsed(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def data_of(document) -> dict:
    import json

    return json.loads(document.find(".//script[@id='report-data']").text)


# --- the page's structure ----------------------------------------------------------


def test_syria_report_is_under_two_megabytes(syria_page):
    assert syria_page.stat().st_size < MAX_SYRIA_BYTES


def test_every_finding_is_listed_with_its_span_and_every_item_has_an_explain_tree(syria_page):
    report = check_file(str(SYRIA))
    document = parsed(syria_page)
    refs = data_of(document)["refs"]
    findings = document.findall(".//ol[@class='findings']/li")
    assert len(findings) == len(report.findings)
    spans = sorted(tuple(refs[int(li.get("data-ref"))]["span"]) for li in findings)
    assert spans == sorted(tuple(finding.span) for finding in report.findings)
    explained = {div.get("id") for div in document.iterfind(".//div") if "explain" in div.get("class", "").split()}
    assert explained == {f"explain-{view.id}" for view in report.items()} | {
        f"explain-{verdict.name}" for verdict in report.chains
    }
    # Collapsed until opened: every tree with children is a closed <details>.
    assert all(details.get("open") is None for details in document.iter("details"))


def test_sources_chains_and_the_ach_matrix_are_shown(syria_page):
    report = check_file(str(SYRIA))
    document = parsed(syria_page)
    rows = document.findall(".//table[@class='sources']/tbody/tr")
    assert [row.get("id") for row in rows] == [f"source-{source.name}" for source in report.sources()]
    moscow = next(row for row in rows if row.get("id") == "source-moscow_dc")
    assert "moscow_dc → debka" in "".join(moscow.itertext())
    for verdict in report.chains:
        steps = document.findall(f".//div[@id='verdict-{verdict.name}']/table/tbody/tr")
        assert ["".join(row[1].itertext()) for row in steps] == [step.text for step in verdict.weakest_first]
    analysis = report.competing_hypotheses()
    matrices = document.findall(".//table[@class='matrix']")
    assert len(matrices) == len([outcome for outcome in analysis.outcomes if outcome.rows])
    header = ["".join(cell.itertext()) for cell in matrices[0].find("thead/tr")]
    assert header[-2:] == ["diagnosticity", "label"]
    rankings = document.findall(".//table[@class='ranking']/tbody/tr")
    verdicts = {"".join(row[1].itertext()).split(" ")[0]: "".join(row[6].itertext()) for row in rankings}
    assert verdicts == {h.name: h.verdict for outcome in analysis.outcomes for h in outcome.hypotheses}


@needs_dot
def test_findings_about_links_and_items_point_at_elements_the_graph_draws(syria_page):
    document = parsed(syria_page)
    drawn = {element.get("id") for element in document.find(".//div[@class='drawing fit']").iter() if element.get("id")}
    refs = data_of(document)["refs"]
    targets = {target for ref in refs for target in ref["targets"]}
    assert {target for target in targets if target.startswith(("item-", "link-"))} <= drawn
    assert element_id("item", "withdrawal") in drawn and element_id("link", 0) in drawn


@pytest.mark.slow
def test_explain_trees_are_cut_at_their_limit_so_the_page_grows_linearly(tmp_path):
    from causal.report.html_report import MAX_TREE_NODES

    relay = ['source s "S" reliability A']
    for number in range(3 * MAX_TREE_NODES):
        rebuts = f" rebuts c{number - 1}" if number else ""
        relay += [f'claim c{number} "C"{rebuts}', f"evidence e{number} from s credibility 1 supports c{number}"]
    case = tmp_path / "relay.cx"
    case.write_text("\n".join(relay) + "\n", encoding="utf-8")
    report = check_file(str(case))
    last = "c0"  # attacked by c1, attacked by c2, ...: its tree runs down the whole relay
    whole = report.explain(last)
    cut = report.explain(last, max_nodes=MAX_TREE_NODES)

    def count(root):
        pending, found, marked = [root], 0, 0
        while pending:
            node = pending.pop()
            found += 1
            marked += node.cut
            pending.extend(node.children)
        return found, marked

    assert count(whole)[0] > 2 * MAX_TREE_NODES and count(whole)[1] == 0
    lines, marked = count(cut)
    assert MAX_TREE_NODES <= lines <= MAX_TREE_NODES + 3 and marked >= 1
    document = html5lib.parse(render_html(report), namespaceHTMLElements=False)
    tree = next(div for div in document.iter("div") if div.get("id") == f"explain-{last}")
    shown = [span for span in tree.iter("span") if "status" in span.get("class", "").split()]
    assert len(shown) == lines
    assert any("not expanded" in "".join(span.itertext()) for span in shown)


def test_the_script_data_cannot_end_its_block():
    text = json_for_script({"x": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    import json

    assert json.loads(text) == {"x": "</script><!-- & >"}


def test_the_case_text_keeps_one_character_for_each_so_columns_hold():
    line = "a\x1bb\u202ec\x7fd\x85e\tf"
    assert shown_line(line) == "a\u241bb\ufffdc\u2421d\ufffde\tf"
    assert shown_line("x\r") == "x"


def test_without_graphviz_the_page_says_so_and_the_command_warns(tmp_path, monkeypatch):
    original = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *rest, **named: None if name == "dot" else original(name))
    output = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["report", str(SYRIA), "-o", str(output)])
    assert result.exit_code == 0
    assert "the graph is not drawn" in result.stderr
    document = parsed(output)
    assert document.find(".//div[@class='drawing fit']") is None
    note = document.find(".//section[@id='graph']/p[@class='note']")
    assert "Graphviz" in "".join(note.itertext())


def test_render_html_needs_a_parsed_case():
    from causal.report.file_report import FileReport

    with pytest.raises(ValueError, match="did not parse"):
        render_html(FileReport("x.cx", "event a", ()))


# --- the command -------------------------------------------------------------------


def test_report_writes_to_standard_output_with_a_dash():
    result = run("report", str(SYRIA), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_report_needs_an_output():
    result = run("report", str(SYRIA))
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.output


def test_report_never_writes_over_the_case_file(tmp_path):
    case = tmp_path / "case.cx"
    case.write_text('event a "A"\n', encoding="utf-8")
    result = run("report", str(case), "-o", str(case))
    assert result.exit_code == 2
    assert "refusing to write over the case file" in result.stderr
    assert case.read_text(encoding="utf-8") == 'event a "A"\n'


def test_report_of_a_case_with_syntax_errors_fails_and_writes_nothing(tmp_path):
    case = tmp_path / "case.cx"
    case.write_text("event a \n link\n", encoding="utf-8")
    output = tmp_path / "page.html"
    result = run("report", str(case), "-o", str(output))
    assert result.exit_code == 1
    assert "syntax errors" in result.stderr
    assert not output.exists()


def test_the_page_assets_are_package_data():
    """`pip install .` installs what the pyproject's package-data names: it must cover every asset."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["causal.report"]
    assets = sorted((ROOT / "causal" / "report" / "html_assets").iterdir())
    assert assets and all(any(asset.match(f"causal/report/{pattern}") for pattern in patterns) for asset in assets)


# --- in a browser --------------------------------------------------------------------

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    named = os.environ.get("CAUSAL_CHROMIUM")
    if named:
        return named
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'")
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium to drive: install Debian's `chromium` (apt-get install chromium), "
            "or name one in CAUSAL_CHROMIUM"
        )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """Open a file:// page; collect its console errors, uncaught exceptions, dialogs and requests."""
    pages = []

    def opening(path: Path):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.problems = []
        page.requests = []
        page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(path.resolve().as_uri())
        pages.append(page)
        return page

    yield opening
    for page in pages:
        page.close()


@pytest.mark.slow
def test_the_page_loads_from_a_file_with_no_console_errors_and_fetches_nothing(open_page, syria_page):
    page = open_page(syria_page)
    page.wait_for_load_state("load")
    assert page.problems == []
    assert page.requests == [syria_page.resolve().as_uri()]


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
        }""",
        selector,
    )


@pytest.mark.slow
@needs_dot
def test_clicking_a_finding_picks_out_its_graph_element_and_shows_its_span(open_page, syria_page):
    page = open_page(syria_page)
    report = check_file(str(SYRIA))
    model = report.model
    # The first finding (in the page's order) about a link that is drawn, far down the file.
    ordered = sorted(report.findings, key=lambda f: f.sort_key())
    position, finding = next(
        (position, finding)
        for position, finding in enumerate(ordered)
        if finding.subject.kind == "link" and finding.span.line > 300
    )
    index = model.links_making(finding.subject.names[:-1], finding.subject.names[-1])[0]
    page.locator("ol.findings > li").nth(position).click()
    picked = page.evaluate("Array.from(document.querySelectorAll('#graph .picked')).map(e => e.id)")
    assert element_id("link", index) in picked
    mark = page.locator("#source mark.span")
    assert mark.count() >= 1
    line = page.locator(f"#line-{finding.span.line} mark.span")
    assert line.count() == 1
    assert _in_viewport(page, f"#line-{finding.span.line} mark.span")
    code = report.text.split("\n")[finding.span.line - 1]
    end = finding.span.end_column - 1 if finding.span.end_line == finding.span.line else None
    expected = code[finding.span.column - 1 : end]
    assert line.text_content() == expected
    # Picking another clears the first: the marked line reads as before.
    page.locator("ol.findings > li").nth(0).click()
    assert page.locator(f"#line-{finding.span.line}").text_content() == f"{finding.span.line}{code}"
    assert page.problems == []


@pytest.mark.slow
def test_the_search_box_hides_what_does_not_match(open_page, syria_page):
    page = open_page(syria_page)
    total = page.locator("ol.findings > li").count()
    page.fill("#search", "land_bridge")
    shown = page.locator("ol.findings > li:not([hidden])")
    assert 0 < shown.count() < total
    assert all("land_bridge" in text for text in shown.all_text_contents())
    assert page.locator("#sources tr.searchable:not([hidden])").count() == 0
    page.fill("#search", "")
    assert page.locator("ol.findings > li:not([hidden])").count() == total


@pytest.mark.slow
def test_explain_trees_open_and_close(open_page, syria_page):
    page = open_page(syria_page)
    tree = page.locator("#explain-withdrawal > details")
    child = page.locator("#explain-withdrawal > details > .children").first
    assert not child.is_visible()
    tree.locator("> summary").click()
    assert child.is_visible()
    tree.locator("> summary").click()
    assert not child.is_visible()


@pytest.mark.slow
@needs_dot
def test_an_item_s_show_button_picks_it_out_and_a_finding_s_why_link_opens_its_tree(open_page, syria_page):
    page = open_page(syria_page)
    page.click("#explain-withdrawal button.show")
    assert page.evaluate("Array.from(document.querySelectorAll('#graph .picked')).map(e => e.id)") == [
        element_id("item", "withdrawal")
    ]
    assert not page.locator("#explain-withdrawal > details").evaluate("details => details.open")
    why = page.locator("ol.findings > li a.why").first
    target = why.get_attribute("href")[1:]
    assert not page.locator(f'[id="{target}"] > details').evaluate("details => details.open")
    why.click()
    assert page.locator(f'[id="{target}"] > details').evaluate("details => details.open")
    assert _in_viewport(page, f'[id="{target}"]')
    assert page.problems == []


@pytest.mark.slow
def test_a_hostile_case_shows_its_strings_as_text(open_page, tmp_path):
    from tests.test_output_injection import CASE, HTML_ATTACK, TITLE, cx_string

    case = tmp_path / "hostile.cx"
    title = f"{TITLE} {HTML_ATTACK}"
    case.write_text(CASE.replace(cx_string(TITLE), cx_string(title), 1), encoding="utf-8")
    output = tmp_path / "hostile.html"
    assert run("report", str(case), "-o", str(output)).exit_code == 0
    page = open_page(output)
    page.wait_for_load_state("load")
    from causal.report.printable import printable

    assert page.locator("h1").text_content() == printable(title)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 2
    # Clicking every finding runs the script over every hostile string, and nothing runs but it.
    for number in range(page.locator("ol.findings > li").count()):
        page.locator("ol.findings > li").nth(number).click()
    assert page.problems == []
    assert page.requests == [output.resolve().as_uri()]


@pytest.mark.slow
@needs_dot
def test_the_graph_fits_the_page_until_asked_for_its_actual_size(open_page, syria_page):
    page = open_page(syria_page)
    width = "document.querySelector('#graph svg').getBoundingClientRect().width"
    frame = "document.querySelector('#graph .drawing').clientWidth"
    assert page.evaluate(width) <= page.evaluate(frame)
    page.click("#graph-size")
    assert page.evaluate(width) > page.evaluate(frame)
    page.click("#graph-size")
    assert page.evaluate(width) <= page.evaluate(frame)
