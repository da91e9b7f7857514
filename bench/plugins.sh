#!/bin/sh
# Plugin overhead benchmarks: every bench guest under loupe with no plugin
# and with each example plugin, and under qemu-riscv64 with no plugin and
# with equivalent QEMU 7.2 (API v1) plugins from bench/qemu-plugins/; timed
# with hyperfine, printed as a Markdown table of medians and
# plugin/no-plugin ratios (each emulator against itself), plus loupe/qemu
# for the configurations both have.
#
#   sh bench/plugins.sh          (make bench runs it after bench/run.sh;
#                                 BENCH_PLUGINS=0 make bench leaves it out)
#
# Configurations (a missing plugin .so is reported as skipped, a plugin
# that fails the checksum check as failed; neither stops the others):
#   loupe:  none | empty (libempty.so) | insn inline (libinsn.so,inline=on)
#           | insn callbacks (libinsn.so) | mem callbacks
#           (libmem.so,inline=off,callback=on) | hotblocks (libhotblocks.so)
#           | cache (libcache.so)
#   qemu:   none | empty | insn inline | insn callbacks | mem callbacks
#           (bench/qemu-plugins/{empty,insn,mem}.c, built here)
#
# Environment:
#   BENCH               benchmarks (default: all bench/*.c)
#   BENCH_PLUGIN_RUNS   timed runs per command (default 3)
#   BENCH_PLUGIN_WARMUP warmup runs per command (default 0)
#   BENCH_PLUGIN_SCALE  work scale (default 0.03: callbacks on every
#                       instruction multiply the time, so less work than
#                       bench/run.sh's default 1.0)
#   BENCH_QEMU          qemu command, or "none" (default qemu-riscv64)
#   LOUPE_BUILD         build directory (default build)
#   BENCH_JSON          hyperfine JSON exports go to $BENCH_JSON/plugins
#                       (default $LOUPE_BUILD/bench/plugins)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bdir=${LOUPE_BUILD:-build}
case "$bdir" in /*) ;; *) bdir=$root/$bdir ;; esac
loupe=$bdir/loupe
lplug=$bdir/plugins
out=$bdir/bench
qplug=$out/qemu-plugins
json=${BENCH_JSON:-$out}/plugins
runs=${BENCH_PLUGIN_RUNS:-3}
warmup=${BENCH_PLUGIN_WARMUP:-0}
scale=${BENCH_PLUGIN_SCALE:-0.03}
qemu=${BENCH_QEMU:-qemu-riscv64}
cflags="-O2 -ffp-contract=off" # as bench/run.sh
mkdir -p "$out" "$qplug" "$json"

die() { echo "bench/plugins: $*" >&2; exit 1; }
command -v hyperfine >/dev/null 2>&1 || die "hyperfine not found (make deps)"
command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || die "riscv64-linux-gnu-gcc not found (make deps)"
have_qemu=1
[ "$qemu" != none ] && command -v "$qemu" >/dev/null 2>&1 || have_qemu=0
have_loupe=1
[ -x "$loupe" ] || have_loupe=0
[ $have_qemu = 1 ] || [ $have_loupe = 1 ] || die "neither $loupe nor $qemu to run"

names=${BENCH:-$(cd "$here" && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort)}
for b in $names; do [ -f "$here/$b.c" ] || die "no benchmark bench/$b.c"; done

# ---- build: the guests (if bench/run.sh has not) and the QEMU plugins ------------
for b in $names; do
	[ -x "$out/$b.x86_64" ] || gcc $cflags -o "$out/$b.x86_64" "$here/$b.c" -lm ||
		die "native build of $b failed"
	[ -x "$out/$b.riscv64" ] || riscv64-linux-gnu-gcc $cflags -static -o "$out/$b.riscv64" "$here/$b.c" -lm ||
		die "riscv64 build of $b failed"
done
glib=$(pkg-config --cflags glib-2.0 2>/dev/null || true)
for p in empty insn mem; do
	src=$here/qemu-plugins/$p.c so=$qplug/lib$p.so
	if [ ! -f "$so" ] || [ -n "$(find "$src" "$root/tests/qemu-v1/qemu-plugin-v1.h" -newer "$so" 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC $glib -o "$so" "$src" ||
			die "building $so failed"
	fi
done

# a private directory for this run (another run may share the build
# directory); its JSON files are moved to $json at the end
work=$(mktemp -d "$json/run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- the configurations: "runner<TAB>name<TAB>plugin option or -" ---------------
cfg=$work/configs
: >"$cfg"
add() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$cfg"; }
add loupe "no plugin" -
add loupe empty "$lplug/libempty.so"
add loupe "insn inline" "$lplug/libinsn.so,inline=on"
add loupe "insn callbacks" "$lplug/libinsn.so"
add loupe "mem callbacks" "$lplug/libmem.so,inline=off,callback=on"
add loupe hotblocks "$lplug/libhotblocks.so"
add loupe cache "$lplug/libcache.so"
add qemu "no plugin" -
add qemu empty "$qplug/libempty.so"
add qemu "insn inline" "$qplug/libinsn.so,inline=on"
add qemu "insn callbacks" "$qplug/libinsn.so"
add qemu "mem callbacks" "$qplug/libmem.so"

# command RUNNER PLUGIN: the command line (without program and scale)
command_of() {
	if [ "$1" = loupe ]; then c=$loupe; else c=$qemu; fi
	[ "$2" = - ] || c="$c -plugin $2"
	echo "$c"
}

# ---- which configurations can run: status file lines "runner<TAB>name<TAB>status"
status=$work/status
: >"$status"
check_scale=0.01
while IFS='	' read -r runner name plug; do
	st=ok
	if [ "$runner" = loupe ] && [ $have_loupe = 0 ]; then
		st="skipped: $loupe not built"
	elif [ "$runner" = qemu ] && [ "$qemu" = none ]; then
		st="skipped: BENCH_QEMU=none"
	elif [ "$runner" = qemu ] && [ $have_qemu = 0 ]; then
		st="skipped: $qemu not found"
	elif [ "$plug" != - ] && [ ! -f "${plug%%,*}" ]; then
		st="skipped: $(basename "${plug%%,*}") missing"
	else
		for b in $names; do
			want=$("$out/$b.x86_64" $check_scale)
			# shellcheck disable=SC2046
			got=$($(command_of "$runner" "$plug") "$out/$b.riscv64" $check_scale 2>&1) || true
			if [ "$got" != "$want" ]; then
				st="failed: $b printed '$(printf '%s' "$got" | head -n 1 | cut -c1-60)'"
				break
			fi
		done
	fi
	printf '%s\t%s\t%s\n' "$runner" "$name" "$st" >>"$status"
	[ "$st" = ok ] || echo "bench/plugins: $runner $name: $st" >&2
done <"$cfg"

# ---- timing -------------------------------------------------------------------------
for b in $names; do
	echo "bench/plugins: timing $b" >&2
	set -- -N --style none --warmup "$warmup" --runs "$runs" --export-json "$work/$b.json"
	n=0
	while IFS='	' read -r runner name plug; do
		st=$(awk -F'\t' -v r="$runner" -v n="$name" '$1 == r && $2 == n { print $3 }' "$status")
		[ "$st" = ok ] || continue
		set -- "$@" -n "$runner: $name" "$(command_of "$runner" "$plug") $out/$b.riscv64 $scale"
		n=$((n + 1))
	done <"$cfg"
	[ $n -gt 0 ] || die "nothing to time"
	hyperfine "$@" >/dev/null || die "hyperfine failed on $b"
done

# ---- report -------------------------------------------------------------------------
model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo
echo "## Plugin overhead"
echo
echo "Machine: ${model:-unknown CPU}, $(nproc) cores, $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
[ $have_qemu = 0 ] || echo "QEMU: $("$qemu" --version | head -1)"
[ $have_loupe = 0 ] || echo "loupe: $("$loupe" -version 2>&1 | head -1)"
echo "Scale $scale; median of $runs runs after $warmup warmup (hyperfine)"
echo
python3 - "$work" "$cfg" "$status" $names <<'EOF'
import json, math, sys
jdir, cfile, sfile, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
cfgs = [l.split("\t") for l in open(cfile).read().splitlines() if l]
status = {(r, n): s for r, n, s in (l.split("\t", 2) for l in open(sfile).read().splitlines() if l)}
med = {}
for b in names:
    for r in json.load(open("%s/%s.json" % (jdir, b)))["results"]:
        med[(b, r["command"])] = r["median"]

def geo(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None

print("Each cell: median seconds, and for a plugin the ratio to the same "
      "emulator without plugins.")
print()
hdr = ["configuration"] + names + ["geomean ratio"]
print("| " + " | ".join(hdr) + " |")
print("|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|")
for runner, name, plug in cfgs:
    key = "%s: %s" % (runner, name)
    label = "%s, %s" % (runner, name)
    st = status.get((runner, name), "?")
    if st != "ok":
        print("| " + " | ".join([label] + [st] + [""] * len(names)) + " |")
        continue
    base = "%s: no plugin" % runner
    cells, ratios = [], []
    for b in names:
        t = med.get((b, key))
        if t is None:
            cells.append("-")
        elif name == "no plugin" or (b, base) not in med:
            cells.append("%.3f s" % t)
        else:
            x = t / med[(b, base)]
            ratios.append(x)
            cells.append("%.3f s (%.2fx)" % (t, x))
    g = geo(ratios)
    print("| " + " | ".join([label] + cells + ["**%.2fx**" % g if g else ""]) + " |")

# loupe against qemu, same plugin
pairs = [n for r, n, p in cfgs if r == "loupe" and any(r2 == "qemu" and n2 == n for r2, n2, p2 in cfgs)]
rows = []
for name in pairs:
    lk, qk = "loupe: %s" % name, "qemu: %s" % name
    xs = [(b, med[(b, lk)] / med[(b, qk)]) for b in names if (b, lk) in med and (b, qk) in med]
    if xs:
        rows.append((name, dict(xs), geo([x for _, x in xs])))
if rows:
    print()
    print("loupe time / qemu time with the same plugin:")
    print()
    hdr = ["configuration"] + names + ["geomean"]
    print("| " + " | ".join(hdr) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|")
    for name, xs, g in rows:
        print("| " + " | ".join([name] + ["%.2f" % xs[b] if b in xs else "-" for b in names]
                                + ["**%.2f**" % g]) + " |")
EOF
for b in $names; do mv -f "$work/$b.json" "$json/$b.json"; done
