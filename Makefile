# Makefile: build, test, demo and benchmarks of tevreden. See README.md.

VERSION := 0.1.0
CC ?= cc
PKGS := sqlite3 libcjson libcurl hunspell libutf8proc gsl libcrypto libcmark-gfm xlsxwriter
SANITIZE ?=

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wvla -Wwrite-strings -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -DTV_VERSION='"$(VERSION)"' \
	$(WARN) $(CFLAGS) -I. -MMD -MP
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lreadstat -lcsv -lm
CPPFLAGS_PKG = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC := $(filter-out core/main.c,$(wildcard core/*.c collect/*.c code/*.c analyze/*.c))
LIB_OBJ := $(LIB_SRC:.c=.o)
TEST_SRC := $(wildcard tests/check_*.c)
TEST_UTIL := tests/testutil.c
TEST_BIN := $(TEST_SRC:.c=)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:.c=)

.PHONY: all deps check unit-check cli-check demo bench clean lint
all: tevreden $(BENCH_BIN)

deps:
	@tools/install-deps

%.o: %.c
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS_PKG) -c -o $@ $<

libtevreden.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

tevreden: core/main.o libtevreden.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

tests/check_%: tests/check_%.o tests/testutil.o libtevreden.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL) $(shell pkg-config --libs check)

bench/%: bench/%.o libtevreden.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

# Unsafe C functions are banned (STYLE.md); this fails the build when one is called.
lint:
	@! grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|gets)[[:space:]]*\(' \
		$(LIB_SRC) core/main.c $(TEST_SRC) $(TEST_UTIL) $(BENCH_SRC) \
		|| { echo "banned function used (see STYLE.md)"; exit 1; }

check: deps
	$(MAKE) lint all $(TEST_BIN)
	$(MAKE) unit-check cli-check

unit-check: $(TEST_BIN)
	@tools/run-unit $(TEST_BIN)

cli-check: tevreden
	@tools/run-cli tests/cli

demo: deps
	$(MAKE) all
	@tools/demo

bench: deps
	$(MAKE) all
	@for b in bench/*.sh; do sh "$$b" || exit 1; done

clean:
	rm -f tevreden libtevreden.a $(LIB_OBJ) core/main.o $(TEST_BIN) tests/*.o \
		$(BENCH_BIN) bench/*.o */*.d
	rm -rf tests/tmp

-include $(wildcard */*.d)
