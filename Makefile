# Proven: two commands on a fresh Debian 12 machine.
#   make run   installs what is missing, builds, creates var/proven.db with demo data, serves :8080
#   make test  installs what is missing, builds, runs every test (unit, API, browser)
# Also: make build (release binary at build/release/proven), make bench, make asan-test, make fuzz,
# make sbom (Proven's own SBOM, CycloneDX 1.6, at build/sbom/proven.cdx.json), make clean.

SHELL := /bin/bash
.DEFAULT_GOAL := run
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BIN := build/release/proven
DB ?= var/proven.db
HOST ?= 127.0.0.1
PORT ?= 8080

# Debian packages: to build and run, and in addition to test.
BUILD_PKGS := g++ make cmake pkg-config libcpp-httplib-dev libsqlite3-dev nlohmann-json3-dev \
  libkainjow-mustache-dev libicu-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev \
  libxlsxwriter-dev libsodium-dev libgtest-dev libbenchmark-dev libboost1.81-dev libpq-dev \
  libcairo2-dev libpango1.0-dev fonts-ipaexfont libcurl4-openssl-dev libqrencode-dev libyaml-cpp-dev libpcre2-dev \
  libzip-dev libvalijson-dev
# PostgreSQL 15 and nginx: the tests start their own (no system service is used). poppler-utils:
# pdftotext, pdfinfo and pdffonts read back the PDFs the document renderer writes. python3-aiosmtpd:
# the real SMTP server the mail tests start and read (tests/support/smtp_sink.py). python3-icalendar:
# an independent reader of the iCalendar files Proven writes. zbar-tools: zbarimg decodes the check-in QR
# codes Proven draws (docs/adr/0014).
# libnginx-mod-http-modsecurity + modsecurity-crs: the real WAF (ModSecurity 3 with the OWASP CRS) the WAF
# suite's tests start on loopback (docs/adr/0017).
TEST_PKGS := chromium nodejs npm postgresql-15 nginx-light poppler-utils python3-aiosmtpd python3-icalendar zbar-tools openssl \
  libnginx-mod-http-modsecurity modsecurity-crs
# Only for make fuzz (libFuzzer comes with clang's runtime libraries).
FUZZ_PKGS := clang-14 libclang-rt-14-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run build test deps test-deps bench asan-test tsan-test fuzz sbom clean distclean

# Installs only what is missing, so a ready machine does not touch apt at all.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ "$(2)" = node ] && command -v node >/dev/null && command -v npm >/dev/null; then \
	  missing=$$(echo "$$missing" | sed -e 's/\bnodejs\b//' -e 's/\bnpm\b//'); \
	fi; \
	if [ -n "$${missing// /}" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_PKGS),)

test-deps: deps
	$(call apt_install,$(TEST_PKGS),node)
	$(call apt_install,$(FUZZ_PKGS),)
	@if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; \
	fi

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

# The demo database is built beside the real one and moved into place only when complete.
$(DB): | build
	@mkdir -p $(dir $(DB))
	@rm -f $(DB).new $(DB).new.log-key
	$(BIN) migrate --db $(DB).new
	$(BIN) import services data/demo/services.csv --db $(DB).new --sample-data
	$(BIN) import programme data/demo/programme.json --db $(DB).new
	$(BIN) import consultations data/demo/consultations.json --db $(DB).new --public-url http://$(HOST):$(PORT)
	$(BIN) import events data/demo/events.json --db $(DB).new
	@# SBOMs and known vulnerabilities (docs/sbom.md): real OSV records and an SBOM of a demo product.
	$(BIN) osv import data/demo/osv --db $(DB).new
	$(BIN) sbom add data/demo/sbom/airwatch-scope-3.2.cdx.json --product 1 --release 3.2 --as apply@airlink-giken.example --db $(DB).new
	@# High-level device verification (docs/devices.md): a smart lock verified by a demo 機器検証 provider.
	$(BIN) import devices data/demo/devices.json --db $(DB).new
	@# Dated editions of the list on the first day of the three months before this one (serve adds
	@# this month's); docs/adr/0016-list-editions.md.
	for m in 3 2 1; do $(BIN) editions publish --db $(DB).new --date $$(date -d "$$(date +%Y-%m-01) -$$m month" +%F) || exit 1; done
	@mv $(DB).new $(DB)
	@mv $(DB).new.log-key $(DB).log-key

run: build $(DB)
	$(BIN) migrate --db $(DB)
	$(BIN) serve --db $(DB) --host $(HOST) --port $(PORT)

# The fuzz targets' short runs are part of the suite (test-deps installs clang-14); their tree is
# built here so that ctest only runs them.
test: test-deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	@if command -v clang++-14 >/dev/null; then \
	  cmake -S fuzz -B build/release/fuzz -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null && \
	  cmake --build build/release/fuzz -j $(JOBS); \
	fi
	PROVEN_REQUIRE_WAF_TARGET=1 ctest --preset release -j $(JOBS)

# Generates 10k/100k/1M listings, measures the engine beside its baselines and the HTTP API on
# SQLite and on PostgreSQL (two instances behind nginx), and writes bench/RESULTS.md (about 10
# minutes on 2 cores).
bench: deps
	$(call apt_install,wrk curl sqlite3 postgresql-15 nginx-light libnginx-mod-http-modsecurity modsecurity-crs,)
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	bench/run.sh

# The whole suite under AddressSanitizer + UBSan, then the concurrency tests (searches during
# writes and index swaps) under ThreadSanitizer.
asan-test: test-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)
	$(MAKE) tsan-test

tsan-test: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS)

# Every fuzz target for 10 million inputs, one after the other; writes docs/fuzzing.md.
fuzz: deps
	$(call apt_install,$(FUZZ_PKGS),)
	JOBS=$(JOBS) fuzz/run.sh

# Proven's own SBOM (docs/sbom.md): the Debian packages of BUILD_PKGS (required) and TEST_PKGS
# (optional) at the versions installed here, and the npm packages of package-lock.json, as
# CycloneDX 1.6 JSON. Deterministic (SOURCE_DATE_EPOCH or the commit time); installs nothing.
sbom:
	@python3 tools/sbom/proven_sbom.py --output build/sbom/proven.cdx.json

clean:
	rm -rf build

distclean: clean
	rm -rf node_modules var
