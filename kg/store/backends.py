"""Choosing the store a command reads: `--store` / `--endpoint`, or the KG_STORE /
KG_ENDPOINT environment variables.

* `auto` (the default): `remote` when an endpoint is given, else `oxigraph-disk` when the
  build has its on-disk store, else `oxigraph`.
* `oxigraph`: the embedded Oxigraph with kg.nq loaded into memory for the one command;
  for small builds, or a build folder without `store/`.
* `oxigraph-disk`: the embedded Oxigraph opened read-only from `build/store/` (written by
  `kg build`): nothing is loaded, so opening takes milliseconds at any size.
* `rdflib`: rdflib's in-memory Dataset and SPARQL engine; for comparing engines, and
  small graphs only.
* `remote`: a SPARQL 1.1 server (`--endpoint URL`), filled by `kg push`; for sharing one
  graph between people and tools, and graphs beyond one machine's memory.

docs/benchmarks.md has the measurements behind this advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.files import readable_folder
from kg.store.graphstore import STORE_DIR, GraphStore, OxigraphStore

BACKENDS = ("auto", "oxigraph", "oxigraph-disk", "rdflib", "remote")


@dataclass(frozen=True)
class StoreChoice:
    """Which graph to open on which backend, as the user chose it."""

    build_dir: Path = Path("build")
    backend: str = "auto"
    endpoint: str | None = None
    user: str | None = None
    password: str | None = None

    def resolved(self) -> str:
        """The backend `auto` stands for with this build folder."""
        if self.backend != "auto":
            return self.backend
        if self.endpoint:
            return "remote"
        build_dir = readable_folder(self.build_dir)
        return "oxigraph-disk" if (build_dir / STORE_DIR / "CURRENT").is_file() else "oxigraph"

    def open(self, *, allow_service: bool = False) -> GraphStore:
        """Open the chosen backend on the build (or on the endpoint)."""
        build_dir, backend = self.build_dir, self.resolved()
        if backend not in BACKENDS:
            raise UsageError(f"--store must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if self.endpoint and backend != "remote":
            raise UsageError(f"--endpoint is for --store remote (or auto), not --store {backend}")
        if backend == "remote":
            if not self.endpoint:
                raise UsageError("--store remote needs --endpoint URL (or KG_ENDPOINT)")
            from kg.store.remote import RemoteStore

            return RemoteStore(self.endpoint, user=self.user, password=self.password, allow_service=allow_service)
        if backend == "rdflib":
            from kg.store.rdflib_store import RdflibStore

            return RdflibStore.open_build(build_dir, allow_service=allow_service)
        return OxigraphStore.open_build(build_dir, on_disk=backend == "oxigraph-disk", allow_service=allow_service)


def open_store(build_dir: Path | str = "build", backend: str = "auto", *, endpoint: str | None = None,
               user: str | None = None, password: str | None = None, allow_service: bool = False) -> GraphStore:
    """Open a build (or a server) on the chosen backend; see the table in this module's docstring."""
    return StoreChoice(Path(build_dir), backend, endpoint, user, password).open(allow_service=allow_service)
