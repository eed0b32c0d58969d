"""Interactive HTML views of the kg network that work offline and show every text from the facts as text.

`kg viz` and `kg build` write the site; from Python, after `kg build`::

    from viz.site import write_site
    write_site(GraphStore.from_build(Path("build")), Path("build/viz"))

The modules follow the data: `catalogue` (types, sources and evidence read from the graph),
`views` (which part of the network each page shows), `layout` (positions computed in Python),
`render` (one page: pyvis data, inert JSON, autoescaped template) and `site` (every page). The
stakeholder register, grid and tracker pages are `stakeholders`, made with the same machinery, and
`pack` puts them, the region's views and an index into one workshop folder (`kg workshop`).
"""
