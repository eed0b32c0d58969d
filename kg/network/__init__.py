"""Stage 4, network: the graph projected into networkx (projection.py), questions about it
(analytics.py) and its GraphML/GEXF export."""
