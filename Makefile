# vdcsim — build, run, test, bench, install, package.  `make V=1` shows full commands;
# `make SAN=1 test` builds with address+undefined sanitizers in build-san/; `make MPI=1` builds
# the MPI sweep runner in build-mpi/.  Dependencies come through pkg-config; `make run`/`make
# test` install the missing Debian packages first (scripts/install-deps.sh).  Builds use every
# core unless -j is given; `make install` honours PREFIX, LIBDIR and DESTDIR; `make deb`
# builds build/vdcsim_VERSION_ARCH.deb (scripts/make-deb.sh).

# Every core by default, unless -j is given; sub-makes share the top make's jobserver.
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
JOBS    := $(shell nproc 2>/dev/null || echo 2)

PKGS    := glib-2.0 gio-2.0 gsl yaml-0.1 cairo pangocairo libpng zlib
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
MANDIR  ?= $(PREFIX)/share/man
ZSHDIR  ?= $(PREFIX)/share/zsh/site-functions
VERSION := 0.1.0
SOVERSION := 0
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
B       := build$(if $(FUZZ),-fuzz)$(if $(SAN),-san)$(if $(MPI),-mpi)

ifdef MPI
CC      := mpicc
CPPFLAGS += -DVDC_MPI=1
endif
ifdef SAN
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
# `make fuzz`: clang's libFuzzer with address+undefined sanitizers, in build-fuzz/.
ifdef FUZZ
CC      := clang
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
endif
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := scenario set trace run

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += -std=c11 -D_GNU_SOURCE -fPIC $(OPT) $(WARN) $(SANFLAGS) -I. -I$(B)/gen $(PKG_CFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lm

LIB_SRC  := $(sort $(filter-out sim/cli/main.c,$(wildcard sim/*.c sim/*/*.c plots/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
TEST_SRC := $(sort $(wildcard tests/test-*.c))
TESTS    := $(TEST_SRC:tests/%.c=$(B)/tests/%)
TESTUTIL := $(B)/tests/testutil.o

ifndef V
Q_CC = @printf '  CC      %s\n' $@;
Q_LD = @printf '  LD      %s\n' $@;
Q_AR = @printf '  AR      %s\n' $@;
endif

.PHONY: all run test deps tests bench install clean plots docs-img schema-docs fuzz fuzz-build validate \
        lib gen deb FORCE
all: $(B)/vdcsim

# What `make install` adds to the binary: the libraries, the .pc file, the manual pages and
# the completion scripts, the last three generated from the binary's own tables.
SHLIB    := libvdcsim.so.$(VERSION)
GEN_DOCS := $(B)/gen/vdcsim.1 $(B)/gen/vdcsim-scenario.5 $(B)/gen/vdcsim.bash $(B)/gen/_vdcsim
lib: $(B)/libvdcsim.a $(B)/$(SHLIB)
gen: $(GEN_DOCS)

deps:
	@pkg-config --exists $(PKGS) && command -v prove >/dev/null || sh scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./$(B)/vdcsim run scenarios/default.yaml

tests: $(B)/vdcsim $(TESTS)

# The MPI sweep test needs build-mpi/vdcsim: built when mpicc is there (not under SAN,
# where Open MPI's own allocations would trip LeakSanitizer; that test then skips).
test: deps
	@$(MAKE) --no-print-directory tests
	@if [ -z "$(MPI)$(SAN)" ] && command -v mpicc >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory MPI=1 all; fi
	VDCSIM=$(B)/vdcsim VDCSIM_MPI=build-mpi/vdcsim LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 prove -j$(JOBS) --exec '' $(TESTS) :: --tap

# The reproductions of scenarios/validation/: measured vs published, line by line
# (docs/validation.md).  Fails if a counted line leaves its paper's tolerance.
validate: deps
	@$(MAKE) --no-print-directory all
	python3 scripts/validate.py $(B)/vdcsim scenarios/validation

# Each figure beside its target (met / MISSED), in about two minutes on a loaded 2-core
# machine; BENCH=full adds 2.5x10^5 hosts / 10^6 VMs, the engine's scale runs and the week of
# Azure traces (several minutes more).
bench: deps
	@$(MAKE) --no-print-directory all
	./$(B)/vdcsim bench migrations
	./$(B)/vdcsim bench sweep
	./$(B)/vdcsim bench engine
	./$(B)/vdcsim bench $(if $(filter full,$(BENCH)),targets-full,targets)
	$(if $(filter full,$(BENCH)),./$(B)/vdcsim bench scale)
	$(if $(filter full,$(BENCH)),./$(B)/vdcsim bench traces 100000 25000)

plots: deps
	@$(MAKE) --no-print-directory all
	sh scripts/run-scenarios.sh $(B)/vdcsim

# Each libFuzzer target for FUZZ_SECONDS (tests/fuzz/; findings in build-fuzz/artifacts/).
fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	sh scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)

$(B)/fuzz/fuzz-%: $(B)/tests/fuzz/fuzz-%.o $(B)/tests/fuzz/entries.o $(B)/libvdcsim.a
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# After changing a key table: regenerate docs/scenario.schema.json and scenario.md's key tables.
schema-docs: all
	sh scripts/schema-docs.sh $(B)/vdcsim

docs-img: deps
	@$(MAKE) --no-print-directory all
	sh scripts/docs-img.sh $(B)/vdcsim

# The public headers (include/vdcsim.h names them) and every project header they include,
# under include/vdcsim/ with their paths, so `#include <vdcsim.h>` works with the .pc's -I.
install: all lib gen
	DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" LIBDIR="$(LIBDIR)" MANDIR="$(MANDIR)" \
	ZSHDIR="$(ZSHDIR)" B="$(B)" VERSION="$(VERSION)" SOVERSION="$(SOVERSION)" \
	CPP="$(CC) $(CPPFLAGS) -I. -I$(B)/gen $(PKG_CFLAGS)" sh scripts/install.sh

deb: all lib gen
	+MAKE="$(MAKE)" sh scripts/make-deb.sh "$(B)" "$(VERSION)"

clean:
	rm -rf build build-san build-mpi build-san-mpi build-fuzz

# Version stamp: rewritten only when something in it changes, so builds stay incremental.
# VDC_GIT_MODIFIED: tracked files differ from HEAD (`git status --porcelain -uno`);
# VDC_SOURCE_SHA256: SHA-256 of `sha256sum` over every source, header and this Makefile,
# sorted by path (the bytes the binary was built from, with or without git).
GIT_REV  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
GIT_MOD  := $(shell git status --porcelain -uno 2>/dev/null | grep -q . && echo 1 || echo 0)
SRC_ALL  := $(sort $(wildcard sim/*/*.c sim/*/*.h plots/*.c plots/*.h) Makefile)
SRC_SHA  := $(shell sha256sum $(SRC_ALL) | sha256sum | cut -c1-64)
$(B)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@printf '#define VDC_VERSION "%s"\n#define VDC_GIT_REV "%s"\n#define VDC_GIT_MODIFIED %s\n#define VDC_SOURCE_SHA256 "%s"\n#define VDC_CC "%s"\n#define VDC_CFLAGS "%s"\n' \
	    '$(VERSION)' '$(GIT_REV)' '$(GIT_MOD)' '$(SRC_SHA)' '$(notdir $(CC))' '$(strip $(OPT) $(SANFLAGS) $(CPPFLAGS))' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

# Objects depend on the flags they were compiled with, so a changed flag rebuilds them.
$(B)/gen/cflags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(B)/%.o: %.c $(B)/gen/cflags
	@mkdir -p $(@D)
	$(Q_CC)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/sim/cli/main.o $(B)/sim/out/provenance.o: $(B)/gen/version.h

$(B)/libvdcsim.a: $(LIB_OBJ)
	@rm -f $@
	$(Q_AR)$(AR) rcs $@ $^

$(B)/$(SHLIB): $(LIB_OBJ)
	$(Q_LD)$(CC) $(LDFLAGS) -shared -Wl,-soname,libvdcsim.so.$(SOVERSION) -o $@ $^ $(LDLIBS)

$(B)/gen/vdcsim.1: $(B)/vdcsim
	@$< --man > $@.tmp && mv $@.tmp $@
$(B)/gen/vdcsim-scenario.5: $(B)/vdcsim
	@$< schema --man > $@.tmp && mv $@.tmp $@
$(B)/gen/vdcsim.bash: $(B)/vdcsim
	@$< --completion bash > $@.tmp && mv $@.tmp $@
$(B)/gen/_vdcsim: $(B)/vdcsim
	@$< --completion zsh > $@.tmp && mv $@.tmp $@
$(B)/vdcsim: $(B)/sim/cli/main.o $(B)/libvdcsim.a
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/tests/%.o $(TESTUTIL) $(B)/libvdcsim.a
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The fuzzing corpora replayed through the fuzz targets' entry points, without libFuzzer.
$(B)/tests/test-fuzz-corpus: $(B)/tests/test-fuzz-corpus.o $(B)/tests/fuzz/entries.o \
                             $(TESTUTIL) $(B)/libvdcsim.a
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.SECONDARY:
-include $(shell find $(B) -name '*.d' 2>/dev/null)
