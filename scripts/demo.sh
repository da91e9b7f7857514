#!/bin/sh
# make demo: build the demo guest (demo/wordfreq.c, a word-frequency counter
# over a built-in text) for riscv64, run it under loupe (and check qemu-riscv64
# prints the same), then run it under the hotblocks plugin to show its top
# blocks.
# Environment: LOUPE_BUILD (build directory, default build), LOUPE_FLAGS
# (extra loupe options).
set -eu

# newer A B: A was modified after B (POSIX sh has no test -nt)
newer() { [ -n "$(find "$1" -newer "$2" 2>/dev/null)" ]; }
root=$(cd "$(dirname "$0")/.." && pwd)
bdir=${LOUPE_BUILD:-build}
case "$bdir" in /*) ;; *) bdir=$root/$bdir ;; esac
loupe=$bdir/loupe
prog=$bdir/demo/wordfreq
src=$root/demo/wordfreq.c

[ -x "$loupe" ] || { echo "demo: $loupe not found (run make)" >&2; exit 1; }
mkdir -p "$bdir/demo"
if [ ! -x "$prog" ] || newer "$src" "$prog"; then
	riscv64-linux-gnu-gcc -O2 -static -o "$prog" "$src" ||
		{ echo "demo: building $prog failed" >&2; exit 1; }
fi

rel() { echo "$1" | sed "s|^$root/||"; }
echo "\$ $(rel "$loupe") ${LOUPE_FLAGS:+$LOUPE_FLAGS }$(rel "$prog") 10 50"
rc=0
# shellcheck disable=SC2086
"$loupe" ${LOUPE_FLAGS:-} "$prog" 10 50 >"$bdir/demo/out.txt" || rc=$?
cat "$bdir/demo/out.txt"
echo "(exit status $rc)"
if [ $rc = 0 ] && command -v qemu-riscv64 >/dev/null 2>&1; then
	if qemu-riscv64 "$prog" 10 50 | cmp -s - "$bdir/demo/out.txt"; then
		echo "(same output as qemu-riscv64)"
	else
		echo "(qemu-riscv64 prints something different!)"
		rc=1
	fi
fi
[ $rc = 0 ] || exit $rc

# The same program under the hotblocks plugin: its hottest blocks.
plugin=$bdir/plugins/libhotblocks.so
[ -f "$plugin" ] || { echo "demo: $plugin not found (run make)" >&2; exit 1; }
echo
echo "\$ $(rel "$loupe") -d plugin -plugin $(rel "$plugin"),n=10 $(rel "$prog") 10 50 >/dev/null"
"$loupe" -d plugin -plugin "$plugin",n=10 "$prog" 10 50 >/dev/null || rc=$?
exit $rc
