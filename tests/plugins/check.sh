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
# default $LOUPE_BUILD/loupe), KEEP=1 keeps the work directory.
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
# $work/err and the status in $st.
run() {
    rm -f "$work/log"
    bash -c 'cd "$1" || exit 99; shift; ulimit -c 0
        timeout -k 2 60 "$@" </dev/null >../out 2>../err
        echo $? >../st' run "$work/cwd" "$LOUPE" "$@" 2>/dev/null
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
exit 0
