# photocat: `make run` sets up, builds and opens the app; `make test` builds and runs all tests.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_ARGS ?=
DATA_HOME := $(if $(XDG_DATA_HOME),$(XDG_DATA_HOME),$(HOME)/.local/share)
WORKSPACE ?= $(DATA_HOME)/photocat/default
FMNIST_SRC ?= /usr/share/datasets/fashion-mnist
FMNIST_DIR ?= $(DATA_HOME)/photocat/fashion-mnist
CLI := $(BUILD_DIR)/app/photocat-cli

FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps test-deps configure build run test test-slow workspace clean bench fuzz fuzz-seeds

all: build

deps:
	@bash packaging/install-deps.sh

test-deps:
	@bash packaging/install-deps.sh --test

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The default workspace: Fashion-MNIST unpacked to PNG folders once, then indexed.
workspace: build
	@if [ ! -f "$(WORKSPACE)/workspace.db" ]; then \
	  set -e; \
	  if [ ! -d "$(FMNIST_DIR)/train" ]; then \
	    $(CLI) import-idx $(FMNIST_SRC)/train-images-idx3-ubyte.gz $(FMNIST_SRC)/train-labels-idx1-ubyte.gz --out "$(FMNIST_DIR).tmp" --split train; \
	    $(CLI) import-idx $(FMNIST_SRC)/t10k-images-idx3-ubyte.gz $(FMNIST_SRC)/t10k-labels-idx1-ubyte.gz --out "$(FMNIST_DIR).tmp" --split test; \
	    rm -rf "$(FMNIST_DIR)"; mv "$(FMNIST_DIR).tmp" "$(FMNIST_DIR)"; \
	  fi; \
	  $(CLI) import "$(FMNIST_DIR)" --workspace "$(WORKSPACE).tmp"; \
	  $(CLI) classes --workspace "$(WORKSPACE).tmp" --set "T-shirt_top=T-shirt/top" > /dev/null; \
	  rm -rf "$(WORKSPACE)"; mv "$(WORKSPACE).tmp" "$(WORKSPACE)"; \
	fi
	@echo "Default workspace: $(WORKSPACE)"

run: workspace
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD_DIR)/app/photocat --workspace "$(WORKSPACE)"; \
	else \
	  echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): not opening the window."; \
	  echo "The same work from a terminal:"; \
	  echo "  $(CLI) info --workspace \"$(WORKSPACE)\""; \
	  echo "  $(CLI) train --workspace \"$(WORKSPACE)\" --model resnet-small --epochs 10"; \
	  echo "  $(CLI) --help"; \
	fi

# The suite: every test but the statistical checks at scale (label `slow`, `make test-slow`).
test: test-deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) -LE slow

test-slow: test-deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -L slow

bench: build
	bench/run

clean:
	rm -rf $(BUILD_DIR)

# libFuzzer (clang, ASan + UBSan): builds core's fuzz targets and runs each for FUZZ_SECONDS,
# growing $(FUZZ_DIR)/corpus from tests/fuzz/corpus; a table of executions and coverage lands in
# $(FUZZ_DIR)/fuzz-report.md, crash inputs in $(FUZZ_DIR)/crashes/<target>/.
fuzz:
	@bash packaging/install-deps.sh --fuzz
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DPHOTOCAT_FUZZ=ON
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	bash tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# Rewrites the seed corpora from photocat's own writers (tests/fuzz/make_seeds.cpp).
fuzz-seeds: build
	$(BUILD_DIR)/tests/fuzz/fuzz_seeds tests/fuzz/corpus
