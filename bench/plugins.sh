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
#           | bb inline (libbb.so,inline=on) | insn callbacks (libinsn.so)
#           | mem callbacks (libmem.so,inline=off,callback=on)
#           | hotblocks (libhotblocks.so) | cache (libcache.so)
#   qemu:   the same configurations with bench/qemu-plugins/{empty,insn,
#           bb,mem,hotblocks,cache}.c (our own API v1 plugins, built here)
#
# After the table of times it prints a summary (geomean plugin/no-plugin of
# each emulator, the target for loupe's, loupe/qemu with the same plugin)
# and, with BENCH_TARGETS=FILE (bench/run.sh sets it), appends its target
# rows ("target<TAB>measured<TAB>met") to FILE.
#
# Environment:
#   BENCH               benchmarks (default: all bench/*.c; cold_* and the
#                       maxrss helper are always left out: cold code runs
#                       once, so it says nothing about per-event overhead)
#   BENCH_PLUGIN_RUNS   timed runs per command (default $BENCH_RUNS, else 3)
#   BENCH_PLUGIN_WARMUP warmup runs per command (default 0)
#   BENCH_PLUGIN_SCALE  work scale (default 0.03, or 0.12 x BENCH_SCALE if
#                       that is set: callbacks on every
#                       instruction multiply the time, so less work than
#                       bench/run.sh's default 0.25)
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
runs=${BENCH_PLUGIN_RUNS:-${BENCH_RUNS:-3}}
warmup=${BENCH_PLUGIN_WARMUP:-0}
# default: 0.03, or 0.12 x BENCH_SCALE when that is set (0.25 -> 0.03)
if [ -n "${BENCH_PLUGIN_SCALE:-}" ]; then
	scale=$BENCH_PLUGIN_SCALE
elif [ -n "${BENCH_SCALE:-}" ]; then
	scale=$(awk -v s="$BENCH_SCALE" 'BEGIN { printf "%g", s * 0.12 }')
else
	scale=0.03
fi
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
names=$(for b in $names; do echo "$b"; done | grep -v '^cold_' | grep -v '^maxrss$' || true)
if [ -z "$names" ]; then
	echo "bench/plugins: no benchmark left (cold_* are not run with plugins)" >&2
	exit 0
fi

# ---- build: the guests (if bench/run.sh has not) and the QEMU plugins ------------
for b in $names; do
	[ -x "$out/$b.x86_64" ] || gcc $cflags -o "$out/$b.x86_64" "$here/$b.c" -lm ||
		die "native build of $b failed"
	[ -x "$out/$b.riscv64" ] || riscv64-linux-gnu-gcc $cflags -static -o "$out/$b.riscv64" "$here/$b.c" -lm ||
		die "riscv64 build of $b failed"
done
glib=$(pkg-config --cflags glib-2.0 2>/dev/null || true)
for src in "$here"/qemu-plugins/*.c; do
	p=$(basename "$src" .c)
	so=$qplug/lib$p.so
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
add loupe "bb inline" "$lplug/libbb.so,inline=on"
add loupe "insn callbacks" "$lplug/libinsn.so"
add loupe "mem callbacks" "$lplug/libmem.so,inline=off,callback=on"
add loupe hotblocks "$lplug/libhotblocks.so"
add loupe cache "$lplug/libcache.so"
add qemu "no plugin" -
add qemu empty "$qplug/libempty.so"
add qemu "insn inline" "$qplug/libinsn.so,inline=on"
add qemu "bb inline" "$qplug/libbb.so,inline=on"
add qemu "insn callbacks" "$qplug/libinsn.so"
add qemu "mem callbacks" "$qplug/libmem.so"
add qemu hotblocks "$qplug/libhotblocks.so"
add qemu cache "$qplug/libcache.so"

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
python3 - "$work" "$cfg" "$status" "${BENCH_TARGETS:-}" $names <<'EOF'
import json, math, sys
jdir, cfile, sfile, tfile, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
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

# the summary: one row per configuration, with the targets for loupe
target = {"empty": 1.02, "insn inline": 1.15, "bb inline": 1.05,
          "insn callbacks": 2.5, "mem callbacks": 2.0, "hotblocks": 1.2,
          "cache": 15.0}

def ratio(runner, name):
    key, base = "%s: %s" % (runner, name), "%s: no plugin" % runner
    return geo([med[(b, key)] / med[(b, base)] for b in names
                if (b, key) in med and (b, base) in med])

print()
print("Summary (geomeans over the %d guests; targets from the performance issue):" % len(names))
print()
print("| configuration | loupe plugin/no-plugin | target | met? | qemu plugin/no-plugin "
      "| loupe/qemu (worst guest) | loupe faster? |")
print("|---|---:|---:|---|---:|---:|---|")
trows = []
for name in [n for r, n, p in cfgs if r == "loupe"]:
    lr = ratio("loupe", name) if name != "no plugin" else None
    qr = ratio("qemu", name) if name != "no plugin" else None
    t = target.get(name)
    met = "-" if lr is None or t is None else ("yes" if lr <= t else "**no**")
    lq = dict(next((xs for n, xs, g in rows if n == name), {}))
    g = geo(list(lq.values()))
    if g:
        w = max(lq, key=lambda b: lq[b])
        vs = "%.2f (%.2f %s)" % (g, lq[w], w)
        faster = "yes" if g < 1 else "**no**"
    else:
        vs, faster = "-", "-"
    print("| %s | %s | %s | %s | %s | %s | %s |" % (
        name, "%.2fx" % lr if lr else "-", "<= %gx" % t if t else "-", met,
        "%.2fx" % qr if qr else "-", vs, faster))
    if name == "no plugin":
        continue
    if lr and t:
        trows.append(("plugin %s: loupe plugin/no-plugin <= %g" % (name, t), "%.2f" % lr, lr <= t))
    if g:
        trows.append(("plugin %s: loupe faster than qemu (geomean loupe/qemu < 1)" % name,
                      "%.2f (worst %.2f, %s)" % (g, lq[w], w), g < 1))
if tfile:
    with open(tfile, "a") as f:
        for t, m, ok in trows:
            f.write("%s\t%s\t%s\n" % (t, m, "yes" if ok else "**no**"))
EOF
for b in $names; do mv -f "$work/$b.json" "$json/$b.json"; done
