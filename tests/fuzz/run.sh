#!/bin/sh
# Random-instruction differential test: loupe against qemu-riscv64.
#
#   tests/fuzz/run.sh SEED N            run N random sequences (make fuzz-diff)
#   tests/fuzz/run.sh --write-expected SEED N
#                                       record qemu's hashes in
#                                       tests/fuzz/expected-SEED-N.txt (the
#                                       oracle used when qemu-riscv64 is absent)
#
# Environment: LOUPE_BUILD (build directory, default build), LOUPE_FLAGS (extra
# loupe options, e.g. a backend switch), FUZZ_CHUNK (sequences per process and
# per PASS/FAIL line, default 500), QEMU (oracle command, default
# qemu-riscv64), FUZZ_TIMEOUT (seconds per process, default 120).
#
# Prints one "PASS name" or "FAIL name: reason" line per chunk; for a failing
# chunk, the first differing sequence's assembly and the registers and memory
# words that differ follow, indented.  Exit status 1 if any chunk failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

write_expected=0
if [ "${1:-}" = "--write-expected" ]; then
	write_expected=1
	shift
fi
seed=${1:-1}
n=${2:-20000}
case "$seed$n" in *[!0-9]*|"") echo "usage: run.sh [--write-expected] SEED N" >&2; exit 2 ;; esac

bdir=${LOUPE_BUILD:-build}
case "$bdir" in /*) ;; *) bdir=$root/$bdir ;; esac
loupe=$bdir/loupe
chunk=${FUZZ_CHUNK:-500}
tmo=${FUZZ_TIMEOUT:-120}
qemu=${QEMU:-qemu-riscv64}
expected=$here/expected-$seed-$n.txt
work=$bdir/fuzz/s$seed-n$n
cross=riscv64-linux-gnu
march=rv64gc_zba_zbb_zbs

fail() { echo "FAIL fuzz-diff seed=$seed: $*"; exit 1; }

# ---- build the harness (cached on the inputs) ------------------------------
command -v $cross-gcc >/dev/null 2>&1 || fail "$cross-gcc not found"
command -v python3 >/dev/null 2>&1 || fail "python3 not found"
mkdir -p "$work"
inputs=$(cat "$here/gen.py" "$here/harness.c" "$here/harness_s.S" | cksum | cut -d' ' -f1)
stamp="$seed $n $inputs 4parts"
if [ ! -x "$work/harness" ] || [ "$(cat "$work/stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$work/src" "$work/harness" "$work/stamp"
	nparts=4 # fixed (not nproc): the layout of fuzztext must not depend on the machine
	python3 "$here/gen.py" "$seed" "$n" "$work/src" "$nparts" || fail "generator failed"
	pids=""
	for s in "$work"/src/seqs_*.S "$work/src/table.S" "$here/harness_s.S"; do
		o=$work/src/$(basename "$s" .S).o
		$cross-gcc -march=$march -c "$s" -o "$o" 2>"$o.err" &
		pids="$pids $!"
	done
	$cross-gcc -O2 -Wall -c "$here/harness.c" -o "$work/src/harness.o" 2>"$work/src/harness.c.err" &
	pids="$pids $!"
	ok=1
	for p in $pids; do wait "$p" || ok=0; done
	if [ $ok = 0 ]; then
		cat "$work"/src/*.err | head -20 >&2
		fail "assembling the generated sequences failed"
	fi
	# harness_s.o first: fuzz_enter/fuzz_exit, then the bodies, all in the
	# fuzztext section at a fixed address so pc-dependent results (auipc, jal
	# links) do not depend on the C library's size.
	$cross-gcc -static -o "$work/harness" "$work/src/harness.o" "$work/src/harness_s.o" \
		"$work/src/table.o" "$work/src/seqs_0.o" "$work/src/seqs_1.o" \
		"$work/src/seqs_2.o" "$work/src/seqs_3.o" \
		-Wl,--section-start=fuzztext=0x7000000,--section-start=fuzzbuf=0x77ffe00 \
		2>"$work/link.err" || { head -20 "$work/link.err" >&2; fail "link failed"; }
	echo "$stamp" >"$work/stamp"
fi
h=$work/harness

textsum() {
	$cross-objcopy -O binary --only-section=fuzztext "$h" "$work/fuzztext.bin"
	sha256sum <"$work/fuzztext.bin" | cut -d' ' -f1
}

# ---- oracle ------------------------------------------------------------------
oracle=qemu
if ! command -v "$qemu" >/dev/null 2>&1; then
	[ $write_expected = 0 ] || fail "$qemu not found"
	[ -f "$expected" ] || fail "$qemu not found and no $(basename "$expected")"
	hdr=$(head -1 "$expected")
	if [ "${hdr#"# inputs $inputs "}" = "$hdr" ]; then
		echo "FAIL fuzz-diff seed=$seed: $qemu not found and $(basename "$expected") is stale (tests/fuzz changed; remake it with: sh tests/fuzz/run.sh --write-expected $seed $n)"
		exit 1
	fi
	if [ "$hdr" != "# inputs $inputs fuzztext-sha256 $(textsum)" ]; then
		echo "SKIP fuzz-diff seed=$seed: $qemu not found and the assembled sequences differ from those $(basename "$expected") was made with (other binutils?)"
		exit 0
	fi
	oracle=expected
fi

if [ $write_expected = 1 ]; then
	{
		echo "# inputs $inputs fuzztext-sha256 $(textsum)"
		timeout "$tmo" "$qemu" "$h" | cut -d' ' -f2
	} >"$expected.tmp"
	[ "$(wc -l <"$expected.tmp")" -eq $((n + 1)) ] || fail "qemu did not run all sequences"
	mv "$expected.tmp" "$expected"
	echo "wrote $expected"
	exit 0
fi

[ -x "$loupe" ] || fail "$loupe not found (run make)"

status_text() { # exit status -> words
	case "$1" in
	0) echo "exit 0" ;;
	124) echo "timed out after ${tmo}s" ;;
	*) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit status $1"; fi ;;
	esac
}

# Show sequence $1: its assembly and where loupe's final state differs.
explain() {
	idx=$1
	echo "  --- sequence $idx (seed $seed) ---"
	sed -n "/^# seq $idx begin/,/^# seq $idx end/p" "$work"/src/seqs_*.S |
		awk '/^\t\.dword 0x/ { row = row sprintf("%s=%s ", $4, substr($2, 3))
		                         if (++c % 4 == 0) { print "  |   " row; row = "" } next }
		     row != "" { print "  |   " row; row = "" }
		     { print "  | " $0 }'
	if [ $oracle != qemu ]; then
		echo "  (no $qemu here: only the hashes were compared, no register dump)"
		return 0
	fi
	timeout "$tmo" "$qemu" "$h" dump "$idx" >"$work/dump.qemu" 2>&1 || true
	# shellcheck disable=SC2086
	timeout "$tmo" "$loupe" ${LOUPE_FLAGS:-} "$h" dump "$idx" >"$work/dump.loupe" 2>&1 || true
	echo "  --- final state that differs (qemu | loupe) ---"
	if [ ! -s "$work/dump.loupe" ]; then
		echo "  (loupe printed nothing)"
	else
	awk 'NR == FNR { q[FNR] = $0; nq = FNR; next }
	     { l[FNR] = $0; nl = FNR }
	     END { m = nq > nl ? nq : nl
	           for (i = 1; i <= m; i++) if (q[i] != l[i]) {
	               if (++shown > 40) { print "  ..."; break }
	               printf "  %-32s | %s\n", q[i], l[i] } }' \
		"$work/dump.qemu" "$work/dump.loupe"
	fi
	echo "  (minimize: python3 $here/reduce.py $seed $idx --loupe \"$loupe ${LOUPE_FLAGS:-}\")"
	echo "  (reproduce: $loupe ${LOUPE_FLAGS:-} $h dump $idx)"
}

# ---- run the chunks ------------------------------------------------------------
nfail=0
i=0
while [ $i -lt "$n" ]; do
	cnt=$chunk
	[ $((i + cnt)) -le "$n" ] || cnt=$((n - i))
	last=$((i + cnt - 1))
	name="fuzz-diff seed=$seed seqs $i-$last"
	out=$work/out.$i
	if [ $oracle = qemu ]; then
		(
			rc=0
			timeout "$tmo" "$qemu" "$h" "$i" "$cnt" >"$out.qemu" 2>"$out.qemu.err" || rc=$?
			echo $rc >"$out.qemu.rc"
		) &
		qpid=$!
	else
		sed -n "$((i + 2)),$((last + 2))p" "$expected" | awk -v b=$i '{ print b + NR - 1, $1 }' >"$out.qemu"
		echo 0 >"$out.qemu.rc"
		qpid=""
	fi
	lrc=0
	# shellcheck disable=SC2086
	timeout "$tmo" "$loupe" ${LOUPE_FLAGS:-} "$h" "$i" "$cnt" >"$out.loupe" 2>"$out.loupe.err" || lrc=$?
	[ -z "$qpid" ] || wait "$qpid" || true
	qrc=$(cat "$out.qemu.rc")
	if [ "$qrc" != 0 ] || [ "$(wc -l <"$out.qemu")" -ne "$cnt" ]; then
		echo "FAIL $name: oracle $qemu failed ($(status_text "$qrc"))"
		nfail=$((nfail + 1))
	elif [ $lrc = 0 ] && cmp -s "$out.qemu" "$out.loupe"; then
		echo "PASS $name"
	else
		# first line where they differ (or where loupe's output stops)
		k=$(awk 'NR == FNR { q[FNR] = $0; n = FNR; next }
		         { if ($0 != q[FNR] && !d) d = FNR; m = FNR }
		         END { if (!d) d = m + 1; print d }' "$out.qemu" "$out.loupe")
		idx=$((i + k - 1))
		if [ "$k" -gt "$cnt" ]; then
			echo "FAIL $name: loupe ended with $(status_text $lrc) after the last sequence"
			sed 's/^/  stderr: /' "$out.loupe.err" | tail -5
			nfail=$((nfail + 1))
			i=$((i + cnt))
			continue
		fi
		if [ "$k" -gt "$(wc -l <"$out.loupe")" ]; then
			echo "FAIL $name: loupe stopped at sequence $idx ($(status_text $lrc))"
			sed 's/^/  stderr: /' "$out.loupe.err" | tail -5
		else
			echo "FAIL $name: sequence $idx differs"
		fi
		explain "$idx"
		nfail=$((nfail + 1))
	fi
	i=$((i + cnt))
done
[ $nfail = 0 ]
