# One entry point for everyday tasks (the README's two commands do not need make).
VENV ?= .venv
PY := $(VENV)/bin/python

$(PY):
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

.PHONY: build test lint check schema golden
build: $(PY)
	$(VENV)/bin/kg build --sources ../shared/seeds

test:  ## the README's test command: installs what the tests need, then runs them
	scripts/test

lint: $(PY)
	$(VENV)/bin/ruff check . && $(VENV)/bin/mypy

check: lint test

schema: $(PY)  ## regenerate docs/schema.md from the ontology and shapes
	$(VENV)/bin/kg schema --markdown > docs/schema.md

golden: $(PY)  ## rewrite the golden RDF after an intended change to the mapping
	KG_REGEN_GOLDEN=1 $(PY) -m pytest tests/test_rdf.py -k golden
