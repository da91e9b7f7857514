#!/bin/bash
# Tests of the example plugins execlog, cache, drcov and bbv (plugins/*.c)
# on small assembly guests whose behaviour is known exactly.
#
#   tests/plugins-b/check.sh        (LOUPE_BUILD: build directory, default build)
#
# Prints "PASS plugins-b/NAME" or "FAIL plugins-b/NAME: reason" per check
# (and "SKIP ..." when the guest cannot run yet); exit status 1 if any failed.
# Guests are built with riscv64-linux-gnu-gcc into $LOUPE_BUILD/tests/plugins-b.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) B=$BUILD ;; *) B=$ROOT/$BUILD ;; esac
L=$B/loupe
P=$B/plugins
T=$B/tests/plugins-b
CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
mkdir -p "$T"
status=0

pass() { echo "PASS plugins-b/$1"; }
fail() { echo "FAIL plugins-b/$1: $2"; status=1; }

for so in execlog cache drcov bbv; do
    [ -f "$P/lib$so.so" ] || { fail "$so" "$P/lib$so.so not built"; exit 1; }
done

# build NAME SRC [CFLAGS...]: the guest $T/NAME, rebuilt when SRC is newer
build() {
    local name=$1 src=$2
    shift 2
    if [ ! -x "$T/$name" ] || [ "$src" -nt "$T/$name" ]; then
        "$CC" -nostdlib -static "$@" -o "$T/$name" "$src" 2>"$T/$name.buildlog" ||
            { fail "build/$name" "$(head -n 1 "$T/$name.buildlog")"; return 1; }
    fi
}
build tiny "$HERE/tiny.S" || exit 1
build abaca "$HERE/abaca.S" || exit 1
for cfg in "128 64 4" "3 4096 4" "2 4096 4"; do
    set -- $cfg
    build "stride_$1_$2_$3" "$HERE/stride.S" -DNLINES=$1 -DSTRIDE=$2 -DREPS=$3 || exit 1
done

if [ ! -x "$T/mix" ] || [ "$HERE/mix.c" -nt "$T/mix" ]; then
    "$CC" -static -O2 -o "$T/mix" "$HERE/mix.c" 2>"$T/mix.buildlog" ||
        { fail build/mix "$(head -n 1 "$T/mix.buildlog")"; exit 1; }
fi

if [ ! -x "$T/threads" ] || [ "$HERE/threads.c" -nt "$T/threads" ]; then
    "$CC" -static -O2 -pthread -o "$T/threads" "$HERE/threads.c" 2>"$T/threads.buildlog" ||
        { fail build/threads "$(head -n 1 "$T/threads.buildlog")"; exit 1; }
fi

# plog OUT PLUGIN-ARGS GUEST [LOUPE-OPTIONS...]: run with -d plugin, log to OUT
plog() {
    local out=$1 plugin=$2 guest=$3
    shift 3
    (cd "$T" && timeout -k 5 120 "$L" "$@" -d plugin -D "$out" -plugin "$P/$plugin" "$guest" \
        >"$out.stdout" 2>"$out.stderr")
}

# ---------------------------------------------------------------- execlog
# The whole log, checked line by line by hand (see tiny.S).
if plog "$T/tiny.log" libexeclog.so ./tiny && cmp -s "$T/tiny.log" "$HERE/tiny.execlog"; then
    pass execlog/full
else
    fail execlog/full "$(diff "$HERE/tiny.execlog" "$T/tiny.log" | head -n 3 | tr '\n' ' ')"
fi

# The same log, one instruction per block (closers at block starts).
if plog "$T/tiny1.log" libexeclog.so ./tiny -one-insn-per-tb &&
    cmp -s "$T/tiny1.log" "$HERE/tiny.execlog"; then
    pass execlog/one-insn-per-tb
else
    fail execlog/one-insn-per-tb "differs from tiny.execlog"
fi

# Filters: exactly the matching lines of the full log, register changes
# included (each filtered line is closed by a closer callback).
awk -F'"' '$2 ~ /ld/ || $1 ~ /^0, 0x10170,/' "$HERE/tiny.execlog" >"$T/tiny_f.want"
if plog "$T/tiny_f.log" libexeclog.so,ifilter=ld,afilter=0x10170 ./tiny &&
    cmp -s "$T/tiny_f.log" "$T/tiny_f.want" && [ -s "$T/tiny_f.want" ]; then
    pass execlog/filters
else
    fail execlog/filters "$(diff "$T/tiny_f.want" "$T/tiny_f.log" | head -n 3 | tr '\n' ' ')"
fi

# reg=GLOB keeps only the matching registers; regs=off none.
sed -E 's/, (zero|ra|sp|gp|tp|t[0-6]|fp|s[0-9]+)=0x[0-9a-f]+//g' "$HERE/tiny.execlog" >"$T/tiny_a.want"
if plog "$T/tiny_a.log" libexeclog.so,reg=a* ./tiny && cmp -s "$T/tiny_a.log" "$T/tiny_a.want"; then
    pass execlog/reg-glob
else
    fail execlog/reg-glob "$(diff "$T/tiny_a.want" "$T/tiny_a.log" | head -n 3 | tr '\n' ' ')"
fi
sed -E 's/, [a-z0-9]+=0x[0-9a-f]+//g' "$HERE/tiny.execlog" >"$T/tiny_n.want"
if plog "$T/tiny_n.log" libexeclog.so,regs=off ./tiny && cmp -s "$T/tiny_n.log" "$T/tiny_n.want"; then
    pass execlog/regs-off
else
    fail execlog/regs-off "$(diff "$T/tiny_n.want" "$T/tiny_n.log" | head -n 3 | tr '\n' ' ')"
fi

# A C guest (libc start-up, every load/store width, atomics, a signal
# handler): the log is consistent with itself (stored values equal the
# source registers, loaded values the destination, pcs follow).
if plog "$T/mix.log" libexeclog.so ./mix &&
    out=$(python3 "$HERE/execlog_consistency.py" "$T/mix.log" 2>&1); then
    pass execlog/consistency
else
    fail execlog/consistency "${out:-loupe failed}"
fi

# ---------------------------------------------------------------- cache
# cache_case NAME GUEST ARGS WANT: WANT is "cache accesses misses ..." for
# the caches of core 0 ("L1I 2071 1 L1D 512 512").
cache_case() {
    local name=$1 guest=$2 args=$3 want=$4 got
    if ! plog "$T/cache_$name.log" "libcache.so,limit=0${args:+,$args}" "./$guest"; then
        fail "cache/$name" "loupe failed: $(head -n 1 "$T/cache_$name.log.stderr")"
        return
    fi
    got=$(awk '$1 == "0" { printf "%s%s %s %s", sep, $2, $6, $7; sep = " " }' "$T/cache_$name.log")
    if [ "$got" = "$want" ]; then
        pass "cache/$name"
    else
        fail "cache/$name" "got '$got', want '$want'"
    fi
}
# 128 loads 64 bytes apart, 4 times: 8 KiB do not fit in 4 KiB (every load
# misses with LRU and FIFO), fit in 8 KiB (128 compulsory misses, whatever
# the associativity).  7 + 4 * (4 + 4 * 128) = 2071 instructions in one
# 64-byte block of code.
cache_case stream-lru stride_128_64_4 dcachesize=4096 "L1I 2071 1 L1D 512 512"
cache_case stream-fifo stride_128_64_4 dcachesize=4096,evict=fifo "L1I 2071 1 L1D 512 512"
cache_case fits stride_128_64_4 dcachesize=8192 "L1I 2071 1 L1D 512 128"
cache_case fits-direct stride_128_64_4 dcachesize=8192,dassoc=1 "L1I 2071 1 L1D 512 128"
# L2 of 16 KiB behind a 4 KiB L1D: sees 512 data + 1 instruction misses,
# misses 128 + 1 of them.
cache_case l2 stride_128_64_4 dcachesize=4096,l2cachesize=16384 \
    "L1I 2071 1 L1D 512 512 L2 513 129"
# 3 (or 2) blocks 4 KiB apart, 4 rounds, all in set 0 of a 4 KiB cache.
cache_case conflict-2way stride_3_4096_4 dcachesize=4096,dassoc=2 "L1I 71 1 L1D 12 12"
cache_case conflict-4way stride_3_4096_4 dcachesize=4096,dassoc=4 "L1I 71 1 L1D 12 3"
cache_case conflict-direct stride_3_4096_4 dcachesize=4096,dassoc=1 "L1I 71 1 L1D 12 12"
cache_case fit-2way stride_2_4096_4 dcachesize=4096,dassoc=2 "L1I 55 1 L1D 8 2"
# A B A C A in one 2-way set: LRU keeps A (3 misses), FIFO evicts it (4).
cache_case abaca-lru abaca dcachesize=4096,dassoc=2 "L1I 13 1 L1D 5 3"
cache_case abaca-fifo abaca dcachesize=4096,dassoc=2,evict=fifo "L1I 13 1 L1D 5 4"
# evict=rand is deterministic: two runs agree.
plog "$T/cache_r1.log" libcache.so,dcachesize=4096,evict=rand ./stride_128_64_4
plog "$T/cache_r2.log" libcache.so,dcachesize=4096,evict=rand ./stride_128_64_4
if cmp -s "$T/cache_r1.log" "$T/cache_r2.log" && grep -q 'evict=rand' "$T/cache_r1.log"; then
    pass cache/rand-deterministic
else
    fail cache/rand-deterministic "two runs differ"
fi
# The ranking names the one load that misses.
if plog "$T/cache_top.log" libcache.so,dcachesize=4096 ./stride_128_64_4 &&
    grep -qE "^0x[0-9a-f]+ +512  _start: ld"$'\t'"a0,0\(t1\)\$" "$T/cache_top.log"; then
    pass cache/ranking
else
    fail cache/ranking "no '512 _start: ld a0,0(t1)' line"
fi

# Bad arguments: install fails with one clear line, before the guest runs.
bad_case() {
    local args=$1 msg=$2 out rc
    out=$("$L" -plugin "$P/libcache.so,$args" "$T/tiny" 2>&1)
    rc=$?
    if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "^cache: .*$msg"; then
        pass "cache/bad-arg $args"
    else
        fail "cache/bad-arg $args" "status $rc, output: $(printf '%s' "$out" | head -n 2 | tr '\n' ' ')"
    fi
}
bad_case dcachesize=1000 "not a multiple of the block size"
bad_case dblksize=48 "not a power of two"
bad_case dassoc=3 "does not divide"
bad_case dcachesize=12288,dassoc=2 "must be a power of two"
bad_case iassoc=0 "at least 1"
bad_case l2=off,l2assoc=4 "contradicts"
bad_case evict=random "expected lru, fifo or rand"
bad_case cores=0 "must be 1 to"
bad_case icachesize=big "is not a size"
bad_case colour=blue "unknown argument"

# ---------------------------------------------------------------- drcov
drcov_ok=1
for r in exec trans; do
    rm -f "$T/stride_$r.drcov"
    (cd "$T" && "$L" -plugin "$P/libdrcov.so,record=$r,filename=stride_$r.drcov" ./stride_128_64_4) ||
        drcov_ok=0
done
if [ $drcov_ok = 1 ] &&
    out=$(python3 "$HERE/drcov_check.py" "$T/stride_exec.drcov" --elf "$T/stride_128_64_4" \
        --expect _start --expect 0x10154 --min-bbs 5 --dump 2>&1) &&
    [ "$(printf '%s\n' "$out" | grep -c '^bb ')" = 5 ] &&
    cmp -s "$T/stride_exec.drcov" "$T/stride_trans.drcov"; then
    pass drcov/format
else
    fail drcov/format "$(printf '%s\n' "${out:-no output}" | tail -n 1)"
fi
# The default file name is the program's, in the directory loupe starts in.
rm -f "$T/tiny.drcov"
if (cd "$T" && "$L" -plugin "$P/libdrcov.so" ./tiny) &&
    python3 "$HERE/drcov_check.py" "$T/tiny.drcov" --elf "$T/tiny" --expect _start >/dev/null; then
    pass drcov/default-name
else
    fail drcov/default-name "no valid $T/tiny.drcov"
fi

# A dynamically linked guest: libc.so.6 becomes module 1 (modules=all, the
# default); modules=main keeps only the program.
SYSROOT=${RISCV_SYSROOT:-/usr/riscv64-linux-gnu}
if [ -d "$SYSROOT/lib" ] && "$CC" -O2 -o "$T/mix_dyn" "$HERE/mix.c" 2>/dev/null; then
    rm -f "$T"/mix_dyn*.drcov
    if (cd "$T" && "$L" -L "$SYSROOT" -plugin "$P/libdrcov.so" ./mix_dyn >/dev/null &&
        "$L" -L "$SYSROOT" -plugin "$P/libdrcov.so,modules=main,filename=mix_dyn_main.drcov" \
            ./mix_dyn >/dev/null) &&
        python3 "$HERE/drcov_check.py" "$T/mix_dyn.drcov" --elf "$T/mix_dyn" --expect main \
            >/dev/null &&
        grep -aq '^1, 0x[0-9a-f]*, 0x[0-9a-f]*, 0x0*, .*/libc\.so\.6$' "$T/mix_dyn.drcov" &&
        grep -aq '^Module Table: version 2, count 1$' "$T/mix_dyn_main.drcov" &&
        python3 "$HERE/drcov_check.py" "$T/mix_dyn_main.drcov" --elf "$T/mix_dyn" \
            --expect main >/dev/null; then
        pass drcov/shared-libraries
    else
        fail drcov/shared-libraries "no valid libc.so.6 module in $T/mix_dyn.drcov"
    fi
else
    echo "SKIP plugins-b/drcov/shared-libraries: no riscv64 sysroot at $SYSROOT"
fi

# ---------------------------------------------------------------- bbv
# Blocks of stride_128_64_4: 1 = entry (10 insns, once), 2 = the inner loop
# (4 insns, 508 times), 3 = outer loop tail (2), 4 = outer loop head (6),
# 5 = exit (3).  Intervals of 500 end at the first block boundary after.
rm -f "$T"/bbv_stride.*
printf '%s\n' "T:1:10 :2:492 " "T:2:492 :3:2 :4:6 " "T:2:492 :3:2 :4:6 " \
    "T:2:492 :3:2 :4:6 " "T:2:64 :3:2 :5:3 " >"$T/bbv_stride.want"
if (cd "$T" && "$L" -plugin "$P/libbbv.so,interval=500,outfile=bbv_stride" ./stride_128_64_4) &&
    cmp -s "$T/bbv_stride.0.bb" "$T/bbv_stride.want"; then
    pass bbv/intervals
else
    fail bbv/intervals "$(diff "$T/bbv_stride.want" "$T/bbv_stride.0.bb" 2>&1 | head -n 3 | tr '\n' ' ')"
fi
if [ "$(awk '{ print $1, $3 }' "$T/bbv_stride.blocks" 2>/dev/null | tr '\n' ' ')" = \
    "1 10 2 4 3 2 4 6 5 3 " ]; then
    pass bbv/blocks
else
    fail bbv/blocks "unexpected $T/bbv_stride.blocks"
fi
# One interval by default; the counts add up to the instruction count.
rm -f "$T"/bbv_one.*
if (cd "$T" && "$L" -plugin "$P/libbbv.so,outfile=bbv_one" ./stride_128_64_4) &&
    [ "$(cat "$T/bbv_one.0.bb")" = "T:1:10 :2:2032 :3:8 :4:18 :5:3 " ]; then
    pass bbv/one-interval
else
    fail bbv/one-interval "got '$(cat "$T/bbv_one.0.bb" 2>/dev/null)'"
fi
# ---------------------------------------------------------------- all
# The plugins agree on the instruction count of the C guest, all loaded in
# one run: execlog lines, cache L1I accesses, the sum of the bbv vectors.
rm -f "$T"/bbv_mix.*
if (cd "$T" && "$L" -d plugin -D "$T/mix_all.log" -plugin "$P/libexeclog.so,regs=off" \
        -plugin "$P/libcache.so,limit=0" -plugin "$P/libbbv.so,interval=7000,outfile=bbv_mix" \
        ./mix >"$T/mix_all.stdout" 2>&1); then
    n_log=$(grep -c '^0, 0x' "$T/mix_all.log")
    n_cache=$(awk '/^instructions:/ { print $2 }' "$T/mix_all.log")
    n_bbv=$(tr ' ' '\n' <"$T/bbv_mix.0.bb" | awk -F: 'NF == 3 { s += $3 } END { print s }')
    if [ "$n_log" = "$n_cache" ] && [ "$n_log" = "$n_bbv" ]; then
        pass all/instruction-count
    else
        fail all/instruction-count "execlog $n_log, cache $n_cache, bbv $n_bbv"
    fi
else
    fail all/instruction-count "loupe failed"
fi
rm -f "$T/mix.drcov"
if (cd "$T" && "$L" -plugin "$P/libdrcov.so" ./mix >/dev/null) &&
    out=$(python3 "$HERE/drcov_check.py" "$T/mix.drcov" --elf "$T/mix" --expect main \
        --expect handler --expect-not abort 2>&1); then
    pass drcov/c-guest
else
    fail drcov/c-guest "${out:-loupe failed}"
fi

# ---------------------------------------------------------------- threads
# Four guest threads (five vCPUs): every plugin loaded at once; the guest's
# output must be right, bbv writes one file per vCPU, and the per-vCPU
# vectors add up to the cache plugin's instruction count.
want_threads="total 1207664640"
rm -f "$T"/bbv_thr.*
if ! out=$(cd "$T" && timeout -k 5 120 "$L" ./threads 2>&1) || [ "$out" != "$want_threads" ]; then
    fail threads "loupe runs the threads guest wrongly: $out"
elif (cd "$T" && timeout -k 5 300 "$L" -d plugin -D "$T/thr.log" \
        -plugin "$P/libexeclog.so,ifilter=ret" -plugin "$P/libcache.so,cores=2,limit=0" \
        -plugin "$P/libdrcov.so,filename=thr.drcov" \
        -plugin "$P/libbbv.so,interval=50000,outfile=bbv_thr" ./threads >"$T/thr.stdout" 2>&1) &&
    [ "$(cat "$T/thr.stdout")" = "$want_threads" ]; then
    n_cache=$(awk '$1 == "all" && $2 == "L1I" { print $6 }' "$T/thr.log")
    n_bbv=$(cat "$T"/bbv_thr.*.bb | tr ' ' '\n' | awk -F: 'NF == 3 { s += $3 } END { print s }')
    n_files=$(ls "$T"/bbv_thr.*.bb | wc -l)
    if [ "$n_files" -ge 5 ] && [ -n "$n_cache" ] && [ "$n_cache" = "$n_bbv" ] &&
        python3 "$HERE/drcov_check.py" "$T/thr.drcov" --elf "$T/threads" --expect work >/dev/null &&
        grep -q '^[1-9][0-9]*, 0x' "$T/thr.log"; then
        pass threads
    else
        fail threads "bbv files $n_files, cache insns '$n_cache', bbv sum '$n_bbv'"
    fi
else
    fail threads "loupe failed or wrong output: $(head -n 2 "$T/thr.stdout" | tr '\n' ' ')"
fi

for a in interval=0 interval=-5 interval=1x outfile= nonsense=1; do
    if "$L" -plugin "$P/libbbv.so,$a" "$T/tiny" >/dev/null 2>&1; then
        fail "bbv/bad-arg $a" "accepted"
    else
        pass "bbv/bad-arg $a"
    fi
done

exit $status
