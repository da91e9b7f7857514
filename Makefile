# loupe build.  `make` builds build/loupe; see README.md for the rest.
CC      ?= gcc
OPT     ?= -O2
SAN     ?=
BUILD   ?= build
CFLAGS  := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -Isrc -Iinclude \
           -D_GNU_SOURCE -fno-strict-aliasing $(SAN) $(EXTRA_CFLAGS)
LDFLAGS := $(SAN)
LDLIBS  := -lm -ldl -lpthread

SRCS     := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)

.PHONY: all deps demo check check-asan fuzz-diff bench clean format install
all: $(BUILD)/loupe $(UNIT_BINS) $(TOOL_BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libloupe.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/loupe: $(BUILD)/src/main.o $(BUILD)/libloupe.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libloupe.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libloupe.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh scripts/deps.sh

demo: deps all
	@sh scripts/demo.sh

check: deps all
	@sh tests/run-all.sh

# The whole suite on an ASan/UBSan build (in build-asan/).
check-asan: deps
	$(MAKE) BUILD=build-asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" all
	LOUPE_BUILD=build-asan sh tests/run-all.sh

fuzz-diff: deps all
	@sh tests/fuzz/run.sh $(or $(SEED),1) $(or $(N),20000)

bench: deps all
	@sh bench/run.sh

format:
	clang-format -i $(SRCS) $(shell find src include tests plugins -name '*.h' -o -name '*.c' | grep -v '^tests/guest')

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
