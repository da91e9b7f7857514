#!/bin/bash
# The whole test suite (`make check` runs this after building build/loupe and
# build/tests/unit/*; `make check-asan` runs it with LOUPE_BUILD=build-asan).
#
#   tests/run-all.sh            every suite
#   SUITES="unit guest" tests/run-all.sh   only some of: unit guest disasm fuzz badelf cli qemu-agree plugins plugins-b install format
#
# Suites (each prints "PASS name" / "FAIL name: reason" lines, counted here):
#   unit    every executable $LOUPE_BUILD/tests/unit/test_*: one test each,
#           or, if it prints a line "N passed, M failed", those counts
#   guest   tests/guest/run.sh      guest programs vs expected files and qemu
#   disasm  tests/disasm/check.sh   (if present)
#   fuzz    tests/fuzz/check.sh     (if present)
#   badelf  tests/badelf/check.sh   corrupt and foreign executables
#   cli     tests/cli/check.sh      command-line behaviour
#   qemu-agree  tests/qemu-agree/check.sh  instruction counts equal to qemu-riscv64's
#   plugins tests/plugins/check.sh  the plugin API: test plugins on hand-counted guests
#   plugins-b tests/plugins-b/check.sh  execlog, cache, drcov, bbv on exact expectations
#   install tests/install/check.sh  make install + a plugin built outside the tree
#   format  tests/format/check.sh   clang-format clean sources
# Backends: the suites whose result depends on the backend (guest, fuzz,
# qemu-agree, plugins, plugins-b) run once on each backend of
# $LOUPE_BACKENDS (default "interp jit"); lines of every backend after the
# first are tagged, e.g. "PASS [jit] guest/isa_m".  With LOUPE_BACKEND set
# (LOUPE_BACKEND=jit tests/run-all.sh) every suite runs on that backend only.
# A suite may also print "SKIP name: reason" lines (shown and kept, counted
# neither as passed nor as failed; a suite of only SKIP lines is no failure).
# A suite script that exits nonzero without printing a FAIL line counts as one
# failure.  The last line is exactly "N passed, M failed"; the exit status is
# nonzero when M > 0.  All PASS/FAIL lines are also kept in
# $LOUPE_BUILD/tests/results.txt.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export LOUPE_BUILD=${LOUPE_BUILD:-build}
case "$LOUPE_BUILD" in /*) B=$LOUPE_BUILD ;; *) B=$ROOT/$LOUPE_BUILD ;; esac
SUITES=${SUITES:-unit guest disasm fuzz badelf cli qemu-agree plugins plugins-b install format}
mkdir -p "$B/tests"
RESULTS=$B/tests/results.txt
: >"$RESULTS"

if [ -n "${LOUPE_BACKEND:-}" ]; then
    BACKENDS=$LOUPE_BACKEND
else
    BACKENDS=${LOUPE_BACKENDS:-interp jit}
fi
FIRST_BACKEND=${BACKENDS%% *}
TAG=

pass=0
fail=0
# record LINE: print a PASS/FAIL line (tagged with the backend, see above)
# and count it
record() {
    local l=$1
    if [ -n "$TAG" ]; then
        case "$l" in
        PASS\ * | FAIL\ * | SKIP\ *) l="${l%% *} $TAG ${l#* }" ;;
        esac
    fi
    printf '%s\n' "$l"
    printf '%s\n' "$l" >>"$RESULTS"
    case "$l" in
    PASS\ *) pass=$((pass + 1)) ;;
    FAIL\ *) fail=$((fail + 1)) ;;
    esac
}

run_unit() {
    local t out rc line p f name found=0
    for t in "$B"/tests/unit/test_*; do
        [ -x "$t" ] && [ -f "$t" ] || continue
        found=1
        name=unit/$(basename "$t")
        out=$(cd "$ROOT" && timeout -k 5 300 "$t" 2>&1)
        rc=$?
        line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
        if [ -z "$line" ]; then
            if [ "$rc" -eq 0 ]; then
                record "PASS $name"
            else
                record "FAIL $name: exit status $rc: $(printf '%s\n' "$out" | tail -n 1 | cut -c1-120)"
            fi
            continue
        fi
        # the test counts for itself: add its numbers, show its failures
        p=${line%% passed*}
        f=${line#*passed, }
        f=${f%% failed}
        pass=$((pass + p))
        fail=$((fail + f))
        if [ "$f" -eq 0 ]; then
            echo "PASS $name ($line)" | tee -a "$RESULTS"
        else
            printf '%s\n' "$out" | grep -E '^FAIL' | sed "s|^FAIL *|FAIL $name: |" |
                tee -a "$RESULTS"
            echo "FAIL $name ($line)" | tee -a "$RESULTS"
        fi
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            record "FAIL $name: exit status $rc"
        fi
    done
    [ $found = 1 ] || record "FAIL unit: no unit tests in $B/tests/unit"
}

# run_suite NAME SCRIPT: run a suite script and count its lines
run_suite() {
    local name=$1 script=$2 out rc line nfail=0 nlines=0
    out=$(mktemp)
    bash "$script" >"$out" 2>"$out.err"
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        PASS\ * | FAIL\ * | SKIP\ *)
            record "$line"
            nlines=$((nlines + 1))
            case "$line" in FAIL\ *) nfail=$((nfail + 1)) ;; esac
            ;;
        esac
    done <"$out"
    if [ $rc -ne 0 ] && [ $nfail -eq 0 ]; then
        record "FAIL $name: $script exited with status $rc: $(tail -n 1 "$out.err" | cut -c1-160)"
    elif [ $nlines -eq 0 ]; then
        record "FAIL $name: $script ran no tests"
    fi
    rm -f "$out" "$out.err"
}

# on_backends NAME SCRIPT: run_suite once per backend
on_backends() {
    local be saved=${LOUPE_BACKEND-}
    for be in $BACKENDS; do
        TAG=
        [ "$be" = "$FIRST_BACKEND" ] || TAG="[$be]"
        export LOUPE_BACKEND=$be
        run_suite "$1" "$2"
    done
    TAG=
    if [ -n "$saved" ]; then LOUPE_BACKEND=$saved; else unset LOUPE_BACKEND; fi
}

[ -z "${LOUPE_BACKEND:-}" ] || export LOUPE_BACKEND
for s in $SUITES; do
    case "$s" in
    unit) run_unit ;;
    guest) on_backends guest tests/guest/run.sh ;;
    disasm) [ -f tests/disasm/check.sh ] && run_suite disasm tests/disasm/check.sh ;;
    fuzz) [ -f tests/fuzz/check.sh ] && on_backends fuzz tests/fuzz/check.sh ;;
    badelf) run_suite badelf tests/badelf/check.sh ;;
    cli) run_suite cli tests/cli/check.sh ;;
    qemu-agree) on_backends qemu-agree tests/qemu-agree/check.sh ;;
    plugins) on_backends plugins tests/plugins/check.sh ;;
    plugins-b) on_backends plugins-b tests/plugins-b/check.sh ;;
    install) run_suite install tests/install/check.sh ;;
    format) run_suite format tests/format/check.sh ;;
    *) record "FAIL $s: unknown suite" ;;
    esac
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
