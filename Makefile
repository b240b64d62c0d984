# The front door. Every target installs what is missing first (scripts/setup).
#   make run        build, prepare var/pass.db with demo data, start the portal and EU Login stand-in
#   make test       every test suite, as CI runs it
#   make check      the fast inner loop: build (dev) and run the unit tests
#   make build      debug build with sanitizers (build/dev)
#   make release    optimised build (build/release)
#   make install PREFIX=DIR   a relocatable tree: DIR/bin/pass-portal and DIR/share/pass
#   make lint       clang-format and clang-tidy
#   make format     apply clang-format
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each (default 60)
#   make bench      the HTTP benchmark (bench/http), with nginx in the same run
#   make clean      remove build/ (keeps var/ and node_modules/)

PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60

.PHONY: run test check build release install lint format fuzz bench clean setup

setup:
	@scripts/setup

run:
	@scripts/run

test:
	@scripts/test

check: setup
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@ctest --preset dev -L unit

build: setup
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev

release: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release

install: release
	@cmake --install build/release --prefix "$(PREFIX)"
	@echo "installed: $(PREFIX)/bin/pass-portal"

lint: setup
	@scripts/lint

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

fuzz: setup
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

bench: release
	@bench/http/run

clean:
	@rm -rf build
