#!/bin/bash
# Guest program tests: build every tests/guest/*.c and *.S for RISC-V, run
# each under loupe and compare with the expected files, and (when
# qemu-riscv64 is installed) with qemu-riscv64 itself.
#
#   tests/guest/run.sh [NAME...]        (default: every test)
#
# Conventions for a test NAME (NAME.c or NAME.S in this directory):
#   NAME.out     expected stdout (exact)            -- optional
#   NAME.status  expected exit status, a number     -- optional, default 0;
#                a guest killed by signal N is 128+N (as the shell sees it)
#   NAME.args    arguments, one per line            -- optional
#   NAME.noqemu  skip the qemu comparison; its text says why -- optional
#   first line   "// cflags: ..." extra compiler flags (see build.sh)
# A test runs in a fresh empty directory as cwd, stdin from /dev/null, under
# `timeout 60` (a hang is a FAIL).  With qemu-riscv64 present the same
# binary also runs under qemu and loupe's stdout, stderr and status must
# match qemu's.  One difference is normalized: a line
#   "qemu: uncaught target signal ..." / "loupe: uncaught target signal ..."
# is removed from both stderrs before comparing (QEMU 7.2 prints it only when
# it could write a guest core file; the exit status still carries the signal).
#
# Environment:
#   LOUPE_BUILD  build directory (default build): binaries go to
#                $LOUPE_BUILD/tests/guest/, loupe is $LOUPE_BUILD/loupe
#   LOUPE        emulator command to test instead (e.g. LOUPE=qemu-riscv64
#                to check the tests themselves)
#   LOUPE_FLAGS  extra options passed to loupe before the program
#   QEMU         reference command (default qemu-riscv64); NO_QEMU=1 skips it
#   JOBS         parallel builds and runs (default 2)
#   KEEP=1       keep each test's outputs in $LOUPE_BUILD/tests/guest/results/NAME
#                even when it passes (failures are always kept there)
# Output: one line per test, "PASS name" or "FAIL name: reason".
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/tests/guest
RES=$OUT/results
LOUPE=${LOUPE:-$BUILD/loupe}
LOUPE_FLAGS=${LOUPE_FLAGS:-}
QEMU=${QEMU:-qemu-riscv64}
# Dynamically linked tests: qemu finds ld.so and libc in Debian's cross
# sysroot (loupe uses it by default).
export QEMU_LD_PREFIX=${QEMU_LD_PREFIX:-/usr/riscv64-linux-gnu}
JOBS=${JOBS:-2}
export LOUPE LOUPE_FLAGS QEMU OUT RES HERE

# run_guest DIR EMU...: run $bin (with args) under EMU in DIR/cwd, leaving
# DIR/stdout, DIR/stderr, DIR/status.
run_guest() {
    local dir=$1
    shift
    mkdir -p "$dir/cwd"
    # The inner shell reports the exit status itself; its own stderr (where
    # bash writes "Segmentation fault" job messages) goes to /dev/null.
    bash -c 'cd "$1" || exit 99; shift; ulimit -c 0
        timeout -k 5 60 "$@" </dev/null >../stdout 2>../stderr
        echo $? >../status' run_guest "$dir/cwd" "$@" "$bin" "${args[@]}" 2>/dev/null
}

# first_diff A B: describe the first differing line of two files
first_diff() {
    local n
    n=$(cmp "$1" "$2" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p')
    if [ -z "$n" ]; then
        # one is a prefix of the other
        echo "lengths differ ($(wc -l <"$1") vs $(wc -l <"$2") lines)"
    else
        echo "line $n: '$(sed -n "${n}p" "$1" | cut -c1-60)' vs '$(sed -n "${n}p" "$2" | cut -c1-60)'"
    fi
}

# LeakSanitizer's note on host threads still exiting when the process ends
# (ASan builds; a joined guest thread's host thread may not be gone yet) is
# the sanitizer's, not the guest's: dropped too.
normalize_stderr() {
    grep -Ev '^(qemu|loupe)(-riscv64)?: uncaught target signal [0-9]+ |^==[0-9]+==Running thread [0-9]+ was not suspended\. False leaks are possible\.$' "$1" || true
}

if [ "${1:-}" = "--one" ]; then
    # worker: --one RUNDIR NAME; writes RUNDIR/NAME/result
    name=$3
    bin=$OUT/$name
    dir=$2/$name
    mkdir -p "$dir"
    if [ ! -x "$bin" ]; then
        echo "FAIL $name: build failed: $(grep -m1 -i error "$OUT/$name.buildlog" 2>/dev/null | cut -c1-120)" >"$dir/result"
        exit 0
    fi
    args=()
    if [ -f "$HERE/$name.args" ]; then
        mapfile -t args <"$HERE/$name.args"
    fi
    want_status=0
    [ -f "$HERE/$name.status" ] && want_status=$(tr -d ' \n' <"$HERE/$name.status")

    # shellcheck disable=SC2086
    run_guest "$dir/loupe" $LOUPE $LOUPE_FLAGS
    st=$(cat "$dir/loupe/status")
    why=()
    san=$(grep -Em1 'ERROR: [A-Za-z]*Sanitizer|runtime error:' "$dir/loupe/stderr" 2>/dev/null | cut -c1-160)
    [ -n "$san" ] && why+=("sanitizer report: $san")
    if [ "$st" = 124 ] || [ "$st" = 137 ]; then
        why+=("timed out after 60s")
    else
        if [ -f "$HERE/$name.out" ] && ! cmp -s "$HERE/$name.out" "$dir/loupe/stdout"; then
            why+=("stdout differs from $name.out: $(first_diff "$HERE/$name.out" "$dir/loupe/stdout")")
        fi
        if [ "$st" != "$want_status" ]; then
            why+=("status $st, expected $want_status")
        fi
    fi
    if [ "${NO_QEMU:-0}" != 1 ] && [ ! -f "$HERE/$name.noqemu" ] &&
        command -v "${QEMU%% *}" >/dev/null 2>&1 && [ ${#why[@]} -eq 0 ]; then
        # shellcheck disable=SC2086
        run_guest "$dir/qemu" $QEMU
        qst=$(cat "$dir/qemu/status")
        if [ "$qst" = 124 ]; then
            why+=("qemu timed out")
        else
            if ! cmp -s "$dir/qemu/stdout" "$dir/loupe/stdout"; then
                why+=("stdout differs from qemu: $(first_diff "$dir/qemu/stdout" "$dir/loupe/stdout")")
            fi
            normalize_stderr "$dir/qemu/stderr" >"$dir/qemu/stderr.norm"
            normalize_stderr "$dir/loupe/stderr" >"$dir/loupe/stderr.norm"
            if ! cmp -s "$dir/qemu/stderr.norm" "$dir/loupe/stderr.norm"; then
                why+=("stderr differs from qemu: $(first_diff "$dir/qemu/stderr.norm" "$dir/loupe/stderr.norm")")
            fi
            if [ "$qst" != "$st" ]; then
                why+=("status $st, qemu $qst")
            fi
        fi
    fi
    if [ ${#why[@]} -eq 0 ]; then
        echo "PASS $name" >"$dir/result"
    else
        reason=$(printf '%s; ' "${why[@]}")
        echo "FAIL $name: ${reason%; } (see ${RES#"$ROOT"/}/$name)" >"$dir/result"
    fi
    exit 0
fi

# ---- main ----
cd "$HERE" || exit 1
if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in *.c *.S; do
        [ -e "$f" ] && names+=("${f%.*}")
    done
fi
[ ${#names[@]} -eq 0 ] && exit 0

srcs=()
for n in "${names[@]}"; do
    if [ -f "$n.c" ]; then
        srcs+=("$HERE/$n.c")
    elif [ -f "$n.S" ]; then
        srcs+=("$HERE/$n.S")
    else
        echo "FAIL $n: no source $n.c or $n.S"
    fi
done

[ ${#srcs[@]} -eq 0 ] && exit 1
mkdir -p "$OUT" "$RES"
JOBS=$JOBS bash "$HERE/build.sh" "$OUT" "${srcs[@]}" >/dev/null 2>&1

if [ ! -x "${LOUPE%% *}" ] && ! command -v "${LOUPE%% *}" >/dev/null 2>&1; then
    for s in "${srcs[@]}"; do
        n=$(basename "$s")
        echo "FAIL ${n%.*}: no emulator at $LOUPE"
    done
    exit 1
fi

todo=()
for s in "${srcs[@]}"; do
    n=$(basename "$s")
    todo+=("${n%.*}")
done
# Each run works in its own directory (other runs of this script may share
# the build directory); outputs of failed tests are copied to $RES/NAME.
run=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
printf '%s\0' "${todo[@]}" | xargs -0 -n 1 -P "$JOBS" bash "$HERE/run.sh" --one "$run"

fail=0
for n in "${todo[@]}"; do
    if [ -f "$run/$n/result" ]; then
        cat "$run/$n/result"
        if grep -q '^FAIL' "$run/$n/result" || [ "${KEEP:-0}" = 1 ]; then
            rm -rf "${RES:?}/$n"
            cp -r "$run/$n" "$RES/$n"
        fi
        grep -q '^FAIL' "$run/$n/result" && fail=1
    else
        echo "FAIL $n: runner produced no result"
        fail=1
    fi
done
exit $fail
