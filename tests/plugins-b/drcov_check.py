#!/usr/bin/env python3
"""Validate a drcov (version 2) coverage log, as written by plugins/drcov.c.

usage: drcov_check.py [options] FILE

The format (DynamoRIO drcov, module table version 2, as read by Lighthouse,
bncov and drcov2lcov):

    DRCOV VERSION: 2
    DRCOV FLAVOR: <text>
    Module Table: version 2, count <N>
    Columns: id, base, end, entry, path            (or the Windows form with
                                                     checksum, timestamp)
    <N lines "id, 0xbase, 0xend, 0xentry, path">
    BB Table: <M> bbs
    <M binary records: uint32 start, uint16 size, uint16 module id, LE>

Checks: the header lines, module ids 0..N-1, base < end, entry inside the
module (or 0), the byte count of the BB table (exactly M records, nothing
after), each block inside its module, sizes > 0, no duplicate records
(--allow-dups to skip).  Optional checks against the guest ELF:

  --elf PROG         module 0 is PROG (same file name, same entry) and
                     each of its blocks lies in an executable PT_LOAD
                     segment of PROG (addresses: module base + start, load
                     bias from the module's entry when PROG is PIE)
  --expect X         some block covers X: an address (0x...) or a symbol of
                     PROG (needs --elf; resolved from PROG's .symtab)
  --expect-not X     no block covers X
  --min-bbs N        at least N blocks
  --dump             print the parsed file in text form
Exit status 0 when every check passes, 1 otherwise (messages on stderr).
"""
import argparse
import os
import re
import struct
import sys

PT_LOAD = 1
PF_X = 1


class Fail(Exception):
    pass


def parse_drcov(data):
    pos = 0

    def line():
        nonlocal pos
        nl = data.find(b"\n", pos)
        if nl < 0:
            raise Fail("unexpected end of file in the text header")
        text = data[pos:nl].decode("utf-8", "strict")
        pos = nl + 1
        return text.rstrip("\r")

    out = {}
    l = line()
    if l != "DRCOV VERSION: 2":
        raise Fail("line 1 is %r, expected 'DRCOV VERSION: 2'" % l)
    l = line()
    m = re.fullmatch(r"DRCOV FLAVOR: (\S.*)", l)
    if not m:
        raise Fail("line 2 is %r, expected 'DRCOV FLAVOR: <name>'" % l)
    out["flavor"] = m.group(1)
    l = line()
    m = re.fullmatch(r"Module Table: version 2, count (\d+)", l)
    if not m:
        raise Fail("line 3 is %r, expected 'Module Table: version 2, count N'" % l)
    nmod = int(m.group(1))
    l = line()
    cols = {"Columns: id, base, end, entry, path": 5,
            "Columns: id, base, end, entry, checksum, timestamp, path": 7}
    if l not in cols:
        raise Fail("line 4 is %r, expected a version 2 'Columns:' line" % l)
    ncol = cols[l]
    mods = []
    for i in range(nmod):
        l = line()
        parts = l.strip().split(", ")
        if len(parts) < ncol:
            raise Fail("module line %d %r has %d fields, expected %d"
                       % (i, l, len(parts), ncol))
        # The path is the last column and may itself contain ", ".
        fields = parts[:ncol - 1] + [", ".join(parts[ncol - 1:])]
        try:
            mid = int(fields[0])
            base = int(fields[1], 16)
            end = int(fields[2], 16)
            entry = int(fields[3], 16)
        except ValueError:
            raise Fail("module line %d %r: bad number" % (i, l))
        if ", " in fields[-1]:
            raise Fail("module %d path %r contains ', ' (Lighthouse splits "
                       "on it)" % (mid, fields[-1]))
        if not fields[1].startswith("0x") or not fields[2].startswith("0x"):
            raise Fail("module line %d: base and end must be 0x-prefixed" % i)
        mods.append({"id": mid, "base": base, "end": end, "entry": entry,
                     "path": fields[-1]})
    l = line()
    m = re.fullmatch(r"BB Table: (\d+) bbs", l)
    if not m:
        raise Fail("after the module table: %r, expected 'BB Table: N bbs'" % l)
    nbb = int(m.group(1))
    rest = data[pos:]
    if rest.startswith(b"module id"):
        raise Fail("text BB table; this checker expects the binary form")
    if len(rest) != 8 * nbb:
        raise Fail("BB table holds %d bytes; %d bbs need exactly %d"
                   % (len(rest), nbb, 8 * nbb))
    bbs = [struct.unpack_from("<IHH", rest, 8 * i) for i in range(nbb)]
    out["modules"] = mods
    out["bbs"] = bbs
    return out


def check_structure(d, allow_dups):
    mods = d["modules"]
    ids = [m["id"] for m in mods]
    if ids != list(range(len(mods))):
        raise Fail("module ids are %r, expected 0..%d in order"
                   % (ids, len(mods) - 1))
    for m in mods:
        if not m["base"] < m["end"]:
            raise Fail("module %d: base 0x%x is not below end 0x%x"
                       % (m["id"], m["base"], m["end"]))
        if m["entry"] and not m["base"] <= m["entry"] < m["end"]:
            raise Fail("module %d: entry 0x%x outside [0x%x, 0x%x)"
                       % (m["id"], m["entry"], m["base"], m["end"]))
        if not m["path"]:
            raise Fail("module %d has an empty path" % m["id"])
    seen = set()
    for i, (start, size, mid) in enumerate(d["bbs"]):
        if mid >= len(mods):
            raise Fail("bb %d names module %d; there are %d" % (i, mid, len(mods)))
        m = mods[mid]
        if size == 0:
            raise Fail("bb %d (offset 0x%x) has size 0" % (i, start))
        if start + size > m["end"] - m["base"]:
            raise Fail("bb %d [0x%x, +%d) ends past module %d (size 0x%x)"
                       % (i, start, size, mid, m["end"] - m["base"]))
        key = (start, size, mid)
        if key in seen and not allow_dups:
            raise Fail("bb %d (offset 0x%x size %d) is recorded twice"
                       % (i, start, size))
        seen.add(key)


def read_elf(path):
    with open(path, "rb") as f:
        b = f.read()
    if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
        raise Fail("%s is not a little-endian ELF64 file" % path)
    (e_type, _mach, _ver, e_entry, e_phoff, e_shoff, _flags, _ehsize,
     e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx) = \
        struct.unpack_from("<HHIQQQIHHHHHH", b, 16)
    segs = []
    for i in range(e_phnum):
        p_type, p_flags, _off, p_vaddr, _pa, _fsz, p_memsz, _al = \
            struct.unpack_from("<IIQQQQQQ", b, e_phoff + i * e_phentsize)
        if p_type == PT_LOAD:
            segs.append((p_vaddr, p_vaddr + p_memsz, bool(p_flags & PF_X)))
    syms = {}
    sh = [struct.unpack_from("<IIQQQQIIQQ", b, e_shoff + i * e_shentsize)
          for i in range(e_shnum)]
    for s in sh:
        if s[1] != 2:           # SHT_SYMTAB
            continue
        strtab = sh[s[6]]
        for j in range(s[5] // 24):
            st_name, _info, _other, _shndx, st_value, _size = \
                struct.unpack_from("<IBBHQQ", b, s[4] + j * 24)
            if st_name == 0:
                continue
            off = strtab[4] + st_name
            name = b[off:b.index(b"\0", off)].decode()
            syms.setdefault(name, st_value)
    return {"type": e_type, "entry": e_entry, "segs": segs, "syms": syms}


def main():
    ap = argparse.ArgumentParser(description="validate a drcov v2 log")
    ap.add_argument("file")
    ap.add_argument("--elf")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--expect-not", action="append", default=[])
    ap.add_argument("--min-bbs", type=int, default=0)
    ap.add_argument("--allow-dups", action="store_true")
    ap.add_argument("--dump", action="store_true")
    a = ap.parse_args()
    try:
        with open(a.file, "rb") as f:
            d = parse_drcov(f.read())
        check_structure(d, a.allow_dups)
        mods, bbs = d["modules"], d["bbs"]
        if a.dump:
            print("flavor %s" % d["flavor"])
            for m in mods:
                print("module %d base 0x%x end 0x%x entry 0x%x %s"
                      % (m["id"], m["base"], m["end"], m["entry"], m["path"]))
            for start, size, mid in bbs:
                print("bb module %d 0x%x +%d (0x%x)"
                      % (mid, start, size, mods[mid]["base"] + start))
        if len(bbs) < a.min_bbs:
            raise Fail("%d bbs, expected at least %d" % (len(bbs), a.min_bbs))
        # Absolute ranges of the blocks, and those of module 0 (the program).
        ranges = [(mods[mid]["base"] + s, mods[mid]["base"] + s + n)
                  for s, n, mid in bbs]
        ranges0 = [r for r, (_s, _n, mid) in zip(ranges, bbs) if mid == 0]
        elf = None
        bias = 0
        if a.elf:
            elf = read_elf(a.elf)
            m0 = mods[0]
            if elf["type"] == 3 and m0["entry"]:     # ET_DYN: PIE
                bias = m0["entry"] - elf["entry"]
            elif m0["entry"] and m0["entry"] != elf["entry"]:
                raise Fail("module 0 entry 0x%x differs from the ELF entry 0x%x"
                           % (m0["entry"], elf["entry"]))
            if os.path.basename(m0["path"]) != os.path.basename(a.elf):
                raise Fail("module 0 path %r does not name %s (viewers match "
                           "modules by file name)" % (m0["path"], a.elf))
            xsegs = [(lo + bias, hi + bias) for lo, hi, x in elf["segs"] if x]
            for lo, hi in ranges0:
                if not any(slo <= lo and hi <= shi for slo, shi in xsegs):
                    raise Fail("bb [0x%x, 0x%x) is not inside an executable "
                               "segment of %s" % (lo, hi, a.elf))

        def resolve(x):
            if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", x):
                return int(x, 0)
            if elf is None or x not in elf["syms"]:
                raise Fail("cannot resolve %r (give --elf with a symbol table)"
                           % x)
            return elf["syms"][x] + bias

        for x in a.expect:
            addr = resolve(x)
            if not any(lo <= addr < hi for lo, hi in ranges):
                raise Fail("no block covers %s (0x%x)" % (x, addr))
        for x in a.expect_not:
            addr = resolve(x)
            if any(lo <= addr < hi for lo, hi in ranges):
                raise Fail("a block covers %s (0x%x)" % (x, addr))
    except (Fail, OSError, UnicodeDecodeError, struct.error) as e:
        print("drcov_check: %s: %s" % (a.file, e), file=sys.stderr)
        return 1
    print("drcov_check: %s: ok, %d module(s), %d bbs"
          % (a.file, len(mods), len(bbs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
