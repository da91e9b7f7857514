#!/usr/bin/env python3
"""Self-consistency check of an execlog log (plugins/execlog.c, default
register set, single vCPU).

usage: execlog_consistency.py LOG

Replays the register changes of the log to know, at each line, the value of
every integer register that has been written so far, and checks:
  - stores: the value stored equals the source register (truncated to the
    access size);
  - loads: the destination register's new value is the loaded value, zero-
    or sign-extended as the mnemonic says (when the register is not shown
    as changed, its known old value must already equal that);
  - every load/store instruction has exactly one access of the right size
    (atomics: a load then a store);
  - pcs follow: a non-control-transfer instruction is followed by the next
    address (pc + 2 or 4).
Prints the number of checks made; exit status 1 on the first mismatch.
"""
import re
import sys

LINE = re.compile(r'^(\d+), 0x([0-9a-f]+), 0x([0-9a-f]+), "([^"]*)"(.*)$')
ACC = re.compile(r'(load|store)\[(\d+)\] 0x([0-9a-f]+) = 0x([0-9a-f]+)')
REG = re.compile(r'([a-z][a-z0-9]*)=0x([0-9a-f]+)')
LOADS = {"lb": (1, True), "lh": (2, True), "lw": (4, True), "ld": (8, False),
         "lbu": (1, False), "lhu": (2, False), "lwu": (4, False)}
STORES = {"sb": 1, "sh": 2, "sw": 4, "sd": 8}
# Mnemonics after which the next pc need not be pc + size.
CONTROL = re.compile(r'^(j|jal|jr|jalr|ret|b[a-z]*|c\.[a-z]*j[a-z]*|ecall|ebreak|mret)$')
ALIAS = {"s0": "fp"}


def sext(v, bytes_):
    bits = 8 * bytes_
    v &= (1 << bits) - 1
    if v >> (bits - 1):
        v -= 1 << bits
    return v & (2**64 - 1)


def main():
    regs = {"zero": 0}
    checks = 0
    prev = None          # (pc, size, mnemonic)
    with open(sys.argv[1], errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = LINE.match(line.rstrip("\n"))
            if not m:
                print("line %d: not an execlog line: %r" % (n, line[:80]))
                return 1
            pc = int(m.group(2), 16)
            size = len(m.group(3)) // 2
            disas = m.group(4)
            rest = m.group(5)
            mnem, _, ops = disas.partition("\t")
            ops = [ALIAS.get(o, o) for o in re.split(r"[,()]", ops) if o]
            accs = [(k, int(s), int(a, 16), int(v, 16)) for k, s, a, v in ACC.findall(rest)]
            # Accesses read "load[8] 0x... = 0x...": no "name=0x", no match.
            changes = {r: int(v, 16) for r, v in REG.findall(rest)}
            if prev and not CONTROL.match(prev[2]) and pc != prev[0] + prev[1]:
                print("line %d: pc 0x%x does not follow 0x%x (%s)" % (n, pc, prev[0], prev[2]))
                return 1
            if prev and not CONTROL.match(prev[2]):
                checks += 1
            if mnem in STORES:
                if len(accs) != 1 or accs[0][0] != "store" or accs[0][1] != STORES[mnem]:
                    print("line %d: %s should have one %d-byte store: %r" % (n, mnem, STORES[mnem], accs))
                    return 1
                src = ops[0]
                if src in regs:
                    want = regs[src] & ((1 << (8 * STORES[mnem])) - 1)
                    if accs[0][3] != want:
                        print("line %d: stored 0x%x, %s holds 0x%x" % (n, accs[0][3], src, regs[src]))
                        return 1
                    checks += 1
            elif mnem in LOADS:
                nb, signed = LOADS[mnem]
                if len(accs) != 1 or accs[0][0] != "load" or accs[0][1] != nb:
                    print("line %d: %s should have one %d-byte load: %r" % (n, mnem, nb, accs))
                    return 1
                rd = ops[0]
                want = sext(accs[0][3], nb) if signed else accs[0][3]
                if rd != "zero":
                    got = changes.get(rd, regs.get(rd))
                    if got is not None:
                        if got != want:
                            print("line %d: %s = 0x%x after loading 0x%x" % (n, rd, got, accs[0][3]))
                            return 1
                        checks += 1
            elif mnem.startswith("amo") or mnem.startswith("sc."):
                if mnem.startswith("amo") and [a[0] for a in accs] != ["load", "store"]:
                    print("line %d: %s should load then store: %r" % (n, mnem, accs))
                    return 1
                checks += 1
            regs.update(changes)
            prev = (pc, size, mnem)
    print("execlog_consistency: %s: ok, %d checks" % (sys.argv[1], checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
