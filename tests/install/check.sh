#!/bin/sh
# `make install` into a scratch DESTDIR, then build a plugin outside the tree
# with `pkg-config --cflags loupe-plugin` and run it under the installed
# loupe: the way a plugin author outside the project works.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bdir=${LOUPE_BUILD:-build}
case "$bdir" in /*) ;; *) bdir=$root/$bdir ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

if ! make -s -C "$root" BUILD="$bdir" PREFIX="$prefix" install \
	>"$tmp/install.log" 2>&1; then
	echo "FAIL install/make-install: $(tail -1 "$tmp/install.log")"
	exit 0
fi
for f in bin/loupe include/loupe/qemu-plugin.h include/loupe/loupe-plugin.h \
	lib/loupe/plugins/libhotblocks.so lib/pkgconfig/loupe-plugin.pc; do
	[ -e "$prefix/$f" ] || { echo "FAIL install/files: $f missing"; exit 0; }
done
echo "PASS install/files"

cat >"$tmp/x.c" <<'C'
#include <stdio.h>
#include <loupe-plugin.h>
QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
static unsigned long n;
static void trans(struct qemu_plugin_tb *tb, void *u)
{
	(void)u;
	n += qemu_plugin_tb_n_insns(tb);
}
static void done(void *u)
{
	char b[64];
	(void)u;
	snprintf(b, sizeof(b), "outside plugin: %s, %s\n",
		 n ? "translated" : "nothing", loupe_plugin_present() ? "loupe" : "?");
	qemu_plugin_outs(b);
}
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info; (void)argc; (void)argv;
	qemu_plugin_register_vcpu_tb_trans_cb(id, trans, NULL);
	qemu_plugin_register_atexit_cb(id, done, NULL);
	return 0;
}
C
cflags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags loupe-plugin 2>&1) ||
	{ echo "FAIL install/pkg-config: $cflags"; exit 0; }
# shellcheck disable=SC2086
if ! cc -shared -fPIC $cflags -Wall -Werror -o "$tmp/libx.so" "$tmp/x.c" \
	>"$tmp/cc.log" 2>&1; then
	echo "FAIL install/build-plugin: $(head -1 "$tmp/cc.log")"
	exit 0
fi
echo "PASS install/build-plugin"
printf '.globl _start\n_start: li a0, 0\n li a7, 93\n ecall\n' >"$tmp/g.S"
riscv64-linux-gnu-gcc -nostdlib -static -o "$tmp/g" "$tmp/g.S" || exit 1
out=$("$prefix/bin/loupe" -d plugin -plugin "$tmp/libx.so" "$tmp/g" 2>&1)
if [ "$out" = "outside plugin: translated, loupe" ]; then
	echo "PASS install/run-plugin"
else
	echo "FAIL install/run-plugin: got '$out'"
fi
