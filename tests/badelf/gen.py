#!/usr/bin/env python3
"""Make a corpus of bad executables for tests/badelf/check.sh.

    gen.py BASE OUTDIR

BASE is a valid static riscv64 ELF (tests/badelf/base.c built).  Writes
OUTDIR/NAME files and OUTDIR/MANIFEST with one line per case:

    NAME KIND DESCRIPTION

KIND "reject": loupe must refuse it: nonzero exit, exactly one line on
stderr, no host crash.  KIND "any": the file may or may not be loadable (a
random header flip can hit a field nobody reads, or one Linux ignores); loupe
may run it, refuse it with one line, or let the guest die of a signal or even
loop forever (a flip can send the guest anywhere), but loupe itself must not
crash.
Everything is deterministic (fixed seed)."""
import os
import random
import shutil
import struct
import sys

EH = struct.Struct("<16sHHIQQQIHHHHHH")  # Elf64_Ehdr
PH = struct.Struct("<IIQQQQQQ")  # Elf64_Phdr
PT_LOAD, PT_INTERP, PT_NOTE, PT_GNU_STACK = 1, 3, 4, 0x6474E551


def main():
    base_path, out = sys.argv[1], sys.argv[2]
    base = open(base_path, "rb").read()
    os.makedirs(out, exist_ok=True)
    manifest = []

    def emit(name, data, kind, desc):
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o755)  # the content is under test, not the mode
        manifest.append("%s %s %s" % (name, kind, desc))

    eh = list(EH.unpack_from(base, 0))
    # fields: 0 ident 1 type 2 machine 3 version 4 entry 5 phoff 6 shoff
    #         7 flags 8 ehsize 9 phentsize 10 phnum 11 shentsize 12 shnum 13 shstrndx
    phoff, phnum = eh[5], eh[10]

    def with_eh(**kw):
        idx = {"type": 1, "machine": 2, "version": 3, "entry": 4, "phoff": 5,
               "phentsize": 9, "phnum": 10}
        e = list(eh)
        for k, v in kw.items():
            e[idx[k]] = v
        b = bytearray(base)
        EH.pack_into(b, 0, *e)
        return bytes(b)

    def phdrs(data=base):
        return [list(PH.unpack_from(data, phoff + i * PH.size)) for i in range(phnum)]

    def with_ph(i, data=None, **kw):
        # fields: 0 type 1 flags 2 offset 3 vaddr 4 paddr 5 filesz 6 memsz 7 align
        idx = {"type": 0, "flags": 1, "offset": 2, "vaddr": 3, "filesz": 5,
               "memsz": 6, "align": 7}
        b = bytearray(data if data is not None else base)
        p = list(PH.unpack_from(b, phoff + i * PH.size))
        for k, v in kw.items():
            p[idx[k]] = v
        PH.pack_into(b, phoff + i * PH.size, *p)
        return bytes(b)

    ph = phdrs()
    loads = [i for i, p in enumerate(ph) if p[0] == PT_LOAD]
    first, last = loads[0], loads[-1]
    non_load = [i for i, p in enumerate(ph) if p[0] in (PT_NOTE, PT_GNU_STACK)]

    # --- not ELF at all
    emit("empty", b"", "reject", "empty file")
    emit("text_script", b"#!/bin/sh\necho hello\n", "reject", "shell script")
    emit("text_plain", b"hello, world\n" * 10, "reject", "plain text")
    emit("magic_only", b"\x7fELF", "reject", "just the ELF magic")
    emit("zeros", bytes(4096), "reject", "4 KiB of zeros")
    # --- truncations
    for n in (4, 16, 40, 63):
        emit("trunc_ehdr_%d" % n, base[:n], "reject", "truncated inside the ELF header")
    emit("trunc_phdr", base[: phoff + PH.size + 20], "reject", "truncated inside the program headers")
    emit("trunc_phdr_end", base[: phoff + phnum * PH.size - 1], "reject", "last program header cut by one byte")
    p = ph[first]
    emit("trunc_seg1", base[: p[2] + p[5] // 2], "reject", "truncated inside the first segment")
    p = ph[last]
    if p[5] > 1:
        emit("trunc_seglast", base[: p[2] + p[5] - 1], "reject", "last segment cut by one byte")
    # --- wrong identity
    def ident(i, v):
        b = bytearray(base)
        b[i] = v
        return bytes(b)
    emit("class32", ident(4, 1), "reject", "ELFCLASS32")
    emit("class_bad", ident(4, 7), "reject", "EI_CLASS 7")
    emit("big_endian", ident(5, 2), "reject", "ELFDATA2MSB")
    emit("data_bad", ident(5, 0), "reject", "EI_DATA 0")
    emit("ident_version", ident(6, 2), "any", "EI_VERSION 2 (Linux ignores it)")
    emit("machine_x86_64", with_eh(machine=62), "reject", "e_machine EM_X86_64")
    emit("machine_aarch64", with_eh(machine=183), "reject", "e_machine EM_AARCH64")
    emit("version_bad", with_eh(version=0), "any", "e_version 0 (Linux ignores it)")
    for host in ("/bin/true", "/usr/bin/true"):
        if os.path.exists(host):
            emit("host_true", open(host, "rb").read(), "reject", "a real x86-64 executable (%s)" % host)
            break
    # --- types
    emit("type_rel", with_eh(type=1), "reject", "ET_REL")
    emit("type_core", with_eh(type=4), "reject", "ET_CORE")
    emit("type_none", with_eh(type=0), "reject", "ET_NONE")
    emit("type_bad", with_eh(type=0xfe00), "reject", "e_type in the OS-specific range")
    # --- program header table
    emit("phoff_past_eof", with_eh(phoff=len(base) + 4096), "reject", "e_phoff past EOF")
    emit("phoff_huge", with_eh(phoff=(1 << 64) - 16), "reject", "e_phoff near 2^64 (wraps)")
    emit("phoff_near_eof", with_eh(phoff=len(base) - 10), "reject", "phdrs run past EOF")
    emit("phnum_huge", with_eh(phnum=0xffff), "reject", "e_phnum 65535")
    emit("phnum_zero", with_eh(phnum=0), "reject", "no program headers")
    emit("phentsize_32", with_eh(phentsize=32), "reject", "e_phentsize 32")
    emit("phentsize_0", with_eh(phentsize=0), "reject", "e_phentsize 0")
    emit("phentsize_big", with_eh(phentsize=0xffff), "reject", "e_phentsize 65535")
    # --- segments
    p = ph[first]
    emit("filesz_gt_memsz", with_ph(first, filesz=p[6] + 4096, memsz=p[6]), "reject",
         "p_filesz > p_memsz")
    emit("offset_past_eof", with_ph(first, offset=len(base) - 10), "reject",
         "p_offset + p_filesz past EOF")
    emit("filesz_past_eof", with_ph(last, filesz=len(base) * 4, memsz=len(base) * 4), "reject",
         "p_filesz runs past EOF")
    emit("offset_wraps", with_ph(first, offset=(1 << 64) - 0x100, filesz=0x200), "reject",
         "p_offset + p_filesz wraps around 2^64")
    emit("vaddr_huge", with_ph(first, vaddr=0xFFFFFFFF00000000), "reject",
         "p_vaddr 0xffffffff00000000")
    emit("vaddr_wraps", with_ph(last, vaddr=(1 << 64) - 0x1000, memsz=0x10000), "reject",
         "p_vaddr + p_memsz wraps around 2^64")
    emit("vaddr_kernel47", with_ph(first, vaddr=1 << 47), "reject", "p_vaddr at 2^47")
    emit("memsz_absurd", with_ph(last, memsz=1 << 60), "reject", "p_memsz 2^60")
    emit("memsz_max", with_ph(last, memsz=(1 << 64) - 1), "reject", "p_memsz 2^64-1")
    q = ph[first]
    emit("overlap", with_ph(last, vaddr=q[3] - q[3] % 4096 + ph[last][2] % 4096),
         "any", "last PT_LOAD moved onto the first (overlapping segments)")
    emit("misaligned", with_ph(first, vaddr=q[3] + 1), "reject",
         "p_vaddr and p_offset disagree modulo the page size")
    emit("no_load", with_ph(first, data=with_ph(last, type=PT_NOTE), type=PT_NOTE)
         if len(loads) == 2 else base, "reject", "no PT_LOAD segment")
    emit("entry_zero", with_eh(entry=0), "reject", "e_entry 0, outside every segment")
    emit("entry_unmapped", with_eh(entry=0xDEADBEEF000), "reject", "e_entry far outside every segment")
    emit("entry_huge", with_eh(entry=(1 << 64) - 2), "reject", "e_entry near 2^64")
    # --- PT_INTERP in a static binary, naming a missing interpreter
    if non_load:
        interp = b"/nonexistent/ld-loupe-test.so.1\0"
        data = base + interp
        data = with_ph(non_load[0], data=data, type=PT_INTERP, offset=len(base),
                       filesz=len(interp), memsz=len(interp), vaddr=0, align=1)
        emit("interp_missing", data, "reject", "PT_INTERP naming a missing interpreter")
        data = with_ph(non_load[0], data=base + b"/x", type=PT_INTERP, offset=len(base) + (1 << 20),
                       filesz=64, memsz=64, vaddr=0, align=1)
        emit("interp_past_eof", data, "reject", "PT_INTERP string past EOF")
    # --- random byte flips in the headers
    rnd = random.Random(20240611)
    hdr_end = phoff + phnum * PH.size
    for k in range(50):
        b = bytearray(base)
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randrange(0, hdr_end)
            b[pos] ^= 1 << rnd.randrange(8) if rnd.random() < 0.5 else rnd.randrange(1, 256)
        emit("flip_%02d" % k, bytes(b), "any", "random header byte flips")
    # --- random garbage with a valid ELF header prefix
    for k in range(5):
        b = bytearray(base[:64]) + bytearray(rnd.randrange(256) for _ in range(4096))
        emit("garbage_%d" % k, bytes(b), "reject", "valid ELF header, random program headers")

    with open(os.path.join(out, "MANIFEST"), "w") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
