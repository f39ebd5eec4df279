# dibaosim — plain Makefile.
#   make        build ./dibaosim
#   make run    install what is missing, build, compare the Taiyuan 2016 baseline and every
#               reform scenario on the calibrated synthetic population for 2016-2020, print the
#               tables, the comparison and the validation table
#   make analysis  the sensitivity analysis and the standard sweep (output/*.h5, for notebooks/)
#   make test   install what is missing, build, run every test (notebooks executed too), the
#               unit tests again under ASan and UBSan, and the readers' fuzzers briefly
#   make bench  speed (persons/second) and memory (bytes/person) at several sizes and threads;
#               streaming and MPI up to 10^8 persons (tools/bench-stream.sh)
#   make docs   regenerate the README's reference sections from the engine's tables
#   make fuzz   libFuzzer harnesses of the readers, each run FUZZ_SECONDS (clang)
#   make clean  remove build products
# Library flags come from pkg-config; -Werror when CI is set; SANITIZE=address,undefined for a
# sanitizer build.

CC      ?= gcc
# Open MPI and the parallel build of HDF5 (the serial one's hdf5.pc may stand beside it): the same
# binary runs alone or under mpirun (run.h, ranks.h).
PKGS    := gsl yaml-0.1 hdf5-openmpi ompi-c libcrypto libdeflate
CFLAGS  ?= -O3 -g
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -fopenmp -Wall -Wextra -Wshadow -Wstrict-prototypes -MMD -MP
CFLAGS  += $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Iengine
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
LDFLAGS += -fopenmp
ifdef CI
CFLAGS  += -Werror
endif
ifdef SANITIZE
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

BUILD   := build
LIB_SRC := $(filter-out engine/main.c,$(wildcard engine/*.c engine/programs/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))

POPULATION ?= populations/taiyuan-rural-2016-calibrated.yaml
SCENARIOS  ?= scenarios/taiyuan-2016-baseline.yaml $(filter-out scenarios/taiyuan-2016-baseline.yaml,$(sort $(wildcard scenarios/*.yaml)))
THREADS    ?= 2

.PHONY: all setup run analysis test bench docs fuzz clean FORCE
all: dibaosim

setup:
	@tools/setup.sh

dibaosim: $(BUILD)/engine/main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The engine built with SANITIZE into its BUILD folder, for make test's sanitized pass.
$(BUILD)/dibaosim: $(BUILD)/engine/main.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Profile-guided optimisation (gcc's -fprofile-use) of the engine's objects: they are compiled
# once more, instrumented, into $(PROFILE)/; that engine runs the training jobs below; and
# build/'s objects are then compiled with the counts they wrote. An instrumented object takes
# its final object's name for its counts (-dumpdir, -dumpbase): gcc identifies a static
# function's counts by that name, and writes them where the final compile looks
# (build/engine/x.gcda). The profile moves code layout, inlining and branch order, never the
# arithmetic: results are those of a plain build (make test runs every test on this build, and
# the end-to-end ones again on the sanitized build, made without it). PGO=0 builds without it;
# the sanitized build and the fuzzers never use it.
PGO     ?= 1
PROFILE := build/profile
ifeq ($(PGO)|$(BUILD)|$(SANITIZE),1|build|)
ENGINE_OBJ  := $(BUILD)/engine/main.o $(LIB_OBJ)
PROFILE_OBJ := $(ENGINE_OBJ:$(BUILD)/%=$(PROFILE)/%)
$(ENGINE_OBJ): private CFLAGS += -fprofile-use -Wno-missing-profile
$(ENGINE_OBJ): $(PROFILE)/trained

$(PROFILE)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fprofile-generate -fprofile-update=single -dumpdir $(BUILD)/$(dir $*) \
	    -dumpbase $(notdir $*) -c -o $@ $<

$(PROFILE)/dibaosim: $(PROFILE_OBJ)
	$(CC) $(LDFLAGS) -fprofile-generate -o $@ $^ $(LDLIBS)

# The training jobs, whose counts replace the last ones: make run's compare, and a population
# written to a file and read back by a simple run (the loader's path).
TRAINING_SPEC := populations/taiyuan-rural-2016-calibrated.yaml
$(PROFILE)/trained: $(PROFILE)/dibaosim
	@rm -f $(ENGINE_OBJ:.o=.gcda)
	$(PROFILE)/dibaosim compare $(sort $(wildcard scenarios/*.yaml)) --scale 0.1 --threads 1 \
	    --population $(TRAINING_SPEC) --microdata --quiet --out $(PROFILE)/training.h5 > /dev/null
	$(PROFILE)/dibaosim synth $(TRAINING_SPEC) --scale 0.1 --threads 1 \
	    --out $(PROFILE)/training-population.h5 > /dev/null
	$(PROFILE)/dibaosim run tools/bench/simple-dibao.yaml --threads 1 --microdata --quiet \
	    --population $(PROFILE)/training-population.h5 --out $(PROFILE)/training.h5 > /dev/null
	@touch $@
endif

$(BUILD)/tests/%: tests/%.c $(BUILD)/tests/support.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/tests/support.o $(LIB_OBJ) $(LDLIBS) \
	    $(shell pkg-config --libs cmocka 2>/dev/null)

# The commit the engine is built from, in its version string (engine/version.c): `git describe`,
# or "unknown" outside a checkout. $(BUILD)/commit changes only when the description does, so
# version.o is rebuilt then and only then.
COMMIT := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/commit: FORCE
	@mkdir -p $(BUILD)
	@[ "$$(cat $@ 2>/dev/null)" = "$(COMMIT)" ] || echo "$(COMMIT)" > $@
$(BUILD)/engine/version.o: $(BUILD)/commit
$(BUILD)/engine/version.o: CFLAGS += -DDIBAOSIM_COMMIT='"$(COMMIT)"'
FORCE:

run: setup
	@$(MAKE) --no-print-directory dibaosim
	@mkdir -p output
	./dibaosim compare $(SCENARIOS) --population $(POPULATION) --out output/taiyuan-2016.h5 \
	    --threads $(THREADS) --microdata

# The sensitivity analysis and the standard sweep of scenarios/analysis/, for the notebooks.
analysis: setup
	@$(MAKE) --no-print-directory dibaosim
	@mkdir -p output
	./dibaosim run scenarios/analysis/uncertainty.yaml --population $(POPULATION) \
	    --out output/uncertainty.h5 --threads $(THREADS)
	./dibaosim run scenarios/analysis/standard-sweep.yaml --population $(POPULATION) \
	    --out output/standard-sweep.h5 --threads $(THREADS)

# `make test` then runs the whole suite once more built with ASan and UBSan (gcc, into
# build/sanitized/): the unit tests with leak detection, and the end-to-end scripts in a shadow
# tree (build/sanitized/tree: links to the project's folders, its ./dibaosim the sanitized
# engine; leaks left to the unit tests, as an engine exiting on an error does not free); any
# report fails. Then the fuzzers of the readers the engine parses itself (scenario, spec, CSV,
# and the HDF5 population reader on well-formed files whose columns the input rewrites) for
# FUZZ_TEST_SECONDS each; fuzz_h5, which damages the file itself, is left to `make fuzz`, as what
# it finds are libhdf5's own faults.
FUZZ_TEST_SECONDS ?= 60
SANITIZED := $(patsubst tests/%.c,build/sanitized/tests/%,$(wildcard tests/test_*.c))
SHADOW    := build/sanitized/tree
test: setup
	@$(MAKE) --no-print-directory dibaosim $(TESTS)
	@tests/run_all.sh $(TESTS)
	@$(MAKE) --no-print-directory BUILD=build/sanitized SANITIZE=address,undefined $(SANITIZED) \
	    build/sanitized/dibaosim
	@n=0; for t in $(SANITIZED); do ASAN_OPTIONS=detect_leaks=1 $$t > $$t.log 2>&1 || \
	    { tail -n 30 $$t.log; echo "sanitized: $$t failed"; exit 1; }; n=$$((n + 1)); done; \
	    echo "sanitized: $$n unit tests passed under ASan and UBSan"
	@rm -rf $(SHADOW) && mkdir -p $(SHADOW) && \
	    for f in engine notebooks populations scenarios tests tools Makefile README.md; do \
	        ln -s "$(CURDIR)/$$f" $(SHADOW)/$$f; done && \
	    ln -s "$(CURDIR)/build/sanitized/dibaosim" $(SHADOW)/dibaosim && mkdir $(SHADOW)/output
	@ASAN_OPTIONS=detect_leaks=0 $(SHADOW)/tests/run_all.sh > build/sanitized/e2e.log 2>&1 || \
	    { grep -B2 -A25 -E "FAIL|ERROR: |runtime error" build/sanitized/e2e.log | head -80; \
	      echo "sanitized: end-to-end tests failed (build/sanitized/e2e.log)"; exit 1; }; \
	    echo "sanitized: $$(tail -n 1 build/sanitized/e2e.log | sed 's/^tests: //') end-to-end, under ASan and UBSan"
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) \
	    FUZZERS="$(BUILD)/fuzz/fuzz_scenario $(BUILD)/fuzz/fuzz_spec $(BUILD)/fuzz/fuzz_csv $(BUILD)/fuzz/fuzz_h5_columns"

bench: setup
	@$(MAKE) --no-print-directory dibaosim $(BUILD)/tools/philox_rate
	@tools/bench.sh

$(BUILD)/tools/philox_rate: tools/bench/philox_rate.c $(BUILD)/engine/rng.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

docs: dibaosim
	tools/update-readme.sh

# libFuzzer harnesses (tests/fuzz/fuzz_*.c) for the scenario, spec, CSV and HDF5 population
# readers, built with clang under ASan and UBSan into $(BUILD)/fuzz/, each run for FUZZ_SECONDS on
# a copy of its seed corpus (tests/fuzz/corpus/<name>/). Not part of `make test`. fuzz_h5 runs
# without leak detection: HDF5 1.10 leaks its own allocations when a damaged object header fails
# to decode (found at once, inside libhdf5; no leak of the engine's).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -O1 -g -std=c11 -D_DEFAULT_SOURCE -fopenmp -fsanitize=fuzzer-no-link,address,undefined \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Iengine
FUZZ_OBJ     := $(LIB_SRC:%.c=$(BUILD)/fuzz/%.o)
FUZZERS      := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz: setup $(FUZZERS)
	@failed=""; for f in $(FUZZERS); do name=$$(basename $$f); \
	    mkdir -p $(BUILD)/fuzz/corpus/$$name && cp tests/fuzz/corpus/$$name/* $(BUILD)/fuzz/corpus/$$name/; \
	    echo "== $$name ($(FUZZ_SECONDS) s)"; leaks=1; [ $$name = fuzz_h5 ] && leaks=0; \
	    if ASAN_OPTIONS=detect_leaks=$$leaks $$f -max_total_time=$(FUZZ_SECONDS) -max_len=131072 -rss_limit_mb=2048 -detect_leaks=$$leaks \
	        -artifact_prefix=$(BUILD)/fuzz/$$name- $(BUILD)/fuzz/corpus/$$name > $(BUILD)/fuzz/$$name.log 2>&1; \
	    then grep -h '^Done' $(BUILD)/fuzz/$$name.log; \
	    else grep -h -A12 '^==[0-9]*==ERROR' $(BUILD)/fuzz/$$name.log; failed="$$failed $$name"; fi; done; \
	[ -z "$$failed" ] || { echo "fuzz: failed:$$failed (inputs in $(BUILD)/fuzz/)"; exit 1; }

.SECONDARY: $(FUZZ_OBJ)
$(BUILD)/fuzz/%.o: %.c $(BUILD)/commit
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DDIBAOSIM_COMMIT='"$(COMMIT)"' -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_support.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

clean:
	rm -rf $(BUILD) dibaosim

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
