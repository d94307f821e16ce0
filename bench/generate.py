#!/usr/bin/env python3
"""Synthetic but realistic case files for the speed and memory benchmark.

    python bench/generate.py --statements 100000 --seed 1 -o bench/out/case-100000.cx

The output is deterministic for a given (statements, seed). A large case is
written as a run of *episodes* of 80 to 400 statements each, like the parts of
a long analysis: each episode declares its sources, actors, events (on a
timeline of its own), claims, evidence, links, a few contradictions, chains
and expectations, and refers back to earlier episodes now and then (sources
reported `via` an earlier outlet, evidence from an earlier source, a link from
an earlier claim). The mix of statements follows a real case:

    sources 5%  actors 5%  events 30%  claims 10%  evidence 21%  links 26%
    contradictions 0.5%  chains 1.5%  expect lines 1%   (plus `case` and `set`)

Most of it is well formed, so the checker's output is not dominated by
findings, but every rule family gets work: links go forward in time (a few go
backwards, giving cycles and temporal-order errors), most links have evidence
from two or more independent origins (some rest on one source, some on
low-grade evidence, some are assumed, a few have none), quotes are checked
against small document files written beside the case (a few are misquoted or
cannot be checked), chains of 3 to 8 steps follow links (a few have a gap),
contradictions have supported sides (half are `allow`ed), and `expect` lines
state what the checker will find.

The documents go to a folder beside the output, `<stem>.docs/`, named from the
case file by a relative path as the language requires.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Shares of the statements, by kind (they sum to 1).
SHARES = (
    ("source", 0.05),
    ("actor", 0.05),
    ("event", 0.30),
    ("claim", 0.10),
    ("evidence", 0.21),
    ("link", 0.26),
    ("contradiction", 0.005),
    ("chain", 0.015),
    ("expect", 0.01),
)
HEADER_STATEMENTS = 2  # `case` and `set`
BACKWARD = "the article's order of events, as written"  # the comment on links that go back in time
EPISODE_SIZES = (80, 400)
DOCUMENT_COUNT = 8
SENTENCES_PER_DOCUMENT = 40

# How the links that are not chain steps are supported (shares of those links).
LINK_SUPPORT = (
    ("good", 0.62),  # 2-3 items from independent origins, at least one graded well
    ("labelled", 0.10),  # labelled link: one item names it with `supports`, one with `because`
    ("single", 0.08),  # one item: single-source
    ("weak", 0.03),  # only low-grade items: weak-support
    ("assumed", 0.14),
    ("unsupported", 0.03),
)
RELIABILITY_OF_ROOTS = (("A", 5), ("B", 30), ("C", 35), ("D", 20), ("E", 6), ("F", 2), (None, 2))
RELIABILITY_OF_RELAYS = (("B", 15), ("C", 35), ("D", 30), ("E", 12), ("F", 8))
CREDIBILITY = ((1, 8), (2, 32), (3, 35), (4, 13), (5, 6), (6, 3), (None, 3))
TIME_FORMS = (("day", 38), ("month", 28), ("year", 4), ("month-range", 10), ("day-range", 8), ("none", 12))
LINK_KINDS = ((None, 30), ("causes", 25), ("enables", 13), ("triggers", 12), ("motivates", 12), ("prevents", 8))

OUTLETS = (
    "reuters afp tass irna debka haaretz kommersant izvestia al_monitor al_arabiya bbc_monitoring "
    "interfax isw crisis_group sana fars_news tasnim rudaw asharq kurdistan24 nyt wapo ft "
    "guardian le_monde der_spiegel novaya_gazeta meduza rferl voa enab_baladi"
).split()
RELAY_WORDS = "sources officials insiders diplomats aides witnesses analysts cables briefings leaks".split()
PLACES = (
    "moscow tehran damascus baghdad washington ankara riyadh beirut aleppo latakia hama homs "
    "idlib raqqa deir_ezzor mosul erbil habbaniya hmeimim tartus palmyra kobani"
).split()
PERSONS = (
    "putin soleimani shoigu lavrov zarif rouhani khamenei assad al_abadi erdogan obama kerry "
    "nasrallah gerasimov velayati salman netanyahu barzani maliki al_muallem"
).split()
# Some names are not ASCII, as in real cases (`Sūleymānī`).
UNICODE_PERSONS = ("sūleymānī", "ẓarīf", "şahin", "müller", "лавров", "ḥusayn")
ORGS = "irgc hezbollah ypg sdf fsa isis nusra vks gru mossad cia pentagon kremlin majlis".split()
VERBS = (
    "withdraws deploys pledges refuses blocks signs meets warns strikes seizes retreats "
    "negotiates announces denies supplies reinforces evacuates shells recaptures visits "
    "sanctions condemns mobilises halts resumes".split()
)
OBJECTS = (
    "troops advisers the_air_base the_convoy the_ceasefire the_pipeline the_deal the_corridor "
    "the_offensive the_summit the_contingent the_airlift the_border_crossing the_militias "
    "the_arms_shipment the_land_bridge the_talks the_embargo the_garrison the_radar_station"
).split()
CLAIM_PHRASES = (
    "relations between {a} and {b} break down",
    "{a} no longer trusts {b}",
    "{a} wants a permanent foothold near {p}",
    "{a} fears losing influence in {p}",
    "{a} and {b} compete for control of {p}",
    "{a} is paying {b} back for an earlier slight",
    "{a} cannot afford a long war around {p}",
    "{a} bets that {b} will back down",
    "{a} needs a win before the talks",
    "the front near {p} is about to collapse",
)
MECHANISMS = (
    "removes the cover the other side relied on",
    "raises the cost of staying",
    "signals that the promise will not be kept",
    "frees forces for the next move",
    "cuts the supply route",
    "gives a pretext to act",
    "shifts the balance on the ground",
)
ASSUMPTIONS = (
    "the author's inference; no source states it",
    "common knowledge among observers",
    "plausible given the timing; kept as a hypothesis",
    "the article's framing; not argued",
)
LABEL_WORDS = "thesis motive payback pressure pretext leverage trigger spillover backlash gamble".split()
SENTENCE_TEMPLATES = (
    "{A} {v} {o} near {P}, {r} said on condition of anonymity.",
    "According to {r} in {P}, {a} {v} {o} after weeks of talks.",
    "“We will not accept this,” {A} told {r} in {P}.",
    "The decision to {vb} {o} was taken in {P} — not in {Q}.",
    "{A} had promised {o}; by spring nothing had arrived in {P}.",
    "Diplomats in {P} described the move as “a message to {a}”.",
    "{r} in {Q} said {a} {v} {o} without warning.",
    "It was the third time since the summit that {a} {v} {o}.",
)


def _weighted(rng: random.Random, table):
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights)[0]


def _words(name: str) -> str:
    return name.replace("_", " ")


def _title(name: str) -> str:
    text = _words(name)
    return text[:1].upper() + text[1:]


def escape(text: str) -> str:
    """Text as a .cx string literal body."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _is_low_grade(reliability: str, credibility: int | None) -> bool:
    # The checker's default thresholds: reliability E or worse, or credibility 5 or worse.
    return reliability >= "E" or (credibility or 6) >= 5


# The checker's default grading, to predict chain verdicts (docs/language.md, "Grades and
# confidence"). Written out here, not imported: the generator predicts, it does not ask the
# checker. The grade table: credibility sets a scale, reliability discounts it; one cell per pair.
CREDIBILITY_SCALE = {1: 0.8, 2: 0.8, 3: 0.55, 4: 0.3, 5: 0.1, 6: 0.5}
RELIABILITY_DISCOUNT = {"A": 1.0, "B": 0.9, "C": 0.8, "D": 0.65, "E": 0.5, "F": 0.75}
GRADE_CONFIDENCE = {
    (reliability, credibility): round(discount * scale, 2)
    for reliability, discount in RELIABILITY_DISCOUNT.items()
    for credibility, scale in CREDIBILITY_SCALE.items()
}
ASSUMED_CONFIDENCE = 0.3
UNDECIDED_WEIGHT = 0.5
LOW_CONFIDENCE = 0.3

# Link strengths, weakest first, as chain steps rank them (docs/language.md, `link` and `chain`).
MISSING, REJECTED, UNSUPPORTED, ASSUMED, WEAK, SINGLE, SUPPORTED = range(7)
# Statuses of events, claims and links (docs/language.md, "Labels").
IN, OUT, UNDEC = "accepted", "rejected", "undecided"


def _accrue(items) -> float:
    """Support given together: the best item of each independent group, groups as independent witnesses.

    Every cited source here has one outlet (the root of its `via` path, its `origin`), so
    reporting groups are origins. Groups in order of first appearance, as the checker
    multiplies them: the same operations in the same order give the same float.
    """
    best: dict[str, float] = {}
    for item in dict.fromkeys(items):
        key = item.source.origin
        best[key] = max(best[key], item.confidence) if key in best else item.confidence
    doubt = 1.0
    for value in best.values():
        doubt *= 1.0 - value
    return 1.0 - doubt


# --- records of what an episode declares ------------------------------------------


@dataclass(eq=False)
class Source:
    name: str
    title: str
    reliability: str | None  # as written
    effective: str  # worst grade along the `via` path (F when not written)
    origin: str | None  # None when the `via` path loops
    path_grades: frozenset[str] = frozenset()  # every reliability grade on the `via` path
    via: str | None = None
    document: int | None = None  # the document this source holds
    document_of_path: int | None = None  # the first document along the `via` path
    depth: int = 0
    note: str | None = None


@dataclass(eq=False)
class Event:
    name: str
    title: str
    actors: list[str]
    time: str | None
    form: str
    position: int
    note: str | None = None


@dataclass(eq=False)
class Claim:
    name: str
    title: str
    position: int
    note: str | None = None


@dataclass(eq=False)
class Evidence:
    name: str
    source: Source
    credibility: int | None
    low_grade: bool
    confidence: float  # the grade table's cell, with the weakest reliability on the path
    supports: list[str] = field(default_factory=list)
    quote: str | None = None
    cited: bool = False


@dataclass(eq=False)
class Link:
    causes: list[str]
    effect: str
    because: list[str] = field(default_factory=list)
    label: str | None = None
    kind: str | None = None
    mechanism: str | None = None
    assumed: str | None = None
    feedback: bool = False
    note: str | None = None
    allows: list[tuple[str, str]] = field(default_factory=list)
    comment: str | None = None
    support: list[Evidence] = field(default_factory=list)  # `because` items and the label's supporters


@dataclass(eq=False)
class Node:
    """An event or claim in an episode's causal order; links go from lower to higher positions."""

    name: str
    dated: bool  # has a closed time interval (chains and temporal checks use these)
    open_start: bool = False  # `..DATE`: only ever a cause
    open_end: bool = False  # `DATE..`: only ever an effect
    claim: bool = False


# --- documents -------------------------------------------------------------------------


def make_documents(rng: random.Random) -> list[list[str]]:
    documents = []
    for _ in range(DOCUMENT_COUNT):
        sentences = []
        for _ in range(SENTENCES_PER_DOCUMENT):
            template = rng.choice(SENTENCE_TEMPLATES)
            actor = _words(rng.choice(PERSONS + ORGS))
            sentences.append(
                template.format(
                    A=actor[:1].upper() + actor[1:],
                    a=actor,
                    v=rng.choice(VERBS),
                    vb=rng.choice(VERBS).rstrip("s"),
                    o=_words(rng.choice(OBJECTS)),
                    P=_title(rng.choice(PLACES)),
                    Q=_title(rng.choice(PLACES)),
                    r=f"{rng.choice(RELAY_WORDS)}",
                )
            )
        documents.append(sentences)
    return documents


def document_text(sentences: list[str]) -> str:
    lines = []
    for start in range(0, len(sentences), 4):
        lines.append(" ".join(sentences[start : start + 4]))
    return "\n\n".join(lines) + "\n"


def quote_from(rng: random.Random, sentence: str) -> str:
    """A quote of ``sentence`` as an analyst types it: exact, with straight quotes, part of it, or elided."""
    words = sentence.split(" ")
    style = rng.random()
    if style < 0.5 or len(words) < 8:
        return sentence
    if style < 0.75:
        return sentence.replace("“", '"').replace("”", '"').replace("—", "--")
    if style < 0.9:
        start = rng.randrange(0, len(words) - 5)
        return " ".join(words[start : start + rng.randint(5, len(words) - start)])
    return " ".join(words[:3]) + " ... " + " ".join(words[-3:])


def misquote(rng: random.Random, sentence: str) -> str:
    words = sentence.split(" ")
    for _ in range(2):
        words[rng.randrange(len(words))] = rng.choice(VERBS)
    return " ".join(words) + " (sic)"


# --- the generator --------------------------------------------------------------------------


class Generator:
    def __init__(self, statements: int, seed: int, documents_folder: str) -> None:
        if statements < 30:
            raise ValueError("a benchmark case needs at least 30 statements")
        self.rng = random.Random(seed)
        self.total = statements
        self.documents_folder = documents_folder
        self.documents = make_documents(self.rng)
        self.serial = 0
        self.lines: list[str] = []
        self.counts: dict[str, int] = {kind: 0 for kind, _ in SHARES}
        # Earlier episodes' declarations that later ones refer back to.
        self.past_sources: list[Source] = []
        self.past_actors: list[str] = []
        self.past_claims: list[str] = []
        self.past_evidence: list[Evidence] = []
        self.dung_labels: dict[str, str] = {}  # contradiction sides of every episode: accepted, rejected, undecided
        self.planted: dict[str, int] = {}

    def fresh(self, stem: str) -> str:
        self.serial += 1
        return f"{stem}_{self.serial}"

    # -- the whole file

    def run(self) -> str:
        self.lines += [
            "# Synthetic benchmark case (bench/generate.py); statements: "
            f"{self.total}. Not a real analysis.",
            "",
            'case "Russia, Iran and the war in Syria: a long synthetic case"',
            '  analyst "bench/generate.py" date 2026-01-15',
            '  note "Episodes of a long analysis; each episode has its own timeline."',
            "",
            "set weak-support reliability E credibility 5",
            "",
        ]
        sizes = self._episode_sizes(self.total - HEADER_STATEMENTS)
        done = 0
        for number, size in enumerate(sizes, 1):
            wanted = self._shares_between(done, done + size)
            done += size
            Episode(self, number, wanted).write()
        return "\n".join(self.lines) + "\n"

    def _episode_sizes(self, statements: int) -> list[int]:
        low, high = EPISODE_SIZES
        sizes: list[int] = []
        left = statements
        while left > 0:
            size = self.rng.randint(low, high)
            if left - size < low:
                size = left
            sizes.append(size)
            left -= size
        return sizes

    def _shares_between(self, start: int, end: int) -> dict[str, int]:
        """Statements of each kind in [start, end): the difference of rounded cumulative shares."""

        def cumulative(n: int) -> dict[str, int]:
            counts = {kind: int(share * n + 0.5) for kind, share in SHARES}
            counts["event"] += n - sum(counts.values())
            return counts

        before, after = cumulative(start), cumulative(end)
        return {kind: after[kind] - before[kind] for kind, _ in SHARES}


class Episode:
    def __init__(self, generator: Generator, number: int, wanted: dict[str, int]) -> None:
        self.g = generator
        self.rng = generator.rng
        self.number = number
        self.wanted = wanted
        self.sources: list[Source] = []
        self.actors: list[str] = []
        self.events: list[Event] = []
        self.claims: list[Claim] = []
        self.nodes: list[Node] = []  # causal order
        self.evidence: list[Evidence] = []
        self.links: list[Link] = []
        self.link_pairs: set[tuple[tuple[str, ...], str]] = set()
        self.contradictions: list[tuple[str, str, str, list[tuple[str, str]]]] = []
        self.chains: list[tuple[str, list[list[str]], str]] = []  # name, steps, verdict
        self.expectations: list[str] = []
        self.covered: set[str] = set()
        self.expect_candidates: list[str] = []
        self._names: set[str] | None = None  # this episode's events and claims, once all are made
        self._support_of: dict[str, list[Evidence]] | None = None  # once evidence is complete
        self.defeaters: dict[str, list[str]] = {}  # contradiction sides: the sides that defeat them

    # -- declarations

    def make_sources(self) -> None:
        rng, g = self.rng, self.g
        count = self.wanted["source"]
        loop_pair = count >= 6 and rng.random() < 0.03  # circular reporting, rarely
        for index in range(count):
            as_root = index < 2 or rng.random() < 0.7
            outlet = rng.choice(OUTLETS)
            if as_root:
                name = g.fresh(outlet)
                grade = _weighted(rng, RELIABILITY_OF_ROOTS)
                source = Source(name, _title(outlet), grade, grade or "F", name, frozenset(grade or "F"))
                if rng.random() < 0.15:
                    source.document = rng.randrange(DOCUMENT_COUNT)
                    source.document_of_path = source.document
            else:
                relayed = self._relayed()
                place = rng.choice(PLACES)
                name = g.fresh(f"{place}_{rng.choice(RELAY_WORDS)}")
                grade = _weighted(rng, RELIABILITY_OF_RELAYS)
                source = Source(
                    name,
                    f"{relayed.title}'s {rng.choice(RELAY_WORDS)} in {_title(place)}",
                    grade,
                    max(grade, relayed.effective),
                    relayed.origin,
                    relayed.path_grades | {grade},
                    via=relayed.name,
                    document_of_path=relayed.document_of_path,
                    depth=relayed.depth + 1,
                )
            if rng.random() < 0.04:
                source.note = "Anonymous; we have only the outlet's word for what was said."
            self.sources.append(source)
        if loop_pair:
            first, second = self.sources[-2], self.sources[-1]
            for source, other in ((first, second), (second, first)):
                source.via, source.origin, source.document = other.name, None, None
                source.document_of_path = None
            g.planted["circular-reporting"] = g.planted.get("circular-reporting", 0) + 1

    def _relayed(self) -> Source:
        """The source a new relay reports via: mostly one of this episode's, now and then an earlier one."""
        rng, g = self.rng, self.g
        for _ in range(20):
            pool = self.sources if (rng.random() < 0.8 or not g.past_sources) else g.past_sources
            candidate = rng.choice(pool)
            if candidate.origin is not None and candidate.depth < 3:
                return candidate
        return self.sources[0]

    def make_actors(self) -> None:
        rng, g = self.rng, self.g
        for _ in range(self.wanted["actor"]):
            roll = rng.random()
            stem = rng.choice(UNICODE_PERSONS) if roll < 0.03 else rng.choice(PERSONS + ORGS)
            if roll > 0.97:
                stem = stem + "-" + rng.choice(PLACES)  # inner hyphens are allowed
            self.actors.append(g.fresh(stem))

    def make_events_and_claims(self) -> None:
        rng, g = self.rng, self.g
        n_events, n_claims = self.wanted["event"], self.wanted["claim"]
        # Claims sit between events in the causal order; they have no time.
        kinds = ["event"] * n_events + ["claim"] * n_claims
        rng.shuffle(kinds)
        cursor = datetime.date(rng.randint(1950, 2015), rng.randint(1, 12), 1).toordinal()
        event_index = 0
        unused_actors = list(self.actors)
        for position, kind in enumerate(kinds):
            if kind == "claim":
                a, b = rng.sample(PERSONS + ORGS, 2)
                phrase = rng.choice(CLAIM_PHRASES).format(a=_words(a), b=_words(b), p=_title(rng.choice(PLACES)))
                name = g.fresh(f"{a}_{rng.choice(('aims', 'fears', 'rift', 'bet', 'stake', 'motive'))}")
                claim = Claim(name, phrase[:1].upper() + phrase[1:], position)
                if rng.random() < 0.05:
                    claim.note = "Asserted in the article's conclusion; not dated."
                self.claims.append(claim)
                self.nodes.append(Node(name, dated=False, claim=True))
                continue
            first, last = event_index == 0, event_index == n_events - 1
            event_index += 1
            form = _weighted(rng, TIME_FORMS)
            if first and rng.random() < 0.3:
                form = "until"
            if last and rng.random() < 0.3:
                form = "from"
            time, cursor = self._time(form, cursor)
            subject = rng.choice(PERSONS + ORGS)
            verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
            name = g.fresh(f"{subject}_{verb}")
            actors: list[str] = []
            if unused_actors:
                actors.append(unused_actors.pop())
            elif rng.random() < 0.8:
                pool = self.actors if (rng.random() < 0.9 or not g.past_actors) else g.past_actors
                actors.append(rng.choice(pool))
            if actors and rng.random() < 0.25:
                extra = rng.choice(self.actors)
                if extra not in actors:
                    actors.append(extra)
            title = f"{_title(subject)} {verb} {_words(obj)} near {_title(rng.choice(PLACES))}"
            event = Event(name, title, actors, time, form, position)
            if rng.random() < 0.04:
                event.note = "Dated from the article's 'a few days later'."
            self.events.append(event)
            self.nodes.append(
                Node(name, dated=form not in ("none", "until", "from"), open_start=form == "until", open_end=form == "from")
            )
        # Actors left over (more actors than events) are named on the last events.
        for actor, event in zip(unused_actors, reversed(self.events)):
            event.actors.append(actor)

    def _time(self, form: str, cursor: int) -> tuple[str | None, int]:
        """A time of the given form, starting after ``cursor``, and the new cursor (the day after it ends)."""
        rng = self.rng
        day = datetime.date.fromordinal(cursor + rng.randint(0, 20))
        if form == "none":
            return None, cursor
        if form == "day":
            return day.isoformat(), day.toordinal() + 1
        if form == "until":
            return f"..{day:%Y-%m}", _month_end(day).toordinal() + 1
        if form == "from":
            return f"{day.isoformat()}..", cursor
        first = _next_month_start(day)
        if form == "month":
            return f"{first:%Y-%m}", _month_end(first).toordinal() + 1
        if form == "year":
            year = day.year + 1
            return f"{year}", datetime.date(year, 12, 31).toordinal() + 1
        if form == "month-range":
            last = first
            for _ in range(rng.randint(1, 4)):
                last = _next_month_start(_month_end(last) + datetime.timedelta(days=1))
            return f"{first:%Y-%m}..{last:%Y-%m}", _month_end(last).toordinal() + 1
        end = day + datetime.timedelta(days=rng.randint(2, 40))
        return f"{day.isoformat()}..{end.isoformat()}", end.toordinal() + 1

    def make_evidence(self) -> None:
        rng, g = self.rng, self.g
        citable = [s for s in self.sources if s.origin is not None]
        for index in range(self.wanted["evidence"]):
            if index < len(citable):
                source = citable[index]  # every source is cited at least once
            elif rng.random() < 0.05 and g.past_sources:
                source = rng.choice(g.past_sources)
            else:
                source = rng.choice(citable)
            credibility = _weighted(rng, CREDIBILITY)
            item = Evidence(
                g.fresh(rng.choice(("said", "report", "quote", "cable", "claim", "leak", "brief", "stmt"))),
                source,
                credibility,
                _is_low_grade(source.effective, credibility),
                min(GRADE_CONFIDENCE[grade, credibility or 6] for grade in source.path_grades),
            )
            self._quote(item)
            self.evidence.append(item)

    def _quote(self, item: Evidence) -> None:
        rng = self.rng
        document = item.source.document_of_path
        if document is None:
            if rng.random() < 0.004:
                item.quote = "the move was agreed in advance"  # cannot be checked: unverifiable-quote
            return
        if rng.random() < 0.1:
            return
        sentence = rng.choice(self.g.documents[document])
        item.quote = misquote(rng, sentence) if rng.random() < 0.01 else quote_from(rng, sentence)

    # -- links

    def _support(
        self, count: int, *, good: bool = True, low: bool = False, local: bool = False
    ) -> list[Evidence] | None:
        """``count`` evidence items from distinct origins; the first graded well (``good``) or all low-grade."""
        rng = self.rng
        pool = [e for e in self.evidence if e.source.origin is not None and (e.low_grade if low else True)]
        if len(pool) < count:
            return None
        chosen: list[Evidence] = []
        origins: set[str] = set()
        for attempt in range(count * 12):
            candidates = pool
            if not local and rng.random() < 0.03 and self.g.past_evidence:
                candidates = self.g.past_evidence
            item = rng.choice(candidates)
            if item in chosen or item.source.origin in origins or (low and not item.low_grade):
                continue
            if good and not chosen and item.low_grade:
                continue
            chosen.append(item)
            origins.add(item.source.origin)
            if len(chosen) == count:
                return chosen
        return None

    def _add_link(self, link: Link) -> None:
        self.links.append(link)
        self.link_pairs.add((tuple(link.causes), link.effect))
        self.covered.update(link.causes)
        self.covered.add(link.effect)

    def _supported_link(self, causes: list[str], effect: str, style: str) -> Link:
        """A link with the given support style; styles that cannot be had here fall back to `assumed`."""
        rng = self.rng
        link = Link(list(causes), effect, kind=_weighted(rng, LINK_KINDS))
        if rng.random() < 0.3:
            link.mechanism = f"{_title(rng.choice(MECHANISMS))}"
        if rng.random() < 0.04:
            link.note = "The article gives no date for the decision."
        target = f"{', '.join(causes)} -> {effect}"
        if style == "good":
            items = self._support(rng.choice((2, 2, 2, 3))) or self._support(2)
        elif style == "labelled":
            items = self._support(2, local=True)
            if items:
                link.label = self.g.fresh(rng.choice(LABEL_WORDS))
                items[1].supports.append(link.label)
                link.support = [items[1]]
                items = items[:1]
                self.expect_candidates.append(f"expect no unsupported-link on {link.label}")
        elif style == "single":
            items = self._support(1, good=False)
            if items:
                self.expect_candidates.append(f"expect single-source on {target}")
        elif style == "weak":
            items = self._support(2, good=False, low=True) or self._support(1, good=False, low=True)
            if items:
                self.g.planted["weak-support"] = self.g.planted.get("weak-support", 0) + 1
        elif style == "unsupported":
            items = []
            if rng.random() < 0.3:
                link.allows.append(("unsupported-link", "the article's own thesis; kept to show it is unargued"))
                self.g.planted["allowed"] = self.g.planted.get("allowed", 0) + 1
            else:
                self.expect_candidates.append(f"expect unsupported-link on {target}")
                link.comment = "the thesis: no evidence given"
            self.g.planted["unsupported-link"] = self.g.planted.get("unsupported-link", 0) + 1
        else:
            items = None
        if style not in ("unsupported",) and not items:
            link.assumed = rng.choice(ASSUMPTIONS)
            items = []
        for item in items:
            item.cited = True
        link.because = [item.name for item in items]
        link.support = items + link.support
        return link

    def make_chains(self, budget: int) -> int:
        """Chains of 3 to 8 dated events, each step made by a well-supported link. Returns links used."""
        rng, g = self.rng, self.g
        used = 0
        dated = [i for i, node in enumerate(self.nodes) if node.dated]
        for _ in range(self.wanted["chain"]):
            length = rng.randint(3, 8)
            if len(dated) < length + 1 or used + length + 1 > budget:
                continue
            picked = sorted(rng.sample(dated, length))
            steps: list[list[str]] = [[self.nodes[i].name] for i in picked]
            # Now and then a step of two events acting together: a -> b, x -> c.
            if length >= 3 and rng.random() < 0.15:
                at = rng.randint(1, length - 2)
                between = [i for i in dated if picked[at - 1] < i < picked[at + 1] and i not in picked]
                if between:
                    steps[at].append(self.nodes[rng.choice(between)].name)
            gap = length >= 4 and rng.random() < 0.1
            gap_at = rng.randint(0, length - 2) if gap else -1
            for index, (before, after) in enumerate(zip(steps, steps[1:])):
                if index == gap_at:
                    continue
                for effect in after:
                    if (tuple(before), effect) in self.link_pairs:
                        continue
                    self._add_link(self._supported_link(before, effect, "good"))
                    used += 1
            name = g.fresh(rng.choice(("thesis", "narrative", "story", "account", "chain")))
            if gap:
                g.planted["chain-gap"] = g.planted.get("chain-gap", 0) + 1
            self.chains.append((name, steps, "?"))
            for names in steps:
                self.covered.update(names)
        return used

    def make_links(self) -> None:
        rng, g = self.rng, self.g
        budget = self.wanted["link"]
        used = self.make_chains(budget)
        nodes = self.nodes
        claims = [i for i, node in enumerate(nodes) if node.claim]

        # A few loops meant as loops (escalation between claims), marked `feedback`.
        if len(claims) >= 2 and budget - used >= 4 and rng.random() < 0.15:
            a, b = sorted(rng.sample(claims, 2))
            self._add_link(self._supported_link([nodes[a].name], nodes[b].name, "good"))
            back = self._supported_link([nodes[b].name], nodes[a].name, "assumed")
            back.feedback = True
            back.comment = "escalation: meant as a loop"
            self._add_link(back)
            used += 2
        # Links from claims of earlier episodes (undated, so never out of order).
        if g.past_claims and budget - used >= 2:
            for _ in range(max(1, budget // 40)):
                effect = nodes[rng.randrange(len(nodes))]
                if effect.open_start:
                    continue
                cause = rng.choice(g.past_claims)
                if ((cause,), effect.name) in self.link_pairs:
                    continue
                self._add_link(self._supported_link([cause], effect.name, _weighted(rng, LINK_SUPPORT)))
                used += 1
        # A few links backwards in time, closing a path a -> b -> c with c -> a: a causal
        # cycle, and a temporal-order error when both ends are dated. Made after the rest.
        backward = len(nodes) > 10 and budget - used >= 2 and rng.random() < 0.12
        if backward:
            budget -= 1

        # Every event and claim gets a link when the budget allows, nearest causes first.
        order = list(range(len(nodes)))
        rng.shuffle(order)
        pending = [i for i in order if nodes[i].name not in self.covered]
        attempts = 0
        while used < budget:
            attempts += 1
            if pending:
                target = pending.pop()
                if nodes[target].name in self.covered:
                    continue
            else:
                target = rng.randrange(len(nodes))
            link = self._forward_link(target)
            if link is None:
                if not pending and used < budget:
                    # Nothing fits the target: link any two nodes in order.
                    force = attempts > 50 * budget  # duplicates only as a last resort
                    link = self._forward_link(rng.randrange(1, len(nodes)), force=force)
                if link is None:
                    continue
            self._add_link(link)
            used += 1
        if backward:
            self._add_backward_link(budget)

    def _add_backward_link(self, budget: int) -> None:
        rng, g = self.rng, self.g
        names = self._node_names()
        by_cause: dict[str, list[Link]] = {}
        for link in self.links:
            if link.effect in names:
                for cause in link.causes:
                    by_cause.setdefault(cause, []).append(link)
        starts = [link for link in self.links if link.causes[0] in names and link.effect in by_cause]
        rng.shuffle(starts)
        for first in starts[:50]:
            second = rng.choice(by_cause[first.effect])
            start, end = first.causes[0], second.effect
            if start == end or ((end,), start) in self.link_pairs:
                continue
            link = self._supported_link([end], start, "good")
            link.comment = BACKWARD
            self._add_link(link)
            g.planted["backward-link"] = g.planted.get("backward-link", 0) + 1
            return
        # No path of two links here: an ordinary forward link instead.
        while len(self.links) <= budget:
            link = self._forward_link(rng.randrange(1, len(self.nodes)), force=True)
            if link is not None:
                self._add_link(link)

    def _forward_link(self, target: int, force: bool = False) -> Link | None:
        """A link with ``target`` as effect (causes from the few nodes before it), or as cause."""
        rng, nodes = self.rng, self.nodes
        node = nodes[target]
        as_effect = target > 0 and not node.open_start
        if as_effect:
            window = [
                i
                for i in range(max(0, target - 12), target)
                if not nodes[i].open_end
            ]
            if not window:
                as_effect = False
        if as_effect:
            count = min(len(window), _weighted(rng, ((1, 75), (2, 20), (3, 5))))
            causes = [nodes[i].name for i in sorted(rng.sample(window, count))]
            effect = node.name
        else:
            if node.open_end:
                return None
            window = [i for i in range(target + 1, min(len(nodes), target + 13)) if not nodes[i].open_start]
            if not window:
                return None
            causes, effect = [node.name], nodes[rng.choice(window)].name
        if (tuple(causes), effect) in self.link_pairs and not force:
            return None
        return self._supported_link(causes, effect, _weighted(self.rng, LINK_SUPPORT))

    # -- what links do not cover

    def cover_with_evidence(self) -> None:
        """Uncovered events and claims become what evidence `supports`; every item is used.

        The events of chains come first, as an analyst documents the events of a narrative
        before anything else: an event nothing supports is `unsupported`, and leaves a chain
        through it weak at best (the verdicts are predicted from what is written either way).
        """
        rng = self.rng
        in_chains = list(dict.fromkeys(name for _, steps, _ in self.chains for step in steps for name in step))
        chained = set(in_chains)
        uncovered = [node.name for node in self.nodes if node.name not in self.covered and node.name not in chained]
        uncovered += reversed(in_chains)  # popped first, and listed first below
        free = [e for e in self.evidence if not e.cited and not e.supports]
        others = [e for e in self.evidence if e not in free]
        for item in free:
            if uncovered:
                item.supports.append(uncovered.pop())
            else:
                item.supports.append(rng.choice(self.nodes).name)
        helpers = free + others
        for index, name in enumerate(reversed(uncovered)):
            item = helpers[index % len(helpers)] if helpers else None
            if item is not None and len(item.supports) < 3:
                item.supports.append(name)
        # Many cited items also say what they bear out.
        for item in others:
            if rng.random() < 0.3 and len(item.supports) < 2:
                item.supports.append(rng.choice(self.nodes).name)

    def make_contradictions(self) -> None:
        rng, g = self.rng, self.g
        supported = list(dict.fromkeys(n for e in self.evidence for n in e.supports if n in self._node_names()))
        both_supported = len(supported) >= 2
        pool = supported if both_supported else [n.name for n in self.nodes]
        for _ in range(self.wanted["contradiction"]):
            left, right = rng.sample(pool, 2)
            name = g.fresh("accounts")
            allows: list[tuple[str, str]] = []
            if not both_supported:
                pass  # the checker may or may not report it: no allow, no expectation
            elif rng.random() < 0.5:
                allows.append(("contradiction", "the case follows the better-sourced account"))
                self.g.planted["allowed"] = self.g.planted.get("allowed", 0) + 1
            else:
                self.expect_candidates.append(f"expect contradiction on {name}")
            self.contradictions.append((name, left, right, allows))

    def _node_names(self) -> set[str]:
        if self._names is None:
            self._names = {node.name for node in self.nodes}
        return self._names

    def make_expectations(self) -> None:
        rng = self.rng
        # Now that evidence and contradictions are known, predict each chain's verdict.
        self._decide_contradictions()
        self.chains = [(name, steps, self._verdict(steps)) for name, steps, _ in self.chains]
        candidates = [f"expect chain {name} is {verdict}" for name, _, verdict in self.chains]
        candidates += self.expect_candidates
        rng.shuffle(candidates)
        fillers = [
            f"expect no temporal-order on {', '.join(link.causes)} -> {link.effect}"
            for link in self.links
            if link.comment is None and all(not self._is_past_claim(c) for c in link.causes)
        ]
        if not any(link.comment == BACKWARD for link in self.links):
            fillers += [f"expect no causal-cycle on {node.name}" for node in self.nodes[:5]]
        while len(self.expectations) < self.wanted["expect"]:
            if candidates:
                self.expectations.append(candidates.pop())
            else:
                self.expectations.append(rng.choice(fillers) if fillers else "expect no unknown-rule")

    # -- predicting the checker's verdicts (docs/language.md, "Conflicts decided by strength",
    #    "Labels", "Grades and confidence", `chain`), from what this generator knows

    def _evidence_for(self, name: str) -> list[Evidence]:
        """The items whose `supports` names ``name``, in file order (only this episode's evidence does)."""
        if self._support_of is None:
            self._support_of = {}
            for item in self.evidence:
                for target in dict.fromkeys(item.supports):
                    self._support_of.setdefault(target, []).append(item)
        return self._support_of.get(name, [])

    def _decide_contradictions(self) -> None:
        """The grounded labels of this episode's contradiction sides, kept in ``g.dung_labels``.

        A side's strength is its evidence accrued over independent groups (nothing here attacks
        evidence). Each direction of a contradiction defeats when its attacker is at least as
        strong as its target: equal sides defeat each other and stay undecided, the stronger
        side rejects the weaker. The labels are the grounded labelling of those defeats.
        """
        strength: dict[str, float] = {}
        for _, left, right, _ in self.contradictions:
            for side in (left, right):
                if side not in strength:
                    strength[side] = _accrue(self._evidence_for(side))
        defeaters: dict[str, list[str]] = {}
        for _, left, right, _ in self.contradictions:
            if strength[left] >= strength[right]:
                defeaters.setdefault(right, []).append(left)
            if strength[right] >= strength[left]:
                defeaters.setdefault(left, []).append(right)
        self.defeaters = defeaters
        labels: dict[str, str] = {}
        changed = True
        while changed:
            changed = False
            for side in strength:
                if side in labels:
                    continue
                attackers = defeaters.get(side, ())
                if all(labels.get(a) == OUT for a in attackers):
                    labels[side], changed = IN, True
                elif any(labels.get(a) == IN for a in attackers):
                    labels[side], changed = OUT, True
        for side in strength:
            self.g.dung_labels[side] = labels.get(side, UNDEC)

    def _node_status(self, name: str) -> str:
        """Rejected, else unsupported (no evidence names it), else its label (accepted or undecided)."""
        dung = self.g.dung_labels.get(name, IN)
        if dung != OUT and not self._evidence_for(name):
            return "unsupported"
        return dung

    def _link_status(self, link: Link) -> str:
        """A link rests on its causes and effect (a prevention on its causes): whoever defeats one defeats it."""
        premises = link.causes if link.kind == "prevents" else [*link.causes, link.effect]
        attackers = [a for name in dict.fromkeys(premises) for a in self.defeaters.get(name, ())]
        labels = [self.g.dung_labels.get(a, IN) for a in attackers]
        if IN in labels:
            return OUT
        if not link.support and not link.assumed:
            return "unsupported"
        return UNDEC if UNDEC in labels else IN

    def _link_strength(self, link: Link) -> int:
        """The link's standing in a chain step."""
        if self._link_status(link) == OUT:
            return REJECTED
        if not link.support:
            return ASSUMED if link.assumed else UNSUPPORTED
        if all(item.low_grade for item in link.support):
            return WEAK
        if len({item.source.origin for item in link.support}) == 1:
            return SINGLE
        return SUPPORTED

    def _link_confidence(self, link: Link) -> float:
        if link.support:
            base = _accrue(link.support)
        else:
            base = ASSUMED_CONFIDENCE if link.assumed else 0.0
        status = self._link_status(link)
        return base * (0.0 if status in (OUT, "unsupported") else UNDECIDED_WEIGHT if status == UNDEC else 1.0)

    def _verdict(self, steps: list[list[str]]) -> str:
        """The chain verdict the checker will give; steps are dated and in time order.

        Broken when a step has no link, or its best link is rejected or unsupported, or an
        event of the chain is rejected; weak when a step's best link is less than supported,
        or an event is unsupported or undecided, or the confidence (the product of the steps',
        each the best link's; halved per undecided event) is below the threshold.
        """
        worst = SUPPORTED
        confidence = 1.0
        prevented: set[str] = set()
        for before, after in zip(steps, steps[1:]):
            step = 1.0
            for effect in after:
                making = [link for link in self.links if link.effect == effect and set(before) <= set(link.causes)]
                if not making:
                    return "broken"
                best = max(self._link_strength(link) for link in making)
                worst = min(worst, best)
                tied = [link for link in making if self._link_strength(link) == best]
                if all(link.kind == "prevents" for link in tied):
                    prevented.add(effect)
                step *= max(self._link_confidence(link) for link in making)
            confidence *= step
        statuses = [
            self._node_status(name)
            for name in dict.fromkeys(name for step in steps for name in step)
            if name not in prevented
        ]
        statuses = [status for status in statuses if status != IN]
        for status in statuses:
            confidence *= 0.0 if status == OUT else UNDECIDED_WEIGHT if status == UNDEC else 1.0
        if worst <= UNSUPPORTED or OUT in statuses:
            return "broken"
        if worst < SUPPORTED or statuses:
            return "weak"
        return "weak" if confidence < LOW_CONFIDENCE else "supported"

    def _is_past_claim(self, name: str) -> bool:
        return name not in self._node_names()

    # -- rendering

    def write(self) -> None:
        g = self.g
        self.make_sources()
        self.make_actors()
        self.make_events_and_claims()
        self.make_evidence()
        self.make_links()
        self.cover_with_evidence()
        self.make_contradictions()
        self.make_expectations()

        out = g.lines
        out += ["", f"# {'-' * 76}", f"# Episode {self.number}", f"# {'-' * 76}", ""]
        out.append("# Sources")
        for s in self.sources:
            clauses = []
            if s.reliability is not None:
                clauses.append(f"reliability {s.reliability}")
            if s.document is not None:
                clauses.append(f'document "{g.documents_folder}/doc-{s.document}.txt"')
            if s.via is not None:
                clauses.append(f"via {s.via}")
            if s.note:
                clauses.append(f'note "{escape(s.note)}"')
            self._statement(f'source {s.name} "{escape(s.title)}"', clauses)
        out += ["", "# Actors"]
        for name in self.actors:
            self._statement(f'actor {name} "{_title(name.rsplit("_", 1)[0])}"', [])
        out += ["", "# What happened, and what is asserted"]
        claims = iter(self.claims)
        events = iter(self.events)
        for node in self.nodes:
            if node.claim:
                c = next(claims)
                self._statement(f'claim {c.name} "{escape(c.title)}"', [f'note "{escape(c.note)}"'] if c.note else [])
            else:
                e = next(events)
                clauses = []
                if e.actors:
                    clauses.append(f"by {', '.join(e.actors)}")
                if e.time is not None:
                    clauses.append(f"at {e.time}")
                if e.note:
                    clauses.append(f'note "{escape(e.note)}"')
                self._statement(f'event {e.name} "{escape(e.title)}"', clauses)
        out += ["", "# Evidence"]
        for item in self.evidence:
            clauses = [f"from {item.source.name}"]
            if item.credibility is not None:
                clauses.append(f"credibility {item.credibility}")
            if item.quote is not None:
                clauses.append(f'quote "{escape(item.quote)}"')
            if item.supports:
                clauses.append(f"supports {', '.join(item.supports)}")
            self._statement(f"evidence {item.name}", clauses)
        out += ["", "# Links"]
        for link in self.links:
            head = "link " + (f"{link.label}: " if link.label else "") + f"{', '.join(link.causes)} -> {link.effect}"
            clauses = []
            if link.kind:
                clauses.append(f"kind {link.kind}")
            if link.because:
                clauses.append(f"because {', '.join(link.because)}")
            if link.mechanism:
                clauses.append(f'mechanism "{escape(link.mechanism)}"')
            if link.feedback:
                clauses.append("feedback")
            if link.assumed:
                clauses.append(f'assumed "{escape(link.assumed)}"')
            if link.note:
                clauses.append(f'note "{escape(link.note)}"')
            clauses += [f'allow {rule} "{escape(reason)}"' for rule, reason in link.allows]
            self._statement(head, clauses, link.comment)
        if self.contradictions:
            out += ["", "# Accounts that cannot both be true"]
        for name, left, right, allows in self.contradictions:
            clauses = [f'allow {rule} "{escape(reason)}"' for rule, reason in allows]
            self._statement(f"contradiction {name}: {left} vs {right}", clauses)
        if self.chains:
            out += ["", "# Narratives under test"]
        for name, steps, _ in self.chains:
            self._statement(f"chain {name}: " + " -> ".join(", ".join(step) for step in steps), [])
        if self.expectations:
            out += ["", "# What the checker should find"]
        for line in self.expectations:
            self._statement(line, [])

        g.counts["source"] += len(self.sources)
        g.counts["actor"] += len(self.actors)
        g.counts["event"] += len(self.events)
        g.counts["claim"] += len(self.claims)
        g.counts["evidence"] += len(self.evidence)
        g.counts["link"] += len(self.links)
        g.counts["contradiction"] += len(self.contradictions)
        g.counts["chain"] += len(self.chains)
        g.counts["expect"] += len(self.expectations)
        g.past_sources += [s for s in self.sources if s.origin is not None]
        g.past_actors += self.actors
        g.past_claims += [c.name for c in self.claims]
        g.past_evidence += [e for e in self.evidence if e.source.origin is not None]
        mismatch = {k: (self.wanted[k], n) for k, n in self._counts().items() if self.wanted[k] != n}
        assert not mismatch, f"episode {self.number}: wanted vs made {mismatch}"

    def _counts(self) -> dict[str, int]:
        return {
            "source": len(self.sources),
            "actor": len(self.actors),
            "event": len(self.events),
            "claim": len(self.claims),
            "evidence": len(self.evidence),
            "link": len(self.links),
            "contradiction": len(self.contradictions),
            "chain": len(self.chains),
            "expect": len(self.expectations),
        }

    def _statement(self, head: str, clauses: list[str], comment: str | None = None) -> None:
        """One statement; long ones continue on indented lines, as analysts write them."""
        rng = self.rng
        lines = [head]
        for clause in clauses:
            if len(lines[-1]) + len(clause) + 1 > 96:
                lines.append("  " + clause)
            else:
                lines[-1] += " " + clause
        if comment is None and rng.random() < 0.02:
            comment = rng.choice(("check the date", "see the second article", "TODO: find a second source"))
        if comment:
            lines[-1] += f"  # {comment}"
        self.g.lines.extend(lines)


def _month_end(day: datetime.date) -> datetime.date:
    following = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _next_month_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month if ``day`` is that day, else of the month after."""
    if day.day == 1:
        return day
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def generate(statements: int, seed: int, output: Path) -> dict:
    """Write the case (and its documents) and return what was written."""
    output = Path(output)
    folder_name = f"{output.stem}.docs"
    generator = Generator(statements, seed, folder_name)
    text = generator.run()
    output.parent.mkdir(parents=True, exist_ok=True)
    documents = output.parent / folder_name
    documents.mkdir(exist_ok=True)
    document_bytes = 0
    for index, sentences in enumerate(generator.documents):
        data = document_text(sentences).encode("utf-8")
        (documents / f"doc-{index}.txt").write_bytes(data)
        document_bytes += len(data)
    data = text.encode("utf-8")
    output.write_bytes(data)
    counts = dict(generator.counts)
    counts["case"] = 1
    counts["set"] = 1
    return {
        "path": str(output),
        "seed": seed,
        "statements": sum(counts.values()),
        "counts": counts,
        "bytes": len(data),
        "lines": text.count("\n"),
        "documents": len(generator.documents),
        "document_bytes": document_bytes,
        "planted": dict(sorted(generator.planted.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, required=True, help="number of statements (at least 30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .cx file to write")
    args = parser.parse_args(argv)
    try:
        summary = generate(args.statements, args.seed, args.output)
    except ValueError as error:
        parser.error(str(error))
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
