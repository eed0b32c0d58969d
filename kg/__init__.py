"""kg: a knowledge graph of BPJS Ketenagakerjaan's coverage drive, traced to its sources.

From Python, `kg.open_graph("build")` opens what `kg build` wrote; see kg.api.
"""

__version__ = "0.1.0"

from kg.api import KnowledgeGraph, open_graph

__all__ = ["KnowledgeGraph", "open_graph"]
