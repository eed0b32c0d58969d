"""Serving and pushing the store: the guarded read-only endpoint of `kg serve` over the Oxigraph
server, and `kg push` into an external SPARQL 1.1 server."""
