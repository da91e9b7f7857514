#!/bin/sh
# Compare loupe's RISC-V disassembler (rv_decode + rv_disasm, driven by the
# rvdis tool) with GNU objdump, the reference for disassembly text.
#
#   tests/disasm/check.sh        (run from anywhere; uses $LOUPE_BUILD)
#
# Three comparisons, one PASS/FAIL line each (the protocol of run-all.sh):
#   disasm/libs        every instruction objdump -d prints for the glibc
#                      archives libc.a and libm.a of the riscv64 cross sysroot
#   disasm/compressed  every 16-bit encoding (all 49152 halfwords)
#   disasm/sample32    every major opcode x funct3 x funct7 of the 32-bit
#                      space, 7 register patterns each (about 200k words)
# For each line objdump prints "ADDR: HEX  TEXT"; the " <symbol>" after a
# target and objdump's " # ..." comments are dropped (rv_disasm prints the
# address part only), lines are deduplicated on (HEX, TEXT) -- TEXT holds
# any absolute target, so one address per pair suffices -- and rvdis must
# print TEXT exactly.
#
# Documented exceptions (loupe decodes these as illegal on purpose; a
# mismatch is excused only when rvdis prints .2byte/.4byte for them):
#   - privileged instructions objdump knows (mret, sret, wfi, sfence.vma,
#     hfence.*, ...): loupe runs user-mode programs, where they trap;
#   - 6101, c.addi16sp with a zero immediate: reserved by the ISA, objdump
#     prints "add sp,sp,0".
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) B=$BUILD ;; *) B=$ROOT/$BUILD ;; esac
OBJDUMP=${OBJDUMP:-riscv64-linux-gnu-objdump}
AS=${AS:-riscv64-linux-gnu-as}
LIBDIR=${LIBDIR:-/usr/riscv64-linux-gnu/lib}
SHOW=20
status=0
# fail LINE: print a FAIL line and remember the failure
fail() {
	echo "FAIL $*"
	status=1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for tool in "$OBJDUMP" "$AS"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "disasm: $tool not found (run make deps)"
		exit 1
	fi
done

RVDIS=${RVDIS:-$B/tests/tools/rvdis}
if [ ! -x "$RVDIS" ]; then
	# not built by the Makefile: build it from the two sources it needs
	RVDIS=$tmp/rvdis
	if ! ${CC:-cc} -std=gnu11 -O2 -I"$ROOT/src" -D_GNU_SOURCE \
		"$ROOT/src/target/riscv/decode.c" \
		"$ROOT/src/target/riscv/disasm.c" \
		"$ROOT/tests/tools/rvdis.c" -o "$RVDIS"; then
		fail "disasm: cannot build rvdis"
		exit 1
	fi
fi

# extract DIS OUT: objdump -d text -> "ADDR HEX<TAB>TEXT", deduplicated
extract() {
	awk -F'\t' '
	/^ *[0-9a-f]+:\t[0-9a-f]+ +\t/ {
		addr = $1; sub(/^ */, "", addr); sub(/:$/, "", addr)
		hex = $2; sub(/ +$/, "", hex)
		text = $3
		for (i = 4; i <= NF; i++) text = text "\t" $i
		sub(/ # .*$/, "", text)
		sub(/ <[^>]*>$/, "", text)
		lines++
		if (!seen[hex "\t" text]++) print addr " " hex "\t" text
	}
	END { print lines + 0 > (out ".lines") }' out="$2" "$1" >"$2"
}

# compare NAME EXPECTED: run rvdis on the words, report PASS/FAIL
compare() {
	name=$1 exp=$2
	cut -f1 "$exp" >"$tmp/in"
	if ! "$RVDIS" <"$tmp/in" >"$tmp/got" 2>"$tmp/err"; then
		fail "$name: rvdis failed: $(head -n 1 "$tmp/err")"
		return
	fi
	# line: ADDR HEX | objdump text | rvdis text
	cut -f2- "$exp" >"$tmp/exp_text"
	cut -f2- "$tmp/got" >"$tmp/got_text"
	paste -d'|' "$tmp/in" "$tmp/exp_text" "$tmp/got_text" | awk -F'|' '
	function privileged(m) {
		return m ~ /^(mret|sret|uret|dret|hret|mnret|wfi|sfence\.|sinval\.|hfence\.|hinval\.|hlv|hlvx|hsv)/
	}
	$2 != $3 {
		split($1, w, " "); split($2, e, "\t")
		if ($3 ~ /^\.(2|4)byte\t/ && (privileged(e[1]) || w[2] == "6101")) {
			excused++
			next
		}
		print
	}
	END { print excused + 0 > "/dev/stderr" }' >"$tmp/mism" 2>"$tmp/excused"
	n=$(wc -l <"$tmp/in")
	bad=$(wc -l <"$tmp/mism")
	exc=$(cat "$tmp/excused")
	if [ "$n" -eq 0 ]; then
		fail "$name: no instructions to compare"
	elif [ "$bad" -eq 0 ]; then
		echo "PASS $name ($n distinct of $(cat "$exp.lines") instructions" \
			"compared, $exc documented exceptions)"
	else
		fail "$name: $bad of $n instructions differ from objdump"
		echo "  first mismatches (ADDR HEX | objdump | loupe):"
		head -n "$SHOW" "$tmp/mism" | sed 's/^/    /'
	fi
}

# 1. glibc archives (objdump runs in parallel with the synthetic sets)
libs=""
for a in libc.a libm.a; do
	[ -f "$LIBDIR/$a" ] && libs="$libs $LIBDIR/$a"
done
if [ -n "$libs" ]; then
	# shellcheck disable=SC2086
	"$OBJDUMP" -d $libs >"$tmp/libs.dis" 2>"$tmp/libs.err" &
	libs_pid=$!
fi

# 2. every compressed halfword; 3. a structured sample of 32-bit words
# (a fixed LCG keeps the sample identical on every run and awk)
awk 'BEGIN {
	for (h = 0; h < 65536; h++)
		if (h % 4 != 3) printf ".insn 0x%04x\n", h
}' >"$tmp/c16.s"
awk 'function rnd() { x = (x * 69069 + 1) % 4294967296; return int(x / 134217728) }
BEGIN {
	x = 12345
	for (opc = 0; opc < 32; opc++) {
		op = opc * 4 + 3
		if (op % 32 == 31) continue        # 48-bit and longer
		for (f3 = 0; f3 < 8; f3++) for (f7 = 0; f7 < 128; f7++)
		for (k = 0; k < 7; k++) {
			rd = rnd(); rs1 = rnd(); rs2 = rnd()
			if (k == 1) rd = rs1 = rs2 = 0
			else if (k == 2) rs1 = 0
			else if (k == 3) rs2 = rnd() % 6
			else if (k == 4) rs1 = rs2
			else if (k == 5) rd = 0
			else if (k == 6) { rs2 = 0; if (rnd() < 16) rs1 = rnd() % 2 }
			printf ".insn 0x%08x\n", f7 * 33554432 + rs2 * 1048576 + \
				rs1 * 32768 + f3 * 4096 + rd * 128 + op
		}
	}
}' >"$tmp/s32.s"
for set in c16 s32; do
	if ! "$AS" -march=rv64gc_zba_zbb_zbs "$tmp/$set.s" -o "$tmp/$set.o" ||
		! "$OBJDUMP" -d "$tmp/$set.o" >"$tmp/$set.dis"; then
		fail "disasm/$set: cannot assemble or disassemble the test set"
		continue
	fi
	extract "$tmp/$set.dis" "$tmp/$set.exp"
done

if [ -n "$libs" ]; then
	if wait "$libs_pid"; then
		extract "$tmp/libs.dis" "$tmp/libs.exp"
		compare disasm/libs "$tmp/libs.exp"
	else
		fail "disasm/libs: $OBJDUMP failed: $(head -n 1 "$tmp/libs.err")"
	fi
else
	fail "disasm/libs: no libc.a/libm.a in $LIBDIR (run make deps)"
fi
[ -f "$tmp/c16.exp" ] && compare disasm/compressed "$tmp/c16.exp"
[ -f "$tmp/s32.exp" ] && compare disasm/sample32 "$tmp/s32.exp"
exit $status
