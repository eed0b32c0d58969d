"""Stage 4, questions: the named SPARQL questions (the .rq files beside named.py) and finding an
entity by what a person types (resolve.py)."""
