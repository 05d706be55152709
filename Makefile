# GeoKG: `make run` serves the example graph, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export GEOKG_STORE ?= ./data/store

.PHONY: install system-deps run test test-fast yardstick eval conformance lint bench verify-gazetteer gazetteer vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium drives the web-page tests (never a downloaded browser); Debian's Virtuoso Open Source is
# the second real store of the store and API suites (tests/virtuoso_server.py starts its own, never the service).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@command -v virtuoso-t >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; fi; }

run: install
	$(BIN)/geokg ingest examples/articles.jsonl
	@echo "GeoKG is serving on http://$(HOST):$(PORT)/"
	@echo "Try:"
	@echo "  curl 'http://$(HOST):$(PORT)/api/entities?q=serbia'"
	@echo "  curl 'http://$(HOST):$(PORT)/api/events?type=Clash'"
	@echo "  curl -G 'http://$(HOST):$(PORT)/sparql' -H 'Accept: application/sparql-results+json' \\"
	@echo "       --data-urlencode 'query=SELECT ?s WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q403> }'"
	$(BIN)/geokg serve --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/pytest -q

# The inner loop: no browser, no oxigraph or Virtuoso server, no wheel or venv builds.
test-fast: install
	$(BIN)/pytest -q -m "not browser and not remote and not virtuoso and not slow and not yardstick" --ignore=tests/conformance

# Against what lies beside the clone in ../shared (the seed article, the reference data); never part of `test`.
yardstick: install
	$(BIN)/pytest -q -m yardstick tests/yardstick
	$(BIN)/geokg eval ../shared/seed

# Dev, held-out and real-text figures, each checked against its floor in tests/data/floors.json.
eval: install
	$(BIN)/pytest -q -s -m eval tests/test_floors.py

conformance: install
	$(BIN)/pytest -q tests/conformance

verify-gazetteer: install
	$(BIN)/python scripts/verify_gazetteer.py

gazetteer: install
	$(BIN)/python scripts/build_gazetteer.py

lint: install
	$(BIN)/ruff check kg api tests scripts bench
	$(BIN)/ruff format --check kg api tests scripts bench
	$(BIN)/mypy kg api

bench: install
	$(BIN)/python -m bench

# The web page's libraries, pinned in web/package.json and web/package-lock.json, copied into api/static/vendor/
# (committed, so that `make test` and `make run` need no npm).
vendor:
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	$(PYTHON) scripts/vendor_web.py

clean:
	rm -rf $(VENV) data
