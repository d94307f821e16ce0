"""An abstract argumentation framework (Dung 1995), stored compactly.

Arguments are the integers 0..n-1, each with a name. Attacks are kept in
compressed sparse row form (one flat array of neighbours plus one array of row
offsets), by attacker, and by target once something asks for the attackers,
each row in index order, so a framework with 10^6 arguments and 2*10^6 attacks
takes a few tens of megabytes rather than the hundreds a dict of sets per
argument would.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, groupby, repeat
from operator import add, floordiv, itemgetter, mod, mul

# "l" is at least 32 bits on every platform; "i" is not guaranteed to be.
INDEX = "l"


def _offsets(count: int, keys: array) -> array:
    """Row offsets for `keys` grouped by value: row k is [offsets[k], offsets[k + 1])."""
    offsets = array(INDEX, [0]) * (count + 1)
    for key in keys:
        offsets[key + 1] += 1
    # The running sum in C (accumulate): a Python loop over a million rows costs a tenth of a second.
    return array(INDEX, accumulate(offsets))


def _by_attacker(count: int, sources: array, targets: array) -> tuple[array, array]:
    """The distinct attacks as parallel (attackers, targets) arrays, by attacker, then by target.

    Each attack becomes one integer, attacker * count + target, so a single sort
    orders them and equal neighbours are the repeats. The sort, the pairing and
    the splitting all run inside CPython's C loops (`sorted`, `map`,
    `groupby`), several times faster than a Python loop over the attacks; the
    sort is close to linear when the attacks come grouped by attacker, as files
    usually list them.
    """
    codes = sorted(map(add, map(mul, sources, repeat(count)), targets))
    distinct = list(map(itemgetter(0), groupby(codes)))
    del codes
    return array(INDEX, map(floordiv, distinct, repeat(count))), array(INDEX, map(mod, distinct, repeat(count)))


def _by_target(out_offsets: array, out_targets: array, in_offsets: array) -> array:
    """The attackers grouped by target (a counting sort over the rows by attacker), each row ascending."""
    count = len(out_offsets) - 1
    grouped = array(INDEX, bytes(array(INDEX).itemsize * len(out_targets)))
    fill = in_offsets[:count]
    for source in range(count):
        for target in out_targets[out_offsets[source] : out_offsets[source + 1]]:
            position = fill[target]
            grouped[position] = source
            fill[target] = position + 1
    return grouped


class NumberedNames(Sequence[str]):
    """The names "1".."n" of an ICCMA'23 framework, made on demand instead of n strings up front.

    Equal to any sequence of the same names (a tuple of them included).
    """

    __slots__ = ("_count",)

    def __init__(self, count: int) -> None:
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return tuple(map(str, range(1, self._count + 1)[position]))
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError("argument index out of range")
        return str(position + 1)

    def __iter__(self) -> Iterator[str]:
        return map(str, range(1, self._count + 1))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NumberedNames):
            return self._count == other._count
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._count and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"NumberedNames({self._count})"


class NumberedIndex(Mapping[str, int]):
    """The position of each name "1".."n" (see NumberedNames), computed rather than stored."""

    __slots__ = ("_count",)

    def __init__(self, count: int) -> None:
        self._count = count

    def __getitem__(self, name: str) -> int:
        # Only the exact spelling str(k) names argument k: no sign, no leading zero, ASCII digits.
        if isinstance(name, str) and 0 < len(name) <= 20 and name.isascii() and name.isdigit() and name[0] != "0":
            value = int(name)
            if value <= self._count:
                return value - 1
        raise KeyError(name)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return map(str, range(1, self._count + 1))


class Framework:
    """Arguments 0..n-1 (with names) and who attacks whom; build it with `Framework.build`.

    Two frameworks are equal when they have the same names in the same order
    and the same set of attacks. Immutable, like the AST's frozen classes, but
    written without attrs: `causal af solve` imports this module on every
    start, and attrs costs about 10 ms of it.

    The attackers of each argument are grouped on first use: the grounded
    labelling needs only the rows by attacker and the number of attackers, and
    grouping the attacks a second time costs about 15% of reading a large file.
    """

    __slots__ = ("names", "_out_offsets", "_out_targets", "_in_offsets", "_index", "_in_sources_once")

    names: tuple[str, ...]

    def __init__(
        self, names: Sequence[str], out_offsets: array, out_targets: array, in_offsets: array, index: Mapping[str, int]
    ) -> None:
        assign = object.__setattr__
        assign(self, "names", names)
        assign(self, "_out_offsets", out_offsets)
        assign(self, "_out_targets", out_targets)
        assign(self, "_in_offsets", in_offsets)
        assign(self, "_index", index)
        # Holds the attackers grouped by target once something asked for them.
        assign(self, "_in_sources_once", [])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Framework cannot be changed (setting {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Framework cannot be changed (deleting {name!r})")

    def __repr__(self) -> str:
        return f"Framework(names={self.names!r})"

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
    def from_arrays(
        cls, names: Sequence[str], sources: array, targets: array, index: dict[str, int] | None = None
    ) -> Framework:
        """Like `build`, from two parallel arrays of attacker and target indexes (the parsers' fast path).

        `index`, when given, must map each name to its position; the parsers
        pass the one they built, which saves building it again.
        """
        names = names if isinstance(names, NumberedNames) else tuple(names)
        count = len(names)
        if index is None:
            index = dict(zip(names, range(count)))
        if len(index) != count:
            seen: set[str] = set()
            repeated = next(name for name in names if name in seen or seen.add(name))
            raise ValueError(f"argument name {repeated!r} is used twice")
        if len(sources) != len(targets):
            raise ValueError("attackers and targets differ in length")
        if len(sources) and (min(min(sources), min(targets)) < 0 or max(max(sources), max(targets)) >= count):
            raise ValueError(f"an attack names an argument outside 0..{count - 1}")
        sources, out_targets = _by_attacker(count, sources, targets)
        return cls(names, _offsets(count, sources), out_targets, _offsets(count, out_targets), index)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def attack_count(self) -> int:
        return len(self._out_targets)

    def index(self, name: str) -> int:
        """The argument called `name`; KeyError when there is none."""
        return self._index[name]

    def _in_sources(self) -> array:
        if not self._in_sources_once:
            self._in_sources_once.append(_by_target(self._out_offsets, self._out_targets, self._in_offsets))
        return self._in_sources_once[0]

    def attackers(self, argument: int) -> array:
        """The arguments that attack `argument`."""
        return self._in_sources()[self._in_offsets[argument] : self._in_offsets[argument + 1]]

    def targets(self, argument: int) -> array:
        """The arguments `argument` attacks."""
        return self._out_targets[self._out_offsets[argument] : self._out_offsets[argument + 1]]

    def attacks(self) -> Iterable[tuple[int, int]]:
        """Every attack as (attacker, target), by attacker, then by target."""
        offsets, targets = self._out_offsets, self._out_targets
        for source in range(len(self.names)):
            for k in range(offsets[source], offsets[source + 1]):
                yield source, targets[k]

    def rows(self) -> tuple[array, array, array, array]:
        """The raw (out_offsets, out_targets, in_offsets, in_sources) arrays, for the solvers' inner loops."""
        return self._out_offsets, self._out_targets, self._in_offsets, self._in_sources()

    def forward_rows(self) -> tuple[array, array, array]:
        """(out_offsets, out_targets, in_offsets): `rows` without grouping the attackers, for the grounded labelling."""
        return self._out_offsets, self._out_targets, self._in_offsets

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self.names == other.names and set(self.attacks()) == set(other.attacks())

    def __hash__(self) -> int:
        return hash((self.names, self.attack_count))
