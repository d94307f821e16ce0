"""The case's argumentation framework, its labels, and how the rules use them."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.analysis.labels import Label, argument_kinds, full_framework
from causal.argumentation import parse
from causal.argumentation.formats import write_apx
from causal.argumentation.semantics import IN, OUT, Semantics, extensions, grounded_labelling
from causal.pipeline import check_text
from tests.sample_cases import ATTACKED_CHAIN


def checked(text: str, **overrides):
    return check_text(textwrap.dedent(text), path="case.cx", overrides=overrides or None)


def labels(text: str, **overrides) -> dict[str, str]:
    report = checked(text, **overrides)
    return {item: label.value for item, label in report.analysis.labels.all_labels(report.model).items()}




def test_every_source_event_claim_evidence_and_link_is_an_argument():
    report = checked(
        """
        source s "S"
        actor a "A"
        event x "X"
        claim y "Y"
        evidence e from s supports x
        link x -> y
        link x -> y
        link x, y -> x assumed "joint"
        link named: y -> x
        chain c: x -> y
        """
    )
    kinds = argument_kinds(report.model)
    assert kinds == {
        "s": "source",
        "x": "event",
        "y": "claim",
        "e": "evidence",
        "x->y": "link",
        "x->y@8": "link",  # a repeated unlabelled link gets its line
        "x&y->x": "link",
        "named": "link",
    }


def test_an_undercut_rejects_the_link_and_breaks_the_chain():
    report = checked(ATTACKED_CHAIN)
    assert report.analysis.labels.label("l2") is Label.REJECTED
    (verdict,) = report.chains
    assert verdict.verdict == "broken"
    assert verdict.weakest.text == "rift -> withdrawal"
    assert "rejected" in verdict.weakest_reason


def test_an_attack_on_a_cause_also_attacks_the_links_resting_on_it():
    text = ATTACKED_CHAIN.replace("undercuts l2", "rebuts rift")
    report = checked(text)
    attacks = {(a.attacker, a.target, a.kind, a.through) for a in report.analysis.labels.attacks}
    assert ("e2", "rift", "rebuts", None) in attacks
    assert ("e2", "l1", "rebuts", "rift") in attacks
    assert ("e2", "l2", "rebuts", "rift") in attacks
    assert {name: label.value for name, label in report.analysis.labels.all_labels(report.model).items() if label is Label.REJECTED} == {
        "rift": "rejected",
        "l1": "rejected",
        "l2": "rejected",
    }


def test_undermining_a_source_rejects_the_evidence_reported_through_it():
    found = labels(
        """
        source tass "TASS" reliability B
        source paper "A newspaper"
        source origin "Anonymous officials, as the newspaper reports them" via paper
        event x "X"
        evidence quoted from origin credibility 3 supports x
        evidence exposed from tass credibility 2 undermines origin
        """
    )
    assert found["origin"] == "rejected"
    assert found["quoted"] == "rejected"  # it rests on origin, who said it
    assert found["paper"] == "accepted"  # the newspaper that carried it is not attacked


def test_reinstatement_an_attacker_defeated_in_turn_gives_the_item_back():
    found = labels(ATTACKED_CHAIN.replace("evidence e3", "evidence e4 from tass credibility 1 undermines e2\nevidence e3"))
    assert (found["e2"], found["l2"], found["e4"]) == ("rejected", "accepted", "accepted")


CONTRADICTED = """
    source tass "TASS" reliability B
    source irna "IRNA" reliability B
    claim khamenei "Khamenei blocked the base"
    claim soleimani "Soleimani blocked the base"
    event blocked "The base is closed to Russia" at 2016-08
    evidence k from tass credibility 2 supports khamenei
    evidence s from irna credibility 2 supports soleimani
    contradiction who: khamenei vs soleimani
    link khamenei -> blocked because k
"""


def test_a_contradiction_between_equally_strong_sides_leaves_both_undecided_under_grounded():
    found = labels(CONTRADICTED)
    assert (found["khamenei"], found["soleimani"], found["khamenei->blocked"]) == ("undecided",) * 3
    assert found["k"] == "accepted"


def test_preferred_semantics_reports_credulous_and_sceptical_acceptance():
    sceptical = checked(CONTRADICTED, semantics="preferred").analysis.labels
    assert sceptical.is_credulous("khamenei") and sceptical.is_credulous("soleimani")
    assert not sceptical.is_sceptical("khamenei") and not sceptical.is_sceptical("soleimani")
    assert sceptical.label("khamenei") is Label.UNDECIDED
    credulous = checked(CONTRADICTED, semantics="preferred", acceptance="credulous").analysis.labels
    assert credulous.label("khamenei") is Label.ACCEPTED and credulous.label("soleimani") is Label.ACCEPTED


def test_the_case_can_choose_its_semantics_and_the_command_line_wins():
    text = CONTRADICTED + "    set semantics preferred\n    set acceptance credulous\n"
    assert checked(text).analysis.labels.label("khamenei") is Label.ACCEPTED
    assert checked(text, acceptance="sceptical").analysis.labels.label("khamenei") is Label.UNDECIDED
    assert checked(text, semantics="grounded").analysis.labels.semantics == "grounded"


def test_rejected_support_does_not_count():
    report = checked(
        """
        source tass "TASS" reliability B
        source debka "DEBKA" reliability E
        event a "A" at 2015
        event b "B" at 2016
        evidence claimed from debka credibility 3
        evidence debunked from tass credibility 1 undermines claimed
        link a -> b because claimed
        """
    )
    (finding,) = [f for f in report.findings if f.rule == "unsupported-link"]
    assert finding.message == "link a -> b has no evidence that stands: claimed rejected by an attack"


def test_stable_semantics_without_an_extension_leaves_everything_undecided():
    report = checked(
        """
        set semantics stable
        claim a "A" rebuts b
        claim b "B" rebuts c
        claim c "C" rebuts a
        """
    )
    acceptability = report.analysis.labels
    assert not acceptability.has_extension
    assert {label for label in acceptability.all_dung_labels(report.model).values()} == {Label.UNDECIDED}
    assert "no-stable-extension" in {f.rule for f in report.findings}


# --- properties ---------------------------------------------------------------------

CLAIMS = [f"c{i}" for i in range(6)]


@st.composite
def attacking_cases(draw) -> str:
    """Claims with evidence, each claim or evidence item attacking a few others, and some contradictions."""
    lines = ['source s "S" reliability B']
    for claim in CLAIMS:
        rebuts = draw(st.lists(st.sampled_from(CLAIMS), max_size=2, unique=True))
        clause = f" rebuts {', '.join(rebuts)}" if rebuts else ""
        lines.append(f'claim {claim} "{claim}"{clause}')
    for number in range(draw(st.integers(0, 4))):
        supports = draw(st.sampled_from(CLAIMS))
        undermines = draw(st.lists(st.sampled_from([f"e{k}" for k in range(4)]), max_size=1))
        clause = f" undermines {undermines[0]}" if undermines else ""
        lines.append(f"evidence e{number} from s credibility 2 supports {supports}{clause}")
    for number, (left, right) in enumerate(draw(st.lists(st.tuples(st.sampled_from(CLAIMS), st.sampled_from(CLAIMS)), max_size=2))):
        if left != right:
            lines.append(f"contradiction k{number}: {left} vs {right}")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(attacking_cases())
def test_the_labels_are_the_grounded_labelling_of_the_exported_framework(text):
    analysis = check_text(text, path="case.cx").analysis
    model = analysis.model
    exported = parse(write_apx(full_framework(analysis)), "apx")
    labelling = grounded_labelling(exported)
    expected = {name: "accepted" if labelling[i] == IN else "rejected" if labelling[i] == OUT else "undecided"
                for i, name in enumerate(exported.names)}
    assert {name: label.value for name, label in analysis.labels.all_dung_labels(model).items()} == expected


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(attacking_cases(), st.sampled_from(["grounded", "complete", "preferred", "stable"]))
def test_an_item_nothing_attacks_is_accepted_under_every_semantics(text, semantics):
    analysis = check_text(text, path="case.cx", overrides={"semantics": semantics}).analysis
    model = analysis.model
    acceptability = analysis.labels
    attacked = {attack.target for attack in acceptability.attacks}
    for item, label in acceptability.all_dung_labels(model).items():
        if item not in attacked and acceptability.has_extension:
            assert label is Label.ACCEPTED, item


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(attacking_cases())
def test_sceptical_acceptance_under_preferred_implies_credulous(text):
    acceptability = check_text(text, path="case.cx", overrides={"semantics": "preferred"}).analysis.labels
    for item in acceptability.involved_labels:
        assert acceptability.is_credulous(item) or not acceptability.is_sceptical(item), item


@pytest.mark.parametrize("semantics", ["complete", "preferred"])
def test_grounded_accepted_items_are_sceptically_accepted_under_other_semantics(semantics):
    grounded_accepted = {k for k, v in labels(CONTRADICTED).items() if v == "accepted"}
    other = checked(CONTRADICTED, semantics=semantics).analysis.labels
    assert all(other.is_sceptical(item) for item in grounded_accepted)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(attacking_cases(), st.sampled_from(["complete", "preferred", "stable"]), st.sampled_from(["sceptical", "credulous"]))
def test_labels_agree_with_enumerating_every_extension(text, semantics, acceptance):
    """The labels are judged argument by argument; enumerating the extensions must give the same."""
    analysis = check_text(text, path="case.cx", overrides={"semantics": semantics, "acceptance": acceptance}).analysis
    framework = analysis.labels.framework
    found = extensions(framework, Semantics(semantics))
    for i, name in enumerate(framework.names):
        attacked = [set(framework.attackers(i)) & set(extension) for extension in found]
        if not found:
            expected = Label.UNDECIDED
        elif all(i in e for e in found) if acceptance == "sceptical" else any(i in e for e in found):
            expected = Label.ACCEPTED
        elif all(attacked):
            expected = Label.REJECTED
        else:
            expected = Label.UNDECIDED
        assert analysis.labels.dung_label(name) is expected, name


def test_many_independent_contradictions_do_not_multiply_the_work():
    """2^60 preferred extensions: enumerating them would never end; judging each item from what is upstream does."""
    lines = []
    for k in range(60):
        lines += [f'claim x{k} "X{k}"', f'claim y{k} "Y{k}"', f"contradiction c{k}: x{k} vs y{k}"]
    analysis = check_text("\n".join(lines) + "\n", path="case.cx", overrides={"semantics": "preferred"}).analysis
    assert analysis.labels.dung_label("x0") is Label.UNDECIDED
    assert analysis.labels.is_credulous("x59") and not analysis.labels.is_sceptical("x59")


def test_each_contradiction_of_one_hub_is_decided_by_its_own_attacks():
    report = check_text(
        textwrap.dedent(
            """
            source a "A" reliability A
            source c "C" reliability C
            source e "E" reliability E
            claim hub "Hub"
            claim strong "Strong"
            claim equal "Equal"
            claim weak "Weak"
            evidence for_hub from c credibility 2 supports hub
            evidence for_strong from a credibility 2 supports strong
            evidence for_equal from c credibility 2 supports equal
            evidence for_weak from e credibility 2 supports weak
            contradiction k1: strong vs hub
            contradiction k2: hub vs equal
            contradiction k3: weak vs hub
            """
        )
    )
    decisions = {f.subject.names[0]: f.message.split("; ", 1)[1] for f in report.findings if f.rule == "contradiction"}
    assert decisions == {
        "k1": "by strength, strong (0.80) defeats hub (0.64)",
        "k2": "neither is stronger (0.64 each), so both are undecided",
        "k3": "by strength, hub (0.64) defeats weak (0.40)",
    }
