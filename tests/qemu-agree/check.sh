#!/bin/bash
# Agreement with QEMU itself: the same guest run under qemu-riscv64 (with a
# QEMU 7.2 API-v1 build of count.c) and under loupe (with the API-v7 build
# of count.c, plus the example plugins libinsn.so and libbb.so when they
# exist and load) must execute exactly the same number of instructions.
#
#   tests/qemu-agree/check.sh [NAME...]     (default: the list below)
#
# Per guest, with the same arguments, environment (env -i, a fixed small
# one), an empty working directory and stdin from /dev/null:
#   - exit status and stdout equal under both;
#   - count.c's instruction total (a callback before each instruction)
#     equal under both;
#   - on each side, the inline counts (inline add per instruction / block)
#     equal the callback counts;
#   - on loupe, libinsn's total equals count.c's, and libbb's blocks and
#     instructions equal count.c's blocks and per-block instruction sums
#     (libinsn and libbb run with inline=on on every other guest, callbacks
#     on the rest).
# Block counts are reported but not compared: the two translators cut
# blocks at different places (docs/qemu-agreement.md explains where).
# Memory access counts are recorded too (results.txt), not compared: QEMU
# 7.2 reports an AMO/sc as one access once a MAP_SHARED mapping exists
# (see the doc).
#
# loupe runs with count.c's "enosys=99": set_robust_list, which QEMU 7.2
# does not implement and loupe does, fails under loupe too, so that glibc's
# start-up takes the same path under both.
#
# Environment:
#   LOUPE_BUILD  build directory (default build); outputs go to
#                $LOUPE_BUILD/tests/qemu-agree/
#   QEMU         reference command (default qemu-riscv64)
#   JOBS         guests run in parallel (default 2)
#   QEMU_AGREE_ALL=1      also the long guests left out by default
#   QEMU_AGREE_PROFILE=1  also write instruction/block profiles and run
#                blocks.py on them (results in $OUT/blocks/NAME.txt, the
#                numbers of docs/qemu-agreement.md)
# Output: "PASS qemu-agree/NAME (...)" or "FAIL qemu-agree/NAME: reason"
# lines; without qemu-riscv64 one line "SKIP qemu-agree: ..." (run-all.sh
# counts SKIP lines as neither passed nor failed).  A table of all numbers
# is left in $OUT/results.txt.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOUPE=$BUILD/loupe
OUT=$BUILD/tests/qemu-agree
QEMU=${QEMU:-qemu-riscv64}
JOBS=${JOBS:-2}
PLUGINS=$BUILD/plugins
export LOUPE OUT QEMU HERE ROOT BUILD

# ---- the guests -----------------------------------------------------------
# tests/guest programs: every one, except
#   fault_*  the fault tests: a block left early by a fault is where the
#            counts may legitimately differ (and most end by a signal)
#   any guest whose NAME.status is 128 or more (killed by a signal): no
#            plugin atexit runs, in either emulator, so nothing to compare
#   misc_args: its getauxval(AT_RANDOM) walks the auxiliary vector, where
#            QEMU 7.2 puts AT_RANDOM before AT_SECURE and loupe after it:
#            4 more instructions under loupe (one loop iteration)
#   sys_time: prints times; its path depends on the clock
#   sys_events, sys_signal_ext: wait for timers and other processes; how
#            often a wait is interrupted or retried depends on timing
#   sys_execve: QEMU (no binfmt_misc here) cannot exec a riscv64 program,
#            so the two run different paths
#   net_linux: where QEMU 7.2's socket calls depart from Linux (loupe
#            follows Linux): different paths again
#   thr_*    several threads: how often a thread spins or waits depends on
#            the host's scheduling, so counts differ from run to run in
#            either emulator (and QEMU 7.2's inline counter is not atomic:
#            its inline and callback counts disagree with threads)
#   fp_random, misc_big (and bench/mem_chase below): 80-250 million
#            instructions, many seconds each with callbacks on every
#            instruction (QEMU_AGREE_ALL=1 adds them)
# Guests that catch a fault of their own (fp_rm_illegal, isa_illegal_list,
# sys_signal) are included: both emulators count the faulting instruction
# once (the callback before it runs, the instruction does not complete).
EXCLUDE=(fault_* misc_args sys_time sys_events sys_signal_ext sys_execve net_linux thr_*)
LONG=(fp_random misc_big bench/mem_chase)
# bench/ and demo/ guests with small inputs: "name source arguments" (the
# benchmarks at a small scale; mem_chase fills 16 MiB whatever the scale,
# 80 million instructions, so it is a long one)
EXTRA="bench/int_hash bench/int_hash.c 0.003
bench/fp_nbody bench/fp_nbody.c 0.0005
bench/fp_mandel bench/fp_mandel.c 0.002
bench/br_interp bench/br_interp.c 0.002
bench/str_lz bench/str_lz.c 0.002
demo/wordfreq demo/wordfreq.c 10 5"
EXTRA_LONG="bench/mem_chase bench/mem_chase.c 0.001"  # in LONG

# ---- worker: --job RUNDIR JOBFILE ----------------------------------------------
# JOBFILE holds "INDEX NAME BINARY ARGS..." NUL-separated; writes
# RUNDIR/<NAME with / as _>/result
if [ "${1:-}" = "--job" ]; then
    run=$2
    mapfile -d '' -t job <"$3"
    set -- "${job[@]}"
    idx=$1 name=$2 bin=$3
    shift 3
    d=$run/${name//\//_}
    mkdir -p "$d/qcwd" "$d/lcwd"
    base=$(basename "$name")
    # (QEMU_LD_PREFIX: qemu's sysroot for dynamic programs, as
    # tests/guest/run.sh sets it; loupe's default is the same directory)
    envv=(env -i PATH=/usr/bin:/bin HOME=/ LANG=C LC_ALL=C TERM=dumb
        QEMU_LD_PREFIX="${QEMU_LD_PREFIX:-/usr/riscv64-linux-gnu}")
    qprof= lprof=
    if [ "${QEMU_AGREE_PROFILE:-0}" = 1 ]; then
        qprof=,profile=$d/q.prof lprof=,profile=$d/l.prof
    fi
    # libinsn / libbb: inline on every other guest
    mode=off
    [ $((idx % 2)) = 1 ] && mode=on
    extra=()
    [ -f "$OUT/use-libinsn" ] && extra+=(-plugin "$PLUGINS/libinsn.so,inline=$mode")
    [ -f "$OUT/use-libbb" ] && extra+=(-plugin "$PLUGINS/libbb.so,inline=$mode")
    (cd "$d/qcwd" && ulimit -c 0 && timeout -k 5 60 "${envv[@]}" $QEMU \
        -plugin "$OUT/libcount-v1.so,out=$d/q.count$qprof" "$bin" "$@" \
        </dev/null >"$d/q.stdout" 2>"$d/q.stderr"; echo $? >"$d/q.status") 2>/dev/null
    (cd "$d/lcwd" && ulimit -c 0 && timeout -k 5 60 "${envv[@]}" "$LOUPE" -d plugin -D "$d/l.log" \
        -plugin "$OUT/libcount.so,out=$d/l.count,enosys=99$lprof" "${extra[@]}" "$bin" "$@" \
        </dev/null >"$d/l.stdout" 2>"$d/l.stderr"; echo $? >"$d/l.status") 2>/dev/null

    # get FILE KEY: the value of "KEY N" in a count file
    get() { awk -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null; }
    why=()
    qst=$(cat "$d/q.status") lst=$(cat "$d/l.status")
    [ "$qst" = 124 ] && why+=("qemu timed out")
    [ "$lst" = 124 ] && why+=("loupe timed out")
    [ "$qst" != "$lst" ] && why+=("exit status: qemu $qst, loupe $lst")
    if [ ! -f "$HERE/../guest/$base.noqemu" ] && ! cmp -s "$d/q.stdout" "$d/l.stdout"; then
        why+=("stdout differs")
    fi
    [ -s "$d/q.count" ] || why+=("no counts from qemu: $(head -c 200 "$d/q.stderr" | tr '\n' ' ')")
    [ -s "$d/l.count" ] || why+=("no counts from loupe: $(head -c 200 "$d/l.stderr" | tr '\n' ' ')")
    qi=$(get "$d/q.count" insns) li=$(get "$d/l.count" insns)
    qb=$(get "$d/q.count" blocks) lb=$(get "$d/l.count" blocks)
    ql=$(get "$d/q.count" loads) ll=$(get "$d/l.count" loads)
    qs=$(get "$d/q.count" stores) ls=$(get "$d/l.count" stores)
    if [ ${#why[@]} -eq 0 ]; then
        [ "$qi" = "$li" ] || why+=("instructions: qemu $qi, loupe $li ($((li - qi)))")
        for s in q l; do
            who=qemu
            [ $s = l ] && who=loupe
            f=$d/$s.count
            [ "$(get "$f" insns_inline)" = "$(get "$f" insns)" ] ||
                why+=("$who: inline instruction count $(get "$f" insns_inline) != callback count $(get "$f" insns)")
            [ "$(get "$f" blocks_inline)" = "$(get "$f" blocks)" ] ||
                why+=("$who: inline block count $(get "$f" blocks_inline) != callback count $(get "$f" blocks)")
        done
        if [ -f "$OUT/use-libinsn" ]; then
            n=$(sed -n 's/^insns: \([0-9]*\)$/\1/p' "$d/l.log" | tail -n 1)
            [ "$n" = "$li" ] || why+=("libinsn (inline=$mode) counted ${n:-nothing}, count.c $li")
        fi
        if [ -f "$OUT/use-libbb" ]; then
            lbb=$(get "$d/l.count" insns_by_block)
            t=$(sed -n "s/^total: bb's: \([0-9]*\), insns: \([0-9]*\)$/\1 \2/p" "$d/l.log" | tail -n 1)
            [ "$t" = "$lb $lbb" ] || why+=("libbb (inline=$mode) counted '${t:-nothing}', count.c blocks $lb, per-block instructions $lbb")
        fi
    fi
    if [ "${QEMU_AGREE_PROFILE:-0}" = 1 ] && [ -s "$d/q.prof" ] && [ -s "$d/l.prof" ]; then
        mkdir -p "$OUT/blocks"
        python3 "$HERE/blocks.py" "$d/q.prof" "$d/l.prof" "$bin" >"$OUT/blocks/${name//\//_}.txt" 2>&1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$qi" "$li" "$qb" "$lb" \
        "$ql/$qs" "$ll/$ls" "$(get "$d/q.count" tb_max)" "$(get "$d/l.count" tb_max)" >"$d/numbers"
    if [ ${#why[@]} -eq 0 ]; then
        echo "PASS qemu-agree/$name (instructions $qi; blocks qemu $qb, loupe $lb)" >"$d/result"
        rm -rf "${OUT:?}/failed/${name//\//_}"
    else
        reason=$(printf '%s; ' "${why[@]}")
        echo "FAIL qemu-agree/$name: ${reason%; } (see ${d#"$ROOT"/})" >"$d/result"
        mkdir -p "$OUT/failed"
        rm -rf "${OUT:?}/failed/${name//\//_}"
        cp -r "$d" "$OUT/failed/"
    fi
    exit 0
fi

# ---- main -------------------------------------------------------------------------
if ! command -v "${QEMU%% *}" >/dev/null 2>&1; then
    echo "SKIP qemu-agree: ${QEMU%% *} not found (Debian package qemu-user); nothing compared"
    exit 0
fi
if [ ! -x "$LOUPE" ]; then
    echo "FAIL qemu-agree: no emulator at $LOUPE"
    exit 1
fi
mkdir -p "$OUT/guests"
rm -f "$OUT/use-libinsn" "$OUT/use-libbb"

# the counting plugin, twice
GLIB=$(pkg-config --cflags glib-2.0 2>/dev/null)
src=$HERE/count.c
build_plugin() { # OUTPUT FLAGS...
    local o=$1
    shift
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ "$0" -nt "$o" ] || [ "$ROOT/include/qemu-plugin.h" -nt "$o" ]; then
        # shellcheck disable=SC2086
        gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -shared -fPIC $GLIB "$@" -o "$o.tmp$$" "$src" \
            >"$o.buildlog" 2>&1 && mv -f "$o.tmp$$" "$o" || { rm -f "$o.tmp$$" "$o"; return 1; }
    fi
}
if ! build_plugin "$OUT/libcount-v1.so" -DQEMU_V1; then
    echo "FAIL qemu-agree/build: QEMU v1 plugin: $(grep -m1 error "$OUT/libcount-v1.so.buildlog" | cut -c1-160)"
    exit 1
fi
if ! build_plugin "$OUT/libcount.so" -I"$ROOT/include"; then
    echo "FAIL qemu-agree/build: loupe plugin: $(grep -m1 error "$OUT/libcount.so.buildlog" | cut -c1-160)"
    exit 1
fi

# the guests: NAME BINARY ARGS... lines
list=$(mktemp)
run=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$run" "$list"' EXIT
want() { # NAME: chosen by the command line, or by default
    local n
    if [ ${#sel[@]} -gt 0 ]; then
        for n in "${sel[@]}"; do [ "$n" = "$1" ] || [ "$n" = "$(basename "$1")" ] && return 0; done
        return 1
    fi
    for n in "${EXCLUDE[@]}"; do
        # shellcheck disable=SC2053  # patterns on purpose
        [[ $1 == $n ]] && return 1
    done
    if [ -f "$ROOT/tests/guest/$1.status" ] && [ "$(tr -d ' \n' <"$ROOT/tests/guest/$1.status")" -ge 128 ]; then
        return 1
    fi
    if [ "${QEMU_AGREE_ALL:-0}" != 1 ]; then
        for n in "${LONG[@]}"; do [ "$1" = "$n" ] && return 1; done
    fi
    return 0
}
sel=("$@")
gsrcs=()
for f in "$ROOT"/tests/guest/*.c "$ROOT"/tests/guest/*.S; do
    [ -e "$f" ] || continue
    n=$(basename "$f")
    n=${n%.*}
    want "$n" || continue
    gsrcs+=("$f")
    args=()
    [ -f "$ROOT/tests/guest/$n.args" ] && mapfile -t args <"$ROOT/tests/guest/$n.args"
    # one line per guest, fields separated by \x1f
    line=$n$'\x1f'$BUILD/tests/guest/$n
    for x in "${args[@]}"; do line+=$'\x1f'$x; done
    printf '%s\n' "$line" >>"$list"
done
# (misc_hello also for trying the example plugins)
JOBS=$JOBS bash "$ROOT/tests/guest/build.sh" "$BUILD/tests/guest" "${gsrcs[@]}" \
    "$ROOT/tests/guest/misc_hello.c" >/dev/null 2>&1
extra_list="$EXTRA
$EXTRA_LONG"
while read -r n s a; do
    [ -n "$n" ] || continue
    want "$n" || continue
    o=$OUT/guests/$(basename "$n")
    if [ ! -x "$o" ] || [ "$ROOT/$s" -nt "$o" ]; then
        riscv64-linux-gnu-gcc -O2 -ffp-contract=off -static -o "$o" "$ROOT/$s" -lm >"$o.buildlog" 2>&1 || rm -f "$o"
    fi
    read -r -a xa <<<"$a"
    line=$n$'\x1f'$o
    for x in "${xa[@]}"; do line+=$'\x1f'$x; done
    printf '%s\n' "$line" >>"$list"
done <<<"$extra_list"

# the example plugins, if they exist and load (tried on misc_hello)
probe=$BUILD/tests/guest/misc_hello
for p in insn bb; do
    so=$PLUGINS/lib$p.so
    if [ ! -f "$so" ]; then
        echo "SKIP qemu-agree/lib$p: $so not built; only count.c compared"
    elif ! msg=$(cd "$run" && timeout 60 "$LOUPE" -plugin "$so" "$probe" </dev/null 2>&1 >/dev/null); then
        echo "SKIP qemu-agree/lib$p: does not run: $(printf '%s' "$msg" | head -n 1 | cut -c1-120)"
    else
        : >"$OUT/use-lib$p"
    fi
done

# one job file per guest: the worker's arguments, NUL-separated
mkdir -p "$run/jobs"
i=0
while IFS= read -r line; do
    IFS=$'\x1f' read -r -a argv <<<"$line"
    n=${argv[0]}
    if [ ! -x "${argv[1]}" ]; then
        mkdir -p "$run/${n//\//_}"
        echo "FAIL qemu-agree/$n: guest not built (${argv[1]})" >"$run/${n//\//_}/result"
        continue
    fi
    printf '%s\0' "$i" "${argv[@]}" >"$run/jobs/$(printf '%03d' $i)"
    i=$((i + 1))
done <"$list"
fail=0
find "$run/jobs" -type f | sort | xargs -P "$JOBS" -n 1 bash "$0" --job "$run"

: >"$OUT/results.txt"
printf 'guest\tinsns qemu\tinsns loupe\tblocks qemu\tblocks loupe\tloads/stores qemu\tloads/stores loupe\tlongest block qemu\tlongest block loupe\n' >"$OUT/results.txt"
while IFS= read -r line; do
    n=${line%%$'\x1f'*}
    r=$run/${n//\//_}
    if [ -f "$r/result" ]; then
        cat "$r/result"
        grep -q '^FAIL' "$r/result" && fail=1
        [ -f "$r/numbers" ] && cat "$r/numbers" >>"$OUT/results.txt"
    else
        echo "FAIL qemu-agree/$n: no result"
        fail=1
    fi
done <"$list"
exit $fail
