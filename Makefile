# hotfolders: `make run` (install what is missing, try it on the example) and `make test`.
SWIFT ?= swift
CONFIG ?= hotfolders.example

.PHONY: all deps build release run once test bench bench-agent bench-catalog bench-idle clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Starts the agent in the foreground on the example configuration (sample photos are made on
# the first run); it says which folder to drop photos into. Ctrl-C stops it.
run: release
	@scripts/make-sample-photos.sh example/inbox
	.build/release/hotfolders run --config $(CONFIG)

# Processes the example inbox once and exits.
once: release
	@scripts/make-sample-photos.sh example/inbox
	.build/release/hotfolders process --config $(CONFIG)

# The deploy tests run against a real S3 server: scripts/radosgw.sh installs Ceph's radosgw
# (Debian packages, once), starts it on 127.0.0.1 for the run and stops it after.
test: deps
	$(SWIFT) build --build-tests
	scripts/radosgw.sh run scripts/test-summary.sh $(SWIFT) test --skip-build

bench: release
	bench/run.sh

bench-agent: release
	bench/agent.sh

bench-catalog: release
	bench/catalog.sh

bench-idle: release
	bench/idle.sh

clean:
	rm -rf .build example bench/out
