# loupe build.  `make` builds build/loupe; see README.md for the rest.
CC      ?= gcc
OPT     ?= -O2
SAN     ?=
BUILD   ?= build
CFLAGS  := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -Isrc -Iinclude \
           -D_GNU_SOURCE -fno-strict-aliasing $(SAN) $(EXTRA_CFLAGS)
LDFLAGS := $(SAN)
GLIB_CFLAGS = $(shell pkg-config --cflags glib-2.0 2>/dev/null)
GLIB_LIBS   = $(shell pkg-config --libs glib-2.0 2>/dev/null)
CFLAGS  += $(GLIB_CFLAGS)
# The plugin API is exported from the loupe executable to dlopen'ed plugins.
LDLIBS  := $(GLIB_LIBS) -lm -ldl -lpthread
# capstone disassembles the JIT's code for -d out_asm (a hex dump without).
ifeq ($(shell pkg-config --exists capstone 2>/dev/null && echo y),y)
CFLAGS  += -DLOUPE_HAVE_CAPSTONE $(shell pkg-config --cflags capstone)
LDLIBS  += $(shell pkg-config --libs capstone)
endif
PLUGIN_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -fPIC -shared \
           -Iinclude $(GLIB_CFLAGS) $(SAN)

SRCS     := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
PLUGIN_SRCS := $(wildcard plugins/*.c)
PLUGIN_SOS  := $(PLUGIN_SRCS:plugins/%.c=$(BUILD)/plugins/lib%.so)
TPLUGIN_SRCS := $(wildcard tests/plugins/*.c)
TPLUGIN_SOS  := $(TPLUGIN_SRCS:tests/plugins/%.c=$(BUILD)/tests/plugins/lib%.so)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)

.PHONY: all deps demo check check-jit check-asan fuzz-diff bench clean format install
PREFIX  ?= /usr/local
DESTDIR ?=
all: $(BUILD)/loupe $(UNIT_BINS) $(TOOL_BINS) $(PLUGIN_SOS) $(TPLUGIN_SOS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libloupe.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/loupe: $(BUILD)/src/main.o $(BUILD)/libloupe.a
	$(CC) $(LDFLAGS) -rdynamic -o $@ -Wl,--whole-archive $(BUILD)/libloupe.a \
	  -Wl,--no-whole-archive $(BUILD)/src/main.o $(LDLIBS)

$(BUILD)/plugins/lib%.so: plugins/%.c include/qemu-plugin.h include/loupe-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -o $@ $<

# Test plugins; a file may ask for its own compiler flags in a first-line
# comment "// plugin-cflags: ..." (e.g. the QEMU 7.2 v1 agreement plugin).
$(BUILD)/tests/plugins/lib%.so: tests/plugins/%.c include/qemu-plugin.h include/loupe-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) $$(sed -n '1s,^// plugin-cflags:,,p' $<) -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libloupe.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libloupe.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh scripts/deps.sh

# A sub-make after deps, so flags from pkg-config see what deps installed.
demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

check: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run-all.sh

# The whole suite on the x86-64 JIT backend.
check-jit: deps
	@$(MAKE) --no-print-directory all
	@LOUPE_BACKEND=jit sh tests/run-all.sh

# The whole suite on an ASan/UBSan build (in build-asan/).
check-asan: deps
	@$(MAKE) --no-print-directory all
	$(MAKE) BUILD=build-asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" all
	LOUPE_BUILD=build-asan sh tests/run-all.sh

fuzz-diff: deps
	@$(MAKE) --no-print-directory all
	@sh tests/fuzz/run.sh $(or $(SEED),1) $(or $(N),20000)

bench: deps
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh

format:
	clang-format -i $(SRCS) $(shell find src include tests plugins -name '*.h' -o -name '*.c' | grep -v '^tests/guest')

# Installs loupe, the example plugins, the plugin headers and a pkg-config
# file, so plugins outside the tree build with
#   cc -shared -fPIC $(pkg-config --cflags loupe-plugin) -o libx.so x.c
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/loupe \
	  $(DESTDIR)$(PREFIX)/lib/loupe/plugins $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/loupe $(DESTDIR)$(PREFIX)/bin/loupe
	install -m 644 include/qemu-plugin.h include/loupe-plugin.h \
	  $(DESTDIR)$(PREFIX)/include/loupe/
	for so in $(PLUGIN_SOS); do \
	  install -m 755 $$so $(DESTDIR)$(PREFIX)/lib/loupe/plugins/; done
	sed -e 's|@PREFIX@|$(PREFIX)|g' scripts/loupe-plugin.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/loupe-plugin.pc

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
