"""kg: a knowledge graph of BPJS Ketenagakerjaan's coverage drive, traced to its sources.

From Python, `kg.open_graph("build")` opens what `kg build` wrote; see kg.api. kg.api is imported
on first use of these names, not with the package: `kg query` and `kg ask` start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "open_graph"]

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph, open_graph


def __getattr__(name: str) -> Any:
    if name in __all__:
        import kg.api

        return getattr(kg.api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
