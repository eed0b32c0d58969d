"""Human-readable documentation of the ontology, shapes and vocabularies, as one HTML page.

Self-contained (no scripts, fonts or styles from elsewhere), every text escaped. pyLODE was
the first choice, but 3.4 fails at import on an installed copy (it reads its own
pyproject.toml), so we render the few tables we need ourselves.
"""

from __future__ import annotations

from html import escape

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from kg.facts.model import Model

STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border:1px solid #ccc;padding:.3rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}code{font-size:.9em}.id{color:#555;font-style:italic}"""


def _text(model: Model, term: Node, pred: URIRef, lang: str) -> str:
    for value in model.ontology.objects(term, pred):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _curie(model: Model, term: Node | None) -> str:
    if not isinstance(term, URIRef):
        return ""
    try:
        return model.ontology.namespace_manager.curie(term, generate=False)
    except (ValueError, KeyError):
        return str(term)


def _bilingual(model: Model, term: Node, label: URIRef = RDFS.label) -> str:
    en, id_ = _text(model, term, label, "en"), _text(model, term, label, "id")
    den, did = _text(model, term, SKOS.definition, "en"), _text(model, term, SKOS.definition, "id")
    return (f"<b>{escape(en)}</b> <span class=id>({escape(id_)})</span><br>{escape(den)}"
            f"<br><span class=id>{escape(did)}</span>")


def ontology_html(model: Model) -> str:
    g = model.ontology
    rows = []
    rows.append("<h2>Classes</h2><table><tr><th>class</th><th>label and definition (en / id)</th>"
                "<th>subclass of</th></tr>")
    for cls in sorted(set(g.subjects(RDF.type, OWL.Class)), key=str):
        supers = ", ".join(escape(_curie(model, s)) for s in sorted(g.objects(cls, RDFS.subClassOf), key=str))
        rows.append(f"<tr><td><code>{escape(_curie(model, cls))}</code></td><td>{_bilingual(model, cls)}</td>"
                    f"<td>{supers}</td></tr>")
    rows.append("</table><h2>Properties</h2><table><tr><th>property</th><th>label and definition</th>"
                "<th>domain</th><th>range</th></tr>")
    props = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
             for p in g.subjects(RDF.type, kind)} | set(model.relation_properties.values())
    for prop in sorted(props, key=str):
        rows.append(f"<tr><td><code>{escape(_curie(model, prop))}</code></td><td>{_bilingual(model, prop)}</td>"
                    f"<td>{escape(_curie(model, g.value(prop, RDFS.domain)))}</td>"
                    f"<td>{escape(_curie(model, g.value(prop, RDFS.range)))}</td></tr>")
    rows.append("</table><h2>Fact-file sections (from the SHACL shapes)</h2>")
    for section in model.sections.values():
        rows.append(f"<h3><code>{escape(section.name)}</code> → <code>{escape(_curie(model, section.target_class))}"
                    "</code></h3><table><tr><th>key</th><th>property</th><th>kind</th><th>count</th></tr>")
        for f in section.fields:
            count = f"{f.min_count}..{f.max_count if f.max_count is not None else 'n'}"
            kind = _curie(model, f.datatype or f.ref_class or f.scheme) or f.kind
            rows.append(f"<tr><td><code>{escape(f.key)}</code></td><td><code>{escape(_curie(model, f.path))}</code>"
                        f"</td><td>{escape(f.kind)} {escape(kind)}</td><td>{count}</td></tr>")
        rows.append("</table>")
    rows.append("<h2>Controlled vocabularies</h2>")
    for scheme, concepts in sorted(model.schemes.items()):
        rows.append(f"<h3>{_bilingual(model, scheme, SKOS.prefLabel)}</h3><table><tr><th>value</th>"
                    "<th>label and definition</th></tr>")
        for notation, concept in concepts.items():
            rows.append(f"<tr><td><code>{escape(notation)}</code></td>"
                        f"<td>{_bilingual(model, concept, SKOS.prefLabel)}</td></tr>")
        rows.append("</table>")
    ontology = URIRef("https://w3id.org/bpjs-kg/ontology")
    title = escape(_text(model, ontology, URIRef("http://purl.org/dc/terms/title"), "en"))
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title><style>{STYLE}</style>"
            f"<h1>{title}</h1>{''.join(rows)}</html>\n")
