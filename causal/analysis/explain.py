"""Why an item got its label: a tree of its attackers and supporters, down to the sources.

`causal explain FILE ID` renders it (causal.report.tree). An item is expanded
once; when it comes up again the tree says so instead of repeating it, so
the tree is finite even where attacks form cycles. Built with an explicit
stack: no case is too deep for it.
"""

from __future__ import annotations

from attrs import define, field

from causal.analysis.case_analysis import CaseAnalysis
from causal.analysis.chains import ChainVerdict
from causal.analysis.confidence import evidence_confidence, item_confidence, link_confidence
from causal.analysis.labels import Acceptability, Attack, Label, argument_kind, label_reason
from causal.analysis.links import assess_link
from causal.model.case_model import Model

_ATTACKED = {"rebuts": "rebutted", "undercuts": "undercut", "undermines": "undermined", "contradicts": "contradicted"}


class UnknownItem(LookupError):
    """The ID names nothing `causal explain` can explain."""


@define
class Node:
    """One line of the tree: how it relates to its parent, the item, its label and details."""

    relation: str  # "" at the root: "undercut by", "supported by", "from", "via", "step" ...
    item: str
    kind: str
    label: Label | None
    detail: str
    children: list[Node] = field(factory=list)
    shown_above: bool = False  # expanded earlier in the tree; not repeated
    cut: bool = False  # not expanded: the tree reached its size limit


def _resolve(model: Model, wanted: str) -> tuple[str, str]:
    """(argument id or chain name, kind) for what the user typed."""
    if wanted in model.chains:
        return wanted, "chain"
    # Unlabelled links may be written with spaces and commas: `a, b -> c`.
    for candidate in (wanted, wanted.replace(" ", "").replace(",", "&")):
        kind = argument_kind(model, candidate)
        if kind is not None:
            return candidate, kind
    known = "an event, claim, evidence item, source, link or chain"
    if wanted in model.hypotheses:
        raise UnknownItem(f"`{wanted}` is a hypothesis: `causal ach` weighs it against its rivals")
    if wanted in model.declarations:
        raise UnknownItem(f"`{wanted}` is a {model.kind_of(wanted)}; explain takes {known}")
    raise UnknownItem(f"the case has no item `{wanted}`; give the name of {known} (or `cause->effect` for a link)")


def _detail(analysis: CaseAnalysis, item: str, kind: str) -> str:
    model = analysis.model
    if kind == "evidence":
        evidence = model.evidence[item]
        return f"confidence {evidence_confidence(analysis, evidence):.2f}; graded {model.grades_of(evidence)}"
    if kind == "source":
        own = model.reliability_of(item)
        carriers = model.reporting.carriers.get(item, ())
        grades = sorted(model.reporting.path_grades.get(item, frozenset()) - {own})
        shown = f"reliability {own}"
        if carriers:
            shown += f"; carried by {', '.join(carriers)}"
        if grades:
            shown += f" (other grades on its path: {', '.join(grades)})"
        return shown
    if kind == "link":
        index = model.link_index(item)
        judged = assess_link(analysis, index)
        link = model.links[index]
        written = f"{', '.join(w.text for w in link.causes)} -> {link.effect.text}"
        return f"{written}; confidence {link_confidence(analysis, index):.2f}; {judged.support_reason}"
    if kind in ("event", "claim"):
        return f"confidence {item_confidence(analysis, item):.2f}"
    return ""


def _attack_relation(attack: Attack) -> str:
    """`rebutted by`, `rebutted, through rift, by`; an attack that fails says so: `rebutted (fails) by`."""
    verb = _ATTACKED[attack.kind] if attack.defeats else f"{_ATTACKED[attack.kind]} (fails)"
    return f"{verb} by" if attack.through is None else f"{verb}, through {attack.through}, by"


def _children(analysis: CaseAnalysis, item: str, kind: str) -> list[tuple[str, str, str, str]]:
    """(relation, child item, child kind, how the attack was decided) for each attacker, supporter and source."""
    model = analysis.model
    acceptability: Acceptability = analysis.labels
    found = [
        (_attack_relation(a), a.attacker, argument_kind(model, a.attacker), a.comparison)
        for a in acceptability.attackers_of(item)
    ]
    if kind == "link":
        found += [("supported by", e.name.text, "evidence", "") for e in model.link_support[model.link_index(item)]]
    elif kind in ("event", "claim"):
        support = dict.fromkeys(model.evidence_for.get(item, ()))
        found += [("supported by", e.name.text, "evidence", "") for e in support]
    elif kind == "evidence":
        source = model.evidence[item].source
        if source is not None and source.text in model.sources:
            found.append(("from", source.text, "source", ""))
    elif kind == "source":
        found += [("via", carrier, "source", "") for carrier in model.reporting.carriers.get(item, ())]
    return found


def _node(analysis: CaseAnalysis, relation: str, item: str, kind: str, decided: str = "") -> Node:
    label = analysis.labels.label(item)
    detail = _detail(analysis, item, kind)
    return Node(relation, item, kind, label, f"{decided}; {detail}" if decided and detail else decided or detail)


def explain_tree(
    analysis: CaseAnalysis,
    verdicts: tuple[ChainVerdict, ...],
    wanted: str,
    expand: bool = True,
    max_nodes: int | None = None,
) -> Node:
    """The tree for the item (or chain) the user named; UnknownItem if there is none.

    Without ``expand``, only the root: the item's own line, as an editor's hover shows it. With ``max_nodes``,
    nodes are expanded only while the tree has fewer nodes than that; the others are marked `cut` (a report that
    explains every item stays linear in the case even where attacks run in long relays).
    """
    item, kind = _resolve(analysis.model, wanted)
    if kind == "chain":
        root, pending = _chain_root(analysis, verdicts, item)
    else:
        root = _node(analysis, "", item, kind)
        root.detail = f"{label_reason(analysis.labels, item)}; {root.detail}".rstrip("; ")
        pending = [root]
    if not expand:
        root.children = []
        return root
    expanded: set[str] = set()
    made = 1 + len(root.children) + sum(len(step.children) for step in root.children)
    while pending:
        node = pending.pop()
        if node.item in expanded:
            node.shown_above = True
            continue
        if max_nodes is not None and made >= max_nodes:
            node.cut = True
            continue
        expanded.add(node.item)
        for relation, child, child_kind, decided in _children(analysis, node.item, node.kind):
            node.children.append(_node(analysis, relation, child, child_kind, decided))
        made += len(node.children)
        pending.extend(reversed(node.children))
    return root


def _chain_root(analysis: CaseAnalysis, verdicts: tuple[ChainVerdict, ...], name: str) -> tuple[Node, list[Node]]:
    verdict = next(v for v in verdicts if v.name == name)
    root = Node(
        "",
        name,
        "chain",
        None,
        f"{verdict.verdict}, confidence {verdict.confidence:.2f}; weakest step first"
        + "".join(f"; {name} is {status}" for name, status in verdict.weak_nodes),
    )
    for step in verdict.weakest_first:
        step_node = Node("step", step.text, "step", None, f"confidence {step.confidence:.2f}; {step.reason}")
        for index in step.links:
            step_node.children.append(_node(analysis, "made by", analysis.model.link_id_of(index), "link"))
        root.children.append(step_node)
    # Steps are not items: their links are expanded, in order.
    pending = [link for step_node in reversed(root.children) for link in reversed(step_node.children)]
    return root, pending
