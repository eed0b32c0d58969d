"""kg: a knowledge graph of BPJS Ketenagakerjaan's coverage drive, traced to its sources."""

__version__ = "0.1.0"
