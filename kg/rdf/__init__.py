"""Stage 2, RDF: records become sorted N-Quads (build.py, the one mapping), checked against the
SHACL shapes, read back for the round trip, and documented (ontology and schema pages)."""
