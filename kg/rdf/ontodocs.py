"""Human-readable documentation of the ontology, shapes and vocabularies, as one HTML page.

Self-contained (no scripts, fonts or styles from elsewhere), every text escaped. pyLODE was
the first choice, but 3.4 fails at import on an installed copy (it reads its own
pyproject.toml), so we render the few tables we need ourselves.

Bahasa Indonesia first: headings and each term's `@id` label and definition come first, the `@en`
ones second; the "English" link at the top (``#en``, no script: the CSS `:target` rule) puts English
first and hides the Indonesian headings, and "Bahasa Indonesia" goes back.
"""

from __future__ import annotations

from html import escape

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.term import Node

from kg.facts.model import Model

STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border:1px solid #ccc;padding:.3rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}code{font-size:.9em}.en{color:#555;font-style:italic}
.l-en{display:none}#en:target .l-en{display:inline}#en:target .l-id{display:none}.switch{float:right}
#en:target .to-en,.to-id{display:none}#en:target .to-id{display:inline}
#en:target .term{display:flex;flex-direction:column-reverse}"""


def _both(id_: str, en: str) -> str:
    """Text of the page itself in both languages; the page's language shows (see the module docstring)."""
    return f"<span class=l-id>{escape(id_)}</span><span class=l-en lang=en>{escape(en)}</span>"


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
    """A term's @id label and definition, then its @en ones (English first after the switch)."""
    en, id_ = _text(model, term, label, "en"), _text(model, term, label, "id")
    den, did = _text(model, term, SKOS.definition, "en"), _text(model, term, SKOS.definition, "id")
    indonesian = f"<div lang=id><b>{escape(id_ or en)}</b><br>{escape(did)}</div>"
    english = f"<div lang=en class=en><b>{escape(en)}</b><br>{escape(den)}</div>"
    return f"<div class=term>{indonesian}{english}</div>"


def ontology_html(model: Model) -> str:
    g = model.ontology
    rows = []
    rows.append(f"<h2>{_both('Kelas', 'Classes')}</h2><table><tr><th>{_both('kelas', 'class')}</th>"
                f"<th>{_both('label dan definisi (id / en)', 'label and definition (en / id)')}</th>"
                f"<th>{_both('subkelas dari', 'subclass of')}</th></tr>")
    for cls in sorted(set(g.subjects(RDF.type, OWL.Class)), key=str):
        supers = ", ".join(escape(_curie(model, s)) for s in sorted(g.objects(cls, RDFS.subClassOf), key=str))
        rows.append(f"<tr><td><code>{escape(_curie(model, cls))}</code></td><td>{_bilingual(model, cls)}</td>"
                    f"<td>{supers}</td></tr>")
    rows.append(f"</table><h2>{_both('Properti', 'Properties')}</h2><table><tr><th>{_both('properti', 'property')}"
                f"</th><th>{_both('label dan definisi', 'label and definition')}</th><th>{_both('domain', 'domain')}"
                f"</th><th>{_both('jangkauan', 'range')}</th></tr>")
    props = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
             for p in g.subjects(RDF.type, kind)} | set(model.relation_properties.values())
    for prop in sorted(props, key=str):
        rows.append(f"<tr><td><code>{escape(_curie(model, prop))}</code></td><td>{_bilingual(model, prop)}</td>"
                    f"<td>{escape(_curie(model, g.value(prop, RDFS.domain)))}</td>"
                    f"<td>{escape(_curie(model, g.value(prop, RDFS.range)))}</td></tr>")
    sections = _both("Bagian berkas fakta (dari shape SHACL)", "Fact-file sections (from the SHACL shapes)")
    rows.append(f"</table><h2>{sections}</h2>")
    for section in model.sections.values():
        rows.append(f"<h3><code>{escape(section.name)}</code> → <code>{escape(_curie(model, section.target_class))}"
                    f"</code></h3><table><tr><th>{_both('kunci', 'key')}</th><th>{_both('properti', 'property')}</th>"
                    f"<th>{_both('jenis', 'kind')}</th><th>{_both('jumlah', 'count')}</th></tr>")
        for f in section.fields:
            count = f"{f.min_count}..{f.max_count if f.max_count is not None else 'n'}"
            kind = _curie(model, f.datatype or f.ref_class or f.scheme) or f.kind
            rows.append(f"<tr><td><code>{escape(f.key)}</code></td><td><code>{escape(_curie(model, f.path))}</code>"
                        f"</td><td>{escape(f.kind)} {escape(kind)}</td><td>{count}</td></tr>")
        rows.append("</table>")
    rows.append(f"<h2>{_both('Kosakata terkendali', 'Controlled vocabularies')}</h2>")
    for scheme, concepts in sorted(model.schemes.items()):
        rows.append(f"<h3>{_bilingual(model, scheme, SKOS.prefLabel)}</h3><table><tr><th>{_both('nilai', 'value')}"
                    f"</th><th>{_both('label dan definisi', 'label and definition')}</th></tr>")
        for notation, concept in concepts.items():
            rows.append(f"<tr><td><code>{escape(notation)}</code></td>"
                        f"<td>{_bilingual(model, concept, SKOS.prefLabel)}</td></tr>")
        rows.append("</table>")
    ontology = URIRef("https://w3id.org/bpjs-kg/ontology")
    title_en = _text(model, ontology, URIRef("http://purl.org/dc/terms/title"), "en")
    title_id = _text(model, ontology, URIRef("http://purl.org/dc/terms/title"), "id") or title_en
    switch = ("<nav class=switch><a class=to-en href=#en lang=en>English</a>"
              "<a class=to-id href=# lang=id>Bahasa Indonesia</a></nav>")
    return (f"<!doctype html><html lang=id><meta charset=utf-8><title>{escape(title_id)}</title><style>{STYLE}</style>"
            f"<body><div id=en>{switch}<h1>{_both(title_id, title_en)}</h1>{''.join(rows)}</div></body></html>\n")
