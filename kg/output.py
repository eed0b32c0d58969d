"""Writing the build: deterministic files, swapped into place atomically.

Every file is written into a fresh temporary folder beside the output folder, which replaces
the old output only once everything succeeded, so a failed build leaves the previous one
intact.

The quads arrive as sorted N-Quads statements (kg.rdf.quads) and never pass through rdflib:
kg.nq and kg.nt are that text, the on-disk Oxigraph store (store/) is bulk-loaded from
kg.nq (the named graphs) and kg.nt (their union, as the default graph), the network projection
(network.json) and the index of names (names.sqlite) are made once from that store, and Turtle, TriG
and JSON-LD are written by Oxigraph's serialisers from the same sorted statements, so two
builds of the same facts give byte-identical RDF files (the store's RocksDB files are not:
they carry their own IDs and timestamps).

Two parts of a build do not scale to a national graph, and are written only up to a size:

* Turtle, TriG and JSON-LD, up to `PRETTY_LIMIT` quads (KG_PRETTY_LIMIT moves it). Grouping
  a million triples by subject takes Oxigraph's serialisers some ten seconds, more than the
  rest of the build, for files no one reads at that size; kg.nq, kg.nt and the store have it all.
* The interactive views (viz/), up to `VIEWS_LIMIT` quads (KG_VIEWS_LIMIT): one page per actor
  and per source, each with a force layout. Above it the build says to run `kg viz`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.facts.model import Model, ontology_dir
from kg.files import copier, limit
from kg.network.stored import NETWORK_FILE
from kg.progress import NO_PROGRESS, Steps
from kg.questions.resolve import NAMES_FILE, EntityIndex
from kg.rdf.quads import PREFIX_MAP, Quads
from kg.store.graphstore import STORE_DIR, OxigraphStore  # the on-disk store beside kg.nq, opened as it is

if TYPE_CHECKING:
    from rdflib import Dataset

PRETTY_LIMIT = 250_000  # quads; a larger build writes no Turtle, TriG or JSON-LD
VIEWS_LIMIT = 10_000  # quads; a larger build writes no views (the national skeleton alone, 10,400, has 700 pages)
PRETTY_FILES = ("kg.ttl", "kg.trig", "kg.jsonld")
STORE_CHUNK = 32 * 2**20  # bytes of N-Quads or N-Triples per bulk load into the store (KG_STORE_CHUNK)


def writes_pretty(quads: Quads) -> bool:
    """Whether `kg build` writes Turtle, TriG and JSON-LD for a graph of this size."""
    return len(quads) <= limit("KG_PRETTY_LIMIT", PRETTY_LIMIT)


def writes_views(quads: Quads) -> bool:
    """Whether `kg build` writes the interactive views for a graph of this size."""
    return len(quads) <= limit("KG_VIEWS_LIMIT", VIEWS_LIMIT)


def trig_text(dataset: Dataset) -> str:
    """TriG of an rdflib Dataset (a small one: the golden file of the tests), graphs in IRI order."""
    statements = Quads.of(line.removesuffix(" .") for line in dataset.serialize(format="nquads").splitlines() if line)
    text = ox.serialize(ox.parse(statements.by_graph(), format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                        prefixes=PREFIX_MAP)
    return (text or b"").decode()


def render_files(quads: Quads, model: Model, *, steps: Steps = NO_PROGRESS,
                 release: bool = False) -> dict[str, Callable[[Path], None]]:
    """Output name -> a function that writes it into a folder, in the order they must run.

    With `release`, the quads' statements are let go (Quads.release) once every file made from
    them is written, before the store is loaded, so that the load reuses their memory; only
    their counts stay. `kg build` asks for it; a caller that reads the quads again does not.
    """
    files: dict[str, Callable[[Path], None]] = {
        "kg.nq": quads.write_nquads,
        "kg.nt": quads.write_ntriples,
    }
    if writes_pretty(quads):
        for name, format in zip(PRETTY_FILES, (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD),
                                strict=True):
            files[name] = functools.partial(quads.write, format=format)

    def store(path: Path) -> None:
        if release:
            quads.release()
        # Loaded from the kg.nq and kg.nt just written beside it, so the store holds exactly those files.
        load_store(path, path.parent / "kg.nq", path.parent / "kg.nt", steps)

    files[STORE_DIR] = store
    # Made once from the store just written, for every command that reads this build (kg.network.stored).
    files[NETWORK_FILE] = lambda path: _network(path.parent / STORE_DIR, path, steps)
    files[NAMES_FILE] = lambda path: _names(path.parent / STORE_DIR, path, steps)
    for name in ("kg.ttl", "vocab.ttl", "shapes.ttl"):
        files[f"ontology/{name}"] = copier(ontology_dir() / name)
    files["ontology/index.html"] = lambda path: _ontology_docs(model, path)
    return files


def load_store(path: Path, nquads: Path, ntriples: Path, steps: Steps = NO_PROGRESS) -> None:
    """Bulk-load kg.nq (the named graphs) and kg.nt (their union, each distinct triple once, as the
    default graph: see kg.store.graphstore) into an on-disk Oxigraph store at `path`.

    A file is loaded `STORE_CHUNK` bytes at a time, whole lines: Oxigraph's bulk loader holds
    some five times what it is given in memory (a gigabyte for a million quads at once), and
    pieces of 32 MB keep that to a few hundred megabytes at any size for about the same time
    (docs/benchmarks.md, "The build's time and memory").
    """
    chunk = limit("KG_STORE_CHUNK", STORE_CHUNK)
    with steps.step("loading the Oxigraph store"):
        store = ox.Store(str(path))
        for source, format in ((nquads, ox.RdfFormat.N_QUADS), (ntriples, ox.RdfFormat.N_TRIPLES)):
            with source.open("rb") as lines:
                while part := lines.readlines(chunk):
                    # Lenient: kg wrote these files itself, from checked IDs and escaped literals, so
                    # Oxigraph need not check every IRI again (a quarter of the load time).
                    store.bulk_load(b"".join(part), format=format, lenient=True)
                    del part
        store.flush()
        del store  # closes RocksDB, so that the folder can be moved and opened again


def _network(store_dir: Path, path: Path, steps: Steps) -> None:
    from kg.network.projection import project
    from kg.network.stored import network_json

    with steps.step("projecting the network"), OxigraphStore(ox.Store.read_only(str(store_dir))) as store:
        path.write_bytes(network_json(project(store, stored=False)))


def _names(store_dir: Path, path: Path, steps: Steps) -> None:
    with steps.step("indexing the names"), OxigraphStore(ox.Store.read_only(str(store_dir))) as store:
        EntityIndex(store, stored=False).write(path)


def summary(written: list[Path], quads: Quads, out: Path) -> list[str]:
    """What a build wrote, one line per file (the store and the views summed up), and what it left out."""
    lines = []
    site = out.resolve() / "viz"
    for path in written:
        if path.name == STORE_DIR:
            size = sum(part.stat().st_size for part in path.rglob("*") if part.is_file())
            lines.append(f"{path}/  (Oxigraph store, {size:,} bytes)")
        elif site not in path.parents:
            lines.append(f"{path}  ({path.stat().st_size:,} bytes)")
    if not writes_pretty(quads):
        lines.append(f"no {', '.join(PRETTY_FILES)}: {len(quads):,} quads is more than the "
                     f"{limit('KG_PRETTY_LIMIT', PRETTY_LIMIT):,} up to which they are written (KG_PRETTY_LIMIT); "
                     "kg.nq, kg.nt and the store hold the same graph")
    if writes_views(quads):
        pages = sum(1 for path in written if site in path.parents and path.suffix == ".html")
        lines.append(f"{site / 'index.html'}  (interactive views: {pages} pages)")
    else:
        lines.append(f"no interactive views: {len(quads):,} quads is more than the "
                     f"{limit('KG_VIEWS_LIMIT', VIEWS_LIMIT):,} up to which a build draws them (KG_VIEWS_LIMIT); "
                     f"run `kg viz --build {out}` to write them")
    return lines


def _ontology_docs(model: Model, path: Path) -> None:
    from kg.rdf.ontodocs import ontology_html

    path.write_text(ontology_html(model), encoding="utf-8")


