"""How strong each argument is on its own grades, before any attack is weighed: the basis of the preferences.

ASPIC+ (Modgil and Prakken, "A general account of argumentation with
preferences", Artificial Intelligence 195, 2013) lets an attack succeed as a
defeat only when the attacker is not weaker than what it attacks, and orders
arguments by one of two principles:

- **last-link** compares only the last inference of each argument; it suits
  normative reasoning, where the latest rule (a statute, say) decides;
- **weakest-link** compares each argument's weakest premise and inference; it
  suits epistemic reasoning, where a conclusion is only as credible as the
  least credible thing it rests on.

Ours is epistemic (did it happen, did it cause that), so strength follows the
**weakest link** (docs/language.md, "Conflicts decided by strength"):

- a **source** is as strong as the weakest source on its reporting path, read
  with unjudged credibility (the `?6` column of the grade table);
- an **evidence item** is as strong as its pair of grades, with the weakest
  reliability grade on its reporting path (`Model.grade_confidence`);
- an **event or claim** is as strong as its support: the best item of each
  independent reporting group, the groups combined as independent witnesses
  (1 - Π(1 - s)). ASPIC+ alone does not accrue arguments for one conclusion;
  we do, because corroboration by independent witnesses is exactly what an
  analyst weighs, and it keeps strength and confidence one scale;
- a **link** is as strong as the weaker of its own support (at least the
  `assumed-confidence`, for an assumed link) and its causes, its premises. Its
  effect is part of its conclusion, not a premise: an attack on the effect
  is an attack on the link's conclusion, weighed against the effect itself
  (causal.analysis.labels).

Strength reads grades only, never labels: the labels are computed from the
defeats that strengths decide, so strengths must come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from causal.language import ast
from causal.model.case_model import CAUSAL_NODE_KINDS, Model
from causal.model.grades import UNKNOWN_CREDIBILITY, grade_pair


def accrue(model: Model, items: Iterable[ast.EvidenceDecl], value: Callable[[ast.EvidenceDecl], float]) -> float:
    """What items of support give together: the best of each independent group, groups as independent witnesses."""
    doubt = 1.0
    for group in model.independent_groups(items):
        doubt *= 1.0 - max(value(item) for item in group)
    return 1.0 - doubt


class Strengths:
    """Each argument's strength from 0 to 1, computed on first use and kept."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._known: dict[str, float] = {}

    def of(self, item: str) -> float:
        found = self._known.get(item)
        if found is None:
            found = self._known[item] = self._strength(item)
        return found

    def _strength(self, item: str) -> float:
        model = self.model
        kind = model.kind_of(item)
        # A declared name that is not a link's label is no link's id (ids of unlabelled links
        # hold `->`), so the index of every link's id is built only when a link is asked about.
        if kind is None or kind == "link":
            index = model.link_index(item)
            if index is not None:
                return self._link(index)
        if kind == "evidence":
            return model.grade_confidence(model.evidence[item])
        if kind in CAUSAL_NODE_KINDS:
            return accrue(model, model.evidence_for.get(item, ()), model.grade_confidence)
        if kind == "source":
            table = model.settings.grade_confidence
            grades = model.reporting.path_grades.get(item, frozenset())
            return min((table[grade_pair(grade, UNKNOWN_CREDIBILITY)] for grade in grades), default=0.0)
        return 0.0

    def _link(self, index: int) -> float:
        model = self.model
        link = model.links[index]
        support = model.link_support[index]
        own = accrue(model, support, model.grade_confidence) if support else 0.0
        if link.assumed is not None:
            # The analyst's judgement is a floor: weak evidence added to it never makes the link weaker.
            own = max(own, model.settings.assumed_confidence)
        # Plain node strengths: a link's causes are events or claims, never links.
        causes = [self.of(name) for name in dict.fromkeys(w.text for w in link.causes) if model.kind_of(name) in CAUSAL_NODE_KINDS]
        return min([own, *causes])
