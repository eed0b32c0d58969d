"""The house by stage: data flows one way through kg's subpackages, and no modules import in a circle.

The order of the stages is the README's "Layout" section: one bullet per room (a subpackage, a
few root modules, or viz/), in the order data flows through them. A module may import from its
own room and the rooms above it, never from a room below. So adding a module needs no edit here,
and the README cannot drift from the code: every module must sit in a room the README lists.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("kg", "viz")


@dataclass(frozen=True)
class Import:
    importer: str  # a module, dotted
    imported: str
    line: int


def rooms_in_order(readme: str) -> list[list[str]]:
    """The Layout section's bullets, each as the paths (`kg/facts/`, `kg/api.py`, …) it names."""
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- `")]
    return [[path for path in re.findall(r"`([^`\s]+)`", line.split(":", 1)[0]) if path.startswith(PACKAGES)]
            for line in bullets]


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            found[".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")] = path
    return found


def imports(root: Path, found: dict[str, Path]) -> list[Import]:
    """Every import of a module of ours, lazy and type-checking-only ones included: they are dependencies too."""
    def ours(name: str) -> str | None:
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    edges = []
    for module, path in found.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                # `from kg.stakeholders import scoring` imports the module kg.stakeholders.scoring
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in found else base for alias in node.names]
            for name in names:
                target = ours(name)
                if target and target != module:
                    edges.append(Import(module, target, node.lineno))
    return edges


def room_of(module: str, path: Path, root: Path, rooms: list[list[str]]) -> int | None:
    """The index of the README bullet naming the file, else the deepest folder holding it."""
    relative = path.relative_to(root).as_posix()
    best: tuple[int, int] | None = None  # (depth of the match, room)
    for index, paths in enumerate(rooms):
        for listed in paths:
            if listed == relative:
                return index
            if listed.endswith("/") and relative.startswith(listed):
                depth = listed.count("/")
                if best is None or depth > best[0]:
                    best = (depth, index)
    return best[1] if best else None


def layout_problems(root: Path, readme: str) -> list[str]:
    rooms = rooms_in_order(readme)
    found = modules(root)
    problems = [f"the README's Layout names {listed}, which does not exist"
                for paths in rooms for listed in paths if not (root / listed).exists()]
    placed = {}
    for module, path in found.items():
        room = room_of(module, path, root, rooms)
        if room is None:
            problems.append(f"{path.relative_to(root)} is in no room of the README's Layout section")
        else:
            placed[module] = room
    edges = imports(root, found)
    for edge in edges:
        if edge.importer in placed and edge.imported in placed and placed[edge.imported] > placed[edge.importer]:
            problems.append(f"{found[edge.importer].relative_to(root)}:{edge.line} imports {edge.imported}, "
                            f"from a later stage ({' '.join(rooms[placed[edge.imported]])} comes after "
                            f"{' '.join(rooms[placed[edge.importer]])} in the README's Layout)")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]
    return problems


def cycles(edges: list[Import]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each as a closed path, sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append([*sorted(group), min(group)])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_data_flows_one_way_through_the_stages_the_readme_draws() -> None:
    assert layout_problems(ROOT, (ROOT / "README.md").read_text(encoding="utf-8")) == []


def test_every_stage_of_the_flow_is_its_own_subpackage() -> None:
    rooms = rooms_in_order((ROOT / "README.md").read_text(encoding="utf-8"))
    listed = [path for paths in rooms for path in paths]
    for stage in ("facts", "rdf", "store", "questions", "network", "stakeholders", "cli"):
        assert f"kg/{stage}/" in listed
    assert listed.index("kg/facts/") < listed.index("kg/rdf/") < listed.index("kg/store/") \
        < listed.index("kg/network/") < listed.index("kg/stakeholders/") < listed.index("viz/") \
        < listed.index("kg/cli/")


def test_the_check_finds_an_upward_import_a_cycle_and_an_unlisted_module(tmp_path: Path) -> None:
    for name, text in {"kg/__init__.py": "", "kg/low/__init__.py": "", "kg/high/__init__.py": "",
                       "kg/low/a.py": "from kg.high import b\n",  # upward
                       "kg/high/b.py": "import kg.high.c\n", "kg/high/c.py": "from kg.high.b import x\n",  # circle
                       "kg/stray.py": "", "viz/__init__.py": ""}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    readme = "# x\n\n## Layout\n\n- `kg/__init__.py`, `kg/low/`: low\n- `kg/high/`, `viz/`: high\n\n## Next\n"
    problems = layout_problems(tmp_path, readme)
    assert any(p.startswith("kg/low/a.py:1 imports kg.high.b, from a later stage") for p in problems), problems
    assert "import cycle: kg.high.b -> kg.high.c -> kg.high.b" in problems
    assert "kg/stray.py is in no room of the README's Layout section" in problems
    assert len(problems) == 3
