#!/bin/sh
# make bench: build the benchmark guests natively and for riscv64, check that
# every runner prints the same checksum, time them with hyperfine (native,
# qemu-riscv64 and each loupe configuration in one run per benchmark) and
# print a Markdown table of medians and ratios.
#
# Environment:
#   BENCH          benchmarks to run (default: all bench/*.c), e.g. "int_hash str_lz"
#   BENCH_RUNS     timed runs per command (default 3)
#   BENCH_WARMUP   warmup runs per command (default 0)
#   BENCH_SCALE    work scale passed to every benchmark (default 0.25; 1.0 = 1-3 s natively)
#   BENCH_QEMU     qemu command, or "none" to leave qemu out (default qemu-riscv64)
#   LOUPE_BUILD    build directory holding loupe (default build)
#   LOUPE_FLAGS    extra options for loupe (default configuration only)
#   LOUPE_CONFIGS  several loupe configurations, separated by ";", each
#                  "name=options", e.g.
#                  "jit=;interp=-backend interp;hotblocks=-plugin build/plugins/libhotblocks.so"
#                  (default: "loupe=$LOUPE_FLAGS"); "none" leaves loupe out
#   BENCH_JSON     directory for hyperfine's JSON exports (default $LOUPE_BUILD/bench)
#   BENCH_PLUGINS  0 leaves out bench/plugins.sh (default 1)
#
# Besides the times it reports the peak RSS of every runner (measured in the
# checksum run, by bench/maxrss.c, built here) and, at the end, a table of
# the performance targets (docs/PERFORMANCE.md's goals) with the measured
# value and whether it is met; bench/plugins.sh adds its rows to it.
set -eu

# newer A B: A was modified after B (POSIX sh has no test -nt)
newer() { [ -n "$(find "$1" -newer "$2" 2>/dev/null)" ]; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bdir=${LOUPE_BUILD:-build}
case "$bdir" in /*) ;; *) bdir=$root/$bdir ;; esac
loupe=$bdir/loupe
out=$bdir/bench
json=${BENCH_JSON:-$out}
runs=${BENCH_RUNS:-3}
warmup=${BENCH_WARMUP:-0}
scale=${BENCH_SCALE:-0.25}
qemu=${BENCH_QEMU:-qemu-riscv64}
configs=${LOUPE_CONFIGS:-loupe=${LOUPE_FLAGS:-}}
cflags="-O2 -ffp-contract=off"  # no fused multiply-add: same FP results on both ISAs
mkdir -p "$out" "$json"

die() { echo "bench: $*" >&2; exit 1; }
command -v hyperfine >/dev/null 2>&1 || die "hyperfine not found (make deps)"
command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 || die "riscv64-linux-gnu-gcc not found (make deps)"
[ "$qemu" = none ] || command -v "$qemu" >/dev/null 2>&1 || die "$qemu not found (or set BENCH_QEMU=none)"
if [ "$configs" != none ] && [ ! -x "$loupe" ]; then
	echo "bench: $loupe not found; timing native and qemu only" >&2
	configs=none
fi

# every bench/*.c except the native helper maxrss.c
names=${BENCH:-$(cd "$here" && ls ./*.c | sed 's|^\./||; s|\.c$||' | grep -v '^maxrss$' | sort)}
for b in $names; do [ -f "$here/$b.c" ] || die "no benchmark bench/$b.c"; done

# ---- build --------------------------------------------------------------------
maxrss=$out/maxrss
if [ ! -x "$maxrss" ] || newer "$here/maxrss.c" "$maxrss"; then
	gcc -O2 -Wall -Wextra -o "$maxrss" "$here/maxrss.c" || die "building $maxrss failed"
fi
for b in $names; do
	src=$here/$b.c
	if [ ! -x "$out/$b.x86_64" ] || newer "$src" "$out/$b.x86_64" || newer "$0" "$out/$b.x86_64"; then
		gcc $cflags -o "$out/$b.x86_64" "$src" -lm || die "native build of $b failed"
	fi
	if [ ! -x "$out/$b.riscv64" ] || newer "$src" "$out/$b.riscv64" || newer "$0" "$out/$b.riscv64"; then
		riscv64-linux-gnu-gcc $cflags -static -o "$out/$b.riscv64" "$src" -lm ||
			die "riscv64 build of $b failed"
	fi
done

# the loupe configurations as lines "name<TAB>options"
printf '%s\n' "$configs" | tr ';' '\n' | sed -n 's/^ *\([^=]*\)=\(.*\)$/\1	\2/p' >"$out/configs"
[ "$configs" = none ] && : >"$out/configs"

# ---- checksums (at a small scale, every runner), with the peak RSS of each
# run in $rss/BENCH.RUNNER -------------------------------------------------------
check_scale=0.1
rss=$out/rss
rm -rf "$rss"
mkdir -p "$rss"
bad=0
for b in $names; do
	want=$("$maxrss" -o "$rss/$b.native" "$out/$b.x86_64" $check_scale) || die "$b failed natively"
	if [ "$qemu" != none ]; then
		got=$("$maxrss" -o "$rss/$b.qemu" "$qemu" "$out/$b.riscv64" $check_scale 2>&1) || true
		[ "$got" = "$want" ] || { echo "bench: $b checksum under qemu: $got (native: $want)" >&2; bad=1; }
	fi
	while IFS='	' read -r cname cflags_l; do
		# shellcheck disable=SC2086
		got=$("$maxrss" -o "$rss/$b.$cname" "$loupe" $cflags_l "$out/$b.riscv64" $check_scale 2>&1) || true
		[ "$got" = "$want" ] || { echo "bench: $b checksum under loupe ($cname): $got (native: $want)" >&2; bad=1; }
	done <"$out/configs"
done
[ $bad = 0 ] || die "checksums differ; not timing"

# ---- timing -----------------------------------------------------------------------
for b in $names; do
	echo "bench: timing $b" >&2
	set -- -N --style none --warmup "$warmup" --runs "$runs" --export-json "$json/$b.json" \
		-n native "$out/$b.x86_64 $scale"
	[ "$qemu" = none ] || set -- "$@" -n qemu "$qemu $out/$b.riscv64 $scale"
	while IFS='	' read -r cname cflags_l; do
		set -- "$@" -n "$cname" "$loupe $cflags_l $out/$b.riscv64 $scale"
	done <"$out/configs"
	hyperfine "$@" >/dev/null || die "hyperfine failed on $b"
done

# ---- report -------------------------------------------------------------------------
model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo
echo "Machine: ${model:-unknown CPU}, $(nproc) cores, $(uname -sr)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Toolchain: $(gcc --version | head -1); $(riscv64-linux-gnu-gcc --version | head -1)"
[ "$qemu" = none ] || echo "QEMU: $("$qemu" --version | head -1)"
echo "Guest builds: $cflags (-static for riscv64); scale $scale; median of $runs runs after $warmup warmup"
while IFS='	' read -r cname cflags_l; do
	echo "loupe configuration $cname: ${cflags_l:-(no options)}"
done <"$out/configs"
echo
targets=$out/targets.tsv
python3 - "$json" "$out/configs" "$rss" "$targets" $names <<'EOF'
import json, math, os, sys
jdir, cfile, rdir, tfile, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
cfgs = [l.split("\t")[0] for l in open(cfile).read().splitlines() if l]
med = {}
for b in names:
    for r in json.load(open("%s/%s.json" % (jdir, b)))["results"]:
        med[(b, r["command"])] = r["median"]
have_q = any((b, "qemu") in med for b in names)
runners = ["native"] + (["qemu"] if have_q else []) + cfgs
ratios = []
for c in cfgs:
    if have_q:
        ratios.append((c, "qemu"))
    ratios.append((c, "native"))
if have_q:
    ratios.append(("qemu", "native"))

def geo(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None

def cold(b):
    return b.startswith("cold_")

hot = [b for b in names if not cold(b)]
hdr = ["benchmark"] + ["%s (s)" % r for r in runners] + ["%s/%s" % p for p in ratios]
print("| " + " | ".join(hdr) + " |")
print("|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|")
for b in names:
    row = [b] + ["%.3f" % med[(b, r)] for r in runners]
    row += ["%.2f" % (med[(b, a)] / med[(b, d)]) for a, d in ratios]
    print("| " + " | ".join(row) + " |")
if hot:
    g = ["**geomean**%s" % (" (without cold_*)" if len(hot) < len(names) else "")]
    g += [""] * len(runners)
    g += ["**%.2f**" % geo([med[(b, a)] / med[(b, d)] for b in hot]) for a, d in ratios]
    print("| " + " | ".join(g) + " |")

# peak RSS, measured in the checksum runs
def rss(b, r):
    try:
        return int(open(os.path.join(rdir, "%s.%s" % (b, r))).read().split()[-1])
    except (OSError, ValueError, IndexError):
        return None

print()
print("Peak RSS (MiB; ru_maxrss of the checksum run at scale 0.1, bench/maxrss.c):")
print()
rr = [(c, "qemu") for c in cfgs] if have_q else []
hdr = ["benchmark"] + runners + ["%s/%s" % p for p in rr]
print("| " + " | ".join(hdr) + " |")
print("|" + "|".join(["---"] + ["---:"] * (len(hdr) - 1)) + "|")
for b in names:
    row = [b] + ["%.1f" % (rss(b, r) / 1024.0) if rss(b, r) else "-" for r in runners]
    row += ["%.2f" % (rss(b, a) / rss(b, d)) if rss(b, a) and rss(b, d) else "-" for a, d in rr]
    print("| " + " | ".join(row) + " |")

# the targets (first loupe configuration): lines "target<TAB>measured<TAB>met"
rows = []
if cfgs and have_q:
    c = cfgs[0]
    lq = {b: med[(b, c)] / med[(b, "qemu")] for b in names}
    if hot:
        g = geo([lq[b] for b in hot])
        rows.append(("no plugin: geomean %s/qemu <= 0.5 (%d guests, not cold_*)" % (c, len(hot)),
                     "%.2f" % g, g <= 0.5))
        w = max(hot, key=lambda b: lq[b])
        rows.append(("no plugin: every guest %s/qemu <= 0.8" % c,
                     "worst %.2f (%s)" % (lq[w], w), lq[w] <= 0.8))
    for b in names:
        if cold(b):
            rows.append(("%s: %s time <= qemu's" % (b, c), "%s/qemu %.2f" % (c, lq[b]), lq[b] <= 1.0))
            a, q = rss(b, c), rss(b, "qemu")
            if a and q:
                rows.append(("%s: %s peak RSS <= qemu's" % (b, c),
                             "%.1f / %.1f MiB (%.2f)" % (a / 1024.0, q / 1024.0, a / q), a <= q))
if cfgs:
    c = cfgs[0]
    ints = [b for b in hot if not b.startswith("fp_")]
    if ints:
        ln = {b: med[(b, c)] / med[(b, "native")] for b in ints}
        w = max(ints, key=lambda b: ln[b])
        rows.append(("integer guests (not fp_*, cold_*): %s/native <= 2.5" % c,
                     "worst %.2f (%s), geomean %.2f" % (ln[w], w, geo(list(ln.values()))), ln[w] <= 2.5))
with open(tfile, "w") as f:
    for t, m, ok in rows:
        f.write("%s\t%s\t%s\n" % (t, m, "yes" if ok else "**no**"))
EOF

# ---- plugin overhead (bench/plugins.sh: loupe and qemu with and without
# plugins; BENCH_PLUGINS=0 leaves it out); it appends its rows to $targets --
[ "${BENCH_PLUGINS:-1}" = 0 ] || BENCH_TARGETS=$targets sh "$here/plugins.sh"

# ---- the targets ----------------------------------------------------------------------
echo
echo "## Targets"
echo
echo "| target | measured | met? |"
echo "|---|---|---|"
sed 's/^/| /; s/	/ | /g; s/$/ |/' "$targets"
