"""The package's imports follow the pipeline (docs/architecture.md): no cycles, and no import against the flow.

The graph is built from the source with `ast`, counting every import, including the ones inside functions, so a
lazy import cannot hide a dependency that a module-level one would show. Imports under `if TYPE_CHECKING:` (for
annotations only) count for the direction of the pipeline but not for cycles: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "causal"

# Lower layers come first. A module may import from its own layer and the layers before it, never after it:
# text is read (inputs), parsed (language), converted from and to other formats (interchange), modelled, analysed,
# checked (rules), reported, and the pipeline, the Python API, the language server and the command line put it all
# together. The argumentation library stands alone, below everything.
LAYERS = (
    "causal.argumentation",
    "causal.inputs",
    "causal.language",
    "causal.interchange",
    "causal.model",
    "causal.analysis",
    "causal.rules",
    "causal.report",
    "causal.pipeline",
    "causal.api",
    "causal.lsp",
    "causal.cli",
)
# What every module may import: the package root holds only its version.
EVERYWHERE = {"causal", "causal.version"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The import statements inside `if TYPE_CHECKING:` blocks."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            guarded.update(inner for statement in node.body for inner in ast.walk(statement))
    return guarded


def imported_modules(path: Path, modules: set[str], runtime_only: bool = False) -> set[str]:
    """The package's modules that `path` imports anywhere in its body (`from p import m` counts m if it is a module).

    With ``runtime_only``, imports under `if TYPE_CHECKING:` are left out."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = {f"{source}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {source})
    return {module for module in found if module in modules}


def import_graph(runtime_only: bool = False) -> dict[str, set[str]]:
    paths = [path for path in PACKAGE.rglob("*.py") if "grammar" not in path.parts]
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules, runtime_only) - {module_name(path)} for path in paths}


def layer_of(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return index
    return None


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules, or None; an iterative depth-first search."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        iterators = [iter(sorted(graph[start]))]
        state[start] = 1
        while iterators:
            following = next(iterators[-1], None)
            if following is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(following) == 1:
                return path[path.index(following) :] + [following]
            elif following not in state:
                state[following] = 1
                path.append(following)
                iterators.append(iter(sorted(graph[following])))
    return None


GRAPH = import_graph()
RUNTIME_GRAPH = import_graph(runtime_only=True)


def test_the_import_graph_sees_the_package():
    assert {"causal.language.parser", "causal.model.case_model", "causal.cli.commands"} <= set(GRAPH)
    assert "causal.language.ast" in GRAPH["causal.language.parser"]


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_chain():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_is_in_an_import_cycle():
    assert cycle_in(RUNTIME_GRAPH) is None


def test_every_module_belongs_to_a_layer():
    strays = sorted(m for m in GRAPH if layer_of(m) is None and m not in EVERYWHERE and m != "causal.__main__")
    assert strays == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down_the_pipeline(module):
    own = layer_of(module)
    if own is None:
        return
    against = sorted(
        imported for imported in GRAPH[module] if imported not in EVERYWHERE and (layer_of(imported) or 0) > own
    )
    assert against == [], f"{module} imports {against}, which come later in the pipeline"


def test_the_argumentation_library_imports_nothing_outside_itself():
    outside = {
        (module, imported)
        for module, imports in GRAPH.items()
        if module.startswith("causal.argumentation")
        for imported in imports
        if not imported.startswith("causal.argumentation")
    }
    assert outside == set()
