#!/bin/bash
# The F/D differential test through loupe's backends: the guest program of
# run.sh (random F/D instructions, every operation and rounding mode,
# operands biased to the hard cases) runs under loupe with each backend and
# its results and fflags are compared record by record with the host
# reference rv_fpu_exec() (fpu_check -q loupe), which run.sh and step 1 here
# compare with qemu-riscv64.  Each run is done twice: with fflags cleared
# before every instruction (the backends' slow paths and exact fast paths)
# and with fflags preset to NX (inexact), which lets the round-to-nearest
# fast paths of both backends run (src/target/riscv/fpu_fast.h,
# src/jit/x86_64/isel_fp.c).
#
#   tests/fpu_diff/backends.sh [COUNT [SEED [OP]]]
#
# COUNT cases per run (default 1000000), SEED (default 1), OP restricts to
# one mnemonic.  LOUPE_BACKENDS (default "interp jit").  Needs build/loupe
# (or $LOUPE_BUILD/loupe).  Exit status 0 when no case differs.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/tests/fpu_diff
COUNT=${1:-1000000}
SEED=${2:-1}
OP=${3:-}
QEMU=${QEMU:-qemu-riscv64}
CC=${CC:-gcc}
CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
LOUPE=$BUILD/loupe

[ -x "$LOUPE" ] || { echo "backends.sh: $LOUPE not built" >&2; exit 2; }
mkdir -p "$OUT"
CFLAGS="-std=gnu11 -O2 -g -Wall -Wextra -Werror -I$ROOT/src -D_GNU_SOURCE"
SRCS="$ROOT/src/target/riscv/fpu.c $ROOT/src/target/riscv/fpu_soft.c $HERE/fpu_check.c"
for v in 0 1; do
	"$CROSS_CC" -static -O2 -Wall -Wextra -ffp-contract=off \
		-DFPD_PRESET_FLAGS=$v -o "$OUT/fpu_guest_p$v" "$HERE/fpu_guest.c"
	# shellcheck disable=SC2086
	"$CC" $CFLAGS -DFPD_PRESET_FLAGS=$v -o "$OUT/fpu_check_p$v" $SRCS -lm
done

extra=()
[ -n "$OP" ] && extra=(-o "$OP")
rc=0
echo "== qemu, fflags preset to NX (the reference of the runs below)"
"$OUT/fpu_check_p1" -q "$QEMU" -g "$OUT/fpu_guest_p1" -s "$SEED" \
	-n "$COUNT" "${extra[@]}" || rc=1
for b in ${LOUPE_BACKENDS:-interp jit}; do
	for v in 0 1; do
		echo "== loupe -backend $b, fflags preset to $v"
		"$OUT/fpu_check_p$v" -q "$LOUPE -backend $b" \
			-g "$OUT/fpu_guest_p$v" -s "$SEED" -n "$COUNT" \
			"${extra[@]}" || rc=1
	done
done
exit $rc
