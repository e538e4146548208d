# AHT Cell — build, run, test, bench.
#   make run       install what is missing, build, create var/ with demo data, serve :8080
#   make test      install what is missing, build, run every test tier
#   make sanitize  build build-san/ahtcell with ASan + UBSan
#   make bench     ahtcell against nginx, same bytes, same run (see docs/PERFORMANCE.md)
VERSION   := 0.1.0
B         ?= build
CC        ?= cc
PKGS      := libmicrohttpd jansson libsodium sqlite3 poppler-glib pangocairo libzip libxml-2.0 xlsxwriter libcurl
OPT       ?= -O2 -g
CFLAGS    := $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
             -Wno-missing-field-initializers -fno-strict-aliasing \
             -Isrc -I$(B)/gen -DAHTCELL_VERSION='"$(VERSION)"'
LDLIBS    += -lcsv -lmagic -lpthread -lm
LISTEN    ?= 127.0.0.1:8080
DATA      ?= var

# pkg-config is asked only when building, so `make help` works on a bare machine.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

SRC       := $(filter-out src/main.c,$(wildcard src/*/*.c src/*/*/*.c))
OBJ       := $(SRC:%.c=$(B)/%.o)
# Files compiled into the binary as data (master data, password list, migrations).
EMBED     := data/states.csv data/districts.csv data/common-passwords.txt \
             data/seed-documents.tsv data/demo-documents.tsv data/returns-standard.json data/countries.csv \
             $(sort $(wildcard src/db/sqlite/migrations/*.sql))
EMBED_OBJ := $(B)/embedded.o
UNIT      := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps run test test-unit sanitize fuzz unit-bins bench clean web help
all: $(B)/ahtcell web

help:
	@sed -n '1,6p' Makefile

deps:
	@scripts/deps.sh

$(B)/%.o: %.c $(wildcard src/*/*.h src/*/*/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(EMBED_OBJ): $(EMBED)
	@mkdir -p $(B)
	ld -r -b binary -z noexecstack -o $@ $(EMBED)

# The list of embedded files, for src/util/embedded.c.
$(B)/gen/util/embedded.def: $(EMBED) Makefile
	@mkdir -p $(dir $@)
	@for f in $(EMBED); do \
	    echo "EMBED($$(echo $$f | tr '/.-' '___'), \"$$f\")"; done > $@
$(B)/src/util/embedded.o: $(B)/gen/util/embedded.def

$(B)/ahtcell: $(B)/src/main.o $(OBJ) $(EMBED_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(OBJ) $(EMBED_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka $(LDLIBS)

web: web/dist/index.html
web/dist/index.html: $(shell find web/src -type f 2>/dev/null) web/build.mjs web/package.json
	cd web && npm run --silent build

run: deps all
	$(B)/ahtcell demo --data $(DATA)
	$(B)/ahtcell serve --listen $(LISTEN) --data $(DATA) --web web/dist

# Every tier; the last line is the summary CI reads ("N passed, N failed").
test: deps all
	@scripts/test.sh


sanitize:
	$(MAKE) B=build-san CC=clang \
	    OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    build-san/ahtcell $(patsubst $(B)/%,build-san/%,$(UNIT))

unit-bins: $(UNIT)

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang into build-fuzz/.
FUZZ      := $(patsubst tests/fuzz/%.c,$(B)/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	$(MAKE) B=build-fuzz CC=clang \
	    OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' \
	    $(patsubst $(B)/%,build-fuzz/%,$(FUZZ))

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(OBJ) $(EMBED_OBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

# The bench's synthetic document library (bench/gen_documents.c), linked like a unit test.
$(B)/bench/gen_documents: bench/gen_documents.c $(OBJ) $(EMBED_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS) -lm

bench: all $(B)/bench/gen_documents
	@scripts/deps.sh bench
	@bench/run.sh

clean:
	rm -rf build build-san build-fuzz web/dist
