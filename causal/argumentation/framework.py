"""An abstract argumentation framework (Dung 1995), stored compactly.

Arguments are the integers 0..n-1, each with a name. Attacks are kept twice in
compressed sparse row form (one flat array of neighbours plus one array of row
offsets), once by attacker and once by target, so a framework with 10^6
arguments and 2*10^6 attacks takes a few tens of megabytes rather than the
hundreds a dict of sets per argument would.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import attrs

# "l" is at least 32 bits on every platform; "i" is not guaranteed to be.
INDEX = "l"


def _rows(count: int, keys: array, values: array) -> tuple[array, array]:
    """Group `values` by `keys` (counting sort, stable): (offsets, grouped values).

    Row k is grouped[offsets[k]:offsets[k + 1]], in the order the pairs were given.
    """
    offsets = array(INDEX, bytes(array(INDEX).itemsize * (count + 1)))
    for key in keys:
        offsets[key + 1] += 1
    for k in range(count):
        offsets[k + 1] += offsets[k]
    grouped = array(INDEX, bytes(array(INDEX).itemsize * len(values)))
    fill = array(INDEX, offsets[:count])
    for key, value in zip(keys, values):
        grouped[fill[key]] = value
        fill[key] += 1
    return offsets, grouped


def _without_repeats(count: int, sources: array, targets: array) -> tuple[array, array]:
    """The attack pairs with repeated pairs dropped (first occurrence kept), in O(n + m)."""
    offsets, grouped = _rows(count, sources, targets)
    last_seen_from = array(INDEX, [-1]) * count
    kept_sources, kept_targets = array(INDEX), array(INDEX)
    for source in range(count):
        for k in range(offsets[source], offsets[source + 1]):
            target = grouped[k]
            if last_seen_from[target] != source:
                last_seen_from[target] = source
                kept_sources.append(source)
                kept_targets.append(target)
    return kept_sources, kept_targets


@attrs.frozen(eq=False)
class Framework:
    """Arguments 0..n-1 (with names) and who attacks whom; build it with `Framework.build`.

    Two frameworks are equal when they have the same names in the same order
    and the same set of attacks.
    """

    names: tuple[str, ...]
    _out_offsets: array = attrs.field(repr=False)
    _out_targets: array = attrs.field(repr=False)
    _in_offsets: array = attrs.field(repr=False)
    _in_sources: array = attrs.field(repr=False)
    _index: dict[str, int] = attrs.field(repr=False)

    @classmethod
    def build(cls, names: Sequence[str], attacks: Iterable[tuple[int, int]] = ()) -> Framework:
        """A framework from argument names and (attacker, target) index pairs.

        Names must be distinct; repeated attacks count once.
        """
        sources, targets = array(INDEX), array(INDEX)
        for source, target in attacks:
            sources.append(source)
            targets.append(target)
        return cls.from_arrays(names, sources, targets)

    @classmethod
    def from_arrays(cls, names: Sequence[str], sources: array, targets: array) -> Framework:
        """Like `build`, from two parallel arrays of attacker and target indexes (the parsers' fast path)."""
        names = tuple(names)
        count = len(names)
        index = {name: i for i, name in enumerate(names)}
        if len(index) != count:
            seen: set[str] = set()
            repeated = next(name for name in names if name in seen or seen.add(name))
            raise ValueError(f"argument name {repeated!r} is used twice")
        if len(sources) != len(targets):
            raise ValueError("attackers and targets differ in length")
        if len(sources) and (min(min(sources), min(targets)) < 0 or max(max(sources), max(targets)) >= count):
            raise ValueError(f"an attack names an argument outside 0..{count - 1}")
        sources, targets = _without_repeats(count, sources, targets)
        out_offsets, out_targets = _rows(count, sources, targets)
        in_offsets, in_sources = _rows(count, targets, sources)
        return cls(names, out_offsets, out_targets, in_offsets, in_sources, index)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def attack_count(self) -> int:
        return len(self._out_targets)

    def index(self, name: str) -> int:
        """The argument called `name`; KeyError when there is none."""
        return self._index[name]

    def attackers(self, argument: int) -> array:
        """The arguments that attack `argument`."""
        return self._in_sources[self._in_offsets[argument] : self._in_offsets[argument + 1]]

    def targets(self, argument: int) -> array:
        """The arguments `argument` attacks."""
        return self._out_targets[self._out_offsets[argument] : self._out_offsets[argument + 1]]

    def attacks(self) -> Iterable[tuple[int, int]]:
        """Every attack as (attacker, target), by attacker, then in the order given."""
        offsets, targets = self._out_offsets, self._out_targets
        for source in range(len(self.names)):
            for k in range(offsets[source], offsets[source + 1]):
                yield source, targets[k]

    def rows(self) -> tuple[array, array, array, array]:
        """The raw (out_offsets, out_targets, in_offsets, in_sources) arrays, for the solvers' inner loops."""
        return self._out_offsets, self._out_targets, self._in_offsets, self._in_sources

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self.names == other.names and set(self.attacks()) == set(other.attacks())

    def __hash__(self) -> int:
        return hash((self.names, self.attack_count))
