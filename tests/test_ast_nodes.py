"""The AST's shared equality, hash and repr (causal.language.ast._Node) behave as the methods attrs writes for each
class would: compared with a twin of every node class made by attrs with its own methods, on generated trees."""

from __future__ import annotations

import inspect

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causal.language import ast
from causal.language.parser import parse
from causal.language.printer import format_case
from tests.strategies import case_files

NODE_CLASSES = [
    cls for _, cls in inspect.getmembers(ast, inspect.isclass) if cls.__module__ == ast.__name__ and attrs.has(cls)
]


def _twin_class(cls: type) -> type:
    """``cls`` as attrs makes it by default: its name and fields, and attrs' own `__eq__`, `__hash__`, `__repr__`."""
    members = {
        attribute.name: attrs.field(eq=attribute.eq, repr=attribute.repr, default=attribute.default)
        for attribute in attrs.fields(cls)
    }
    return attrs.make_class(cls.__name__, members, frozen=True, kw_only=True)


TWINS = {cls: _twin_class(cls) for cls in NODE_CLASSES}


def twin(value):
    """The same tree made of the twin classes."""
    if isinstance(value, tuple):
        return tuple(twin(member) for member in value)
    twin_class = TWINS.get(type(value))
    if twin_class is None:
        return value
    members = {attribute.name: twin(getattr(value, attribute.name)) for attribute in attrs.fields(type(value))}
    return twin_class(**members)


def nodes_of(value):
    """Every node in a tree, the root first."""
    if isinstance(value, tuple):
        for member in value:
            yield from nodes_of(member)
    elif type(value) in TWINS:
        yield value
        for attribute in attrs.fields(type(value)):
            yield from nodes_of(getattr(value, attribute.name))


def test_every_node_class_of_the_ast_is_covered():
    assert len(NODE_CLASSES) >= 24 and ast.Word in TWINS and ast.CaseFile in TWINS
    assert all(issubclass(cls, ast._Node) for cls in NODE_CLASSES)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(case_files, case_files)
def test_nodes_compare_hash_and_show_as_attrs_would(first, second):
    # The printed case parsed back: the same tree, with spans and positions of its own.
    reparsed, problems = parse(format_case(first))
    assert problems == []
    nodes = [*nodes_of(first), *nodes_of(second), *nodes_of(reparsed)]
    for node in nodes:
        assert repr(node) == repr(twin(node))
    for left in nodes[:60]:
        for right in nodes[:60]:
            assert (left == right) == (twin(left) == twin(right))
            assert (left != right) == (twin(left) != twin(right))
            if left == right:
                assert hash(left) == hash(right)
    assert reparsed == first
