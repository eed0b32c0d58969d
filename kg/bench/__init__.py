"""Benchmarks: `python -m kg.bench.scale` times the build, the stores and the named questions at
several sizes and writes docs/benchmarks.md; figures come from here, never from a timed test."""
