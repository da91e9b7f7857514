#!/bin/bash
# Command-line tests: usage and errors, help and version, the environment
# options, the stack size, logging (-d, -D, -strace), -one-insn-per-tb, and
# argument passing.  The guest is cli_guest.c (built like a guest test into
# $LOUPE_BUILD/tests/cli/).
#
#   tests/cli/check.sh
#
# Output: "PASS cli/NAME" or "FAIL cli/NAME: reason" lines.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${LOUPE_BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LOUPE=${LOUPE:-$BUILD/loupe}
OUT=$BUILD/tests/cli

mkdir -p "$OUT"
if ! bash "$ROOT/tests/guest/build.sh" "$OUT" "$HERE/cli_guest.c" >/dev/null 2>&1 ||
    [ ! -x "$OUT/cli_guest" ]; then
    echo "FAIL cli/build: cannot build cli_guest.c: $(head -n 3 "$OUT/cli_guest.buildlog" 2>/dev/null | tr '\n' ' ' | cut -c1-160)"
    exit 1
fi
if [ ! -x "$LOUPE" ] && ! command -v "$LOUPE" >/dev/null 2>&1; then
    echo "FAIL cli/all: no emulator at $LOUPE"
    exit 1
fi
G=$OUT/cli_guest

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cwd"

# L ARGS...: run loupe with ARGS (stdin from $IN or /dev/null); sets st,
# leaves $work/out and $work/err.
IN=/dev/null
L() {
    bash -c 'cd "$1" || exit 99; in=$2; shift 2; ulimit -c 0
        timeout -k 2 30 "$@" <"$in" >../out 2>../err
        echo $? >../st' L "$work/cwd" "$IN" "$LOUPE" "$@" 2>/dev/null
    st=$(cat "$work/st")
}

nfail=0
# ok NAME CONDITION-DESCRIPTION: record the result of the last `want` checks
cur=
why=
begin() { cur=$1; why=; rm -f "$work/log"; }
want() { # want DESCRIPTION COMMAND...: add DESCRIPTION to the failures unless COMMAND succeeds
    local d=$1
    shift
    "$@" || why="${why:+$why; }$d"
}
end() {
    local san
    san=$(grep -Ehm1 'ERROR: [A-Za-z]*Sanitizer|runtime error:' "$work/err" "$work/log" 2>/dev/null | cut -c1-120)
    [ -n "$san" ] && why="${why:+$why; }sanitizer report: $san"
    if [ -z "$why" ]; then
        echo "PASS cli/$cur"
    else
        echo "FAIL cli/$cur: $why (status $st, stderr: $(head -n 1 "$work/err" | cut -c1-80))"
        nfail=$((nfail + 1))
    fi
}
is() { [ "$1" = "$2" ]; }
isnt() { [ "$1" != "$2" ]; }
empty() { [ ! -s "$1" ]; }
nonempty() { [ -s "$1" ]; }
lines() { [ "$(grep -c '' "$1")" = "$2" ]; }
has() { grep -Eq -- "$2" "$1"; }
hasnt() { ! grep -Eq -- "$2" "$1"; }
same() { cmp -s "$1" "$2"; }
# an exit status from the shell in 129..159 means killed by a signal
not_signal() { [ "$1" -le 128 ] || [ "$1" -ge 160 ]; }

# --- usage and errors
begin no_args
L
want "exit status 1" is "$st" 1
want "usage line on stderr" has "$work/err" '^usage: loupe'
want "nothing on stdout" empty "$work/out"
end

begin unknown_option
L -bogus "$G" exit 0
want "exit status 1" is "$st" 1
want "usage line on stderr" has "$work/err" '^usage: loupe'
want "names the option" has "$work/err" 'bogus'
want "nothing on stdout" empty "$work/out"
end

begin missing_option_argument
L -E
want "exit status 1" is "$st" 1
want "message on stderr" nonempty "$work/err"
end

begin help
L -h
want "exit status 0" is "$st" 0
want "usage on stdout" has "$work/out" '^usage: loupe'
want "lists -strace" has "$work/out" '-strace'
want "nothing on stderr" empty "$work/err"
end

begin help_long
L -help
want "exit status 0" is "$st" 0
want "usage on stdout" has "$work/out" '^usage: loupe'
end

begin version
L -version
want "exit status 0" is "$st" 0
want "version on stdout" has "$work/out" '^loupe.*version'
want "nothing on stderr" empty "$work/err"
end

begin missing_program
L "$work/no_such_program"
want "nonzero exit" isnt "$st" 0
want "one line on stderr" lines "$work/err" 1
want "names the file" has "$work/err" 'no_such_program'
want "not killed by a signal" not_signal "$st"
end

begin directory_program
mkdir -p "$work/a_dir"
L "$work/a_dir"
want "nonzero exit" isnt "$st" 0
want "one line on stderr" lines "$work/err" 1
want "names the file" has "$work/err" 'a_dir'
want "not killed by a signal" not_signal "$st"
end

begin not_riscv
L /bin/true
want "nonzero exit" isnt "$st" 0
want "one line on stderr" lines "$work/err" 1
want "not killed by a signal" not_signal "$st"
end

# --- running and arguments
begin exit_status
L "$G" exit 42
want "exit status 42" is "$st" 42
want "nothing on stderr" empty "$work/err"
end

begin guest_options_after_program
L "$G" args -h -version -- -E x
printf '[-h]\n[-version]\n[--]\n[-E]\n[x]\n' >"$work/want"
want "guest gets its options" same "$work/out" "$work/want"
want "exit status 0" is "$st" 0
end

begin double_dash
L -- "$G" args a
want "runs the program" has "$work/out" '^\[a\]$'
want "exit status 0" is "$st" 0
end

begin stdin_passthrough
printf 'line one\nline two\n' >"$work/in"
IN=$work/in L "$G" cat
want "stdin reaches the guest" same "$work/out" "$work/in"
end

begin relative_path
cp "$G" "$work/cwd/prog"
L prog exit 7
want "runs ./prog given as 'prog'" is "$st" 7
L ./prog argv0
want "argv[0] is the path as given" has "$work/out" '^\./prog$'
rm -f "$work/cwd/prog"
end

begin argv0_absolute
L "$G" argv0
want "argv[0] is the path as given" has "$work/out" "^$G\$"
end

begin empty_program_name
L ""
want "nonzero exit" isnt "$st" 0
want "one line on stderr" lines "$work/err" 1
want "not killed by a signal" not_signal "$st"
end

# --- environment
begin env_set
L -E LOUPE_TEST_FOO=bar "$G" env LOUPE_TEST_FOO
want "guest sees FOO=bar" has "$work/out" '^LOUPE_TEST_FOO=bar$'
end

begin env_override
LOUPE_TEST_FOO=orig L -E LOUPE_TEST_FOO=new "$G" env LOUPE_TEST_FOO
want "-E replaces the inherited value" has "$work/out" '^LOUPE_TEST_FOO=new$'
end

begin env_inherited
LOUPE_TEST_FOO=inherited L "$G" env LOUPE_TEST_FOO
want "guest inherits the environment" has "$work/out" '^LOUPE_TEST_FOO=inherited$'
end

begin env_unset
LOUPE_TEST_FOO=orig L -U LOUPE_TEST_FOO "$G" env LOUPE_TEST_FOO
want "guest sees it unset" has "$work/out" '^LOUPE_TEST_FOO unset$'
end

begin env_several
LOUPE_TEST_A=a L -E LOUPE_TEST_B=b -U LOUPE_TEST_A -E LOUPE_TEST_C=x=y "$G" env LOUPE_TEST_A LOUPE_TEST_B LOUPE_TEST_C
printf 'LOUPE_TEST_A unset\nLOUPE_TEST_B=b\nLOUPE_TEST_C=x=y\n' >"$work/want"
want "all applied" same "$work/out" "$work/want"
end

# --- stack size
begin stack_default_small
L "$G" stack 30000
want "30 MB of stack overflows the default 8 MB (SIGSEGV)" is "$st" 139
end

begin stack_size_option
L -s 64M "$G" stack 30000
want "exit status 0" is "$st" 0
want "ok" has "$work/out" '^ok$'
end

begin stack_size_bad
L -s lots "$G" exit 0
want "exit status 1" is "$st" 1
want "message on stderr" nonempty "$work/err"
end

# --- logging
L "$G" compute
cp "$work/out" "$work/compute.out"
begin compute_runs
want "exit status 0" is "$st" 0
want "output" has "$work/out" '^min='
end

begin d_in_asm
L -d in_asm "$G" compute
want "stdout unchanged" same "$work/out" "$work/compute.out"
want "disassembly on stderr" has "$work/err" 'ecall'
want "exit status 0" is "$st" 0
end

# -d op: the IR as the translator emitted it; -d op_opt: after the
# optimizer (QEMU's headings).  li (addi rd, x0, imm) and c.mv (add rd, x0,
# rs) always fold (x0 is a known zero), so the optimized listing has none.
begin d_op_opt
L -d op,op_opt "$G" compute
want "stdout unchanged" same "$work/out" "$work/compute.out"
want "exit status 0" is "$st" 0
n_op=$(grep -c '^OP:$' "$work/err")
n_opt=$(grep -c '^OP after optimization and liveness analysis:$' "$work/err")
want "both listings per block" is "$n_op" "$n_opt"
want "some blocks" isnt "$n_op" 0
awk '/^OP:$/ {s = "op"; next} /^OP after/ {s = "opt"; next} /^$/ {s = ""}
    s != "" && /^ [A-Z]/ {print > (W "/" s ".ir")}' W="$work" "$work/err"
want "emitted IR has li/c.mv from x0" has "$work/op.ir" '^ ADDI? +s[0-9]+, s0, '
want "optimized IR has none" hasnt "$work/opt.ir" '^ ADDI? +s[0-9]+, s0, '
want "fewer ops after" [ "$(grep -c '' "$work/opt.ir")" -lt "$(grep -c '' "$work/op.ir")" ]
L -d op_opt "$G" exit 0
want "op_opt alone: no OP: listing" hasnt "$work/err" '^OP:$'
want "op_opt alone: optimized listing" has "$work/err" '^OP after optimization'
L -d op "$G" exit 0
want "op alone: no optimized listing" hasnt "$work/err" '^OP after'
end

begin d_help
L -d help
want "exit status 0" is "$st" 0
want "lists in_asm" has "$work/out" 'in_asm'
end

begin d_bogus
L -d bogus "$G" exit 0
want "exit status 1" is "$st" 1
want "one line on stderr" lines "$work/err" 1
end

begin D_file
rm -f "$work/log"
L -d in_asm -D "$work/log" "$G" compute
want "stdout unchanged" same "$work/out" "$work/compute.out"
want "log file written" has "$work/log" 'ecall'
want "nothing on stderr" empty "$work/err"
end

begin D_unwritable
L -d in_asm -D "$work/no/such/dir/log" "$G" exit 0
want "nonzero exit" isnt "$st" 0
want "one line on stderr" lines "$work/err" 1
end

begin strace
L -strace "$G" exit 3
want "exit status 3" is "$st" 3
want "exit_group logged" has "$work/err" 'exit_group\(3\)'
want "brk logged" has "$work/err" 'brk\('
end

begin strace_write
L -strace "$G" args hello
want "write logged" has "$work/err" 'write\(1,'
want "stdout unchanged" has "$work/out" '^\[hello\]$'
end

begin d_strace
L -d strace "$G" exit 0
want "exit_group logged" has "$work/err" 'exit_group\(0\)'
end

begin one_insn_per_tb
L -one-insn-per-tb "$G" compute
want "same output" same "$work/out" "$work/compute.out"
want "exit status 0" is "$st" 0
want "nothing on stderr" empty "$work/err"
end

begin cpu_help
L -cpu help
want "exit status 0" is "$st" 0
want "lists a cpu" nonempty "$work/out"
end

begin cpu_bogus
L -cpu bogus "$G" exit 0
want "exit status 1" is "$st" 1
want "message on stderr" nonempty "$work/err"
end

begin L_sysroot_accepted
L -L / "$G" exit 5
want "exit status 5" is "$st" 5
end

begin argv0_option
L -0 chosen-name "$G" argv0
want "argv[0] is -0's" is "$(cat "$work/out")" chosen-name
end

# A signal mask survives exec: loupe started with SIGUSR1 and SIGTERM
# blocked gives the guest that mask (python3 blocks them, then execs).
begin inherited_signal_mask
python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGTERM})
os.execv(sys.argv[1], sys.argv[1:])' "$LOUPE" "$G" mask >"$work/out" 2>"$work/err"
st=$?
want "guest mask" is "$(cat "$work/out")" "blocked: 10 15"
want "exit status 0" is "$st" 0
end

[ "$nfail" = 0 ]
