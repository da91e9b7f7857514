#!/bin/bash
# Build RISC-V guest test programs.
#
#   tests/guest/build.sh OUTDIR SRC...
#
# Each SRC (a .c or .S file) becomes OUTDIR/NAME (NAME = file name without
# the extension), built with
#
#   riscv64-linux-gnu-gcc -O2 -static -I<dir of SRC> -I tests/guest -o OUT SRC CFLAGS
#
# where CFLAGS come from an optional first-line comment of SRC:
#
#   // cflags: -march=rv64gc_zba_zbb_zbs -lm        (or "# cflags:" / "/* cflags: ... */")
#
# The cflags come after the source, so -l options work.  If they mention
# -static (or -static-pie, -shared) the default -static is left out.  A program is rebuilt only when it is
# older than its source, than a header in its directory or tests/guest/, or
# than this script.  Builds run two at a time (JOBS to change); compiler
# output goes to OUTDIR/NAME.buildlog, and a failed build leaves no OUTDIR/NAME.
# Prints nothing on success; exit status 1 if any build failed.
set -u

CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--one" ]; then
    # worker: --one OUTDIR SRC
    out=$2 src=$3
    name=$(basename "$src")
    name=${name%.*}
    first=$(head -n 1 "$src")
    cflags=
    case "$first" in
    *cflags:*)
        cflags=${first#*cflags:}
        cflags=${cflags%%\*/*}
        ;;
    esac
    static=-static
    case " $cflags " in
    *" -static"* | *" -shared"*) static= ;;
    *" -dynamic "*) # a dynamically linked program (loupe loads ld.so)
        static=
        cflags=$(echo " $cflags " | sed 's/ -dynamic / /') ;;
    esac
    # shellcheck disable=SC2086  # cflags are words on purpose
    if "$CROSS_CC" -O2 $static -I"$(dirname "$src")" -I"$HERE" \
        -o "$out/$name.tmp$$" "$src" $cflags >"$out/$name.buildlog.$$" 2>&1; then
        mv -f "$out/$name.buildlog.$$" "$out/$name.buildlog"
        mv -f "$out/$name.tmp$$" "$out/$name"
        exit 0
    fi
    mv -f "$out/$name.buildlog.$$" "$out/$name.buildlog"
    rm -f "$out/$name.tmp$$" "$out/$name"
    exit 1
fi

if [ $# -lt 1 ]; then
    echo "usage: $0 OUTDIR SRC..." >&2
    exit 2
fi
out=$1
shift
mkdir -p "$out"
if ! command -v "$CROSS_CC" >/dev/null 2>&1; then
    echo "build.sh: $CROSS_CC not found (run scripts/deps.sh)" >&2
    exit 1
fi

# newer_than FILE REF: FILE is newer than REF
newer_than() { [ "$1" -nt "$2" ]; }

todo=()
for src in "$@"; do
    name=$(basename "$src")
    name=${name%.*}
    bin=$out/$name
    stale=0
    if [ ! -e "$bin" ] || newer_than "$src" "$bin" || newer_than "$HERE/build.sh" "$bin"; then
        stale=1
    else
        for h in "$(dirname "$src")"/*.h "$HERE"/*.h; do
            if [ -e "$h" ] && newer_than "$h" "$bin"; then
                stale=1
                break
            fi
        done
    fi
    [ $stale = 1 ] && todo+=("$src")
done

[ ${#todo[@]} -eq 0 ] && exit 0
printf '%s\0' "${todo[@]}" |
    xargs -0 -n 1 -P "${JOBS:-2}" bash "$HERE/build.sh" --one "$out"
