"""The package layout draws the architecture: layers, imports only downward, no cycles.

Every module under ``marsad/`` is parsed with :mod:`ast`; every import (top level, inside
functions, under ``if TYPE_CHECKING``, relative or absolute) of a marsad module is an edge. The
rules:

(a) an import never goes to a higher layer (:data:`LAYERS`, top to bottom);
(b) the modules have no import cycle (strongly connected components of the module graph);
(c) no module imports another module's private names (``from .x import _y``);
(d) ``marsad/_version.py`` imports nothing.

Imports to the same package or a lower layer are allowed. ``from . import x`` is an edge to the
submodule ``x`` when there is one, else to the package's ``__init__``. Imports made by name at
run time (``importlib.import_module``) are not seen.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "marsad"

# Top to bottom. A module belongs to the layer of its longest matching name (the name itself or a
# package prefix of it); "marsad" (the package's __init__, the public facade) only matches itself.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("surface", ("marsad", "marsad.__main__", "marsad.cli", "marsad.cli_app", "marsad.cli_extract", "marsad.bench", "marsad.evaluate", "marsad.training", "marsad.web")),
    ("run", ("marsad.run",)),
    ("store/io", ("marsad.store", "marsad.io")),
    ("pipeline", ("marsad.pipeline",)),
    ("gazetteer", ("marsad.gazetteer",)),
    ("base", ("marsad._version", "marsad.bounds", "marsad.document", "marsad.errors", "marsad.geo", "marsad.resources",
              "marsad.settings", "marsad.text", "marsad.data")),
)

# Modules that import nothing at all (not even the standard library).
IMPORT_FREE = ("marsad._version",)


@dataclass(frozen=True)
class Edge:
    """One import of a marsad module by a marsad module."""

    source: str  # importing module
    target: str  # imported module
    names: tuple[str, ...]  # names taken from it (empty for ``import x``)
    path: str  # file of the importing module, relative to the package's parent
    line: int
    statement: str

    def where(self) -> str:
        return f"{self.path}:{self.line}: `{self.statement}`"


def module_files(package_dir: Path) -> dict[str, Path]:
    """Module name -> file, for every .py file under ``package_dir`` (packages by their __init__)."""
    root = package_dir.parent
    modules: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve_from(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name a ``from ... import`` statement imports from."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _known(name: str, modules: dict[str, Path]) -> Optional[str]:
    """The longest known module that ``name`` is or lies in (``marsad.x.attr`` -> ``marsad.x``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_edges(package_dir: Path) -> list[Edge]:
    """Every import of a module of the package, by every module of the package."""
    modules = module_files(package_dir)
    top = package_dir.name
    edges: list[Edge] = []
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(package_dir.parent))
        for node in ast.walk(ast.parse(source, filename=str(path))):
            statement = ast.get_source_segment(source, node) if isinstance(node, (ast.Import, ast.ImportFrom)) else ""
            statement = " ".join((statement or "").split())
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == top or alias.name.startswith(top + "."):
                        target = _known(alias.name, modules)
                        if target:
                            edges.append(Edge(module, target, (), rel, node.lineno, statement))
            elif isinstance(node, ast.ImportFrom):
                origin = _resolve_from(module, _is_package(path), node)
                if not (origin == top or origin.startswith(top + ".")):
                    continue
                plain: list[str] = []
                for alias in node.names:
                    sub = f"{origin}.{alias.name}"
                    if sub in modules:  # from . import x, x a submodule
                        edges.append(Edge(module, sub, (), rel, node.lineno, statement))
                    else:
                        plain.append(alias.name)
                if plain:
                    target = _known(origin, modules)
                    if target:
                        edges.append(Edge(module, target, tuple(plain), rel, node.lineno, statement))
    return edges


def layer_of(module: str, layers=LAYERS) -> Optional[tuple[int, str]]:
    """(rank, name) of the module's layer, rank 0 the top; None when no layer claims it."""
    best: Optional[tuple[int, int, str]] = None
    for rank, (name, prefixes) in enumerate(layers):
        for prefix in prefixes:
            matches = module == prefix or (prefix.count(".") > 0 and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rank, name)
    return None if best is None else (best[1], best[2])


def upward_imports(edges: list[Edge], layers=LAYERS) -> list[str]:
    problems = []
    for edge in edges:
        src, dst = layer_of(edge.source, layers), layer_of(edge.target, layers)
        if src is None or dst is None:
            continue  # reported by test_every_module_has_a_layer
        if dst[0] < src[0]:
            problems.append(f"{edge.source} ({src[1]} layer) imports {edge.target} from the higher "
                            f"{dst[1]} layer: {edge.where()}")
    return problems


def private_imports(edges: list[Edge]) -> list[str]:
    problems = []
    for edge in edges:
        private = [n for n in edge.names if n.startswith("_") and not (n.startswith("__") and n.endswith("__"))]
        if private and edge.target != edge.source:
            problems.append(f"{edge.source} imports private name(s) {', '.join(private)} of {edge.target}: "
                            f"{edge.where()}")
    return problems


def import_cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def describe_cycle(component: list[str], edges: list[Edge]) -> str:
    members = set(component)
    inside = [e for e in edges if e.source in members and e.target in members]
    return "import cycle among " + ", ".join(component) + ":\n    " + "\n    ".join(
        f"{e.source} -> {e.target}: {e.where()}" for e in inside)


# --------------------------------------------------------------------------- the rules on marsad

MODULES = module_files(PACKAGE_DIR)
EDGES = import_edges(PACKAGE_DIR)


def test_the_package_is_found():
    assert "marsad.pipeline" in MODULES and "marsad.cli" in MODULES and len(EDGES) > 50


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_has_a_layer(module):
    assert layer_of(module) is not None, (
        f"{module} ({MODULES[module]}) is in no layer: add it (or its package) to LAYERS in {__file__}")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module):
    problems = upward_imports([e for e in EDGES if e.source == module])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_names_of_other_modules(module):
    problems = private_imports([e for e in EDGES if e.source == module])
    assert not problems, "\n".join(problems)


def test_no_import_cycles():
    cycles = import_cycles(EDGES)
    assert not cycles, "\n".join(describe_cycle(c, EDGES) for c in cycles)


@pytest.mark.parametrize("module", IMPORT_FREE)
def test_module_imports_nothing(module):
    path = MODULES[module]
    imports = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not imports, f"{module} must import nothing, but {path}:{imports[0].lineno} imports: " + \
        ast.unparse(imports[0])


def test_version_comes_from_version_module():
    import marsad
    from marsad._version import __version__

    assert marsad.__version__ == __version__


# --------------------------------------------------------------------------- the checker can fail

BAD_PACKAGE = {
    # a toy package with one violation of each rule
    "__init__.py": "from ._version import __version__\n",
    "_version.py": "import os\n__version__ = '0'\n",
    "document.py": "def f():\n    from .pipeline.stage import run  # upward, inside a function\n",
    "pipeline/__init__.py": "",
    "pipeline/stage.py": "from ..document import f\nfrom .helper import _private\nfrom . import helper\n",
    "pipeline/helper.py": "from .stage import run\n_private = 1\n",
}
TOY_LAYERS = (("top", ("marsad",)), ("pipeline", ("marsad.pipeline",)),
              ("base", ("marsad._version", "marsad.document")))


@pytest.fixture
def toy(tmp_path):
    for name, text in BAD_PACKAGE.items():
        path = tmp_path / "marsad" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "marsad"


@pytest.mark.parametrize("check, expected", [
    ("upward", "marsad.document (base layer) imports marsad.pipeline.stage from the higher pipeline layer"),
    ("private", "marsad.pipeline.stage imports private name(s) _private of marsad.pipeline.helper"),
    ("cycle", "import cycle among marsad.document, marsad.pipeline.helper, marsad.pipeline.stage"),
])
def test_the_checks_find_violations(toy, check, expected):
    edges = import_edges(toy)
    if check == "upward":
        found = upward_imports(edges, TOY_LAYERS)
    elif check == "private":
        found = private_imports(edges)
    else:
        found = [describe_cycle(c, edges) for c in import_cycles(edges)]
    assert any(expected in line for line in found), found
    assert all("marsad/" in line for line in found)  # the failure names the file and the import


def test_from_dot_import_submodule_is_an_edge_to_the_submodule(toy):
    edges = import_edges(toy)
    assert any(e.source == "marsad.pipeline.stage" and e.target == "marsad.pipeline.helper" and e.names == ()
               for e in edges)
    assert ("marsad", "marsad._version") in {(e.source, e.target) for e in edges}
