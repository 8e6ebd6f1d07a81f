# site-gen: a static site generator for government information-disclosure
# annual reports.  `make site` builds the tool, ingests content/ and renders
# public/; `make test` runs every test; `make bench` prints figures;
# `make audit` prints Lighthouse's scores.
#
# site-gen/ has one folder per stage (base read record store view template
# out cmd).  Every .c file in them except cmd/main.c goes into one static
# library that the tool and the test programs link against; every
# tests/test_*.c is a test program.  Adding a source file needs no change
# here.

CC      ?= cc
PKGS    := sqlite3 libcmark-gfm libxml-2.0 jansson libutf8proc yaml-0.1 libzip libmicrohttpd opencc zlib poppler-glib cairo icu-uc icu-i18n
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lm

B        ?= build
STAGES   := base read record store view template out cmd
LIB_SRC  := $(filter-out site-gen/cmd/main.c,$(foreach s,$(STAGES),$(wildcard site-gen/$(s)/*.c)))
HEADERS  := $(foreach s,$(STAGES),$(wildcard site-gen/$(s)/*.h))
LIB_OBJ  := $(LIB_SRC:site-gen/%.c=$(B)/obj/%.o) $(B)/obj/schema_sql.o $(B)/obj/download_sql.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)
TOOL_SRC := $(wildcard tests/tool_*.c)
TOOL_BIN := $(TOOL_SRC:tests/%.c=$(B)/tests/tools/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzzers/%)
BENCH_SRC:= $(wildcard bench/bench_*.c)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(B)/bench/%)
TOOL     := $(B)/site-gen
DB       ?= $(B)/site.db

.PHONY: all deps test-deps bench-deps site serve test test-asan fuzz fuzzers bench audit clean
all: $(TOOL)

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

bench-deps:
	@scripts/deps.sh bench

$(B)/obj/%.o: site-gen/%.c $(HEADERS) | deps
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isite-gen -c $< -o $@

# The schemas are compiled into the tool, so a copied binary still works.
$(B)/gen/%_sql.c: site-gen/store/%.sql scripts/embed.sh
	@mkdir -p $(dir $@)
	@scripts/embed.sh $*_sql < $< > $@

$(B)/obj/%_sql.o: $(B)/gen/%_sql.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -c $< -o $@

$(B)/libsitegen.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(TOOL): $(B)/obj/cmd/main.o $(B)/libsitegen.a
	@echo "LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%: tests/%.c tests/check.h $(B)/libsitegen.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isite-gen -Itests -o $@ $< $(B)/libsitegen.a $(PKG_LIBS)

# Helper programs for test scripts (not run as tests themselves).
$(B)/tests/tools/%: tests/%.c $(B)/libsitegen.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isite-gen -Itests -o $@ $< $(B)/libsitegen.a $(PKG_LIBS)

# Each fuzz target, with a main() that replays files (tests/fuzz/replay.c),
# for make test; and with libFuzzer, for make fuzz.
$(B)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/fuzz/replay.c $(B)/libsitegen.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isite-gen -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(B)/libsitegen.a $(PKG_LIBS)

$(B)/fuzzers/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/libsitegen.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Isite-gen -Itests/fuzz -o $@ $< $(B)/libsitegen.a $(PKG_LIBS)

$(B)/bench/%: bench/%.c $(B)/libsitegen.a
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -Isite-gen -o $@ $< $(B)/libsitegen.a $(PKG_LIBS)

# A report that cannot be read (ingest exit 1) is reported and left out;
# the rest of the site is still built.  Exit 2 (unusable database or
# arguments) stops here.
site: $(TOOL)
	@$(TOOL) ingest --db $(DB) content/reports || [ $$? -eq 1 ]
	@$(TOOL) build --db $(DB) --templates templates --content content --out public

# The editors' preview: builds, serves on http://127.0.0.1:8080/ and
# rebuilds on every change.
serve: $(TOOL)
	@$(TOOL) serve --db $(DB) --templates templates --content content --out public

test: test-deps $(TOOL) $(TEST_BIN) $(TOOL_BIN) $(REPLAY_BIN)
	@B=$(B) tests/run.sh

# The whole suite again, built with clang under AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer, in its own folder: any
# report fails the program that printed it.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
test-asan:
	@scripts/deps.sh asan
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory B=$(B)/asan CC=clang CFLAGS="$(ASAN_FLAGS)" test

# Every fuzz target (tests/fuzz/fuzz_*.c) built with clang, libFuzzer and
# the sanitizers (in $(B)/fuzz) and run for FUZZ_SECONDS each, one after
# the other, from its corpus in $(B)/fuzz/corpus (kept between runs) and
# its seeds; tests/fuzz/run.sh prints executions, corpus and coverage, and
# fails on any crash, leak or slow input, which it keeps in
# $(B)/fuzz/crashes.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O2 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
fuzz:
	@scripts/deps.sh asan
	@$(MAKE) --no-print-directory B=$(B)/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" fuzzers
	@B=$(B)/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

fuzzers: $(FUZZ_BIN)

bench: bench-deps $(TOOL) $(BENCH_BIN)
	@B=$(B) bench/run.sh

# Lighthouse's scores for the home, report, year, ranking and search
# pages, and a report page's bytes and first paint (bench/audit.sh; slow,
# so not part of test).
audit: test-deps $(TOOL)
	@B=$(B) sh bench/audit.sh

clean:
	rm -rf $(B)
