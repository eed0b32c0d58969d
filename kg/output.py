"""Writing the build: deterministic files, swapped into place atomically.

Every file is written into a fresh temporary folder beside the output folder, which replaces
the old output only once everything succeeded, so a failed build leaves the previous one
intact. Serialisations are sorted so that two builds of the same facts are byte-identical.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import UsageError
from kg.model import Model, ontology_dir
from kg.shacl import union_graph

MARKER = ".kg-build"  # marks a folder kg wrote, so kg never replaces a folder a person made


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _jsonld(graph: Graph, context: dict[str, str]) -> str:
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def trig_text(dataset: Dataset) -> str:
    """TriG with graphs in IRI order; each graph's Turtle body is rdflib's, which sorts subjects."""
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(dataset.namespaces()) if p)
    parts = [prefixes]
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        body = Graph(namespace_manager=dataset.namespace_manager)
        body += graph
        turtle = body.serialize(format="turtle")
        triples = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix"))
        parts.append(f"<{graph.identifier}> {{\n{triples.strip()}\n}}\n")
    return "\n".join(parts)


def text_writer(content: Callable[[], str]) -> Callable[[Path], None]:
    """A writer of UTF-8 text, made only when the file is written."""
    def write(path: Path) -> None:
        path.write_text(content(), encoding="utf-8")
    return write


def copier(source: Path) -> Callable[[Path], None]:
    """A writer that copies `source`."""
    def write(path: Path) -> None:
        shutil.copyfile(source, path)
    return write


def render_files(dataset: Dataset, model: Model) -> dict[str, Callable[[Path], None]]:
    """Output file name -> a function that writes it into a folder."""
    union = union_graph(dataset)
    context = {p: str(ns) for p, ns in sorted(dataset.namespaces()) if p}

    nquads = functools.cache(lambda: _sorted_lines(dataset.serialize(format="nquads")))
    files: dict[str, Callable[[Path], None]] = {
        "kg.ttl": text_writer(lambda: union.serialize(format="turtle")),
        "kg.nt": text_writer(lambda: _sorted_lines(union.serialize(format="nt"))),
        "kg.nq": text_writer(nquads),
        "kg.trig": text_writer(lambda: trig_text(dataset)),
        "kg.jsonld": text_writer(lambda: _jsonld(union, context)),
    }
    for name in ("kg.ttl", "vocab.ttl", "shapes.ttl"):
        files[f"ontology/{name}"] = copier(ontology_dir() / name)
    files["ontology/index.html"] = lambda path: _ontology_docs(model, path)
    files.update(_views(nquads()))
    return files


def _views(nquads: str) -> dict[str, Callable[[Path], None]]:
    """The interactive views (viz/), made from the same N-Quads as kg.nq, so they show what was built."""
    from kg.store import GraphStore
    from viz.site import site_files  # viz builds on kg; imported here only, so kg's core never needs it

    return {f"viz/{name}": write for name, write in site_files(GraphStore.from_nquads(nquads)).items()}


def _ontology_docs(model: Model, path: Path) -> None:
    from kg.ontodocs import ontology_html

    path.write_text(ontology_html(model), encoding="utf-8")


def write_atomically(out: Path, files: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Write all files into `out`, replacing its previous content only on success."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UsageError(f"{out} exists and was not written by kg; choose another --out or empty it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, write in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write(target)
        (staging / MARKER).write_text("written by kg build; the whole folder is replaced on rebuild\n")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in files]


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
