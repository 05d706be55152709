# GeoKG: `make run` serves the example graph, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export GEOKG_STORE ?= ./data/store

.PHONY: install system-deps run test test-fast yardstick eval soak conformance lint bench bench-scaling verify-gazetteer gazetteer vendor clean probe

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

# Sentence-level PLOVER type coding of NGEC's 375 labelled headline templates (a vocabulary probe, not gold).
probe: install
	$(BIN)/python scripts/headline_probe.py

# The service under load and abuse through a real server (tests/soak): stall scenarios, 16 readers + 1 writer for
# SOAK_SECONDS, SIGKILL mid-write, SOAK_FUZZ_REQUESTS schemathesis requests; prints p50/p99 figures.
SOAK_SECONDS ?= 60
SOAK_FUZZ_REQUESTS ?= 5000
soak: install
	SOAK_SECONDS=$(SOAK_SECONDS) SOAK_FUZZ_REQUESTS=$(SOAK_FUZZ_REQUESTS) $(BIN)/pytest -q -s -m soak tests/soak

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

# Every module of bench/ at its default size (under 40 minutes on 2 cores); each prints its figures and a
# ratio line and writes JSON to bench/results/. BENCHMARKS.md says what each measures and holds a run's numbers.
bench: install
	$(BIN)/python -m bench

# Issue #10's scaling run: 1k, 10k and 40k synthetic articles (about 10M triples at 40k: an hour or more and
# some 15 GB of disk under /tmp; BENCH_WORKDIR=/elsewhere to put the store there).
BENCH_SIZES ?= 1000,10000,40000
bench-scaling: install
	$(BIN)/python -m bench.scaling --sizes $(BENCH_SIZES) $(if $(BENCH_WORKDIR),--workdir $(BENCH_WORKDIR))

# The web page's libraries, pinned in web/package.json and web/package-lock.json, copied into api/static/vendor/
# (committed, so that `make test` and `make run` need no npm).
vendor:
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	$(PYTHON) scripts/vendor_web.py

clean:
	rm -rf $(VENV) data
