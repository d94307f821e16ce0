"""Bayesian process tracing (Fairfield and Charman 2017), per outcome: optional, beside ACH.

Pure computation; `causal ach` prints it (causal.report.ach_text) and the ACH
JSON carries it (causal.report.ach_json). Definitions (docs/language.md,
"Bayesian process tracing (optional)"):

- **Priors.** `prior NUMBER` on a hypothesis is a relative weight; the priors
  of an outcome's hypotheses are normalised to sum to 1. A posterior is
  computed only when every hypothesis of the outcome has a usable prior and
  no two of them are `compatible-with` each other (Bayes' rule here needs a
  mutually exclusive set); otherwise the result says why not.
- **Likelihoods.** `likelihood H NUMBER` on an evidence item gives P(E | H)
  up to a factor common to all of the item's likelihoods: only the ratios
  P(E | Hi) / P(E | Hj) matter. An item counts when it gives a usable
  likelihood for every hypothesis of the set; an item that gives some only
  is listed as not usable, with the hypotheses it leaves out.
- **Statuses.** Rejected evidence contributes nothing (listed as ignored).
  Undecided evidence has its likelihood ratios tempered toward 1: each
  likelihood is raised to the power `undecided-weight` (0.5 by default), the
  same factor that weighs undecided evidence in ACH.
- **Bayes' rule, odds form.** With the evidence conditionally independent
  given each hypothesis,

      posterior(Hi) ∝ prior(Hi) × Π_e P(e | Hi)^w(e)

  computed in log space (natural logs, summed with `math.fsum`, so the
  order of the items never changes a result), then normalised.
- **Weight of evidence.** For the leading pair (the two hypotheses with the
  highest posteriors, ties in file order), each item's weight of evidence is
  10 log10 of its likelihood ratio, times w(e): decibans (dB). The prior
  log-odds plus the items' weights is the posterior log-odds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from attrs import frozen

from causal.analysis.labels import Label
from causal.language import ast

# Why a posterior is not computed.
MISSING_PRIORS = "missing priors"
INVALID_PRIORS = "invalid priors"
COMPATIBLE = "compatible hypotheses"

DECIBANS_PER_NEPER = 10 / math.log(10)  # 10 log10(x) = ln(x) × 10 / ln 10


def _usable(number: ast.Number | None) -> bool:
    if number is None:
        return False
    value = number.value
    return not isinstance(value, bool) and value > 0 and math.isfinite(value)


@frozen
class ItemWeight:
    """One evidence item that counts in the posterior."""

    evidence: str
    label: str
    exponent: float  # 1 for accepted evidence, `undecided-weight` for undecided evidence
    likelihoods: tuple[float, ...]  # P(e | H), as written, in the order of the hypotheses
    weight: float | None  # decibans for the leading pair, tempered by the exponent; None without a pair
    line: int


@frozen
class Unusable:
    """An evidence item that gives likelihoods but does not count: why, and for which hypotheses."""

    evidence: str
    reason: str  # "rejected" | "missing" | "invalid" | another label whose weight is 0
    hypotheses: tuple[str, ...]  # the hypotheses it gives no usable likelihood for ("missing", "invalid")
    line: int


@frozen
class Posterior:
    """The Bayesian block of one outcome (present when a hypothesis of the outcome has a prior)."""

    hypotheses: tuple[str, ...]  # the outcome's hypotheses, in file order
    computed: bool
    reason: str | None = None  # MISSING_PRIORS, INVALID_PRIORS or COMPATIBLE when not computed
    without: tuple[str, ...] = ()  # the hypotheses without a (usable) prior
    compatible_pairs: tuple[tuple[str, str], ...] = ()
    priors: tuple[float, ...] = ()  # normalised
    posteriors: tuple[float, ...] = ()
    items: tuple[ItemWeight, ...] = ()  # in file order
    unusable: tuple[Unusable, ...] = ()  # in file order
    pair: tuple[str, str] | None = None  # the leading pair, first then second
    prior_weight: float | None = None  # the pair's prior log-odds, decibans
    posterior_weight: float | None = None  # the pair's posterior log-odds, decibans

    def posterior(self, name: str) -> float:
        return self.posteriors[self.hypotheses.index(name)]

    def prior(self, name: str) -> float:
        return self.priors[self.hypotheses.index(name)]


def gives_likelihoods(item: ast.EvidenceDecl, names: Iterable[str]) -> bool:
    wanted = set(names)
    return any(each.hypothesis.text in wanted for each in item.likelihoods)


def _likelihoods(item: ast.EvidenceDecl) -> dict[str, ast.Number]:
    """The item's likelihood of each hypothesis it names; the first one when it names one twice."""
    found: dict[str, ast.Number] = {}
    for each in item.likelihoods:
        found.setdefault(each.hypothesis.text, each.value)
    return found


def posterior(
    declarations: list[ast.HypothesisDecl],
    items: Iterable[ast.EvidenceDecl],
    labels: dict[str, str],
    compatible: dict[str, set[str]],
    undecided_weight: float,
) -> Posterior | None:
    """The posterior of an outcome's hypotheses (``declarations``), from the ``items`` that give likelihoods
    for them, labelled by ``labels``; None when none of the hypotheses has a prior."""
    if not any(declaration.prior is not None for declaration in declarations):
        return None
    names = tuple(declaration.name.text for declaration in declarations)
    without = tuple(d.name.text for d in declarations if d.prior is None)
    if without:
        return Posterior(names, False, MISSING_PRIORS, without=without)
    invalid = tuple(d.name.text for d in declarations if not _usable(d.prior))
    if invalid:
        return Posterior(names, False, INVALID_PRIORS, without=invalid)
    pairs = tuple(
        (first, second)
        for i, first in enumerate(names)
        for second in names[i + 1 :]
        if second in compatible.get(first, set())
    )
    if pairs:
        return Posterior(names, False, COMPATIBLE, compatible_pairs=pairs)

    log_priors = [math.log(d.prior.value) for d in declarations]
    prior_total = math.fsum(math.exp(value - max(log_priors)) for value in log_priors)
    priors = tuple(math.exp(value - max(log_priors)) / prior_total for value in log_priors)

    used: list[tuple[ast.EvidenceDecl, float, tuple[float, ...]]] = []
    unusable: list[Unusable] = []
    for item in items:
        name, line = item.name.text, item.span.line
        label = labels[name]
        given = _likelihoods(item)
        exponent = 1.0 if label == Label.ACCEPTED.value else 0.0 if label == Label.REJECTED.value else undecided_weight
        missing = tuple(h for h in names if h not in given)
        invalid = tuple(h for h in names if h in given and not _usable(given[h]))
        if exponent == 0:
            unusable.append(Unusable(name, label, (), line))
        elif missing:
            unusable.append(Unusable(name, "missing", missing, line))
        elif invalid:
            unusable.append(Unusable(name, "invalid", invalid, line))
        else:
            used.append((item, exponent, tuple(float(given[h].value) for h in names)))

    # log posterior(Hi) = ln prior(Hi) + Σ_e w(e) ln P(e | Hi), less the log of the normaliser.
    logs = [
        math.fsum([math.log(d.prior.value), *(w * math.log(values[i]) for _item, w, values in used)])
        for i, d in enumerate(declarations)
    ]
    top = max(logs)
    total = math.fsum(math.exp(value - top) for value in logs)
    posteriors = tuple(math.exp(value - top) / total for value in logs)

    pair = None
    if len(names) >= 2:
        order = sorted(range(len(names)), key=lambda i: (-logs[i], i))
        pair = (order[0], order[1])
    items_out = []
    for item, w, values in used:
        weight = None
        if pair is not None:
            first, second = pair
            weight = w * (math.log(values[first]) - math.log(values[second])) * DECIBANS_PER_NEPER
        items_out.append(ItemWeight(item.name.text, labels[item.name.text], w, values, weight, item.span.line))
    prior_weight = posterior_weight = None
    pair_names = None
    if pair is not None:
        first, second = pair
        prior_weight = (log_priors[first] - log_priors[second]) * DECIBANS_PER_NEPER
        posterior_weight = (logs[first] - logs[second]) * DECIBANS_PER_NEPER
        pair_names = (names[first], names[second])
    return Posterior(
        names,
        True,
        priors=priors,
        posteriors=posteriors,
        items=tuple(items_out),
        unusable=tuple(unusable),
        pair=pair_names,
        prior_weight=prior_weight,
        posterior_weight=posterior_weight,
    )
