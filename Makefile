# sanplane — the two commands are `make run` and `make test`; both install what is missing first.
MAKEFLAGS += --no-print-directory
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure build test unit-test run clean format bench

all: build

deps:
	@bash deploy/local/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) -DSANPLANE_SERVICES="identity;presence;san;storage" \
	  -DSANPLANE_UNIT_TEST_AREAS=all >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

# Unit tests, integration tests (real PostgreSQL, Redis and binaries over HTTP), deployment
# checks and browser tests.
test: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) bash tests/run-all.sh

unit-test: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) bash tests/run-all.sh unit

# Starts PostgreSQL, Redis, every service and the gateway with demo data; Ctrl-C stops them.
# MONITOR=1 also starts a private Prometheus scraping them.
run: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) MONITOR=$(MONITOR) bash deploy/local/run.sh

bench: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) bash tests/bench/run.sh

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@[ ! -d .run/stores ] || bash deploy/local/stores.sh remove .run/stores
	rm -rf $(BUILD_DIR) .run
