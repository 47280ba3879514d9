# hotfolders: `make run` (install what is missing, try it on the example) and `make test`.
SWIFT ?= swift
CONFIG ?= hotfolders.example

.PHONY: all deps build release run test bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Processes the example inbox once (sample photos are made on first run) and says where the
# results are.
run: release
	@scripts/make-sample-photos.sh example/inbox
	.build/release/hotfolders process --config $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	bench/run.sh

clean:
	rm -rf .build example bench/out
