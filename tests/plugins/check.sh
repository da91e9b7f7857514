#!/bin/bash
# Plugin API tests: test plugins (tests/plugins/*.c, built by the Makefile
# into $LOUPE_BUILD/tests/plugins/libNAME.so) run on hand-written guests
# (tests/plugins/guests/, built here into $LOUPE_BUILD/tests/plugins/guests/)
# and their output is compared with tests/plugins/expected/*.txt, or with
# what riscv64-linux-gnu-objdump / -readelf / -nm say about the guest.
# docs/testing-plugins.md lists what each test checks.
#
#   tests/plugins/check.sh
#
# Output: "PASS plugins/NAME" or "FAIL plugins/NAME: reason" lines.
#
# Expected files are split in sections: a line "## NAME" starts the
# expected plugin output of test NAME (up to the next "## " line); lines
# before the first section are comments.  In a section, @{sym} and
# @{sym+N} stand for the guest symbol's address (+N bytes) in the form the
# plugins print it (0x%x).
#
# Environment: LOUPE_BUILD (default build), LOUPE (emulator to test,
# default $LOUPE_BUILD/loupe), KEEP=1 keeps the work directory, MT_RUNS
# (default 5) how many times each mt/* test runs its threaded guest.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOUPE=${LOUPE:-$BUILD/loupe}
P=$BUILD/tests/plugins
G=$P/guests
EXP=$HERE/expected
NM=${NM:-riscv64-linux-gnu-nm}
OBJDUMP=${OBJDUMP:-riscv64-linux-gnu-objdump}
READELF=${READELF:-riscv64-linux-gnu-readelf}

if [ ! -x "$LOUPE" ]; then
    echo "FAIL plugins/all: no emulator at $LOUPE"
    exit 1
fi
for tool in "$NM" "$OBJDUMP" "$READELF"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "FAIL plugins/all: $tool not found (run make deps)"
        exit 1
    fi
done
mkdir -p "$G"
if ! bash "$ROOT/tests/guest/build.sh" "$G" "$HERE"/guests/*.S "$HERE"/guests/*.c >/dev/null 2>&1; then
    for src in "$HERE"/guests/*.S "$HERE"/guests/*.c; do
        n=$(basename "$src")
        n=${n%.*}
        [ -x "$G/$n" ] ||
            echo "FAIL plugins/build-$n: $(head -n 2 "$G/$n.buildlog" 2>/dev/null | tr '\n' ' ' | cut -c1-160)"
    done
    exit 1
fi
missing=
for src in "$HERE"/*.c; do
    n=$(basename "$src" .c)
    [ -f "$P/lib$n.so" ] || missing="$missing lib$n.so"
done
if [ -n "$missing" ]; then
    echo "FAIL plugins/all: test plugins not built in $P:$missing (run make)"
    exit 1
fi

work=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
    echo "work directory: $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/cwd"

# ---- running loupe

# run ARGS...: loupe ARGS in $work/cwd (stdin /dev/null); leaves $work/out,
# $work/err and the status in $st (124 or 137: killed after $run_timeout s).
run_timeout=60
run() {
    rm -f "$work/log"
    bash -c 'cd "$1" || exit 99; t=$2; shift 2; ulimit -c 0
        timeout -k 2 "$t" "$@" </dev/null >../out 2>../err
        echo $? >../st' run "$work/cwd" "$run_timeout" "$LOUPE" "$@" 2>/dev/null
    st=$(cat "$work/st")
}
# runp ARGS...: run with the plugin log (-d plugin) going to $work/log
runp() {
    run -d plugin -D "$work/log" "$@"
    [ -f "$work/log" ] || : >"$work/log"
}

# ---- expected text

# section FILE NAME: print section NAME of an expected file
section() {
    awk -v want="## $2" '
        /^## / { on = ($0 == want); next }
        on { print }' "$1"
}
# subst BINARY: copy stdin to stdout with @{sym[+N]} replaced by addresses
subst() {
    local -A sym
    local addr type name line m n off
    while read -r addr type name; do
        [ -n "${name:-}" ] && sym[$name]=$addr
    done < <("$NM" "$1")
    while IFS= read -r line; do
        while [[ $line =~ @\{([A-Za-z_][A-Za-z_0-9]*)(\+([0-9]+))?\} ]]; do
            m=${BASH_REMATCH[0]}
            n=${BASH_REMATCH[1]}
            off=${BASH_REMATCH[3]:-0}
            line=${line/"$m"/$(printf '0x%x' $((16#${sym[$n]:-0} + off)))}
        done
        printf '%s\n' "$line"
    done
}
# expect GROUP NAME GUEST: write the expected log of test NAME to $work/exp
expect() {
    section "$EXP/$1.txt" "$2" | subst "$3" >"$work/exp"
    if [ ! -s "$work/exp" ]; then
        echo "(no section $2 in $1.txt)" >"$work/exp"
    fi
}
# sym GUEST NAME: the address of a symbol, 0x...
sym() {
    "$NM" "$1" | awk -v n="$2" '$3 == n { print "0x" $1; exit }'
}

# ---- assertions (as tests/cli/check.sh)

cur=
why=
begin() {
    cur=$1
    why=
}
want() { # want DESCRIPTION COMMAND...
    local d=$1
    shift
    "$@" || why="${why:+$why; }$d"
}
end() {
    if [ -z "$why" ]; then
        echo "PASS plugins/$cur"
    else
        echo "FAIL plugins/$cur: $why (status $st, stderr: $(head -n 1 "$work/err" | cut -c1-100))"
    fi
}
is() { [ "$1" = "$2" ]; }
empty() { [ ! -s "$1" ]; }
lines() { [ "$(grep -c '' "$1")" = "$2" ]; }
has() { grep -Eq -- "$2" "$1"; }
hasnt() { ! grep -Eq -- "$2" "$1"; }
stdout_is() { [ "$(cat "$work/out")" = "$(printf "$1")" ]; }
# log_is FILE: the plugin log equals $work/exp; otherwise say where
log_is() {
    local f=${1:-$work/log} d
    cmp -s "$f" "$work/exp" && return 0
    d=$(diff "$work/exp" "$f" | grep -E '^[<>]' | head -n 2 | tr '\n' ' ' | cut -c1-200)
    why="${why:+$why; }log differs from expected: $d"
    return 0
}
# ok_run: the usual: status 0, nothing unexpected on stderr
clean() {
    want "exit status 0" is "$st" 0
    want "empty stderr" empty "$work/err"
}

# ================= 1. counting (guests/count.S: 5109 insns, 1004 blocks)
C=$G/count
for mode in tb_inline insn_inline tb_cb insn_cb store cond instruct trans; do
    begin "count/$mode"
    runp -plugin "$P/libcount.so,mode=$mode" "$C"
    expect count "$mode" "$C"
    clean
    want "no guest output" empty "$work/out"
    log_is
    end
done
for mode in trans tb_inline; do
    begin "count/life_$mode"
    runp -plugin "$P/libcount.so,mode=$mode" "$G/life"
    expect count "life_$mode" "$G/life"
    want "exit status 0" is "$st" 0
    want "empty stderr" empty "$work/err"
    log_is
    end
done
begin count/one_insn_per_tb
runp -one-insn-per-tb -plugin "$P/libcount.so,mode=tb_inline" "$C"
expect count one_insn_per_tb "$C"
clean
log_is
end

# ================= 2. ordering
M=$G/mem
begin order/slot_count
runp -plugin "$P/liborder.so,mode=slot" "$C"
expect order slot_count "$C"
clean
log_is
end
begin order/slot_mem
runp -plugin "$P/liborder.so,mode=slot" "$M"
expect order slot_mem "$M"
clean
log_is
end
for g in count mem; do
    begin "order/mix_$g"
    runp -plugin "$P/liborder.so,mode=mix" "$G/$g"
    expect order "mix_$g" "$G/$g"
    clean
    log_is
    end
done
begin order/trace
runp -plugin "$P/liborder.so,mode=trace" "$M"
expect order trace "$M"
clean
log_is
end
# two instances: a copy, so the second has its own globals
cp "$P/liborder.so" "$work/liborder_b.so"
begin order/two_plugins
runp -plugin "$P/liborder.so,mode=two,name=A" -plugin "$work/liborder_b.so,mode=two,name=B" "$C"
expect order two_plugins "$C"
clean
log_is
end

# ================= 3. memory callbacks (guests/mem.S)
for mode in all filter; do
    begin "mem/$mode"
    runp -plugin "$P/libmem.so,mode=$mode,base=$(sym "$M" buf)" "$M"
    expect mem "$mode" "$M"
    clean
    want "no guest output" empty "$work/out"
    log_is
    end
done

# ================= 4. registers (guests/regs.S)
R=$G/regs
RA="mark_w=$(sym "$R" mark_w),skip_from=$(sym "$R" skip_from),skip_to=$(sym "$R" skip_to),fp_read=$(sym "$R" fp_read)"
for t in list:0:'5\nA\nB' read:0:'5\nA\nB' write:63:'7\nA\nB' noregs:0:'5\nA\nB' \
    setpc:0:'5\nB' setpc_rw:0:'5\nB' setpc_sys:0:'5\nB'; do
    mode=${t%%:*}
    rest=${t#*:}
    status=${rest%%:*}
    out=${rest#*:}
    begin "regs/$mode"
    runp -plugin "$P/libregs.so,mode=$mode,$RA" "$R"
    expect regs "$mode" "$R"
    want "exit status $status" is "$st" "$status"
    want "empty stderr" empty "$work/err"
    want "guest prints $out" stdout_is "$out\n"
    log_is
    end
done

# ================= 5. system calls (guests/sys.c)
S=$G/sys
begin sys/callbacks
runp -plugin "$P/libsys.so,name=A" "$S"
expect sys callbacks "$S"
want "exit status 3" is "$st" 3
want "empty stderr" empty "$work/err"
want "guest output unchanged" stdout_is 'hello\npid=real\nsecret\nwrite=7\nnosys=-38\n'
log_is
end
begin sys/filter
runp -plugin "$P/libsys.so,name=A,getpid=4242,swallow=on" "$S"
expect sys filter "$S"
want "exit status 3" is "$st" 3
want "empty stderr" empty "$work/err"
want "getpid answered, secret swallowed" stdout_is 'hello\npid=4242\nwrite=7\nnosys=-38\n'
log_is
end
cp "$P/libsys.so" "$work/libsys_b.so"
begin sys/first_filter_wins
runp -plugin "$P/libsys.so,name=A,getpid=4242" -plugin "$work/libsys_b.so,name=B,getpid=4343,swallow=yes" "$S"
expect sys first_filter_wins "$S"
want "exit status 3" is "$st" 3
want "empty stderr" empty "$work/err"
want "B's answer (newest plugin first)" stdout_is 'hello\npid=4343\nwrite=7\nnosys=-38\n'
log_is
end

# ================= 6. life cycle (guests/life.S)
L=$G/life
LARGS="mode=basic,flag=on,b2=no,bad=maybe,yes=y,arg=legacy,bare"
begin life/basic
runp -plugin "$P/liblife.so,$LARGS" "$L"
expect life basic "$L"
clean
want "guest output" stdout_is 'one\ntwo\nthree\nfour\n'
log_is
end
for mode in uninstall reset; do
    begin "life/$mode"
    runp -plugin "$P/liblife.so,mode=$mode" "$L"
    expect life "$mode" "$L"
    clean
    want "guest output" stdout_is 'one\ntwo\nthree\nfour\n'
    log_is
    end
done
# where qemu_plugin_outs goes
begin life/outs_off
run -plugin "$P/liblife.so,$LARGS" "$L"
clean
want "guest output" stdout_is 'one\ntwo\nthree\nfour\n'
end
begin life/outs_D_without_d_plugin
rm -f "$work/log"
run -D "$work/log" -plugin "$P/liblife.so,$LARGS" "$L"
clean
want "guest output" stdout_is 'one\ntwo\nthree\nfour\n'
want "nothing in the -D file" empty "$work/log"
end
begin life/outs_stderr
run -d plugin -plugin "$P/liblife.so,$LARGS" "$L"
expect life basic "$L"
want "exit status 0" is "$st" 0
want "guest output" stdout_is 'one\ntwo\nthree\nfour\n'
log_is "$work/err"
end
begin life/outs_file
runp -plugin "$P/liblife.so,$LARGS" "$L"
clean
want "log file written" has "$work/log" '^atexit ud=second'
end

# ================= 7. guest memory from plugins, the program (guests/memrw.S)
W=$G/memrw
begin memrw
runp -plugin "$P/libmemrw.so,patch=$(sym "$W" patch_site)" "$W"
# start/end_code: the executable PT_LOADs (lowest vaddr, highest
# vaddr + filesz), entry_code: e_entry
start= end= entry=
while read -r f1 f2 f3 f4 f5 f6 rest; do
    if [ "$f1 $f2 $f3" = "Entry point address:" ]; then
        entry=$f4
    elif [ "$f1" = LOAD ] && [[ " $rest " == *E\ * ]]; then
        v=$((f3))
        e=$((f3 + f5))
        if [ -z "$start" ] || [ "$v" -lt "$start" ]; then start=$v; fi
        if [ -z "$end" ] || [ "$e" -gt "$end" ]; then end=$e; fi
    fi
done < <("$READELF" -lhW "$W")
{
    echo "path=$W"
    printf 'start_code=0x%x end_code=0x%x entry_code=%s\n' "${start:-0}" "${end:-0}" "$entry"
    section "$EXP/memrw.txt" memrw | subst "$W"
} >"$work/exp"
clean
want "patched code and data" stdout_is '1\n2\nORIGINAL\n'
log_is
end

# ================= 8. translation inspection vs objdump (guests/insp.S)
I=$G/insp
begin insp
runp -plugin "$P/libinsp.so" "$I"
clean
# objdump: "ADDR HEX SYMBOL TEXT" per instruction, as the plugin prints it
"$OBJDUMP" -d "$I" | awk -F'\t' '
    /^[0-9a-f]+ <.*>:$/ { s = $0; sub(/^[0-9a-f]+ </, "", s); sub(/>:$/, "", s); next }
    /^ +[0-9a-f]+:\t/ {
        addr = $1; gsub(/[ :]/, "", addr)
        hex = $2; gsub(/ /, "", hex)
        text = $3; for (i = 4; i <= NF; i++) text = text " " $i
        sub(/ #.*/, "", text); sub(/ <[^>]*>$/, "", text)
        print addr " " hex " " s " " text
    }' >"$work/objdump.txt"
grep '^insn ' "$work/log" | cut -c6- | sort >"$work/plugin.txt"
# the instructions the plugin saw, as objdump prints them
awk 'NR == FNR { seen[$1] = 1; next } $1 in seen' "$work/plugin.txt" "$work/objdump.txt" |
    sort >"$work/exp"
want "no ERROR lines" hasnt "$work/log" '^ERROR'
want "every block's checks ok" hasnt "$work/log" '^tb .*checks=(FAILED)'
# 7 blocks: _start (2 insns), func_a (9), func_a after beqz (5), _start
# after the first call (2), func_b (13), func_b's ret (1), _start's exit
# (3); 35 instructions: all but the nop the bltu jumps over
want "7 blocks" is "$(grep -c '^tb ' "$work/log")" 7
want "35 instructions" is "$(grep -c '' "$work/plugin.txt")" 35
want "2-byte instructions seen" has "$work/plugin.txt" '^[0-9a-f]+ [0-9a-f]{4} '
want "4-byte instructions seen" has "$work/plugin.txt" '^[0-9a-f]+ [0-9a-f]{8} '
log_is "$work/plugin.txt"
end

# ================= 9. discontinuities (guests/discon.c)
D=$G/discon
DA="usr1=$(sym "$D" usr1_handler),segv=$(sym "$D" segv_handler),fault=$(sym "$D" fault_here)"
for mode in all exception; do
    begin "discon/$mode"
    runp -plugin "$P/libdiscon.so,$DA,type=$mode" "$D"
    expect discon "$mode" "$D"
    clean
    want "guest output" stdout_is 'start\nusr1\nafter kill\nsegv\n'
    log_is
    end
done

# ================= 10. bad plugins and arguments, API misuse
echo "this is not a shared object" >"$work/text.so"
for t in "missing:$work/nonexistent.so:nonexistent\.so" \
    "not_elf:$work/text.so:text\.so" \
    "no_install:$P/libbad_noinstall.so:libbad_noinstall\.so.*qemu_plugin_install" \
    "no_version:$P/libbad_noversion.so:libbad_noversion\.so.*API version" \
    "version_1:$P/libbad_v1.so:libbad_v1\.so.*version 1\b" \
    "version_99:$P/libbad_v99.so:libbad_v99\.so.*version 99\b" \
    "install_fails:$P/libbad_fail.so:libbad_fail\.so.*error code 3" \
    "empty_path::." \
    "no_file:,a=b:."; do
    name=${t%%:*}
    rest=${t#*:}
    spec=${rest%%:*}
    pattern=${rest#*:}
    begin "bad/$name"
    run -d plugin -plugin "$spec" "$S"
    want "exit status 1" is "$st" 1
    want "one line on stderr" lines "$work/err" 1
    want "the line names the problem ($pattern)" has "$work/err" "^loupe: .*$pattern"
    want "the guest did not run" empty "$work/out"
    want "the plugin was not installed" hasnt "$work/err" ERROR
    end
done
begin bad/second_of_two
run -plugin "$P/libsys.so" -plugin "$work/nonexistent.so" "$S"
want "exit status 1" is "$st" 1
want "one line on stderr" lines "$work/err" 1
want "the guest did not run" empty "$work/out"
end
for mode in sbfind u64offset stale_tb stale_insn badflags badcond setpc_rregs \
    reg_atexit badreg memval badid; do
    begin "misuse/$mode"
    runp -plugin "$P/libmisuse.so,mode=$mode" "$C"
    want "exit status 1" is "$st" 1
    want "one line on stderr" lines "$work/err" 1
    want "loupe: plugin API misuse: ..." has "$work/err" '^loupe: plugin API misuse: '
    end
done

# ================= 11. several vCPUs at once (guests/mt.c; mt.c with bb)
# Each test runs the threaded guest MT_RUNS times (default 5) to catch
# races; its line reports the first few failures with their run number.
T=$G/mt
BB=$BUILD/plugins/libbb.so
run_timeout=30 # a run takes well under a second
MT_RUNS=${MT_RUNS:-5}
MT_EVERY=997 # conditional callback period (mt.c every=)
MT_K=3000    # mt_loop instructions after syscall 500 before a request
mt_fails=0
mt_r=0
mt_fail() {
    mt_fails=$((mt_fails + 1))
    [ $mt_fails -le 3 ] && why="${why:+$why; }run $mt_r: $1"
    return 0
}
# mt_is DESCRIPTION GOT WANTED
mt_is() { [ "$2" = "$3" ] || mt_fail "$1: $2, expected $3"; }
# mt_ok DESCRIPTION TEST...: the test command succeeds
mt_ok() {
    local d=$1
    shift
    "$@" || mt_fail "$d"
}
mt_between() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
# mt_stdout W BASE STEP NMAIN: what the guest prints (see guests/mt.c)
mt_stdout() {
    local k n
    echo "main: n=$4 sum=$(($4 * ($4 + 1) / 2))"
    for ((k = 0; k < $1; k++)); do
        n=$(($2 + $3 * k))
        echo "worker $k: n=$n sums=$((n * (n + 1) / 2)),$((n * (n + 1) / 2))"
    done
}
# mt_parse: the plugin log into f[V.KEY] (mt.c's "mt vcpu V KEY=VALUE..."
# lines; V.bb is bb's "vcpu V: ..., insns: N") and g[KEY] (the fields of
# mt.c's atexit / done lines; g[bbtotal] is bb's total)
declare -A f g
mt_parse() {
    f=()
    g=()
    local line v kv words
    while IFS= read -r line; do
        case $line in
        "mt vcpu "*)
            read -ra words <<<"$line"
            v=${words[2]}
            for kv in "${words[@]:3}"; do f[$v.${kv%%=*}]=${kv#*=}; done
            ;;
        "mt atexit "* | "mt reset done "* | "mt uninstall done "*)
            read -ra words <<<"$line"
            for kv in "${words[@]:2}"; do
                [[ $kv == *=* ]] && g[${kv%%=*}]=${kv#*=}
            done
            ;;
        "vcpu "*": bb's: "*)
            v=${line#vcpu }
            f[${v%%:*}.bb]=${line##*insns: }
            ;;
        "total: bb's: "*) g[bbtotal]=${line##*insns: } ;;
        esac
    done <"$work/log"
}
# mt_loop_insns V: instructions vCPU V runs in mt_loop (3n + 3 per call:
# main once with NMAIN, worker V-1 twice with BASE + STEP * (V-1))
mt_loop_insns() {
    if [ "$1" = 0 ]; then
        echo $((3 * mt_nmain + 3))
    else
        echo $((2 * (3 * (mt_base + mt_step * ($1 - 1)) + 3)))
    fi
}
# mt_run MODE PLUGIN-ARGS W BASE STEP NMAIN: one run; status, stderr and
# stdout checked, the log parsed.  False if loupe hung (the test's other
# runs are skipped then).
mt_run() {
    mt_w=$3 mt_base=$4 mt_step=$5 mt_nmain=$6
    runp -plugin "$P/libmt.so,mode=$1,every=$MT_EVERY,k=$MT_K$2" \
        -plugin "$BB,inline=on" "$T" "$3" "$4" "$5" "$6"
    if [ "$st" = 124 ] || [ "$st" = 137 ]; then
        mt_fail "loupe hung (killed after $run_timeout s)"
        return 1
    fi
    mt_is "exit status" "$st" 3
    mt_ok "empty stderr (got: $(head -c 100 "$work/err"))" empty "$work/err"
    mt_ok "guest output" [ "$(cat "$work/out")" = "$(mt_stdout "$3" "$4" "$5" "$6")" ]
    mt_parse
    return 0
}
# mt_vcpus_ok: a line of mt.c and of bb for vCPUs 0..W, none beyond
mt_vcpus_ok() {
    local v
    for ((v = 0; v <= mt_w; v++)); do
        if [ -z "${f[$v.init]:-}" ] || [ -z "${f[$v.bb]:-}" ]; then
            mt_fail "no counts for vCPU $v"
            return 1
        fi
    done
    v=$((mt_w + 1))
    if [ -n "${f[$v.init]:-}${f[$v.bb]:-}" ]; then
        mt_fail "counts for a vCPU $v"
        return 1
    fi
}

# Counting with W workers alive at once (W = 20: the scoreboards, 16
# entries at first, grow while other vCPUs run).
for t in count:4:20000:10000:5000 count_grow:20:2000:1000:500; do
    IFS=: read -r name w base step nmain <<<"$t"
    begin "mt/$name"
    mt_fails=0
    for ((mt_r = 1; mt_r <= MT_RUNS; mt_r++)); do
        mt_run count "" "$w" "$base" "$step" "$nmain" || break
        mt_is "num_vcpus at exit" "${g[num_vcpus]:-}" $((w + 1))
        mt_is "vcpu_for_each at exit (main only)" "${g[foreach]:-}" 0x1
        mt_is "callbacks after completion, old atexit" "${g[errors]:-}" 0
        mt_is "atexit (re-registered in vCPU 2's instruction callback)" "${g[ud]:-}" insn_vcpu2
        mt_vcpus_ok || continue
        mt_is "vCPU 0's vcpu_init on the install thread" "${f[0.init_tid]}" "${g[install_tid]:-}"
        mt_is "distinct vcpu_init threads" \
            "$(for ((v = 0; v <= w; v++)); do echo "${f[$v.init_tid]}"; done | sort -u | grep -c '')" $((w + 1))
        sum=0
        for ((v = 0; v <= w; v++)); do
            inl=${f[$v.inl1]}
            sum=$((sum + inl))
            mt_is "vCPU $v: vcpu_init calls" "${f[$v.init]}" 1
            mt_is "vCPU $v: callbacks on another vCPU's thread" "${f[$v.mismatch]}" 0
            mt_is "vCPU $v: thread-local count = its callbacks" "${f[$v.tlmatch]}" 1
            mt_is "vCPU $v: exec callbacks = inline count" "${f[$v.cb1]}" "$inl"
            mt_is "vCPU $v: inline count = bb's" "$inl" "${f[$v.bb]}"
            mt_is "vCPU $v: conditional fires = floor(count / $MT_EVERY)" "${f[$v.fires1]}" $((inl / MT_EVERY))
            mt_is "vCPU $v: mt_loop instructions" "${f[$v.loop1]}" "$(mt_loop_insns $v)"
            mt_is "vCPU $v: u64_add count in the scoreboard made in vCPU 0's vcpu_init" "${f[$v.sb_init]}" "$inl"
            if [ $v = 0 ]; then n=$mt_nmain; else n=$((base + step * (v - 1))); fi
            mt_is "vCPU $v: mt_loop count in the scoreboard made at vCPU 1's syscall 500" "${f[$v.sb_500]}" $((3 * n + 3))
            if [ $v = 0 ]; then
                mt_is "vCPU 0: vcpu_exit calls (none at process exit)" "${f[0.exit1]}" 0
                mt_is "vCPU 0: syscall 500 seen" "${f[0.sys500]}" 0
                mt_is "vCPU 0: exits seen by the filter" "${f[0.filt93]}" 0
                continue
            fi
            mt_ok "vCPU $v: vcpu_init not on the main thread" [ "${f[$v.init_tid]}" != "${g[pid]:-}" ]
            mt_is "vCPU $v: vcpu_exit calls" "${f[$v.exit1]}" 1
            mt_is "vCPU $v: vcpu_exit on its vcpu_init thread" "${f[$v.exit_thread_ok]}" 1
            mt_is "vCPU $v: count at vcpu_exit = final count" "${f[$v.exit_inl]}" "$inl"
            mt_is "vCPU $v: syscall 500 seen" "${f[$v.sys500]}" 1
            mt_is "vCPU $v: syscall 500 from worker" "${f[$v.who500]}" "$v"
            mt_is "vCPU $v: num_vcpus at syscall 500" "${f[$v.nv500]}" $((w + 1))
            mt_is "vCPU $v: vcpu_for_each at syscall 500" "$((f[$v.fe500]))" $(((1 << (w + 1)) - 1))
            mt_is "vCPU $v: syscall_ret of 500 (count/result/registered by)" \
                "${f[$v.ret500]}/${f[$v.ret500v]}/${f[$v.ret500ud]}" "1/-38/$v"
            mt_is "vCPU $v: HOSTCALL after 500 (registered in vCPU 3's vcpu_init)" "${f[$v.disc500]}" 1
            mt_is "vCPU $v: its exit seen by the filter (registered in an instruction callback)" "${f[$v.filt93]}" 1
        done
        mt_is "total: sum of the vCPUs' counts = bb's total" "$sum" "${g[bbtotal]:-}"
    done
    end
done

# Reset while the vCPUs run: every worker asks for it (from an instruction
# callback, MT_K mt_loop instructions after its syscall 500); the first
# request wins, the completion callback runs once, the counts before it
# stay frozen, and before + after add up exactly.
begin mt/reset
mt_fails=0
for ((mt_r = 1; mt_r <= MT_RUNS; mt_r++)); do
    mt_run reset "" 4 20000 10000 5000 || break
    mt_is "reset completion callbacks" "$(grep -c '^mt reset done ' "$work/log")" 1
    mt_is "atexit registered by the completion callback" "${g[ud]:-}" reset
    mt_is "callbacks of before the reset after it (or its atexit)" "${g[errors]:-}" 0
    mt_ok "requests between 1 and 4 (got ${g[requests]:-})" mt_between "${g[requests]:-0}" 1 4
    mt_is "num_vcpus at exit" "${g[num_vcpus]:-}" 5
    mt_vcpus_ok || continue
    requester=0
    for ((v = 0; v <= mt_w; v++)); do
        inl1=${f[$v.inl1]} inl2=${f[$v.inl2]}
        for k in inl cb fires loop; do
            mt_is "vCPU $v: $k before the reset frozen at completion" "${f[$v.${k}1]}" "${f[$v.snap_$k]}"
        done
        mt_is "vCPU $v: vcpu_init calls" "${f[$v.init]}" 1
        mt_is "vCPU $v: callbacks on another vCPU's thread" "${f[$v.mismatch]}" 0
        mt_is "vCPU $v: callbacks = inline count before" "${f[$v.cb1]}" "$inl1"
        mt_is "vCPU $v: callbacks = inline count after" "${f[$v.cb2]}" "$inl2"
        mt_is "vCPU $v: before + after = bb's count" $((inl1 + inl2)) "${f[$v.bb]}"
        mt_is "vCPU $v: fires before" "${f[$v.fires1]}" $((inl1 / MT_EVERY))
        mt_is "vCPU $v: fires after" "${f[$v.fires2]}" $((inl2 / MT_EVERY))
        mt_is "vCPU $v: mt_loop before + after" $((f[$v.loop1] + f[$v.loop2])) "$(mt_loop_insns $v)"
        mt_is "vCPU $v: old vcpu_exit calls" "${f[$v.exit1]}" 0
        if [ $v = 0 ]; then
            mt_is "vCPU 0: new vcpu_exit calls" "${f[0.exit2]}" 0
            continue
        fi
        mt_is "vCPU $v: new vcpu_exit calls" "${f[$v.exit2]}" 1
        mt_is "vCPU $v: vcpu_exit on its vcpu_init thread" "${f[$v.exit_thread_ok]}" 1
        mt_is "vCPU $v: thread-local count = its callbacks" "${f[$v.tlmatch]}" 1
        n=$((mt_base + mt_step * (v - 1)))
        [ "${f[$v.loop1]}" -ge $((3 * n + 3 + MT_K)) ] && requester=1
    done
    mt_ok "a worker ran $MT_K mt_loop instructions before the reset" [ $requester = 1 ]
    mt_ok "worker 0 still in its loop at the reset" [ "${f[1.loop1]}" -lt "$(mt_loop_insns 1)" ]
done
end

# Uninstall while the vCPUs run (requested as for reset).  pin=on keeps the
# .so mapped, so a callback after the uninstall would be counted (in the
# report file) rather than crash.
for name in uninstall uninstall_pinned; do
    begin "mt/$name"
    mt_fails=0
    extra=
    [ $name = uninstall_pinned ] && extra=",pin=on,report=$work/mt_report"
    for ((mt_r = 1; mt_r <= MT_RUNS; mt_r++)); do
        rm -f "$work/mt_report"
        mt_run uninstall "$extra" 4 20000 10000 5000 || break
        mt_is "uninstall completion callbacks" "$(grep -c '^mt uninstall done ' "$work/log")" 1
        mt_is "the completion line is the plugin's last" "$(grep '^mt ' "$work/log" | tail -n 1 | cut -d' ' -f1-3)" "mt uninstall done"
        mt_ok "no atexit of the uninstalled plugin" hasnt "$work/log" '^mt (atexit|ERROR)'
        mt_ok "requests between 1 and 4 (got ${g[requests]:-})" mt_between "${g[requests]:-0}" 1 4
        if [ $name = uninstall_pinned ]; then
            mt_is "callbacks after the uninstall (report)" "$(cat "$work/mt_report" 2>/dev/null)" "after_done=0 done=1"
        fi
        mt_vcpus_ok || continue
        requester=0
        for ((v = 0; v <= mt_w; v++)); do
            inl=${f[$v.inl1]}
            mt_is "vCPU $v: vcpu_init calls" "${f[$v.init]}" 1
            mt_is "vCPU $v: callbacks on another vCPU's thread" "${f[$v.mismatch]}" 0
            mt_is "vCPU $v: callbacks = inline count at completion" "${f[$v.cb1]}" "$inl"
            mt_is "vCPU $v: fires at completion" "${f[$v.fires1]}" $((inl / MT_EVERY))
            mt_is "vCPU $v: vcpu_exit before completion" "${f[$v.exit1]}" 0
            mt_ok "vCPU $v: count at completion <= bb's" [ "$inl" -le "${f[$v.bb]}" ]
            mt_ok "vCPU $v: mt_loop at completion <= all" [ "${f[$v.loop1]}" -le "$(mt_loop_insns $v)" ]
            n=$((mt_base + mt_step * (v - 1)))
            [ $v -gt 0 ] && [ "${f[$v.loop1]}" -ge $((3 * n + 3 + MT_K)) ] && requester=1
        done
        mt_ok "a worker ran $MT_K mt_loop instructions before the uninstall" [ $requester = 1 ]
        mt_ok "worker 0 still in its loop at the uninstall" [ "${f[1.loop1]}" -lt "$(mt_loop_insns 1)" ]
    done
    end
done

# ================= 12. early block exits, register callbacks mid-block
# (guests/early.c with early.c): a block left early by two faults (the
# handler skips), an ecall and a set_pc from a mid-block callback; R_REGS,
# RW_REGS and NO_REGS callbacks in the middle of it.  The inline count
# (one add per instruction) must equal the callback count, on each
# backend, and be the same on interp, jit and jit with one instruction
# per block (where no two adds can be fused).
E=$G/early
EA="r_at=$(sym "$E" r_at),w_at=$(sym "$E" w_at),setpc_from=$(sym "$E" setpc_from),setpc_to=$(sym "$E" setpc_to)"
early_counts=()
for t in interp:-backend:interp jit:-backend:jit jit_one_insn_per_tb:-backend:jit:-one-insn-per-tb; do
    name=${t%%:*}
    IFS=: read -ra opts <<<"${t#*:}"
    begin "early/$name"
    runp "${opts[@]}" -plugin "$P/libearly.so,$EA" "$E"
    clean
    want "guest sees the RW_REGS writes and the set_pc" stdout_is 'a2=1244 a3=1245 a4=eeee faults=6\n'
    want "every register callback passed" has "$work/log" '^r_at ok=3 w_at ok=3 setpc=3 bad=0$'
    want "no BAD lines" hasnt "$work/log" '^BAD'
    line=$(grep '^early: ' "$work/log")
    inl=$(echo "$line" | sed -n 's/.*inline=\([0-9]*\).*/\1/p')
    cb=$(echo "$line" | sed -n 's/.* cb=\([0-9]*\).*/\1/p')
    want "inline count = callback count ($line)" is "${inl:-x}" "${cb:-y}"
    early_counts+=("${inl:-none}")
    if [ ${#early_counts[@]} -gt 1 ]; then
        want "same count as on interp (${early_counts[0]})" is "${inl:-none}" "${early_counts[0]}"
    fi
    end
done
exit 0
