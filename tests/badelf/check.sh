#!/bin/bash
# Bad-input tests: loupe on corrupt, truncated and foreign executables.
#
#   tests/badelf/check.sh
#
# The corpus is made by gen.py from base.c (built like a guest test) into
# $LOUPE_BUILD/tests/badelf/corpus; see gen.py for the cases.  Also: a
# directory, a missing path, /dev/null, a symlink loop, and the unmodified
# base program (which must run and print "base ok").
#
# Each case runs as `timeout 10 loupe FILE` (stdin /dev/null, empty cwd).
# Verdicts:
#   reject  PASS if loupe exits nonzero with exactly one line on stderr.
#           Death by a signal is a host crash and a FAIL,
#           except when that one line is "loupe: uncaught target signal ...":
#           then the file was valid enough to start and the GUEST died
#           (e.g. e_entry pointing nowhere: Linux also starts such a file and
#           the process gets SIGSEGV), which is acceptable.
#   any     (random flips and fields Linux ignores) PASS unless loupe itself
#           crashed: killed by a signal without the one-line target-signal
#           message.  Running normally, refusing, or the guest hanging until
#           the timeout (a flip can send it into a loop) are all accepted.
# Always a FAIL: an AddressSanitizer/UBSan report on stderr (for
# LOUPE_BUILD=build-asan), or a hang on a "reject" case.
# Output: "PASS badelf/NAME" or "FAIL badelf/NAME: reason" lines.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOUPE=${LOUPE:-$BUILD/loupe}
OUT=$BUILD/tests/badelf
CORPUS=$OUT/corpus

mkdir -p "$OUT"
if ! bash "$ROOT/tests/guest/build.sh" "$OUT" "$HERE/base.c" >/dev/null 2>&1 ||
    [ ! -x "$OUT/base" ]; then
    echo "FAIL badelf/build: cannot build base.c: $(head -n 3 "$OUT/base.buildlog" 2>/dev/null | tr '\n' ' ' | cut -c1-160)"
    exit 1
fi
if [ ! -f "$CORPUS/MANIFEST" ] || [ "$OUT/base" -nt "$CORPUS/MANIFEST" ] ||
    [ "$HERE/gen.py" -nt "$CORPUS/MANIFEST" ]; then
    rm -rf "$CORPUS"
    if ! python3 "$HERE/gen.py" "$OUT/base" "$CORPUS"; then
        echo "FAIL badelf/gen: gen.py failed"
        exit 1
    fi
fi
mkdir -p "$CORPUS/a_directory"
ln -sf loop_b "$CORPUS/loop_a"
ln -sf loop_a "$CORPUS/loop_b"
if [ ! -x "$LOUPE" ] && ! command -v "$LOUPE" >/dev/null 2>&1; then
    echo "FAIL badelf/all: no emulator at $LOUPE"
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cwd"

# run FILE TIMEOUT: leaves $work/out, $work/err; sets st to the exit code,
# or to "sigN" when the process was killed by signal N (an exit(139) and a
# death by SIGSEGV must not be confused, so perl, which is always there on
# Debian, reports which it was).
run() {
    (cd "$work/cwd" && ulimit -c 0 && exec perl -e '
        my $stfile = shift;
        system { $ARGV[0] } @ARGV;
        open(my $fh, ">", $stfile) or die;
        print $fh ($? == -1 ? "127" : ($? & 127) ? "sig" . ($? & 127) : ($? >> 8)), "\n";
    ' "$work/st" timeout -k 2 "$2" "$LOUPE" "$1" </dev/null >"$work/out" 2>"$work/err")
    st=$(cat "$work/st")
}

nfail=0
fail() { echo "FAIL badelf/$*"; nfail=$((nfail + 1)); }
pass() { echo "PASS badelf/$1"; }

nlines() { grep -c '' "$1"; }

# check NAME KIND FILE
check() {
    local name=$1 kind=$2 file=$3 lines first
    if [ "$kind" = any ]; then run "$file" 5; else run "$file" 10; fi
    lines=$(nlines "$work/err")
    first=$(head -n 1 "$work/err" | cut -c1-100)
    if grep -Eq 'Sanitizer|runtime error:|LeakSanitizer' "$work/err"; then
        fail "$name: sanitizer report: $(grep -Em1 'ERROR|runtime error' "$work/err" | cut -c1-140)"
        return
    fi
    if [ "$st" = 124 ] || [ "$st" = sig9 ]; then
        if [ "$kind" = any ]; then
            pass "$name"
        else
            fail "$name: hangs (killed after 10s)"
        fi
        return
    fi
    case "$st" in sig*)
        if [ "$lines" = 1 ] && grep -q '^loupe: uncaught target signal' "$work/err"; then
            pass "$name"
        elif grep -q '^loupe: uncaught target signal' "$work/err" && [ "$kind" = any ]; then
            pass "$name"
        else
            fail "$name: loupe killed by host signal ${st#sig} (stderr: ${first:-empty})"
        fi
        return
        ;;
    esac
    if [ "$kind" = any ]; then
        pass "$name"
        return
    fi
    if [ "$st" = 0 ]; then
        fail "$name: accepted (exit status 0)"
    elif [ "$lines" != 1 ]; then
        fail "$name: $lines lines on stderr, want 1 (first: ${first:-none})"
    else
        pass "$name"
    fi
}

# sanity: the uncorrupted program runs
run "$OUT/base" 10
if [ "$st" = 0 ] && [ "$(cat "$work/out")" = "base ok" ]; then
    pass "base_runs"
else
    fail "base_runs: status $st, stdout '$(head -c 60 "$work/out")', stderr '$(head -n 1 "$work/err" | cut -c1-80)'"
fi

while read -r name kind _; do
    [ -n "$name" ] && check "$name" "$kind" "$CORPUS/$name"
done <"$CORPUS/MANIFEST"
check directory reject "$CORPUS/a_directory"
check missing reject "$CORPUS/no_such_file"
check dev_null reject /dev/null
check symlink_loop reject "$CORPUS/loop_a"
[ "$nfail" = 0 ]
