#!/usr/bin/env python3
"""Shrink a failing random-instruction sequence to a minimal reproducer.

    reduce.py SEED INDEX [--loupe "build/loupe [flags]"] [--qemu qemu-riscv64]
              [--work DIR]

Regenerates sequence INDEX of SEED (gen.py), then repeatedly deletes
instructions from its body, keeping a deletion when qemu still runs it cleanly
and loupe's final state (registers, fcsr, scratch memory) still differs from
qemu's.  Prints the reduced body and the differing state; leaves
WORK/seq.S and the harness binary WORK/repro (run it as `loupe WORK/repro
dump 0`).
"""
import argparse
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import gen  # noqa: E402

CROSS = "riscv64-linux-gnu-"
MARCH = "-march=rv64gc_zba_zbb_zbs"
LDFLAGS = ["-static", "-Wl,--section-start=fuzztext=0x7000000,--section-start=fuzzbuf=0x77ffe00"]


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


class Reducer:
    def __init__(self, a):
        self.a = a
        self.work = a.work
        os.makedirs(self.work, exist_ok=True)
        self.loupe = shlex.split(a.loupe)
        self.qemu = shlex.split(a.qemu)
        text = gen.gen_seq(a.seed, a.index)
        lines = text.splitlines()
        start = next(i for i, l in enumerate(lines) if l.startswith("fuzz_body_")) + 2
        end = next(i for i, l in enumerate(lines) if l.startswith("\tsd t6, %d(" % (gen.RES + 248)))
        self.head, self.body, self.tail = lines[:start], lines[start:end], lines[end:]
        for src, obj in (("harness_s.S", "hs.o"), ("harness.c", "h.o")):
            opt = [MARCH] if src.endswith(".S") else ["-O2"]
            r = sh([CROSS + "gcc"] + opt + ["-c", os.path.join(HERE, src), "-o",
                                            os.path.join(self.work, obj)])
            if r.returncode:
                sys.exit(r.stdout.decode())
        with open(os.path.join(self.work, "table.S"), "w") as f:
            f.write(gen.HEADER)
            f.write("\t.section .rodata.fuzz,\"a\"\n\t.balign 8\n\t.globl fuzz_nseqs, "
                    "fuzz_seed, fuzz_table\nfuzz_nseqs: .dword 1\nfuzz_seed: .dword %d\n"
                    "fuzz_table: .dword fuzz_init_%d, fuzz_body_%d\n"
                    % (a.seed, a.index, a.index))
        r = sh([CROSS + "gcc", MARCH, "-c", os.path.join(self.work, "table.S"), "-o",
                os.path.join(self.work, "table.o")])
        if r.returncode:
            sys.exit(r.stdout.decode())
        self.trials = 0

    def build(self, body, exe):
        s = os.path.join(self.work, "seq.S")
        with open(s, "w") as f:
            f.write(gen.HEADER + "\n".join(self.head + body + self.tail) + "\n")
            f.write("\t.globl fuzz_init_%d\n" % self.a.index)
        w = self.work
        r = sh([CROSS + "gcc", MARCH, "-c", s, "-o", os.path.join(w, "seq.o")])
        if r.returncode:
            return False
        r = sh([CROSS + "gcc", "-o", exe] + [os.path.join(w, o) for o in
                                             ("h.o", "hs.o", "table.o", "seq.o")] + LDFLAGS)
        return r.returncode == 0

    def run(self, cmd, exe):
        try:
            r = subprocess.run(cmd + [exe, "dump", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=self.a.timeout)
            return r.returncode, r.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired:
            return "timeout", ""

    def fails(self, body):
        self.trials += 1
        exe = os.path.join(self.work, "try")
        if not self.build(body, exe):
            return False
        qrc, qout = self.run(self.qemu, exe)
        if qrc != 0:
            return False
        lrc, lout = self.run(self.loupe, exe)
        return lrc != 0 or lout != qout

    def reduce(self):
        body = list(self.body)
        if not self.fails(body):
            sys.exit("sequence %d of seed %d does not fail" % (self.a.index, self.a.seed))
        n = max(1, len(body) // 2)
        while True:
            i, changed = 0, False
            while i < len(body):
                cand = body[:i] + [l for l in body[i:i + n] if l.endswith(":")] + body[i + n:]
                if len(cand) < len(body) and self.fails(cand):
                    body, changed = cand, True
                else:
                    i += n
            if n == 1 and not changed:
                break
            n = max(1, n // 2) if not changed or n > 1 else 1
        # labels nobody branches to any more
        used = " ".join(l for l in body if not l.endswith(":"))
        body = [l for l in body if not l.endswith(":") or l[:-1] in used]
        assert self.fails(body)
        return body

    def report(self, body):
        exe = os.path.join(self.work, "repro")
        self.build(body, exe)
        qrc, qout = self.run(self.qemu, exe)
        lrc, lout = self.run(self.loupe, exe)
        print("reduced sequence %d of seed %d (%d trials):" % (self.a.index, self.a.seed,
                                                               self.trials))
        print("\n".join(l for l in self.head if "dword" not in l or "base" in l))
        print("\n".join(body))
        print("\n".join(self.tail))
        print("initial state that the remaining instructions read:")
        words = " ".join(body)
        for l in self.head:
            if ".dword 0x" in l:
                name = l.split("#")[1].strip()
                if name in words.replace(",", " ").replace("(", " ").replace(")", " ").split():
                    print("   %-5s = %s" % (name, l.split()[1]))
        print("final state differing (qemu | loupe%s):" %
              ("" if lrc == 0 else ", loupe exit %s" % lrc))
        ql, ll = qout.splitlines(), lout.splitlines()
        if not ll:
            print("   (loupe printed nothing)")
            ql = []
        shown = 0
        for k in range(max(len(ql), len(ll))):
            q = ql[k] if k < len(ql) else ""
            l = ll[k] if k < len(ll) else ""
            if q != l:
                shown += 1
                if shown > 40:
                    print("   ...")
                    break
                print("   %-30s | %s" % (q, l))
        print("files: %s/seq.S, binary %s (args: dump 0)" % (self.work, exe))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("seed", type=int)
    p.add_argument("index", type=int)
    p.add_argument("--loupe", default=os.path.join(os.environ.get("LOUPE_BUILD", "build"), "loupe")
                   + " " + os.environ.get("LOUPE_FLAGS", ""))
    p.add_argument("--qemu", default="qemu-riscv64")
    p.add_argument("--work", default=None)
    p.add_argument("--timeout", type=float, default=20)
    a = p.parse_args()
    if a.work is None:
        a.work = os.path.join(os.environ.get("LOUPE_BUILD", "build"), "fuzz",
                              "reduce-%d-%d" % (a.seed, a.index))
    r = Reducer(a)
    r.report(r.reduce())


if __name__ == "__main__":
    main()
