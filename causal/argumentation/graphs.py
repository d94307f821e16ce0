"""Strongly connected components of a directed graph in compressed rows: one Tarjan for the whole package.

The causal-cycle rule runs it on the links between events and claims, the
argumentation solver on a framework's attacks. Its depth-first walk keeps
its frames on an explicit stack, so no graph is too deep for it, and it takes
O(n + m) time.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import compress

INDEX = "l"  # at least 32 bits on every platform


def rows_of(successors: Sequence[Sequence[int]]) -> tuple[array, array]:
    """(offsets, targets): node k's successors are targets[offsets[k]:offsets[k + 1]]."""
    offsets = array(INDEX, [0])
    targets = array(INDEX)
    for edges in successors:
        targets.extend(edges)
        offsets.append(len(targets))
    return offsets, targets


def strongly_connected_components(
    count: int,
    offsets: Sequence[int],
    targets: Sequence[int],
    members: bytearray | None = None,
    loops_only: bool = False,
) -> list[list[int]]:
    """The components of the nodes 0..count-1 (only those flagged in ``members``, if given).

    In the order Tarjan closes them: a component comes after every component
    it reaches, so reversed they are in topological order. Within a
    component, nodes are in the order the walk reached them. With
    ``loops_only``, only components that hold a loop (more than one node, or a
    node with an edge to itself) are kept: on a large acyclic graph that saves
    a list per node.
    """
    if members is None:
        members = bytearray([1]) * count
    order = array(INDEX, [-1]) * count  # when the walk first reached each node
    lowest = array(INDEX, [0]) * count  # the earliest node reachable from its subtree and still open
    open_ = bytearray(count)
    reached = 0
    pending: list[int] = []
    found: list[list[int]] = []
    for root in compress(range(count), members):
        if order[root] >= 0:
            continue
        order[root] = lowest[root] = reached
        reached += 1
        pending.append(root)
        open_[root] = 1
        # Each frame: a node and the position of its next edge to follow.
        walk = [[root, offsets[root]]]
        while walk:
            frame = walk[-1]
            node, position = frame
            end = offsets[node + 1]
            while position < end:
                target = targets[position]
                position += 1
                if not members[target]:
                    continue
                if order[target] < 0:
                    break
                if open_[target] and order[target] < lowest[node]:
                    lowest[node] = order[target]
            else:
                target = -1
            frame[1] = position
            if target >= 0:
                order[target] = lowest[target] = reached
                reached += 1
                pending.append(target)
                open_[target] = 1
                walk.append([target, offsets[target]])
                continue
            walk.pop()
            if walk:
                parent = walk[-1][0]
                if lowest[node] < lowest[parent]:
                    lowest[parent] = lowest[node]
            if lowest[node] == order[node]:
                if loops_only and pending[-1] == node and node not in targets[offsets[node] : offsets[node + 1]]:
                    pending.pop()
                    open_[node] = 0
                    continue
                component = []
                while True:
                    member = pending.pop()
                    open_[member] = 0
                    component.append(member)
                    if member == node:
                        break
                component.reverse()
                found.append(component)
    return found
