#!/usr/bin/env python3
"""Explain why QEMU and loupe execute a different number of blocks.

    blocks.py QEMU_PROFILE LOUPE_PROFILE PROGRAM

The profiles are written by the count plugin (profile=FILE) on the same
guest run under qemu-riscv64 and loupe; PROGRAM is the guest executable
(disassembled with riscv64-linux-gnu-objdump to learn instruction lengths
and mnemonics).  Addresses are taken relative to where each emulator
loaded the program (the profiles' start_code), so position-independent
programs compare too.

Both emulators execute the same instructions (the qemu-agree test checks
that); they only cut the instruction stream into blocks at different
places.  For every guest address x let E(x) be the number of blocks
entered at x.  sum_x Eq(x) - El(x) is the difference of the block counts;
each address where the two differ is put in a category by why one
emulator ends a block just before x and the other does not:

  csr        the instruction before x is a CSR access (csrr*, frflags,
             fsrm, rdcycle ...): QEMU 7.2 ends a block after each one
             and returns to its main loop; loupe continues the block
  page-end   the instruction at x ends exactly at a page boundary: QEMU
             7.2 stops before it (its check for "the next instruction
             would cross the page" counts the first byte of the next page)
  crossing   the instruction at x crosses a page boundary: QEMU allows
             that only for the first instruction of a block
  qemu-full  QEMU's block before x is longer than 64 instructions and
             stops in straight-line code: its translator's op buffer is
             "full" (about 4000 TCG ops; with count.c's instrumentation
             that is some 170 instructions)
  max-64     loupe's block before x was 64 instructions long (its maximum)
  outside    x is not in the program's code (signal trampoline, code the
             guest generated in mmap'ed memory): the emulators put these
             at different addresses; only the sums over them compare
  other      anything else (listed)

Prints the category table, and the difference of instruction totals
(which must be 0).
"""
import collections
import re
import subprocess
import sys

CSR = re.compile(r"^(csrr[wsc]?i?|csr[wsc]i?|frflags|fsflags|fsflagsi|frrm|fsrm|"
                 r"fsrmi|frcsr|fscsr|rdcycle|rdtime|rdinstret|rdcycleh|rdtimeh|"
                 r"rdinstreth)$")
PAGE = 4096


def load(path):
    """(start_code, end_code, insns {addr: n}, block entries {addr: n},
    block lengths {addr: set of n})"""
    insns, entries = {}, collections.Counter()
    lens = collections.defaultdict(set)
    start = end = 0
    for line in open(path):
        f = line.split()
        if f[0] == "S":
            start, end = int(f[1], 16), int(f[2], 16)
        elif f[0] == "I":
            insns[int(f[1], 16)] = int(f[2])
        elif f[0] == "B":
            a = int(f[1], 16)
            entries[a] += int(f[3])
            lens[a].add(int(f[2]))
    return start, end, insns, entries, lens


def elf_code_start(prog):
    """lowest p_vaddr of an executable PT_LOAD segment"""
    out = subprocess.run(["riscv64-linux-gnu-readelf", "-lW", prog],
                         capture_output=True, text=True, check=True).stdout
    lo = None
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD" and "E" in "".join(f[6:-1]):
            v = int(f[2], 16)
            lo = v if lo is None else min(lo, v)
    return lo or 0


def disasm(prog):
    """address -> (length, mnemonic) for every instruction objdump lists."""
    out = subprocess.run(["riscv64-linux-gnu-objdump", "-d", prog],
                         capture_output=True, text=True, check=True).stdout
    code = {}
    pat = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)")
    for line in out.splitlines():
        m = pat.match(line)
        if m:
            code[int(m.group(1), 16)] = (len(m.group(2)) // 2, m.group(3))
    return code


OUTSIDE = 1 << 63  # key for every address outside the program


def normalize(prof, elf_start):
    """profile with addresses as in the ELF file; OUTSIDE collects the rest"""
    start, end, insns, entries, lens = prof
    bias = start - elf_start

    def n(a):
        return a - bias if start <= a < end else OUTSIDE
    ni, ne, nl = collections.Counter(), collections.Counter(), collections.defaultdict(set)
    for a, c in insns.items():
        ni[n(a)] += c
    for a, c in entries.items():
        ne[n(a)] += c
    for a, s in lens.items():
        nl[n(a)] |= s
    return ni, ne, nl


def ends(lens, code):
    """block end address -> lengths of the blocks ending there"""
    out = collections.defaultdict(set)
    for start, ns in lens.items():
        if start == OUTSIDE:
            continue
        for n in ns:
            a = start
            for _ in range(n):
                if a not in code:
                    break
                a += code[a][0]
            else:
                out[a].add(n)
    return out


def main():
    qpath, lpath, prog = sys.argv[1:4]
    code = disasm(prog)
    es = elf_code_start(prog)
    qi, qb, ql = normalize(load(qpath), es)
    li, lb, ll = normalize(load(lpath), es)
    prev = {a + l: a for a, (l, _) in code.items()}
    qend, lend = ends(ql, code), ends(ll, code)

    cat = collections.Counter()
    other = []
    for x in sorted(set(qb) | set(lb)):
        d = qb.get(x, 0) - lb.get(x, 0)
        if x == OUTSIDE:
            cat[("outside", "qemu")] += qb.get(x, 0)
            cat[("outside", "loupe")] += lb.get(x, 0)
            continue
        if d == 0:
            continue
        ln = code.get(x, (0, "?"))[0]
        p = prev.get(x)
        if d > 0 and p is not None and CSR.match(code[p][1]):
            c = "csr"
        elif d > 0 and ln and (x + ln) % PAGE == 0:
            c = "page-end"
        elif d > 0 and ln and x // PAGE != (x + ln - 1) // PAGE:
            c = "crossing"
        elif d > 0 and max(qend.get(x, {0})) > 64:
            c = "qemu-full"
        elif d < 0 and 64 in lend.get(x, ()):
            c = "max-64"
        else:
            c = "other"
            other.append((x, d))
        cat[(c, "qemu" if d > 0 else "loupe")] += abs(d)

    tq, tl = sum(qb.values()), sum(lb.values())
    print("blocks: qemu %d, loupe %d, difference %+d" % (tq, tl, tq - tl))
    for (c, who), n in sorted(cat.items()):
        if c == "outside":
            if who == "qemu":
                print("  %-9s qemu %d, loupe %d (entries)" %
                      (c, n, cat[("outside", "loupe")]))
            continue
        print("  %-9s %-5s more: %d" % (c, who, n))
    for x, d in other[:20]:
        p = prev.get(x)
        print("  other at %#x (%+d): before it %s" %
              (x, d, "%#x %s" % (p, code[p][1]) if p is not None else "?"))
    dq, dl = sum(qi.values()), sum(li.values())
    print("instructions: qemu %d, loupe %d, difference %+d" % (dq, dl, dq - dl))
    diff = [(a, qi.get(a, 0), li.get(a, 0)) for a in sorted(set(qi) | set(li))
            if qi.get(a, 0) != li.get(a, 0)]
    for a, q, l in diff[:10]:
        print("  insn %s: qemu %d, loupe %d" %
              ("outside" if a == OUTSIDE else "%#x" % a, q, l))


if __name__ == "__main__":
    main()
