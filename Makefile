# sanplane — the two commands are `make run` and `make test`; both install what is missing first.
MAKEFLAGS += --no-print-directory
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure build test unit-test run clean format bench bench-ui sanitize fuzz images \
  image-test compat-test

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

# The unit and integration suites on binaries built with AddressSanitizer + UndefinedBehaviorSanitizer
# (their own build folder); any report fails the run.
sanitize: deps
	@cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANPLANE_SANITIZE=ON \
	  -DSANPLANE_SERVICES="identity;presence;san;storage" -DSANPLANE_UNIT_TEST_AREAS=all >/dev/null
	@cmake --build build-sanitize -j$(JOBS)
	@SANPLANE_BUILD_DIR=build-sanitize SANPLANE_SANITIZE=1 bash tests/run-all.sh sanitize

# The libFuzzer targets of tests/fuzz, built with clang (their own build folder), each run for
# FUZZ_SECONDS (default 60); a crash fails the run and keeps its input.
FUZZ_SECONDS ?= 60
fuzz:
	@bash deploy/local/install-deps.sh fuzz
	@CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANPLANE_FUZZ=ON \
	  -DSANPLANE_SERVICES="" -DSANPLANE_UNIT_TEST_AREAS=none >/dev/null
	@cmake --build build-fuzz --target fuzz_targets -j$(JOBS)
	@bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# The five container images (gateway, identity, presence, san, storage) from deploy/docker/Dockerfile,
# built with buildah on a Debian 12 base made with debootstrap (no Docker engine or registry needed).
images:
	@bash deploy/images/build.sh

# Runs the images built by `make images` with podman (non-root, read-only, no capabilities, host
# network) against private PostgreSQL and Redis, and drives sign-in, a zone save and /readyz
# through the gateway image. Not part of `make test`.
image-test: deps
	@bash deploy/images/test.sh

# The previous release's integration suite, run by its own binaries on the schema this tree's
# migrations make (old code on the new schema, as during a rollout). PREVIOUS_RELEASE is the
# commit the last release was cut from; move it forward with each release.
PREVIOUS_RELEASE ?= 57d4ef4cb570c6886258e34c4cea1abf422c7168
compat-test: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) bash tests/compat/run.sh $(PREVIOUS_RELEASE)

bench: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) bash tests/bench/run.sh

# The aliases and zones pages in Chromium with 5,000 aliases and 3,000 zones (private stack).
bench-ui: build
	@SANPLANE_BUILD_DIR=$(BUILD_DIR) node tests/bench/ui_tables.mjs

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@[ ! -d .run/stores ] || bash deploy/local/stores.sh remove .run/stores
	rm -rf $(BUILD_DIR) build-sanitize build-fuzz .run
