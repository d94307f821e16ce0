"""Hard semantics never hang: the frameworks that used to pass 60 s, and the time limit for those that still could.

Issue 8 measured these on the labelling search: preferred and stable tasks on
dense random frameworks of 200 arguments and on grids of 400 passed 60 s, and
a case of 400 claims with random `rebuts` under preferred semantics gave no
output. The SAT engine answers each in about a second; the answers are checked
against the labelling search where it can finish, and the time limit is shown
to turn a task that cannot finish into a message (af solve) or a finding
(check). No timing is asserted: speed is bench/af_hard.py's business.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from causal.argumentation import Framework, Problem, Semantics, TimeLimitExceeded, solve
from causal.argumentation.semantics import acceptance_statuses, extensions
from causal.cli.commands import cli
from causal.pipeline import check_text


def dense_random(arguments: int, per_argument: float, seed: int = 1) -> Framework:
    rng = random.Random(seed)
    attacks = {(rng.randrange(arguments), rng.randrange(arguments)) for _ in range(int(arguments * per_argument))}
    return Framework.build([f"a{k}" for k in range(arguments)], sorted(attacks))


def grid(side: int) -> Framework:
    attacks = []
    for row in range(side):
        for column in range(side):
            here = row * side + column
            if row + 1 < side:
                attacks += [(here, here + side), (here + side, here)]
            if column + 1 < side:
                attacks += [(here, here + 1), (here + 1, here)]
    return Framework.build([f"g{k}" for k in range(side * side)], attacks)


def write_apx(af: Framework, path: Path) -> str:
    lines = [f"arg({name})." for name in af.names]
    lines += [f"att({af.names[a]},{af.names[b]})." for a, b in af.attacks()]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return str(path)


def test_dense_random_framework_of_200_arguments_is_answered_under_every_hard_task() -> None:
    af = dense_random(200, 6)
    preferred = extensions(af, Semantics.PR)
    stable = extensions(af, Semantics.ST)
    assert preferred and all(set(e) <= set(range(200)) for e in preferred)
    middle = 100
    assert solve(af, Problem.DC, Semantics.PR, middle) == any(middle in e for e in preferred)
    assert solve(af, Problem.DS, Semantics.PR, middle) == all(middle in e for e in preferred)
    assert solve(af, Problem.DS, Semantics.ST, middle) == all(middle in e for e in stable)
    assert (solve(af, Problem.SE, Semantics.ST) is None) == (not stable)


@pytest.mark.parametrize("side", [20, 30])
def test_grid_frameworks_answer_sceptical_preferred_and_some_stable_extension(side: int) -> None:
    # Every argument of a grid of mutual attacks is in some preferred extension and in not every one;
    # its stable extensions are its maximal independent sets that dominate, and one exists.
    af = grid(side)
    assert not solve(af, Problem.DS, Semantics.PR, side + 1)
    assert solve(af, Problem.DC, Semantics.PR, side + 1)
    stable = solve(af, Problem.SE, Semantics.ST)
    assert stable is not None
    members = set(stable)
    assert all(members.isdisjoint(af.targets(k)) for k in members)  # conflict-free
    assert all(k in members or not members.isdisjoint(af.attackers(k)) for k in range(len(af)))  # attacks the rest


@pytest.mark.slow
def test_two_thousand_separate_contradictions_are_labelled_one_pair_at_a_time() -> None:
    # 2^2000 preferred extensions: never enumerated; every argument credulous, none sceptical.
    pairs = 2_000
    af = Framework.build([str(k) for k in range(2 * pairs)], [(2 * k + s, 2 * k + 1 - s) for k in range(pairs) for s in (0, 1)])
    some, every, attacked = acceptance_statuses(af, Semantics.PR)
    assert all(some) and not any(every) and not any(attacked)


def test_a_task_past_its_time_limit_raises_time_limit_exceeded_on_both_engines() -> None:
    af = dense_random(400, 6)
    for engine in ("sat", "search"):
        with pytest.raises(TimeLimitExceeded):
            extensions(af, Semantics.PR, engine=engine, time_limit=1e-6)


def test_af_solve_past_its_time_limit_prints_the_task_and_size_and_exits_1(tmp_path: Path) -> None:
    file = write_apx(dense_random(400, 6), tmp_path / "dense.apx")
    result = CliRunner().invoke(cli, ["af", "solve", "-p", "EE-PR", "-f", file, "--time-limit", "0.000001"])
    assert result.exit_code == 1, result.output
    assert "no answer to EE-PR (preferred semantics) within the time limit of 1e-06 s" in result.output
    assert "400 arguments" in result.output
    assert "internal error" not in result.output


def test_af_solve_answers_the_same_on_both_engines(tmp_path: Path) -> None:
    file = write_apx(dense_random(60, 2, seed=3), tmp_path / "small.apx")
    for task in ("EE-PR", "EE-ST", "EE-CO", "DS-PR"):
        extra = ["-a", "a30"] if task.startswith("D") else []
        answers = {
            engine: CliRunner().invoke(cli, ["af", "solve", "-p", task, "-f", file, "--engine", engine, *extra]).output
            for engine in ("sat", "search")
        }
        assert answers["sat"] == answers["search"], task


def test_the_sat_engine_answers_alike_through_python_sats_c_extension_and_its_python_layer(monkeypatch) -> None:
    from causal.argumentation import credulous, sat_engine, sceptical
    from causal.argumentation.sat_solver import Cadical, _direct_calls, new_solver

    assert _direct_calls() is not None and isinstance(new_solver(), Cadical)  # the installed python-sat's

    def every_answer() -> list:
        answers = []
        for seed in range(4):
            af = dense_random(40, 2.5, seed=seed)
            for semantics in (Semantics.CO, Semantics.PR, Semantics.ST):
                answers.append(extensions(af, semantics))
                answers.append(acceptance_statuses(af, semantics))
                for argument in range(0, 40, 7):
                    answers.append(credulous(af, semantics, argument, time_limit=60))
                    answers.append(sceptical(af, semantics, argument, time_limit=60))
        return answers

    direct = every_answer()
    monkeypatch.setattr(sat_engine, "new_solver", lambda options=None: new_solver(options, direct=False))
    assert not isinstance(sat_engine.new_solver(), Cadical)
    assert every_answer() == direct


def test_a_python_sat_whose_c_extension_changed_its_calls_is_used_through_its_python_layer(monkeypatch) -> None:
    import sys
    import types

    from causal.argumentation import sat_solver

    changed = types.ModuleType("pysolvers")
    for name in sat_solver._FUNCTIONS:
        setattr(changed, f"cadical195_{name}", lambda *args: None)  # takes anything, answers nothing
    changed.cadical195_new = lambda: object()
    monkeypatch.setitem(sys.modules, "pysolvers", changed)
    monkeypatch.setattr(sat_solver, "_CALLS", [])
    solver = sat_solver.new_solver()
    assert not isinstance(solver, sat_solver.Cadical)
    solver.add_clause([1, 2])
    assert solver.solve([-1]) and solver.get_model() == [-1, 2]
    solver.delete()


def claims_with_random_rebuts(claims: int, rebuts_per_claim: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["set semantics preferred", 'source wire "Wire" reliability C']
    targets: dict[int, set[int]] = {k: set() for k in range(claims)}
    for _ in range(int(claims * rebuts_per_claim)):
        a, b = rng.randrange(claims), rng.randrange(claims)
        if a != b:
            targets[a].add(b)
    for k in range(claims):
        rebuts = " ".join(f"rebuts c{t}" for t in sorted(targets[k]))
        lines.append(f'claim c{k} "Claim {k}" {rebuts}'.rstrip())
        lines.append(f"evidence e{k} from wire credibility 3 supports c{k}")
    return "\n".join(lines) + "\n"


def test_a_case_of_400_claims_with_random_rebuttals_is_labelled_under_preferred_semantics() -> None:
    report = check_text(claims_with_random_rebuts(400, 1.5), "tangle.cx")
    rules = {finding.rule for finding in report.findings}
    assert "labels-time-limit" not in rules and "internal-error" not in rules
    assert report.analysis is not None and report.analysis.labels.labelled_under == "preferred"


def test_a_case_past_its_time_limit_is_labelled_grounded_with_a_warning() -> None:
    # Two claims that rebut each other, with a grounded part around them that grounded labels keep.
    text = claims_with_random_rebuts(60, 1.5) + "claim x \"X\" rebuts y\nclaim y \"Y\" rebuts x\n"
    text += "evidence ex from wire credibility 3 supports x\nevidence ey from wire credibility 3 supports y\n"
    text = text.replace("set semantics preferred", "set semantics preferred\nset time-limit 0.000001")
    report = check_text(text, "tangle.cx")
    warnings = [finding for finding in report.findings if finding.rule == "labels-time-limit"]
    assert len(warnings) == 1
    assert "labels under preferred semantics took longer than the time limit" in warnings[0].message
    assert report.analysis.labels.labelled_under == "grounded"
    grounded = check_text(text.replace("set semantics preferred", "set semantics grounded"), "tangle.cx")
    items = grounded.analysis.labels.involved_labels
    assert report.analysis.labels.involved_labels == items


PASSING = Path(__file__).parent / "data" / "rules" / "labels-time-limit" / "passes.cx"


def test_check_time_limit_option_wins_over_the_case_and_falls_back_to_grounded() -> None:
    result = CliRunner().invoke(cli, ["check", str(PASSING), "--time-limit", "0.000001", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"rule": "labels-time-limit"' in result.output
    assert '"semantics": "grounded"' in result.output
    unhurried = CliRunner().invoke(cli, ["check", str(PASSING), "--format", "json"])
    assert '"rule": "labels-time-limit"' not in unhurried.output and '"semantics": "preferred"' in unhurried.output


@pytest.mark.parametrize("value", ["0", "0.0", "86401"])
def test_a_time_limit_that_is_not_a_positive_number_of_seconds_up_to_a_day_is_an_invalid_value(value: str) -> None:
    text = PASSING.read_text(encoding="utf-8") + f"set time-limit {value}\n"
    report = check_text(text, "limit.cx")
    assert [f.rule for f in report.findings if "time limit must be" in f.message] == ["invalid-value"]
