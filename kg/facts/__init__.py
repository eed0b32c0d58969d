"""Stage 1, facts: the YAML fact files read strictly into records, each with its file and line, and
checked across records (IDs, references, evidence spans, texts) and for conflicting figures.
The fact format itself is read from the ontology and shapes (model.py)."""
