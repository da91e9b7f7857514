#!/usr/bin/env python3
"""Random RV64GC + Zba/Zbb/Zbs instruction-sequence generator.

Writes assembly for the differential-test harness (tests/fuzz/harness.c):

    gen.py SEED N OUTDIR [CHUNKS]

produces OUTDIR/seqs_K.S (K = 0..CHUNKS-1, the sequence bodies and their
initial-state tables, split so they can be assembled in parallel) and
OUTDIR/table.S (the sequence descriptor table).  Every sequence is bracketed by
"# seq N begin" / "# seq N end" comment lines so a failing one can be cut out.

A sequence body is entered with every x and f register and fcsr loaded from its
initial-state table (the scratch-buffer base register holds fuzz_buf+512), runs
random straight-line code with forward branches only, stores t5/t6 and jumps
to fuzz_exit (harness_s.S), which stores the other registers for the harness
to hash.
The same seed always gives the same output (Python's random.Random is stable).
"""
import os
import random
import sys

BUF_LO, BUF_HI = -512, 512  # scratch buffer relative to the base register
RES = 512  # result area offset from the base register (must match harness)

ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
       "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
       "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
       "t3", "t4", "t5", "t6"]
FABI = ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
        "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
        "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
        "ft8", "ft9", "ft10", "ft11"]
RMS = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]

M64 = (1 << 64) - 1

INT_SPECIAL = [
    0, 1, 2, 3, 7, M64, M64 - 1, 1 << 63, (1 << 63) - 1, (1 << 63) + 1,
    0xffffffff80000000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0xffffffff7fffffff, 0x8000, 0xffff, 0xffffffffffff8000, 0x7f, 0x80, 0xff,
    0xffffffffffffff80, 31, 32, 33, 63, 64, 0x0101010101010101,
    0x8080808080808080, 0x00ff00ff00ff00ff, 0x5555555555555555,
    0xaaaaaaaaaaaaaaaa, 0x123456789abcdef0,
]

F32_SPECIAL = [
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000,
    0x3fc00000, 0x40200000, 0xc0200000, 0x7f800000, 0xff800000,  # 1.5 2.5 inf
    0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0x7fa00000, 0xff800001,
    0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff,
    0x4f000000, 0xcf000000, 0x4effffff, 0x4f800000, 0x4f7fffff,  # 2^31, 2^32
    0x5f000000, 0xdf000000, 0x5effffff, 0x5f800000, 0xdf000001,  # 2^63, 2^64
    0x4b000000, 0x4b7fffff, 0x3effffff, 0x40490fdb, 0xcb000001,
]

F64_SPECIAL = [
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff0000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
    0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
    0xfff8000000000000, 0x7ff8000000000001, 0x7ff0000000000001,
    0x7ff4000000000000, 0xfff0000000000001, 0x0000000000000001,
    0x8000000000000001, 0x000fffffffffffff, 0x0010000000000000,
    0x7fefffffffffffff, 0xffefffffffffffff,
    0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffc00000,  # +-2^31, 2^31-1
    0x41dfffffffe00000, 0xc1e0000000100000, 0x41efffffffe00000,  # 2^31-0.5 ..
    0x41f0000000000000, 0x41efffffffffffff, 0xc1e0000000200000,  # 2^32
    0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff,  # +-2^63
    0x43f0000000000000, 0x43efffffffffffff, 0xc3e0000000000001,  # 2^64
    0x4330000000000000, 0x433fffffffffffff, 0x3fdfffffffffffff,
    0x400921fb54442d18, 0x36a0000000000000, 0x47efffffe0000000,  # tiny, ~FLT_MAX
    0x3810000000000000, 0x380fffffffffffff, 0xc330000000000001,
]


class Gen:
    def __init__(self, rng, idx):
        self.r = rng
        self.idx = idx
        self.lines = []
        self.pending = []  # [items_left, label]
        self.nlabel = 0
        self.base = 0

    # ---- operand choice ---------------------------------------------------
    def xr(self):  # any source register (reads of the base are fine)
        r = self.r.random()
        if r < 0.45:
            return self.r.randint(8, 15)
        if r < 0.5:
            return 0
        return self.r.randint(1, 31)

    def xd(self):  # a destination register: never the base register
        while True:
            r = self.r.random()
            if r < 0.45:
                d = self.r.randint(8, 15)
            elif r < 0.48:
                d = 0
            else:
                d = self.r.randint(1, 31)
            if d != self.base:
                return d

    def fr(self):
        if self.r.random() < 0.45:
            return self.r.randint(8, 15)
        return self.r.randint(0, 31)

    def X(self, n):
        return ABI[n]

    def F(self, n):
        return FABI[n]

    def rm(self):
        return self.r.choice(RMS)

    def emit(self, s):
        self.lines.append("\t" + s)

    def label(self):
        self.nlabel += 1
        return ".Ls%d_%d" % (self.idx, self.nlabel)

    # ---- values -----------------------------------------------------------
    def ival(self):
        r = self.r.random()
        if r < 0.35:
            return self.r.choice(INT_SPECIAL)
        if r < 0.5:
            return self.r.randint(-40, 40) & M64
        if r < 0.6:
            v = self.r.getrandbits(32)
            return (v | (M64 << 32)) & M64 if v & 0x80000000 else v
        if r < 0.7:
            return (1 << self.r.randint(0, 63)) + self.r.choice([-1, 0, 0, 1]) & M64
        return self.r.getrandbits(64)

    def fval(self):
        r = self.r.random()
        if r < 0.3:
            return 0xffffffff00000000 | self.r.choice(F32_SPECIAL)
        if r < 0.4:
            return 0xffffffff00000000 | self.rand_f32()
        if r < 0.7:
            return self.r.choice(F64_SPECIAL)
        if r < 0.85:
            return self.rand_f64()
        if r < 0.92:  # improperly NaN-boxed single
            return (self.r.choice([0, 0xfffffffe, 0x7fffffff, 0x3ff00000]) << 32) | \
                self.r.choice(F32_SPECIAL)
        return self.r.getrandbits(64)

    def rand_f32(self):
        e = self.r.choice([0, 0xff, self.r.randint(100, 160), self.r.randint(1, 254)])
        return (self.r.getrandbits(1) << 31) | (e << 23) | self.r.getrandbits(23)

    def rand_f64(self):
        e = self.r.choice([0, 0x7ff, self.r.randint(1000, 1090), self.r.randint(1, 0x7fe)])
        return (self.r.getrandbits(1) << 63) | (e << 52) | self.r.getrandbits(52)

    # ---- instruction groups -------------------------------------------------
    def g_alu(self):
        op = self.r.choice(["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra",
                            "or", "and", "addw", "subw", "sllw", "srlw", "sraw"])
        d = self.xd()
        a = d if self.r.random() < 0.35 else self.xr()
        self.emit("%s %s, %s, %s" % (op, self.X(d), self.X(a), self.X(self.xr())))

    def simm(self, bits):
        r = self.r.random()
        if r < 0.4:
            return self.r.randint(-32, 31)
        if r < 0.5:
            return self.r.choice([-(1 << (bits - 1)), (1 << (bits - 1)) - 1, 0, -1])
        return self.r.randint(-(1 << (bits - 1)), (1 << (bits - 1)) - 1)

    def g_alui(self):
        op = self.r.choice(["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw",
                            "slli", "srli", "srai", "slliw", "srliw", "sraiw"])
        d = self.xd()
        a = d if self.r.random() < 0.4 else self.xr()
        if op in ("slli", "srli", "srai"):
            imm = self.r.randint(0, 63)
        elif op.endswith("iw") and op != "addiw":
            imm = self.r.randint(0, 31)
        else:
            imm = self.simm(12)
        self.emit("%s %s, %s, %d" % (op, self.X(d), self.X(a), imm))

    def g_upper(self):
        d = self.xd()
        r = self.r.random()
        if r < 0.4:
            self.emit("lui %s, 0x%x" % (self.X(d), self.r.getrandbits(20)))
        elif r < 0.6:
            self.emit("lui %s, 0x%x" % (self.X(d), self.r.choice([1, 2, 0x1f, 0xfffff, 0xfffe0])))
        elif r < 0.8:
            self.emit("auipc %s, 0x%x" % (self.X(d), self.r.getrandbits(20)))
        else:
            self.emit("li %s, 0x%x" % (self.X(d), self.ival()))

    def g_mul(self):
        op = self.r.choice(["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
                            "mulw", "divw", "divuw", "remw", "remuw"])
        d = self.xd()
        self.emit("%s %s, %s, %s" % (op, self.X(d), self.X(self.xr()), self.X(self.xr())))

    def g_bitmanip(self):
        rr = ["sh1add", "sh2add", "sh3add", "add.uw", "sh1add.uw", "sh2add.uw",
              "sh3add.uw", "andn", "orn", "xnor", "max", "maxu", "min", "minu",
              "rol", "rolw", "ror", "rorw", "bclr", "bext", "binv", "bset"]
        un = ["clz", "clzw", "ctz", "cpop", "cpopw", "sext.b", "sext.h",
              "zext.h", "orc.b", "rev8"]
        imm6 = ["slli.uw", "rori", "bclri", "bexti", "binvi", "bseti"]
        imm5 = ["roriw"]
        d = self.xd()
        r = self.r.random()
        if r < 0.06:
            # QEMU 7.2 (the oracle) computes ctzw as a 64-bit count when the
            # low word is zero (ctzw of 1<<57 gives 57, not 32), so ctzw only
            # sees values whose low word is nonzero (upper bits still random)
            # or whose upper word is zero (low word may be zero).
            t = self.xd()
            while t == 0:
                t = self.xd()
            if self.r.random() < 0.5:
                self.emit("ori %s, %s, %d" % (self.X(t), self.X(self.xr()),
                                              self.r.choice([1, 2, 0x400, -2048, 0x7f0])))
            else:
                self.emit("srli %s, %s, %d" % (self.X(t), self.X(self.xr()), self.r.randint(32, 63)))
            self.emit("ctzw %s, %s" % (self.X(d), self.X(t)))
        elif r < 0.5:
            self.emit("%s %s, %s, %s" % (self.r.choice(rr), self.X(d), self.X(self.xr()),
                                        self.X(self.xr())))
        elif r < 0.75:
            self.emit("%s %s, %s" % (self.r.choice(un), self.X(d), self.X(self.xr())))
        elif r < 0.95:
            self.emit("%s %s, %s, %d" % (self.r.choice(imm6), self.X(d), self.X(self.xr()),
                                        self.r.randint(0, 63)))
        else:
            self.emit("%s %s, %s, %d" % (self.r.choice(imm5), self.X(d), self.X(self.xr()),
                                        self.r.randint(0, 31)))

    def off(self, size, aligned=None):
        if aligned is None:
            aligned = self.r.random() < 0.9
        r = self.r.random()
        if r < 0.1:  # around base, the page boundary
            lo, hi = -size, 0
            aligned = False
        elif r < 0.4:  # compressible range
            lo, hi = 0, (248 if size == 8 else 124)
        else:
            lo, hi = BUF_LO, BUF_HI - size
        o = self.r.randint(lo, hi)
        if aligned:
            o -= o % size
        return o

    def g_load(self):
        op, sz = self.r.choice([("lb", 1), ("lh", 2), ("lw", 4), ("ld", 8),
                                ("lbu", 1), ("lhu", 2), ("lwu", 4)])
        self.emit("%s %s, %d(%s)" % (op, self.X(self.xd()), self.off(sz), self.X(self.base)))

    def g_store(self):
        op, sz = self.r.choice([("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)])
        self.emit("%s %s, %d(%s)" % (op, self.X(self.xr()), self.off(sz), self.X(self.base)))

    def g_fmem(self):
        op, sz = self.r.choice([("flw", 4), ("fld", 8), ("fsw", 4), ("fsd", 8)])
        self.emit("%s %s, %d(%s)" % (op, self.F(self.fr()), self.off(sz), self.X(self.base)))

    def amo_addr(self, sz):
        t = self.xd()
        while t == 0:
            t = self.xd()
        o = self.r.randint(BUF_LO, BUF_HI - sz)
        o -= o % sz
        self.emit("addi %s, %s, %d" % (self.X(t), self.X(self.base), o))
        return t

    def g_amo(self):
        sz = self.r.choice([4, 8])
        sfx = ".w" if sz == 4 else ".d"
        t = self.amo_addr(sz)
        op = self.r.choice(["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin",
                            "amomax", "amominu", "amomaxu"])
        order = self.r.choice(["", "", ".aq", ".rl", ".aqrl"])
        self.emit("%s%s%s %s, %s, (%s)" % (op, sfx, order, self.X(self.xd()),
                                          self.X(self.xr()), self.X(t)))

    def g_lrsc(self):
        sz = self.r.choice([4, 8])
        sfx = ".w" if sz == 4 else ".d"
        t = self.amo_addr(sz)
        d = self.xd()
        while d == t:
            d = self.xd()
        self.emit("lr%s%s %s, (%s)" % (sfx, self.r.choice(["", ".aq", ".aqrl"]), self.X(d), self.X(t)))
        for _ in range(self.r.randint(0, 3)):  # no memory ops, no writes to t
            while True:
                dd = self.xd()
                if dd != t:
                    break
            op = self.r.choice(["add", "xor", "sub", "or"])
            self.emit("%s %s, %s, %s" % (op, self.X(dd), self.X(self.xr()), self.X(self.xr())))
        self.emit("sc%s%s %s, %s, (%s)" % (sfx, self.r.choice(["", ".rl", ".aqrl"]),
                                          self.X(self.xd()), self.X(self.xr()), self.X(t)))

    def g_fp_arith(self):
        p = self.r.choice(["s", "d"])
        r = self.r.random()
        if r < 0.45:
            op = self.r.choice(["fadd", "fsub", "fmul", "fdiv"])
            self.emit("%s.%s %s, %s, %s, %s" % (op, p, self.F(self.fr()), self.F(self.fr()),
                                                self.F(self.fr()), self.rm()))
        elif r < 0.55:
            self.emit("fsqrt.%s %s, %s, %s" % (p, self.F(self.fr()), self.F(self.fr()), self.rm()))
        elif r < 0.8:
            op = self.r.choice(["fmadd", "fmsub", "fnmadd", "fnmsub"])
            self.emit("%s.%s %s, %s, %s, %s, %s" % (op, p, self.F(self.fr()), self.F(self.fr()),
                                                    self.F(self.fr()), self.F(self.fr()),
                                                    self.rm()))
        else:
            op = self.r.choice(["fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"])
            a = self.fr()
            b = a if self.r.random() < 0.2 else self.fr()
            self.emit("%s.%s %s, %s, %s" % (op, p, self.F(self.fr()), self.F(a), self.F(b)))

    def g_fp_cmp(self):
        p = self.r.choice(["s", "d"])
        if self.r.random() < 0.75:
            op = self.r.choice(["feq", "flt", "fle"])
            a = self.fr()
            b = a if self.r.random() < 0.15 else self.fr()
            self.emit("%s.%s %s, %s, %s" % (op, p, self.X(self.xd()), self.F(a), self.F(b)))
        else:
            self.emit("fclass.%s %s, %s" % (p, self.X(self.xd()), self.F(self.fr())))

    def g_fcvt(self):
        r = self.r.random()
        p = self.r.choice(["s", "d"])
        it = self.r.choice(["w", "wu", "l", "lu"])
        if r < 0.45:
            self.emit("fcvt.%s.%s %s, %s, %s" % (it, p, self.X(self.xd()), self.F(self.fr()),
                                                self.rm()))
        elif r < 0.8:
            if p == "d" and it in ("w", "wu"):  # exact: no rounding-mode operand
                self.emit("fcvt.d.%s %s, %s" % (it, self.F(self.fr()), self.X(self.xr())))
            else:
                self.emit("fcvt.%s.%s %s, %s, %s" % (p, it, self.F(self.fr()),
                                                    self.X(self.xr()), self.rm()))
        elif r < 0.9:
            self.emit("fcvt.s.d %s, %s, %s" % (self.F(self.fr()), self.F(self.fr()), self.rm()))
        else:
            self.emit("fcvt.d.s %s, %s" % (self.F(self.fr()), self.F(self.fr())))

    def g_fmv(self):
        op = self.r.choice(["fmv.x.w", "fmv.x.d", "fmv.w.x", "fmv.d.x"])
        if op.startswith("fmv.x"):
            self.emit("%s %s, %s" % (op, self.X(self.xd()), self.F(self.fr())))
        else:
            self.emit("%s %s, %s" % (op, self.F(self.fr()), self.X(self.xr())))

    def g_csr(self):
        r = self.r.random()
        d = self.X(self.xd())
        if r < 0.15:
            self.emit("fsrmi %s, %d" % (d, self.r.randint(0, 4)))
        elif r < 0.3:
            self.emit("csrrw %s, fflags, %s" % (d, self.X(self.xr())))
        elif r < 0.4:
            self.emit("%s %s, fflags, %d" % (self.r.choice(["csrrwi", "csrrsi", "csrrci"]), d,
                                            self.r.randint(0, 31)))
        elif r < 0.5:
            self.emit("%s %s, fflags, %s" % (self.r.choice(["csrrs", "csrrc"]), d,
                                            self.X(self.xr())))
        elif r < 0.6:
            self.emit("csrr %s, %s" % (d, self.r.choice(["fflags", "frm", "fcsr"])))
        elif r < 0.7:  # clearing frm bits always leaves a valid mode
            self.emit("csrrc %s, frm, %s" % (d, self.X(self.xr())))
        elif r < 0.8:
            t = self.xd()
            while t == 0:
                t = self.xd()
            v = self.r.randint(0, 4) << 5 | self.r.randint(0, 31) | (self.r.getrandbits(8) << 8 if self.r.random() < 0.3 else 0)
            self.emit("li %s, %d" % (self.X(t), v))
            self.emit("fscsr %s, %s" % (d, self.X(t)))
        elif r < 0.9:
            t = self.xd()
            while t == 0:
                t = self.xd()
            self.emit("li %s, %d" % (self.X(t), self.r.randint(0, 4)))
            self.emit("csrrw %s, frm, %s" % (d, self.X(t)))
        else:
            self.emit("csrrwi %s, frm, %d" % (d, self.r.randint(0, 4)))

    def g_branch(self):
        r = self.r.random()
        lab = self.label()
        if r < 0.55:
            op = self.r.choice(["beq", "bne", "blt", "bge", "bltu", "bgeu"])
            a = self.xr()
            b = a if self.r.random() < 0.1 else self.xr()
            self.emit("%s %s, %s, %s" % (op, self.X(a), self.X(b), lab))
        elif r < 0.75:
            self.emit("%s %s, %s" % (self.r.choice(["beqz", "bnez"]),
                                     self.X(self.r.randint(8, 15)), lab))
        elif r < 0.87:
            if self.r.random() < 0.5:
                self.emit("j %s" % lab)
            else:
                self.emit("jal %s, %s" % (self.X(self.xd()), lab))
        else:
            t = self.xd()
            while t == 0:
                t = self.xd()
            self.emit("lla %s, %s" % (self.X(t), lab))
            d = self.r.choice([0, 1, self.xd()])
            if d == self.base:
                d = 0
            if self.r.random() < 0.25:  # jalr clears bit 0 of the target
                k = self.r.choice([1, 3, -5, 2047])  # t + k = label + 1
                if k != 1:
                    self.emit("addi %s, %s, %d" % (self.X(t), self.X(t), 1 - k))
                self.emit("jalr %s, %d(%s)" % (self.X(d), k, self.X(t)))
            elif d == 0 and self.r.random() < 0.7:
                self.emit("jr %s" % self.X(t))  # c.jr
            elif d == 1 and self.r.random() < 0.7:
                self.emit("jalr %s" % self.X(t))  # c.jalr
            else:
                self.emit("jalr %s, 0(%s)" % (self.X(d), self.X(t)))
        self.pending.append([self.r.randint(1, 4), lab])

    def g_misc(self):
        self.emit(self.r.choice(["fence", "fence.i", "nop", "fence rw, rw", "fence r, r"]))

    # compressed-friendly ALU forms (rd == rs1, x8..x15, small immediates)
    def g_compressed(self):
        r = self.r.random()
        d = self.r.randint(8, 15)
        if d == self.base:
            d = 8 if self.base != 8 else 9
        D = self.X(d)
        if r < 0.3:
            op = self.r.choice(["add", "sub", "xor", "or", "and", "addw", "subw"])
            self.emit("%s %s, %s, %s" % (op, D, D, self.X(self.r.randint(8, 15))))
        elif r < 0.5:
            op = self.r.choice(["addi", "addiw", "andi"])
            self.emit("%s %s, %s, %d" % (op, D, D, self.r.randint(-32, 31)))
        elif r < 0.65:
            op = self.r.choice(["slli", "srli", "srai"])
            self.emit("%s %s, %s, %d" % (op, D, D, self.r.randint(1, 63)))
        elif r < 0.75:
            self.emit("li %s, %d" % (D, self.r.randint(-32, 31)))
        elif r < 0.85:
            self.emit("mv %s, %s" % (self.X(self.xd()), self.X(self.r.randint(1, 31))))
        elif r < 0.92:
            self.emit("lui %s, 0x%x" % (D, self.r.choice([1, 2, 0x1f, 0xfffe0, 0xfffff])))
        else:  # c.addi4spn / c.addi16sp shapes
            if self.base != 2 and self.r.random() < 0.5:
                self.emit("addi sp, sp, %d" % (16 * self.r.randint(-32, 31) or 16))
            else:
                self.emit("addi %s, sp, %d" % (D, 4 * self.r.randint(1, 255)))

    GROUPS = [("alu", 14), ("alui", 12), ("upper", 5), ("mul", 7), ("bitmanip", 10),
              ("load", 8), ("store", 7), ("fmem", 5), ("amo", 3), ("lrsc", 1.5),
              ("fp_arith", 12), ("fp_cmp", 4), ("fcvt", 8), ("fmv", 4), ("csr", 4),
              ("branch", 5), ("misc", 0.7), ("compressed", 10)]

    def body(self, n):
        names = [g for g, _ in self.GROUPS]
        weights = [w for _, w in self.GROUPS]
        for _ in range(n):
            g = self.r.choices(names, weights)[0]
            getattr(self, "g_" + g)()
            for p in self.pending:
                p[0] -= 1
            done = [p for p in self.pending if p[0] < 0]
            self.pending = [p for p in self.pending if p[0] >= 0]
            for p in done:
                self.lines.append("%s:" % p[1])
        for p in self.pending:
            self.lines.append("%s:" % p[1])


def gen_seq(seed, idx):
    rng = random.Random("%d/%d" % (seed, idx))
    g = Gen(rng, idx)
    r = rng.random()
    g.base = rng.randint(8, 15) if r < 0.5 else (2 if r < 0.65 else rng.randint(1, 31))
    xs = [0] + [g.ival() for _ in range(31)]
    fs = [g.fval() for _ in range(32)]
    fcsr = rng.randint(0, 4) << 5 | rng.randint(0, 31)
    bufseed = rng.getrandbits(64)
    g.body(rng.randint(20, 50))
    out = ["# seq %d begin  (base register %s; it holds fuzz_buf+512)" % (idx, ABI[g.base]),
           "\t.section .rodata.fuzz,\"a\"", "\t.balign 8", "fuzz_init_%d:" % idx]
    for i in range(32):
        out.append("\t.dword 0x%016x  # %s" % (xs[i], ABI[i]))
    for i in range(32):
        out.append("\t.dword 0x%016x  # %s" % (fs[i], FABI[i]))
    out.append("\t.dword 0x%x  # fcsr" % fcsr)
    out.append("\t.dword 0x%016x  # scratch-buffer seed" % bufseed)
    out.append("\t.dword %d  # base register" % g.base)
    out += ["\t.section fuzztext,\"ax\",@progbits", "\t.balign 4",
            "\t.globl fuzz_body_%d" % idx, "fuzz_body_%d:" % idx]
    if g.base == 31:
        out.append("\tlla t6, fuzz_buf+512")
    else:
        out.append("\tli t6, 0x%x" % xs[31])
    out += g.lines
    # epilogue: store t5/t6 ourselves, then t6 = base and a far jump via t5
    out.append("\tsd t6, %d(%s)" % (RES + 31 * 8, ABI[g.base]))
    out.append("\tsd t5, %d(%s)" % (RES + 30 * 8, ABI[g.base]))
    out.append("\tmv t6, %s" % ABI[g.base])
    out.append("\tlla t5, fuzz_exit")
    out.append("\tjr t5")
    out.append("# seq %d end" % idx)
    return "\n".join(out) + "\n"


HEADER = """\t.option norelax
\t.option rvc
\t.attribute arch, "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zba1p0_zbb1p0_zbs1p0"
"""


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: gen.py SEED N OUTDIR [CHUNKS]")
    seed, n, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    chunks = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.makedirs(outdir, exist_ok=True)
    per = (n + chunks - 1) // chunks
    for k in range(chunks):
        with open(os.path.join(outdir, "seqs_%d.S" % k), "w") as f:
            f.write(HEADER)
            for i in range(k * per, min(n, (k + 1) * per)):
                f.write(gen_seq(seed, i))
                f.write("\t.globl fuzz_init_%d\n" % i)
    with open(os.path.join(outdir, "table.S"), "w") as f:
        f.write(HEADER)
        f.write("\t.section .rodata.fuzz,\"a\"\n\t.balign 8\n\t.globl fuzz_nseqs\n")
        f.write("fuzz_nseqs:\n\t.dword %d\n\t.globl fuzz_seed\nfuzz_seed:\n\t.dword %d\n"
                % (n, seed))
        f.write("\t.globl fuzz_table\nfuzz_table:\n")
        for i in range(n):
            f.write("\t.dword fuzz_init_%d, fuzz_body_%d\n" % (i, i))


if __name__ == "__main__":
    main()
