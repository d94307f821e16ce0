"""`causal af solve`, run through click's CliRunner: ICCMA tasks, output forms, bad input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from causal.cli.commands import cli
from tests.conftest import TESTS

DATA = TESTS / "data" / "af"
APX = str(DATA / "floating.apx")
TGF = str(DATA / "floating.tgf")
I23 = str(DATA / "floating.i23")
ODD = str(DATA / "odd-cycle.apx")


def solve(*args: str):
    return CliRunner().invoke(cli, ["af", "solve", *args])


@pytest.mark.parametrize(
    ("task", "extra", "expected"),
    [
        ("SE-GR", [], "[]"),
        ("EE-GR", [], "[[]]"),
        ("SE-CO", [], "[]"),
        ("EE-CO", [], "[[],[a,d],[b,d]]"),
        ("SE-PR", [], "[a,d]"),
        ("EE-PR", [], "[[a,d],[b,d]]"),
        ("SE-ST", [], "[a,d]"),
        ("EE-ST", [], "[[a,d],[b,d]]"),
        ("DC-PR", ["-a", "a"], "YES"),
        ("DC-PR", ["-a", "c"], "NO"),
        ("DS-PR", ["-a", "d"], "YES"),
        ("DS-PR", ["-a", "a"], "NO"),
        ("DS-GR", ["-a", "d"], "NO"),
        ("DC-ST", ["-a", "b"], "YES"),
        ("DS-ST", ["-a", "d"], "YES"),
        ("DC-CO", ["-a", "d"], "YES"),
        ("DS-CO", ["-a", "d"], "NO"),
    ],
)
def test_tasks_on_an_apx_file_print_iccma_2015_2021_answers(task: str, extra: list[str], expected: str) -> None:
    result = solve("-p", task, "-f", APX, "-fo", "apx", *extra)
    assert result.exit_code == 0, result.output
    assert result.output == expected + "\n"


def test_tgf_answers_like_apx() -> None:
    assert solve("-p", "EE-PR", "-f", TGF, "-fo", "tgf").output == "[[a,d],[b,d]]\n"


@pytest.mark.parametrize(
    ("task", "extra", "expected"),
    [
        ("SE-PR", [], "w 1 4\n"),
        ("SE-GR", [], "w\n"),
        ("EE-PR", [], "w 1 4\nw 2 4\n"),
        ("DC-ST", ["-a", "2"], "YES\nw 2 4\n"),
        ("DS-PR", ["-a", "1"], "NO\nw 2 4\n"),
        ("DS-PR", ["-a", "4"], "YES\n"),
        ("DC-PR", ["-a", "3"], "NO\n"),
    ],
)
def test_tasks_on_an_i23_file_print_iccma_2023_answers(task: str, extra: list[str], expected: str) -> None:
    result = solve("-p", task, "-f", I23, "-fo", "i23", *extra)
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_no_stable_extension_prints_no() -> None:
    assert solve("-p", "SE-ST", "-f", ODD, "-fo", "apx").output == "NO\n"
    assert solve("-p", "EE-ST", "-f", ODD, "-fo", "apx").output == "[]\n"
    assert solve("-p", "DS-ST", "-f", ODD, "-fo", "apx", "-a", "a").output == "YES\n"


def test_format_follows_the_file_suffix_when_not_given() -> None:
    assert solve("-p", "SE-PR", "-f", I23).output == "w 1 4\n"
    assert solve("-p", "SE-PR", "-f", APX).output == "[a,d]\n"


def test_formats_and_problems_are_listed() -> None:
    assert solve("--formats").output == "[apx,tgf,i23]\n"
    problems = solve("--problems").output.strip()
    assert problems.startswith("[") and problems.endswith("]")
    listed = problems[1:-1].split(",")
    assert {"SE-GR", "EE-CO", "DC-PR", "DS-ST"} <= set(listed)
    assert len(listed) == 16


@pytest.mark.parametrize(
    ("name", "fmt", "location"),
    [("bad-attack.apx", "apx", ":4: "), ("bad-line.tgf", "tgf", ":4: "), ("bad-range.i23", "i23", ":3: ")],
)
def test_malformed_file_is_reported_as_path_line_message_with_status_2(name: str, fmt: str, location: str) -> None:
    path = str(DATA / name)
    result = solve("-p", "SE-GR", "-f", path, "-fo", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(path + location)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["-p", "XX-GR", "-f", APX], "unknown task"),
        (["-p", "SE-XX", "-f", APX], "unknown task"),
        (["-p", "DC-PR", "-f", APX], "give it with -a"),
        (["-p", "DC-PR", "-f", APX, "-a", "zz"], "no argument 'zz'"),
        (["-f", APX], "give a task"),
        (["-p", "SE-GR"], "give a task"),
        (["-p", "SE-GR", "-f", APX, "-fo", "xml"], "'xml' is not one of"),
    ],
)
def test_usage_errors_exit_with_2(args: list[str], complaint: str) -> None:
    result = solve(*args)
    assert result.exit_code == 2
    assert complaint in result.output


def test_unreadable_file_exits_with_2(tmp_path) -> None:
    missing = str(tmp_path / "missing.apx")
    result = solve("-p", "SE-GR", "-f", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}: cannot read the file")
    undecodable = tmp_path / "latin.apx"
    undecodable.write_bytes(b"arg(\xe9).\n")
    result = solve("-p", "SE-GR", "-f", str(undecodable))
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_the_console_script_starts_causal_af_without_loading_the_case_checker() -> None:
    import subprocess
    import sys

    program = (
        "import sys\n"
        "sys.argv = ['causal', 'af', 'solve', '--formats']\n"
        "from causal.cli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('checker loaded' if 'causal.pipeline' in sys.modules else 'checker not loaded')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[apx,tgf,i23]", "checker not loaded"]


@pytest.mark.slow
def test_a_file_that_is_not_regular_is_refused_without_reading_it(tmp_path) -> None:
    import os
    import subprocess
    import sys

    paths = [p for p in ("/dev/zero", "/dev/urandom") if os.path.exists(p)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "x.apx")
        paths.append(str(tmp_path / "x.apx"))
    for path in paths:
        # A child process with a timeout: a read that blocks or never ends fails the test, not the run.
        result = subprocess.run(
            [sys.executable, "-m", "causal", "af", "solve", "-p", "SE-GR", "-fo", "apx", "-f", path],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert result.returncode == 2, path
        assert result.stderr.startswith(f"{path}: cannot read the file: not a regular file ("), result.stderr


def test_a_file_over_max_bytes_is_refused(tmp_path) -> None:
    path = tmp_path / "a.apx"
    path.write_text("arg(a).\narg(b).\n")
    result = solve("-p", "SE-GR", "-f", str(path), "--max-bytes", "10")
    assert result.exit_code == 2
    assert "over the --max-bytes limit of 10" in result.stderr
    assert solve("-p", "SE-GR", "-f", str(path), "--max-bytes", "16").stdout == "[a,b]\n"


def test_cr_only_line_ends_are_read_as_the_library_reads_them(tmp_path) -> None:
    from causal.argumentation import parse

    text = "arg(a).\rarg(b).\ratt(a,b).\r"
    path = tmp_path / "cr.apx"
    path.write_bytes(text.encode())
    result = solve("-p", "SE-GR", "-f", str(path))
    assert result.exit_code == 0 and result.stdout == "[a]\n"
    assert parse(text, "apx").names == ("a", "b")


# --- ICCMA conformance: the ICCMA 2023 rules (iccma2023.github.io/rules.html) and the 2015-2021 interface ----------

# The rules' own input example: a=1 .. e=5 with a>b, b>d, d>e, e>d, e>e, and a comment line.
RULES_EXAMPLE = "p af 5\n# this is a comment\n1 2\n2 4\n4 5\n5 4\n5 5\n"


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        # The rules' output examples, each on a framework whose certificate is that extension.
        ("p af 5\n3 4\n4 3\n", ["-p", "DC-CO", "-a", "1"], "YES\nw 1 2 5\n"),
        ("p af 4\n1 2\n4 3\n", ["-p", "DS-CO", "-a", "2"], "NO\nw 1 4\n"),
        ("p af 7\n3 1\n3 2\n7 4\n7 5\n7 6\n", ["-p", "SE-PR"], "w 3 7\n"),
        # The rules' usage example: `solver -p DC-CO -f instance_file -a 2`.
        ("p af 3\n1 1\n", ["-p", "DC-CO", "-a", "2"], "YES\nw 2 3\n"),
        # The rules' input example: complete {1,3} and {1,3,4}; preferred and stable {1,3,4}.
        (RULES_EXAMPLE, ["-p", "DC-CO", "-a", "4"], "YES\nw 1 3 4\n"),
        (RULES_EXAMPLE, ["-p", "DS-CO", "-a", "4"], "NO\nw 1 3\n"),
        (RULES_EXAMPLE, ["-p", "DS-PR", "-a", "5"], "NO\nw 1 3 4\n"),
        (RULES_EXAMPLE, ["-p", "DS-PR", "-a", "4"], "YES\n"),
        (RULES_EXAMPLE, ["-p", "DC-ST", "-a", "5"], "NO\n"),
        (RULES_EXAMPLE, ["-p", "DS-GR", "-a", "2"], "NO\nw 1 3\n"),
        (RULES_EXAMPLE, ["-p", "SE-ST"], "w 1 3 4\n"),
    ],
)
def test_i23_answers_print_as_the_iccma_2023_examples_with_a_certificate_after_dc_yes_and_ds_no(
    tmp_path, text: str, args: list[str], expected: str
) -> None:
    # As ICCMA 2023 calls a solver: no -fo, a file whose name says nothing of its format.
    result = solve(*args, "-f", write(tmp_path, "instance_file", text))
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_dc_and_ds_in_apx_and_tgf_print_yes_or_no_alone_as_iccma_2015_to_2021_did() -> None:
    assert solve("-p", "DC-PR", "-f", APX, "-a", "a").stdout == "YES\n"
    assert solve("-p", "DS-PR", "-f", TGF, "-a", "a").stdout == "NO\n"


def test_no_arguments_print_name_version_and_authors_and_exit_0() -> None:
    from causal import __version__
    from causal.cli.af import af

    for result in (solve(), CliRunner().invoke(af, ["solve"])):
        assert result.exit_code == 0
        name_and_version, authors = result.stdout.splitlines()
        assert name_and_version == f"causal {__version__}"
        assert authors.strip()
        assert result.stderr == ""
    # An option alone is not "no arguments": the task and file are still missing.
    assert solve("--max-bytes", "100").exit_code == 2


@pytest.mark.parametrize("name", ["instance", "x.apx", "x.tgf", "x.txt", "x.AF"])
def test_an_i23_file_is_known_by_its_p_af_header_whatever_its_suffix(tmp_path, name: str) -> None:
    result = solve("-p", "SE-PR", "-f", write(tmp_path, name, RULES_EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout == "w 1 3 4\n"


def test_without_fo_or_a_suffix_the_content_tells_apx_from_tgf(tmp_path) -> None:
    apx = write(tmp_path, "apx-framework", "% floating\narg(a). arg(b).\natt(a,b). att(b,a).\n")
    tgf = write(tmp_path, "tgf-framework", "a\nb\n#\na b\nb a\n")
    assert solve("-p", "EE-PR", "-f", apx).stdout == "[[a],[b]]\n"
    assert solve("-p", "EE-PR", "-f", tgf).stdout == "[[a],[b]]\n"
    unknown = solve("-p", "SE-GR", "-f", write(tmp_path, "framework.txt", "a\nb\n"))
    assert unknown.exit_code == 2
    assert "cannot tell the format" in unknown.output


@pytest.mark.parametrize("fmt", ["apx", "tgf"])
def test_an_i23_file_given_as_another_format_is_refused_at_its_header(tmp_path, fmt: str) -> None:
    path = write(tmp_path, "x.af", RULES_EXAMPLE)
    result = solve("-p", "SE-GR", "-f", path, "-fo", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{path}:1: the file starts with a `p af` header")
    assert "give -fo i23" in result.stderr and "Traceback" not in result.output


def test_a_format_given_with_fo_is_obeyed(tmp_path) -> None:
    # Content that looks like APX, read as TGF because -fo says so: node names, one a line.
    path = write(tmp_path, "x.apx", "arg(a).\n#\narg(a). arg(a).\n")
    assert solve("-p", "SE-GR", "-f", path, "-fo", "tgf").stdout == "[]\n"
    assert solve("-p", "SE-GR", "-f", path).exit_code == 2


@pytest.mark.parametrize("query", ["4", "04", "0004", " 4", "0" * 5000 + "4"])
def test_i23_arguments_given_with_a_are_read_as_numbers(tmp_path, query: str) -> None:
    result = solve("-p", "DC-CO", "-f", write(tmp_path, "x.i23", RULES_EXAMPLE), "-a", query)
    assert result.exit_code == 0, result.output
    assert result.stdout == "YES\nw 1 3 4\n"


@pytest.mark.parametrize("query", ["0", "6", "+4", "-4", "4.0", "\u0664", "x", "", "9" * 5000])
def test_an_i23_argument_outside_1_to_n_is_a_usage_error(tmp_path, query: str) -> None:
    result = solve("-p", "DC-CO", "-f", write(tmp_path, "x.i23", RULES_EXAMPLE), "-a", query)
    assert result.exit_code == 2
    assert "i23 arguments are the numbers 1..5" in result.output
    assert "Traceback" not in result.output and result.stdout == ""


def test_apx_names_are_names_not_numbers(tmp_path) -> None:
    path = write(tmp_path, "x.apx", "arg(1).\n")
    assert solve("-p", "DC-GR", "-f", path, "-a", "1").stdout == "YES\n"
    assert "no argument '01'" in solve("-p", "DC-GR", "-f", path, "-a", "01").output


def test_valid_aspartix_input_with_shared_lines_comments_and_quoted_names_is_solved(tmp_path) -> None:
    text = (
        'arg("a b"). arg(c). arg(d). % three arguments\n'
        'att("a b",d). att(d,c). %* a block comment,\n'
        '   over two lines *% arg("x,y").\n'
    )
    path = write(tmp_path, "x.apx", text)
    # Names that would make the answer ambiguous are shown quoted.
    assert solve("-p", "EE-PR", "-f", path).stdout == '[["a b",c,"x,y"]]\n'
    assert solve("-p", "DC-PR", "-f", path, "-a", '"a b"').stdout == "YES\n"
    assert solve("-p", "DC-PR", "-f", path, "-a", "a b").stdout == "YES\n"
    assert solve("-p", "DS-PR", "-f", path, "-a", "d").stdout == "NO\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("x.apx", "arg(a).\narg(b[1]).\narg(c).\natt(c,b[1]).\n", '[a,c]\n[[a,c]]\n'),
        ("x.apx", 'arg("a, b").\narg("[c]").\n', '["a, b","[c]"]\n[["a, b","[c]"]]\n'),
        ("x.tgf", 'a\nb,c\n"d\n#\n', '[a,"b,c","\\"d"]\n[[a,"b,c","\\"d"]]\n'),
    ],
)
def test_names_that_would_make_an_answer_ambiguous_are_shown_quoted(
    tmp_path, name: str, text: str, expected: str
) -> None:
    path = write(tmp_path, name, text)
    assert solve("-p", "SE-GR", "-f", path).stdout + solve("-p", "EE-GR", "-f", path).stdout == expected


def test_a_name_apx_cannot_read_bare_is_a_usage_error_naming_its_line(tmp_path) -> None:
    path = write(tmp_path, "x.apx", "arg(a).\narg(50%).\n")
    result = solve("-p", "SE-GR", "-f", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(path + ":2: expected `arg(name).`")
    assert 'written quoted, as "50%"' in result.stderr and "Traceback" not in result.output


def test_tgf_node_labels_are_accepted(tmp_path) -> None:
    path = write(tmp_path, "x.tgf", "1 First argument\n2 Second one, with [brackets]\n3\n#\n1 2\n2 3\n")
    assert solve("-p", "EE-PR", "-f", path).stdout == "[[1,3]]\n"


def test_formats_lists_exactly_the_iccma_formats_that_fo_takes() -> None:
    from causal.cli.af import solve as command

    listed = solve("--formats").stdout.strip()[1:-1].split(",")
    # apx and tgf: the -fo values of the 2015-2021 interface; i23: the ICCMA 2023 format.
    assert listed == ["apx", "tgf", "i23"]
    choices = next(param for param in command.params if param.name == "file_format").type.choices
    assert list(choices) == listed


def test_problems_lists_only_tasks_the_solver_answers(tmp_path) -> None:
    path = write(tmp_path, "x.i23", RULES_EXAMPLE)
    listed = solve("--problems").stdout.strip()[1:-1].split(",")
    for task in listed:
        extra = ["-a", "4"] if task.startswith(("DC", "DS")) else []
        result = solve("-p", task, "-f", path, *extra)
        assert result.exit_code == 0, (task, result.output)
    for unlisted in ("SE-SST", "DC-STG", "DS-ID"):
        assert unlisted not in listed
        assert solve("-p", unlisted, "-f", path, "-a", "4").exit_code == 2
