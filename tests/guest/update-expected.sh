#!/bin/bash
# Regenerate NAME.out and NAME.status of guest tests from qemu-riscv64 (the
# oracle).  NAME.status is written only for a nonzero status (and removed for
# zero).  Each program runs twice; a test whose output differs between the
# two runs is reported and left alone (its output must be deterministic).
# Tests with a NAME.noqemu file (qemu is known to be wrong there) are skipped.
#
#   tests/guest/update-expected.sh [NAME...]     (default: every test)
#
# Uses the binaries in $LOUPE_BUILD/tests/guest (default build/), building
# them first.  Review the diff (git diff tests/guest) before committing.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/tests/guest
QEMU=${QEMU:-qemu-riscv64}
export QEMU_LD_PREFIX=${QEMU_LD_PREFIX:-/usr/riscv64-linux-gnu}

command -v "$QEMU" >/dev/null 2>&1 || { echo "update-expected: $QEMU not found" >&2; exit 1; }
cd "$HERE" || exit 1
if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in *.c *.S; do [ -e "$f" ] && names+=("${f%.*}"); done
fi
srcs=()
for n in "${names[@]}"; do
    n=${n%.c}; n=${n%.S}
    if [ -f "$n.c" ]; then srcs+=("$HERE/$n.c"); elif [ -f "$n.S" ]; then srcs+=("$HERE/$n.S")
    else echo "no source for $n" >&2; fi
done
bash "$HERE/build.sh" "$OUT" "${srcs[@]}" || echo "update-expected: some builds failed (see $OUT/*.buildlog)" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for s in "${srcs[@]}"; do
    n=$(basename "$s"); n=${n%.*}
    bin=$OUT/$n
    if [ -f "$n.noqemu" ]; then echo "$n: skipped, has $n.noqemu (expected output is written by hand)" >&2; continue; fi
    if [ ! -x "$bin" ]; then echo "$n: not built" >&2; rc=1; continue; fi
    args=()
    [ -f "$n.args" ] && mapfile -t args <"$n.args"
    for k in 1 2; do
        rm -rf "$tmp/cwd"; mkdir -p "$tmp/cwd"
        bash -c 'cd "$1" || exit 99; shift; ulimit -c 0
            timeout -k 5 60 "$@" </dev/null >../out'$k' 2>../err'$k'
            echo $? >../st'$k \
            run "$tmp/cwd" "$QEMU" "$bin" "${args[@]}" 2>/dev/null
    done
    if ! cmp -s "$tmp/out1" "$tmp/out2" || ! cmp -s "$tmp/st1" "$tmp/st2"; then
        echo "$n: nondeterministic under qemu, not updated" >&2
        rc=1
        continue
    fi
    st=$(cat "$tmp/st1")
    [ "$st" = 124 ] && { echo "$n: timed out under qemu, not updated" >&2; rc=1; continue; }
    cp "$tmp/out1" "$n.out"
    if [ "$st" = 0 ]; then rm -f "$n.status"; else echo "$st" >"$n.status"; fi
    [ -s "$tmp/err1" ] && echo "$n: note: qemu stderr: $(head -c 200 "$tmp/err1")" >&2
    echo "$n: status $st, $(wc -l <"$n.out") lines"
done
exit $rc
