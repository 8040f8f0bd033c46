# otel.h - build, demo, test, check, bench, install.  `make test` ends with "N passed, N failed".
CC      ?= cc
CLANG   ?= clang
CFLAGS  ?= -O1 -g
WARN     = -std=c11 -Wall -Wextra -Werror
# gzip compression (otel_export.h, OTEL_ZLIB) is on in everything built here
INC      = -I. -Itests -DOTEL_ZLIB
LIBS     = -lpthread -lmbedtls -lmbedx509 -lmbedcrypto -lprotobuf-nanopb -lz
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TSAN     = -fsanitize=thread
HEADERS  = otel.h $(wildcard otel_export.h)

TESTS      := $(basename $(notdir $(wildcard tests/test_*.c)))
# tests that start threads also run under ThreadSanitizer
TSAN_TESTS := $(filter test_threads% test_arena% test_export% test_metrics% test_propagation test_grpc_streams,$(TESTS))
B = build

.PHONY: all test check run-tests demo bench bench-count bench-ab bench-phase examples regen clean check-tests node-deps fuzz
all: examples $(TESTS:%=$(B)/gcc/%) $(B)/gcc/emit_spans $(B)/gcc/emit_signals

$(B)/gcc/%: tests/%.c $(HEADERS) tests/test.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(INC) $< -o $@ $(LIBS)
$(B)/clang/%: tests/%.c $(HEADERS) tests/test.h
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) $(CFLAGS) $(INC) $< -o $@ $(LIBS)
# the sanitizer builds at -O0: they find the same faults, and build in a
# third (ASan+UBSan) to a tenth (TSan) of the time -O1 takes, most of make
# test's time; the gcc builds keep -O1 for its warnings
$(B)/asan/%: tests/%.c $(HEADERS) tests/test.h
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) -O0 -g $(SAN) $(INC) $< -o $@ $(LIBS)
# the redaction and span tests again with the portable code: the 8-byte
# attribute value scan instead of the SSE2 one, the recording path's
# field-by-field stores instead of the paired ones used with 8-byte
# pointers on little-endian targets, and times stored as nanoseconds
# instead of the default clock's timespec (as on 32-bit targets)
# (ASan+UBSan, so the word reads are checked too)
$(B)/portable/%: tests/%.c $(HEADERS) tests/test.h
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) -O1 -g -U__SSE2__ -DOTEL__WIDE=0 -DOTEL__RAW_STAMP=0 $(SAN) $(INC) $< -o $@ $(LIBS)
$(B)/tsan/%: tests/%.c $(HEADERS) tests/test.h
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) -O0 -g $(TSAN) $(INC) $< -o $@ $(LIBS)

EXAMPLES := $(basename $(notdir $(wildcard examples/*.c)))
examples: $(EXAMPLES:%=$(B)/examples/%)
# an example links what it uses: one that includes only otel.h, only -lpthread
$(B)/examples/%: examples/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(INC) $< -o $@ $(if $(shell grep -l '"otel_export.h"' $<),$(LIBS),-lpthread)

node-deps:
	@if [ -f package-lock.json ] && { [ ! -d node_modules ] || [ ! -d node_modules/@grpc/grpc-js ] || [ ! -d node_modules/@opentelemetry/propagator-b3 ]; }; then \
	  npm ci --no-audit --no-fund || { echo "make test: npm ci could not fetch the packages in package-lock.json (network, proxy or certificates?); make check runs every test that needs none" >&2; exit 1; }; fi

PORTABLE_TESTS = test_redact test_spans test_arena test_threads test_sampler
# every test under gcc and under clang with ASan+UBSan; the core ones also
# under plain clang (clang's warnings and codegen are already in the ASan,
# TSan and portable builds: a plain clang build of every test would add a
# third of the build time to make test for little)
CLANG_TESTS = $(PORTABLE_TESTS)
TEST_CMDS = $(foreach t,$(TESTS),$(B)/gcc/$(t) $(B)/asan/$(t)) $(CLANG_TESTS:%=$(B)/clang/%) \
            $(foreach t,$(TSAN_TESTS),$(B)/tsan/$(t)) $(PORTABLE_TESTS:%=$(B)/portable/%)
TEST_BINS = examples $(B)/gcc/emit_spans $(B)/gcc/emit_signals $(B)/gcc/prop_driver $(TESTS:%=$(B)/gcc/%) $(CLANG_TESTS:%=$(B)/clang/%) $(TESTS:%=$(B)/asan/%) $(TSAN_TESTS:%=$(B)/tsan/%) $(PORTABLE_TESTS:%=$(B)/portable/%)
# the checks that need no npm package (make check, make test)
OFFLINE_CHECKS = "bash tests/compile_checks.sh" "bash tests/api_checks.sh" "bash tests/security_checks.sh" \
	    "bash tests/sink_test.sh" \
	    "bash tests/prometheus_test.sh" \
	    "bash tests/fuzz/run.sh --replay" \
	    "OTEL_TRACES_EXPORTER=console $(B)/examples/minimal | grep -q 'load config'" \
	    "bash tests/config_doc_check.sh" \
	    "bash tests/install_test.sh" \
	    $(if $(wildcard tools/regen.sh),"bash tools/regen.sh --check")
# the checks against the OpenTelemetry project's own packages from npm (make test)
NODE_CHECKS = \
	    "node tests/node/conformance.js" \
	    "node tests/node/conformance_signals.js" \
	    "node tests/node/codex_schema.js" \
	    "node tests/node/pipeline_check.js" \
	    "node tests/node/tail_check.js" \
	    "node tests/node/grpc_check.js" \
	    "node tests/node/propagation_interop.js" \
	    "node tests/node/compression_check.js" \
	    "node tests/node/resource_check.js" \
	    "node tests/node/settings_check.js" \
	    "node tests/node/sampler_hooks_check.js" \
	    "node tests/node/scopes_check.js" \
	    "node tests/node/meters_check.js" \
	    "node tests/node/exporters_check.js" \
	    "node tests/node/metric_readers_check.js" \
	    "node tests/node/meter_providers_check.js" \
	    "node tests/node/minimal_check.js" \
	    $(if $(wildcard tests/node/selftest.js),"node tests/node/selftest.js")

# make test / make check [T=name]: T runs only the commands with a word named
# name: a test (test_w3c: its gcc, ASan and TSan builds; asan/test_w3c:
# one of them), a script without its extension (conformance, sink_test), or a
# directory (fuzz, node)
ifneq ($(filter $(T),$(TESTS)),)
RUN_BINS = $(filter %/$(T),$(TEST_CMDS))
else ifneq ($(filter $(B)/%,$(T)),)
RUN_BINS = $(T)
else ifneq ($(filter %/test_%,$(T)),)
RUN_BINS = $(B)/$(T)
else ifneq ($(T),)
RUN_BINS = examples $(B)/gcc/emit_spans $(B)/gcc/emit_signals $(B)/gcc/prop_driver
else
RUN_BINS = $(TEST_BINS)
endif

# each first installs the Debian packages it needs (tools/deps.txt; as root,
# else it prints the command), then builds and runs
test:
	@bash tools/deps.sh test
	@$(MAKE) --no-print-directory node-deps
	@$(MAKE) --no-print-directory run-tests SUITE=test
check:
	@bash tools/deps.sh check
	@$(MAKE) --no-print-directory run-tests SUITE=check
run-tests: $(RUN_BINS)
	@TEST_ONLY="$(T)" bash tests/run.sh $(TEST_CMDS) $(OFFLINE_CHECKS) $(if $(filter test,$(SUITE)),$(NODE_CHECKS))

# the pipeline example exporting to examples/sink, which draws the trace
demo:
	@bash tools/deps.sh demo
	@$(MAKE) --no-print-directory examples
	@B=$(B) bash tools/demo.sh

BENCH_CFLAGS = -std=c11 -O2 -g -DNDEBUG $(INC) -Ibench
$(B)/bench/%: bench/%.c bench/bench.h bench/bench_spans.h bench/bench_sink.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)
BENCHES := $(basename $(notdir $(wildcard bench/*.c)))
bench: $(BENCHES:%=$(B)/bench/%) examples
	@for b in $(BENCHES); do $(B)/bench/$$b || exit 1; done
	@B=$(B) bash bench/bench_pipeline.sh 2>/dev/null | grep -v '^3 results'
	@CC=$(CC) bash bench/size/size.sh

# instructions per span under callgrind (needs valgrind; repeat exactly,
# for comparing two versions of the hot path: bench/README.md)
$(B)/bench/count_spans: bench/count/spans.c bench/bench_spans.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)
bench-count: $(B)/bench/count_spans $(B)/bench/count_encode $(B)/bench/count_metrics $(B)/bench/count_export
	@B=$(B) bash bench/count/spans.sh
	@B=$(B) bash bench/count/encode.sh
	@B=$(B) bash bench/count/metrics.sh
	@B=$(B) bash bench/count/export.sh
$(B)/bench/count_encode: bench/count/encode.c bench/bench_spans.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)
$(B)/bench/count_metrics: bench/count/metrics.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)
$(B)/bench/count_export: bench/count/export.c bench/bench_spans.h bench/bench_sink.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)

# the hot path of the working tree's otel.h against a git revision's, timed
# in one process, interleaved (the ratio holds on a noisy machine):
# make bench-ab [MODE=unsampled|sampled|ratio] [BASE=HEAD] [ROUNDS=60]
MODE ?= unsampled
BASE ?= HEAD
ROUNDS ?= 60
bench-ab:
	@CC=$(CC) bash bench/ab/ab.sh $(MODE) $(ROUNDS) $(BASE)

# what bench.h's probe of a shared core sees over SECONDS (60): bench/README.md
SECONDS ?= 60
$(B)/bench/phase: bench/phase/phase.c bench/bench.h bench/bench_spans.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ $(LIBS)
bench-phase: $(B)/bench/phase
	@$(B)/bench/phase $(SECONDS)

regen:
	bash tools/regen.sh

# the headers, pkg-config files (otel, otel-core) and CMake package (otelh):
# make install [PREFIX=/usr/local] [DESTDIR=] [INCLUDEDIR=] [LIBDIR=]
PREFIX ?= /usr/local
.PHONY: install uninstall
install uninstall:
	@PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" INCLUDEDIR="$(INCLUDEDIR)" LIBDIR="$(LIBDIR)" CC="$(CC)" bash tools/install.sh $@

# the fault matrix with a loss ledger and the deadline rows (tests/faults/run.js; about 4 min; not part of make test)
.PHONY: faults
$(B)/faults/emit_load: tests/faults/emit_load.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(INC) $< -o $@ $(LIBS)
$(B)/faults/bad_server: tests/faults/bad_server.c tests/faults/bad_server.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 $(INC) $< -o $@ -lpthread
faults: node-deps $(B)/faults/emit_load $(B)/faults/bad_server
	@FAULT_EMIT=$(B)/faults/emit_load node tests/faults/run.js

# every fuzz target for FUZZ_SECONDS (60) each, with a table of executions
fuzz:
	bash tests/fuzz/run.sh --long

clean:
	rm -rf $(B)
