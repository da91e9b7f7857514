/*
 * cache - set-associative cache simulation of the guest's accesses
 *
 *   loupe -d plugin -plugin build/plugins/libcache.so[,ARG=VALUE...] PROG
 *
 * Models, per simulated core, an L1 instruction cache fed with the address
 * of every executed instruction, an L1 data cache fed with every memory
 * access, and optionally a unified L2 that sees the misses of both L1s.
 * At exit it prints, per cache, accesses, misses, the miss rate and the
 * misses per instruction, then the instructions that missed most in the
 * L1 data cache, in the L1 instruction cache and (with L2) in the L2.
 *
 * Arguments (sizes in bytes, a K/M/G suffix multiplies by 2^10/2^20/2^30;
 * see docs/plugins-b.md for the defaults):
 *   icachesize= iassoc= iblksize=      L1 instruction cache
 *   dcachesize= dassoc= dblksize=      L1 data cache
 *   l2=on|off                          unified L2 (on if any l2* is given)
 *   l2cachesize= l2assoc= l2blksize=   L2
 *   evict=lru|fifo|rand                replacement policy (all caches)
 *   seed=N                             seed of evict=rand (fixed default)
 *   cores=N                            simulated cores; vCPU i uses core i % N
 *   limit=N                            instructions listed per ranking
 *
 * Model.  A cache of S bytes, A ways and B-byte blocks has S/(A*B) sets
 * (which must be a power of two).  An access to address X looks up block
 * X/B in set (X/B) mod sets; a hit refreshes the block for LRU; a miss
 * fills an invalid way if there is one, else evicts the least recently
 * used way (lru), the way filled longest ago (fifo) or a pseudo-random way
 * (rand, xorshift64*, deterministic for a given seed and access order).
 * Loads and stores are treated alike (write-allocate, no write-back
 * traffic); an access is charged to the block of its first byte, even when
 * it straddles two blocks.  L1 misses go to the core's L2; hits in L1 do
 * not touch the L2 (no inclusion is enforced).
 *
 * Threads.  Each core's caches are guarded by the core's lock, so guest
 * threads that share a core (cores=1, the default) see one shared cache
 * state.  Per-instruction miss counters are shared by all cores and
 * updated atomically.  Results are deterministic for single-threaded
 * guests; with several threads they depend on the interleaving.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef enum { EVICT_LRU, EVICT_FIFO, EVICT_RAND } Evict;

static const char *const evict_names[] = {"lru", "fifo", "rand"};

typedef struct {
	uint64_t size;
	uint64_t assoc;
	uint64_t blksize;
} CacheConfig;

typedef struct {
	const char *name;
	CacheConfig cfg;
	unsigned blk_shift;
	uint64_t nsets;
	uint64_t set_mask;
	Evict evict;
	uint64_t *tags;	 /* nsets * assoc block numbers */
	uint64_t *stamp; /* lru: clock of the last use */
	uint8_t *valid;
	uint32_t *fifo_next; /* fifo: next way to fill, per set */
	uint64_t clock;
	uint64_t rng;
	uint64_t accesses;
	uint64_t misses;
} Cache;

typedef struct {
	GMutex lock;
	Cache *l1i;
	Cache *l1d;
	Cache *l2; /* NULL without L2 */
} Core;

/* What the report says about one instruction (shared by all cores). */
typedef struct {
	uint64_t vaddr;
	char *disas;
	char *symbol;
	uint64_t l1d_misses; /* updated atomically */
	uint64_t l1i_misses;
	uint64_t l2_misses; /* data and instruction misses in L2 */
} InsnStat;

typedef struct {
	CacheConfig icfg, dcfg, l2cfg;
	bool use_l2;
	Evict evict;
	uint64_t seed;
	unsigned cores;
	unsigned limit;

	Core *core; /* cores entries */

	GMutex lock;	   /* guards stats */
	GHashTable *stats; /* vaddr -> InsnStat (owned) */
} CachePlugin;

static CachePlugin cp;

/* ------------------------------------------------------------------ */
/* The cache model                                                     */
/* ------------------------------------------------------------------ */

static bool is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static unsigned log2u(uint64_t v)
{
	unsigned n = 0;
	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* Upper bound on modelled lines, to refuse absurd configurations. */
#define MAX_LINES (UINT64_C(1) << 24)

/* NULL and a message in *err when @cfg is not a valid geometry. */
static char *cache_check(const char *name, const CacheConfig *cfg)
{
	if (cfg->blksize == 0 || !is_pow2(cfg->blksize)) {
		return g_strdup_printf("%s block size %" PRIu64
				       " is not a power of "
				       "two",
				       name, cfg->blksize);
	}
	if (cfg->assoc == 0) {
		return g_strdup_printf("%s associativity must be at least 1",
				       name);
	}
	if (cfg->size == 0 || cfg->size % cfg->blksize != 0) {
		return g_strdup_printf("%s size %" PRIu64
				       " is not a multiple of the "
				       "block size %" PRIu64,
				       name, cfg->size, cfg->blksize);
	}
	uint64_t blocks = cfg->size / cfg->blksize;
	if (blocks % cfg->assoc != 0) {
		return g_strdup_printf("%s associativity %" PRIu64
				       " does not divide "
				       "its %" PRIu64 " blocks",
				       name, cfg->assoc, blocks);
	}
	uint64_t sets = blocks / cfg->assoc;
	if (!is_pow2(sets)) {
		return g_strdup_printf("%s has %" PRIu64
				       " sets (size / (assoc * "
				       "blksize)); that must be a power of two",
				       name, sets);
	}
	if (blocks > MAX_LINES) {
		return g_strdup_printf("%s has %" PRIu64
				       " blocks; at most %" PRIu64
				       " are supported",
				       name, blocks, MAX_LINES);
	}
	return NULL;
}

static Cache *cache_new(const char *name, const CacheConfig *cfg, Evict evict,
			uint64_t seed)
{
	Cache *c = g_new0(Cache, 1);
	uint64_t lines = cfg->size / cfg->blksize;
	c->name = name;
	c->cfg = *cfg;
	c->blk_shift = log2u(cfg->blksize);
	c->nsets = lines / cfg->assoc;
	c->set_mask = c->nsets - 1;
	c->evict = evict;
	c->tags = g_new0(uint64_t, lines);
	c->valid = g_new0(uint8_t, lines);
	if (evict == EVICT_LRU) {
		c->stamp = g_new0(uint64_t, lines);
	} else if (evict == EVICT_FIFO) {
		c->fifo_next = g_new0(uint32_t, c->nsets);
	}
	c->rng = seed ? seed : UINT64_C(0x9e3779b97f4a7c15);
	return c;
}

static void cache_free(Cache *c)
{
	if (c == NULL) {
		return;
	}
	g_free(c->tags);
	g_free(c->valid);
	g_free(c->stamp);
	g_free(c->fifo_next);
	g_free(c);
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64* */
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * UINT64_C(0x2545f4914f6cdd1d);
}

/* Look @addr up, filling its block on a miss.  True on a hit. */
static bool cache_access(Cache *c, uint64_t addr)
{
	uint64_t blk = addr >> c->blk_shift;
	uint64_t assoc = c->cfg.assoc;
	uint64_t base = (blk & c->set_mask) * assoc;
	uint64_t *tags = &c->tags[base];
	uint8_t *valid = &c->valid[base];

	c->accesses++;
	c->clock++;
	for (uint64_t w = 0; w < assoc; w++) {
		if (valid[w] && tags[w] == blk) {
			if (c->evict == EVICT_LRU) {
				c->stamp[base + w] = c->clock;
			}
			return true;
		}
	}
	c->misses++;

	uint64_t victim = assoc;
	switch (c->evict) {
	case EVICT_FIFO: {
		/* Ways are filled in order, so this is also the first invalid
		 * one. */
		uint32_t *next = &c->fifo_next[blk & c->set_mask];
		victim = *next;
		*next = (uint32_t)((*next + 1) % assoc);
		break;
	}
	case EVICT_LRU:
	case EVICT_RAND:
		for (uint64_t w = 0; w < assoc; w++) {
			if (!valid[w]) {
				victim = w;
				break;
			}
		}
		if (victim == assoc) {
			if (c->evict == EVICT_RAND) {
				victim = rng_next(&c->rng) % assoc;
			} else {
				victim = 0;
				for (uint64_t w = 1; w < assoc; w++) {
					if (c->stamp[base + w] <
					    c->stamp[base + victim]) {
						victim = w;
					}
				}
			}
		}
		break;
	}
	tags[victim] = blk;
	valid[victim] = 1;
	if (c->evict == EVICT_LRU) {
		c->stamp[base + victim] = c->clock;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Execution callbacks                                                 */
/* ------------------------------------------------------------------ */

static void count(uint64_t *ctr)
{
	__atomic_fetch_add(ctr, 1, __ATOMIC_RELAXED);
}

static void insn_exec(unsigned int vcpu, void *udata)
{
	InsnStat *st = udata;
	Core *core = &cp.core[vcpu % cp.cores];

	g_mutex_lock(&core->lock);
	if (!cache_access(core->l1i, st->vaddr)) {
		count(&st->l1i_misses);
		if (core->l2 != NULL && !cache_access(core->l2, st->vaddr)) {
			count(&st->l2_misses);
		}
	}
	g_mutex_unlock(&core->lock);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
		       uint64_t vaddr, void *udata)
{
	(void)info;
	InsnStat *st = udata;
	Core *core = &cp.core[vcpu % cp.cores];

	g_mutex_lock(&core->lock);
	if (!cache_access(core->l1d, vaddr)) {
		count(&st->l1d_misses);
		if (core->l2 != NULL && !cache_access(core->l2, vaddr)) {
			count(&st->l2_misses);
		}
	}
	g_mutex_unlock(&core->lock);
}

/* ------------------------------------------------------------------ */
/* Translation                                                         */
/* ------------------------------------------------------------------ */

static InsnStat *stat_lookup__locked(struct qemu_plugin_insn *insn)
{
	uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
	InsnStat *st = g_hash_table_lookup(cp.stats, &vaddr);
	if (st == NULL) {
		st = g_new0(InsnStat, 1);
		st->vaddr = vaddr;
		st->disas = qemu_plugin_insn_disas(insn);
		const char *sym = qemu_plugin_insn_symbol(insn);
		st->symbol = g_strdup(sym ? sym : "");
		g_hash_table_insert(cp.stats, &st->vaddr, st);
	}
	return st;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
	(void)udata;
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		g_mutex_lock(&cp.lock);
		InsnStat *st = stat_lookup__locked(insn);
		g_mutex_unlock(&cp.lock);
		qemu_plugin_register_vcpu_insn_exec_cb(
		    insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, st);
		qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
						 QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, st);
	}
}

/* ------------------------------------------------------------------ */
/* Report                                                              */
/* ------------------------------------------------------------------ */

static void stat_free(gpointer p)
{
	InsnStat *st = p;
	g_free(st->disas);
	g_free(st->symbol);
	g_free(st);
}

static void report_cache_line(GString *s, const char *core, const char *name,
			      const CacheConfig *cfg, uint64_t accesses,
			      uint64_t misses, uint64_t insns)
{
	double rate =
	    accesses ? 100.0 * (double)misses / (double)accesses : 0.0;
	double mpi = insns ? (double)misses / (double)insns : 0.0;
	g_string_append_printf(s,
			       "%-5s %-4s %10" PRIu64 " %5" PRIu64 " %7" PRIu64
			       " %14" PRIu64 " %12" PRIu64 " %9.4f%% %11.6f\n",
			       core, name, cfg->size, cfg->assoc, cfg->blksize,
			       accesses, misses, rate, mpi);
}

typedef uint64_t (*StatField)(const InsnStat *);

static uint64_t f_l1d(const InsnStat *s)
{
	return s->l1d_misses;
}
static uint64_t f_l1i(const InsnStat *s)
{
	return s->l1i_misses;
}
static uint64_t f_l2(const InsnStat *s)
{
	return s->l2_misses;
}

static StatField sort_field;

static gint cmp_stat(gconstpointer a, gconstpointer b)
{
	const InsnStat *x = *(InsnStat *const *)a;
	const InsnStat *y = *(InsnStat *const *)b;
	uint64_t mx = sort_field(x), my = sort_field(y);
	if (mx != my) {
		return mx > my ? -1 : 1;
	}
	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static void report_top(GString *s, GPtrArray *all, const char *title,
		       StatField field)
{
	sort_field = field;
	g_ptr_array_sort(all, cmp_stat);
	g_string_append_printf(s, "\n%s (top %u)\n", title, cp.limit);
	g_string_append(s, "address       misses  symbol / instruction\n");
	unsigned shown = 0;
	for (guint i = 0; i < all->len && shown < cp.limit; i++) {
		const InsnStat *st = g_ptr_array_index(all, i);
		uint64_t m = field(st);
		if (m == 0) {
			break;
		}
		g_string_append_printf(
		    s, "0x%-10" PRIx64 " %8" PRIu64 "  %s%s%s\n", st->vaddr, m,
		    st->symbol, st->symbol[0] ? ": " : "",
		    st->disas ? st->disas : "?");
		shown++;
	}
	if (shown == 0) {
		g_string_append(s, "(none)\n");
	}
}

static void plugin_exit(void *udata)
{
	(void)udata;
	GString *s = g_string_new(NULL);
	uint64_t tot_insns = 0;
	uint64_t tot[3][2] = {{0}}; /* L1I, L1D, L2 x accesses, misses */

	g_string_append_printf(s, "cache model: %u core%s, evict=%s", cp.cores,
			       cp.cores == 1 ? "" : "s", evict_names[cp.evict]);
	if (cp.evict == EVICT_RAND) {
		g_string_append_printf(s, " (seed %" PRIu64 ")", cp.seed);
	}
	g_string_append(s, "\n");
	g_string_append(s, "core  cache      size assoc blksize       accesses"
			   "       misses miss-rate misses/insn\n");
	for (unsigned c = 0; c < cp.cores; c++) {
		Core *core = &cp.core[c];
		uint64_t insns = core->l1i->accesses;
		char name[16];
		snprintf(name, sizeof(name), "%u", c);
		tot_insns += insns;
		Cache *caches[3] = {core->l1i, core->l1d, core->l2};
		const char *names[3] = {"L1I", "L1D", "L2"};
		for (int k = 0; k < 3; k++) {
			if (caches[k] == NULL) {
				continue;
			}
			report_cache_line(s, name, names[k], &caches[k]->cfg,
					  caches[k]->accesses,
					  caches[k]->misses, insns);
			tot[k][0] += caches[k]->accesses;
			tot[k][1] += caches[k]->misses;
		}
	}
	if (cp.cores > 1) {
		const CacheConfig *cfgs[3] = {&cp.icfg, &cp.dcfg, &cp.l2cfg};
		const char *names[3] = {"L1I", "L1D", "L2"};
		for (int k = 0; k < 3; k++) {
			if (k == 2 && !cp.use_l2) {
				continue;
			}
			report_cache_line(s, "all", names[k], cfgs[k],
					  tot[k][0], tot[k][1], tot_insns);
		}
	}
	g_string_append_printf(s, "instructions: %" PRIu64 "\n", tot_insns);

	GPtrArray *all = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, cp.stats);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		g_ptr_array_add(all, v);
	}
	if (cp.limit > 0) {
		report_top(s, all, "L1 data cache misses by instruction",
			   f_l1d);
		report_top(s, all, "L1 instruction cache misses by instruction",
			   f_l1i);
		if (cp.use_l2) {
			report_top(
			    s, all,
			    "L2 misses (data + instruction) by instruction",
			    f_l2);
		}
	}
	g_ptr_array_free(all, TRUE);

	qemu_plugin_outs(s->str);
	g_string_free(s, TRUE);

	for (unsigned c = 0; c < cp.cores; c++) {
		cache_free(cp.core[c].l1i);
		cache_free(cp.core[c].l1d);
		cache_free(cp.core[c].l2);
		g_mutex_clear(&cp.core[c].lock);
	}
	g_free(cp.core);
	g_hash_table_destroy(cp.stats);
	g_mutex_clear(&cp.lock);
}

/* ------------------------------------------------------------------ */
/* Installation                                                        */
/* ------------------------------------------------------------------ */

/* Unsigned number, optionally with a K/M/G (binary) suffix. */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end = NULL;
	if (*s == '\0' || *s == '-' || *s == '+') {
		return false;
	}
	errno = 0;
	guint64 v = g_ascii_strtoull(s, &end, 0);
	if (errno != 0 || end == s) {
		return false;
	}
	unsigned shift = 0;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		return false;
	}
	if (*end != '\0' || (shift && v > (UINT64_MAX >> shift))) {
		return false;
	}
	*out = v << shift;
	return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	/* Defaults: 32 KiB 8-way L1s, 1 MiB 16-way L2, 64-byte blocks. */
	cp.icfg = (CacheConfig){32 * 1024, 8, 64};
	cp.dcfg = (CacheConfig){32 * 1024, 8, 64};
	cp.l2cfg = (CacheConfig){1024 * 1024, 16, 64};
	cp.use_l2 = false;
	cp.evict = EVICT_LRU;
	cp.seed = UINT64_C(0x6c6f757065); /* "loupe" */
	cp.cores = 1;
	cp.limit = 16;

	bool l2_given = false, l2_param = false;
	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];
		const char *eq = strchr(opt, '=');
		if (eq == NULL) {
			fprintf(stderr,
				"cache: argument '%s' is not NAME=VALUE\n",
				opt);
			return -1;
		}
		g_autofree char *name = g_strndup(opt, eq - opt);
		const char *val = eq + 1;
		uint64_t *num = NULL;
		bool is_l2 = false;

		if (strcmp(name, "icachesize") == 0) {
			num = &cp.icfg.size;
		} else if (strcmp(name, "iassoc") == 0) {
			num = &cp.icfg.assoc;
		} else if (strcmp(name, "iblksize") == 0) {
			num = &cp.icfg.blksize;
		} else if (strcmp(name, "dcachesize") == 0) {
			num = &cp.dcfg.size;
		} else if (strcmp(name, "dassoc") == 0) {
			num = &cp.dcfg.assoc;
		} else if (strcmp(name, "dblksize") == 0) {
			num = &cp.dcfg.blksize;
		} else if (strcmp(name, "l2cachesize") == 0) {
			num = &cp.l2cfg.size;
			is_l2 = true;
		} else if (strcmp(name, "l2assoc") == 0) {
			num = &cp.l2cfg.assoc;
			is_l2 = true;
		} else if (strcmp(name, "l2blksize") == 0) {
			num = &cp.l2cfg.blksize;
			is_l2 = true;
		} else if (strcmp(name, "l2") == 0) {
			if (!qemu_plugin_bool_parse(name, val, &cp.use_l2)) {
				fprintf(stderr,
					"cache: l2=%s: expected on or off\n",
					val);
				return -1;
			}
			l2_given = true;
			continue;
		} else if (strcmp(name, "evict") == 0) {
			if (strcmp(val, "lru") == 0) {
				cp.evict = EVICT_LRU;
			} else if (strcmp(val, "fifo") == 0) {
				cp.evict = EVICT_FIFO;
			} else if (strcmp(val, "rand") == 0) {
				cp.evict = EVICT_RAND;
			} else {
				fprintf(
				    stderr,
				    "cache: evict=%s: expected lru, fifo or "
				    "rand\n",
				    val);
				return -1;
			}
			continue;
		} else if (strcmp(name, "seed") == 0 ||
			   strcmp(name, "cores") == 0 ||
			   strcmp(name, "limit") == 0) {
			uint64_t v;
			char *end = NULL;
			errno = 0;
			v = g_ascii_strtoull(val, &end, 0);
			if (*val == '\0' || *val == '-' || errno != 0 ||
			    *end != '\0') {
				fprintf(stderr,
					"cache: %s=%s is not a number\n", name,
					val);
				return -1;
			}
			if (name[0] == 's') {
				cp.seed = v;
			} else if (name[0] == 'c') {
				if (v < 1 || v > 4096) {
					fprintf(stderr,
						"cache: cores=%s: must be 1 to "
						"4096\n",
						val);
					return -1;
				}
				cp.cores = (unsigned)v;
			} else {
				if (v > UINT32_MAX) {
					fprintf(
					    stderr,
					    "cache: limit=%s is too large\n",
					    val);
					return -1;
				}
				cp.limit = (unsigned)v;
			}
			continue;
		} else {
			fprintf(stderr, "cache: unknown argument '%s'\n", opt);
			return -1;
		}

		if (!parse_size(val, num)) {
			fprintf(stderr, "cache: %s=%s is not a size\n", name,
				val);
			return -1;
		}
		l2_param |= is_l2;
	}
	if (l2_param) {
		if (l2_given && !cp.use_l2) {
			fprintf(stderr,
				"cache: l2=off contradicts the l2cachesize/"
				"l2assoc/l2blksize arguments\n");
			return -1;
		}
		cp.use_l2 = true;
	}

	const struct {
		const char *name;
		const CacheConfig *cfg;
		bool on;
	} chk[] = {
	    {"L1 instruction cache", &cp.icfg, true},
	    {"L1 data cache", &cp.dcfg, true},
	    {"L2 cache", &cp.l2cfg, cp.use_l2},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(chk); i++) {
		if (!chk[i].on) {
			continue;
		}
		g_autofree char *err = cache_check(chk[i].name, chk[i].cfg);
		if (err != NULL) {
			fprintf(stderr, "cache: %s\n", err);
			return -1;
		}
	}

	cp.core = g_new0(Core, cp.cores);
	for (unsigned c = 0; c < cp.cores; c++) {
		Core *core = &cp.core[c];
		g_mutex_init(&core->lock);
		/* Distinct but fixed streams for each cache of each core. */
		uint64_t s = cp.seed + 3 * (uint64_t)c;
		core->l1i = cache_new("L1I", &cp.icfg, cp.evict, s);
		core->l1d = cache_new("L1D", &cp.dcfg, cp.evict, s + 1);
		if (cp.use_l2) {
			core->l2 = cache_new("L2", &cp.l2cfg, cp.evict, s + 2);
		}
	}
	g_mutex_init(&cp.lock);
	cp.stats =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, stat_free);

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
