#!/bin/bash
# Differential test of rv_fpu_exec() (src/target/riscv/fpu*.c) against
# qemu-riscv64: random F/D instructions (every operation, every static
# rounding mode and DYN, operands biased to special values and to the
# rounding/underflow/overflow/conversion boundaries), results and fflags
# compared bit for bit.  Runs two host builds: the default one (x86 SSE
# fast paths + soft-float) and -DRV_FPU_SOFT (soft-float only).
# Then builds the guest tests tests/guest/fp_{random,special,cvt,round,fma}.c
# for the host (their fp_ops.h calls rv_fpu_exec() there) and compares their
# output with the expected NAME.out that qemu produced.
#
#   tests/fpu_diff/run.sh [COUNT [SEED [OP]]]
#
# COUNT cases per build (default 1000000), SEED (default 1), OP restricts to
# one mnemonic (e.g. fmadd.d).  Binaries go to $LOUPE_BUILD/tests/fpu_diff
# (default build/).  Needs only the fpu sources, not the rest of loupe.
# Exit status 0 when no case differs.
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

mkdir -p "$OUT"
"$CROSS_CC" -static -O2 -Wall -Wextra -ffp-contract=off \
	-o "$OUT/fpu_guest" "$HERE/fpu_guest.c"
CFLAGS="-std=gnu11 -O2 -g -Wall -Wextra -Werror -I$ROOT/src -D_GNU_SOURCE"
SRCS="$ROOT/src/target/riscv/fpu.c $ROOT/src/target/riscv/fpu_soft.c $HERE/fpu_check.c"
# shellcheck disable=SC2086
"$CC" $CFLAGS -o "$OUT/fpu_check" $SRCS -lm
# shellcheck disable=SC2086
"$CC" $CFLAGS -DRV_FPU_SOFT -o "$OUT/fpu_check_soft" $SRCS -lm

args=(-q "$QEMU" -g "$OUT/fpu_guest" -s "$SEED" -n "$COUNT")
[ -n "$OP" ] && args+=(-o "$OP")
rc=0
echo "== default build"
"$OUT/fpu_check" "${args[@]}" || rc=1
echo "== soft-float build"
"$OUT/fpu_check_soft" "${args[@]}" || rc=1
HOST_TESTS="fp_random fp_special fp_cvt fp_round fp_fma"
for t in $HOST_TESTS; do
	for v in "" -DRV_FPU_SOFT; do
		# shellcheck disable=SC2086
		"$CC" $CFLAGS $v -I"$ROOT/tests/guest" -o "$OUT/host_$t" \
			"$ROOT/tests/guest/$t.c" $ROOT/src/target/riscv/fpu.c \
			$ROOT/src/target/riscv/fpu_soft.c -lm
		if "$OUT/host_$t" | cmp -s - "$ROOT/tests/guest/$t.out"; then
			echo "host $t ${v:-default}: same as $t.out"
		else
			echo "host $t ${v:-default}: DIFFERS from $t.out"
			rc=1
		fi
	done
done
exit $rc
