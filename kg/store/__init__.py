"""Stage 3, store: one interface over SPARQL stores (embedded Oxigraph in memory or on disk,
rdflib, a remote endpoint), with the guard that keeps queries read-only and the text helpers
that bind parameters safely."""
