/*
 * drcov - basic-block coverage in DynamoRIO's drcov format
 *
 *   loupe -plugin build/plugins/libdrcov.so[,ARG=VALUE...] PROG
 *
 * Writes a drcov version 2 log that coverage viewers (Lighthouse, bncov,
 * Dragon Dance, drcov2lcov) load:
 *
 *   DRCOV VERSION: 2
 *   DRCOV FLAVOR: drcov
 *   Module Table: version 2, count 2
 *   Columns: id, base, end, entry, path
 *   0, 0x0000000000010000, 0x0000000000073000, 0x000000000001057a, /abs/prog
 *   1, 0x..., 0x..., 0x0000000000000000, /usr/riscv64-linux-gnu/lib/libc.so.6
 *   BB Table: N bbs
 *   N binary records { uint32 start; uint16 size; uint16 id; } (little-endian)
 *
 * where start is the block's offset from its module's base and size its
 * length in bytes.
 *
 * Arguments:
 *   filename=PATH     output file (default "<program basename>.drcov"; a
 *                     relative path is taken from the directory loupe was
 *                     started in, whatever the guest does with chdir)
 *   record=exec|trans exec (default): blocks that started executing;
 *                     trans: blocks that were translated (no run-time
 *                     cost at all; in loupe a block is translated when it
 *                     is about to run, so the two agree in practice)
 *   modules=all|main  all (default): also the shared objects the code runs
 *                     in (dynamic loader, libraries); main: only the
 *                     program
 *
 * Module 0 is the guest executable.  Its base, end and entry are those of
 * its mapping: the lowest PT_LOAD address rounded down to a page, the
 * highest PT_LOAD end rounded up to a page, and the entry point, all
 * shifted by the load bias (entry_code - e_entry, zero for non-PIE
 * executables), read from the ELF file named by qemu_plugin_path_to_binary.
 * That makes block offsets line up with the addresses a disassembler shows
 * for the file.  If the file cannot be read the plugin falls back to
 * qemu_plugin_start_code/end_code/entry_code.
 *
 * Other modules (modules=all) are found when a block starts outside every
 * known module: the guest's memory is host memory at a fixed offset
 * (qemu_plugin_insn_haddr - vaddr), and an emulator in user mode maps the
 * guest's files with mmap, so the host's /proc/self/maps names the file
 * behind the block.  The module spans the mappings of that file from the
 * one at file offset 0 (its base, as for DynamoRIO: offsets are then ELF
 * addresses of a shared object) to the last; its entry is written as 0.
 * Blocks in anonymous memory (the signal trampoline, JIT code) are not
 * recorded; their number is reported with -d plugin.
 *
 * Blocks.  A block is the translation unit, identified by (start, size);
 * each distinct one is written once, in order of first translation.  With
 * record=exec each block gets a per-vCPU "executed" flag that an inline
 * store sets every time it starts; a block is written if any vCPU set it.
 * No callback runs during execution.  Translation is guarded by a lock, so
 * the plugin is safe with any number of guest threads.
 *
 * A guest that forks: the child process writes its own file, named as the
 * parent's with ".<pid>" appended, holding the blocks of both the parent
 * (before the fork) and the child.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define PAGE_SIZE_GUEST UINT64_C(4096)

#define MAX_MODULES 65535

typedef struct {
	uint64_t vaddr;
	uint64_t size;
	unsigned module;
	struct qemu_plugin_scoreboard *seen; /* record=exec: per-vCPU flag */
	bool executed;			     /* cached: some vCPU ran it */
} Block;

typedef struct {
	uint64_t base, end, entry; /* guest addresses, end exclusive */
	char *path;
} Module;

typedef struct {
	/* arguments */
	char *filename;	 /* absolute, owned; NULL until known */
	char *start_dir; /* cwd at install */
	bool record_exec;
	bool all_modules;

	pid_t pid; /* of the process that installed us */

	GMutex lock;	   /* guards everything below */
	bool module_ready; /* module 0 set up */
	GArray *modules;   /* Module; [0] is the program */
	bool have_guest_base;
	uintptr_t guest_base;	/* host address of guest address 0 */
	GHashTable *anon_pages; /* guest pages known to belong to no file */
	GHashTable *blocks;	/* Block (key is the Block itself) */
	GPtrArray *order;	/* Block *, first translation order (owned) */
	GHashTable *outside;	/* distinct block starts in no module */
} Drcov;

static Drcov dc;

/* ------------------------------------------------------------------ */
/* The module                                                          */
/* ------------------------------------------------------------------ */

/* Base, end and entry from the ELF file; false if it cannot be read. */
static bool module_from_elf(const char *path, Module *m)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return false;
	}
	Elf64_Ehdr eh;
	bool ok = fread(&eh, sizeof(eh), 1, f) == 1 &&
		  memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
		  eh.e_ident[EI_CLASS] == ELFCLASS64 &&
		  eh.e_ident[EI_DATA] == ELFDATA2LSB &&
		  eh.e_phentsize == sizeof(Elf64_Phdr) && eh.e_phnum > 0;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; ok && i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * sizeof(ph)),
			  SEEK_SET) != 0 ||
		    fread(&ph, sizeof(ph), 1, f) != 1) {
			ok = false;
			break;
		}
		if (ph.p_type != PT_LOAD) {
			continue;
		}
		lo = MIN(lo, ph.p_vaddr);
		hi = MAX(hi, ph.p_vaddr + ph.p_memsz);
	}
	fclose(f);
	if (!ok || lo >= hi) {
		return false;
	}
	uint64_t entry = qemu_plugin_entry_code();
	uint64_t bias = entry ? entry - eh.e_entry : 0;
	m->base = (lo & ~(PAGE_SIZE_GUEST - 1)) + bias;
	m->end = ((hi + PAGE_SIZE_GUEST - 1) & ~(PAGE_SIZE_GUEST - 1)) + bias;
	m->entry = eh.e_entry + bias;
	return true;
}

/* Set module 0 up; at the first translation, when the loader is done. */
static void module_init__locked(void)
{
	Module m = {0};
	dc.module_ready = true;
	g_autofree char *bin = (char *)qemu_plugin_path_to_binary();
	if (bin != NULL) {
		char *abs = realpath(bin, NULL);
		m.path = g_strdup(abs ? abs : bin);
		free(abs);
	} else {
		m.path = g_strdup("unknown");
	}
	if (bin == NULL || !module_from_elf(bin, &m)) {
		m.base = qemu_plugin_start_code();
		m.end = qemu_plugin_end_code();
		m.entry = qemu_plugin_entry_code();
	}
	g_array_append_val(dc.modules, m);
	if (dc.filename == NULL) {
		g_autofree char *base = g_path_get_basename(m.path);
		g_autofree char *name = g_strconcat(base, ".drcov", NULL);
		dc.filename = g_build_filename(dc.start_dir, name, NULL);
	}
}

static int module_find__locked(uint64_t vaddr)
{
	for (guint i = 0; i < dc.modules->len; i++) {
		const Module *m = &g_array_index(dc.modules, Module, i);
		if (vaddr >= m->base && vaddr < m->end) {
			return (int)i;
		}
	}
	return -1;
}

/* One line of /proc/self/maps, in guest addresses. */
typedef struct {
	uint64_t start, end, offset;
	const char *path; /* NULL for anonymous memory */
} Mapping;

/* Parse @text (modified in place) into Mappings at or above the guest base. */
static GArray *parse_maps(char *text)
{
	GArray *maps = g_array_new(FALSE, FALSE, sizeof(Mapping));
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long start, end, offset, inode;
		char perms[8];
		int pos = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %*s %llu %n", &start, &end,
			   perms, &offset, &inode, &pos) < 5 ||
		    pos == 0) {
			continue;
		}
		if (start < dc.guest_base) {
			continue;
		}
		char *path = line + pos;
		char *del = strstr(path, " (deleted)");
		if (del != NULL) {
			*del = '\0';
		}
		Mapping m = {
		    .start = start - dc.guest_base,
		    .end = end - dc.guest_base,
		    .offset = offset,
		    .path = (inode != 0 && path[0] == '/') ? path : NULL,
		};
		g_array_append_val(maps, m);
	}
	return maps;
}

/*
 * Find the file mapped at guest address @vaddr and add it as a module.
 * Returns the module's index, or -1 if @vaddr is in anonymous memory (the
 * page is then remembered, so /proc/self/maps is read once per such page).
 */
static int module_discover__locked(uint64_t vaddr)
{
	uint64_t page = vaddr / PAGE_SIZE_GUEST;
	if (!dc.all_modules || !dc.have_guest_base ||
	    dc.modules->len >= MAX_MODULES ||
	    g_hash_table_contains(dc.anon_pages, &page)) {
		return -1;
	}
	g_autofree char *text = NULL;
	if (!g_file_get_contents("/proc/self/maps", &text, NULL, NULL)) {
		dc.all_modules = false;
		return -1;
	}
	GArray *maps = parse_maps(text);
	int found = -1;
	guint hit = maps->len;
	for (guint i = 0; i < maps->len; i++) {
		const Mapping *m = &g_array_index(maps, Mapping, i);
		if (vaddr >= m->start && vaddr < m->end) {
			hit = i;
			break;
		}
	}
	if (hit < maps->len && g_array_index(maps, Mapping, hit).path != NULL) {
		const char *path = g_array_index(maps, Mapping, hit).path;
		/* Back to the mapping of this file at offset 0 (the load's
		 * base). */
		guint first = hit;
		for (guint i = hit + 1; i-- > 0;) {
			const Mapping *m = &g_array_index(maps, Mapping, i);
			if (m->path == NULL) {
				continue;
			}
			if (strcmp(m->path, path) != 0) {
				break;
			}
			first = i;
			if (m->offset == 0) {
				break;
			}
		}
		/* Forward to the last mapping of the file before another load.
		 */
		uint64_t end = g_array_index(maps, Mapping, first).end;
		for (guint i = first + 1; i < maps->len; i++) {
			const Mapping *m = &g_array_index(maps, Mapping, i);
			if (m->path == NULL) {
				continue;
			}
			if (strcmp(m->path, path) != 0 || m->offset == 0) {
				break;
			}
			end = m->end;
		}
		Module mod = {
		    .base = g_array_index(maps, Mapping, first).start,
		    .end = end,
		    .entry = 0,
		    .path = g_strdup(path),
		};
		bool overlaps = false;
		for (guint i = 0; i < dc.modules->len; i++) {
			const Module *o = &g_array_index(dc.modules, Module, i);
			overlaps |= mod.base < o->end && o->base < mod.end;
		}
		if (!overlaps && vaddr >= mod.base && vaddr < mod.end &&
		    strchr(mod.path, '\n') == NULL &&
		    strstr(mod.path, ", ") == NULL) {
			g_array_append_val(dc.modules, mod);
			found = (int)dc.modules->len - 1;
		} else {
			g_free(mod.path);
		}
	}
	g_array_free(maps, TRUE);
	if (found < 0) {
		uint64_t *key = g_new(uint64_t, 1);
		*key = page;
		g_hash_table_add(dc.anon_pages, key);
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static guint block_hash(gconstpointer p)
{
	const Block *b = p;
	uint64_t k = b->vaddr * UINT64_C(0x9e3779b97f4a7c15) ^ b->size;
	return (guint)(k ^ (k >> 32));
}

static gboolean block_equal(gconstpointer a, gconstpointer b)
{
	const Block *x = a, *y = b;
	return x->vaddr == y->vaddr && x->size == y->size;
}

static void block_free(gpointer p)
{
	Block *b = p;
	if (b->seen != NULL) {
		qemu_plugin_scoreboard_free(b->seen);
	}
	g_free(b);
}

static bool block_executed(Block *b)
{
	if (!b->executed && b->seen != NULL &&
	    qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(b->seen)) != 0) {
		b->executed = true;
	}
	return b->executed;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
	(void)udata;
	size_t n = qemu_plugin_tb_n_insns(tb);
	if (n == 0) {
		return;
	}
	struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
	struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
	Block key = {
	    .vaddr = qemu_plugin_tb_vaddr(tb),
	};
	key.size = qemu_plugin_insn_vaddr(last) + qemu_plugin_insn_size(last) -
		   key.vaddr;

	g_mutex_lock(&dc.lock);
	if (!dc.module_ready) {
		module_init__locked();
	}
	if (!dc.have_guest_base) {
		void *h = qemu_plugin_insn_haddr(first);
		if (h != NULL) {
			dc.guest_base = (uintptr_t)h - (uintptr_t)key.vaddr;
			dc.have_guest_base = true;
		}
	}
	int mod = module_find__locked(key.vaddr);
	if (mod < 0) {
		mod = module_discover__locked(key.vaddr);
	}
	if (mod < 0 || key.vaddr - g_array_index(dc.modules, Module, mod).base >
			   UINT32_MAX) {
		g_hash_table_add(dc.outside, GSIZE_TO_POINTER(key.vaddr));
		g_mutex_unlock(&dc.lock);
		return;
	}
	Block *b = g_hash_table_lookup(dc.blocks, &key);
	if (b == NULL) {
		b = g_new0(Block, 1);
		*b = key;
		b->module = (unsigned)mod;
		if (dc.record_exec) {
			b->seen = qemu_plugin_scoreboard_new(sizeof(uint64_t));
		} else {
			b->executed = true;
		}
		g_hash_table_add(dc.blocks, b);
		g_ptr_array_add(dc.order, b);
	}
	/* A retranslation of a block known to have run needs nothing. */
	if (dc.record_exec && !block_executed(b)) {
		qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
		    tb, QEMU_PLUGIN_INLINE_STORE_U64,
		    qemu_plugin_scoreboard_u64(b->seen), 1);
	}
	g_mutex_unlock(&dc.lock);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static bool write_log(const char *file, GPtrArray *bbs)
{
	FILE *f = fopen(file, "wb");
	if (f == NULL) {
		fprintf(stderr, "drcov: cannot create %s: %s\n", file,
			strerror(errno));
		return false;
	}
	fprintf(f, "DRCOV VERSION: 2\n");
	fprintf(f, "DRCOV FLAVOR: drcov\n");
	fprintf(f, "Module Table: version 2, count %u\n", dc.modules->len);
	fprintf(f, "Columns: id, base, end, entry, path\n");
	for (guint i = 0; i < dc.modules->len; i++) {
		const Module *m = &g_array_index(dc.modules, Module, i);
		fprintf(f,
			"%u, 0x%016" PRIx64 ", 0x%016" PRIx64 ", 0x%016" PRIx64
			", %s\n",
			i, m->base, m->end, m->entry, m->path);
	}
	fprintf(f, "BB Table: %u bbs\n", bbs->len);
	for (guint i = 0; i < bbs->len; i++) {
		const Block *b = g_ptr_array_index(bbs, i);
		const Module *m = &g_array_index(dc.modules, Module, b->module);
		uint8_t rec[8];
		put_le(rec, b->vaddr - m->base, 4);
		put_le(rec + 4, MIN(b->size, UINT16_MAX), 2);
		put_le(rec + 6, b->module, 2);
		fwrite(rec, sizeof(rec), 1, f);
	}
	bool ok = !ferror(f);
	if (fclose(f) != 0) {
		ok = false;
	}
	if (!ok) {
		fprintf(stderr, "drcov: error writing %s: %s\n", file,
			strerror(errno));
	}
	return ok;
}

static void plugin_exit(void *udata)
{
	(void)udata;
	g_mutex_lock(&dc.lock);
	if (!dc.module_ready) {
		module_init__locked();
	}
	GPtrArray *bbs = g_ptr_array_new();
	for (guint i = 0; i < dc.order->len; i++) {
		Block *b = g_ptr_array_index(dc.order, i);
		if (block_executed(b)) {
			g_ptr_array_add(bbs, b);
		}
	}
	g_autofree char *file =
	    getpid() == dc.pid
		? g_strdup(dc.filename)
		: g_strdup_printf("%s.%d", dc.filename, (int)getpid());
	if (write_log(file, bbs)) {
		g_autofree char *msg = g_strdup_printf(
		    "drcov: %u blocks in %u module%s written to %s; %u blocks "
		    "outside any module not recorded\n",
		    bbs->len, dc.modules->len, dc.modules->len == 1 ? "" : "s",
		    file, g_hash_table_size(dc.outside));
		qemu_plugin_outs(msg);
	}
	g_ptr_array_free(bbs, TRUE);

	g_hash_table_destroy(dc.blocks);
	g_ptr_array_free(dc.order, TRUE);
	g_hash_table_destroy(dc.outside);
	g_hash_table_destroy(dc.anon_pages);
	for (guint i = 0; i < dc.modules->len; i++) {
		g_free(g_array_index(dc.modules, Module, i).path);
	}
	g_array_free(dc.modules, TRUE);
	g_free(dc.filename);
	g_free(dc.start_dir);
	g_mutex_unlock(&dc.lock);
	g_mutex_clear(&dc.lock);
}

/* ------------------------------------------------------------------ */
/* Installation                                                        */
/* ------------------------------------------------------------------ */

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)info;
	const char *filename = NULL;
	dc.record_exec = true;
	dc.all_modules = true;

	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];
		const char *eq = strchr(opt, '=');
		if (eq == NULL) {
			fprintf(stderr,
				"drcov: argument '%s' is not NAME=VALUE\n",
				opt);
			return -1;
		}
		g_autofree char *name = g_strndup(opt, eq - opt);
		const char *val = eq + 1;
		if (strcmp(name, "filename") == 0) {
			if (*val == '\0') {
				fprintf(stderr,
					"drcov: filename= needs a file name\n");
				return -1;
			}
			filename = val;
		} else if (strcmp(name, "record") == 0) {
			if (strcmp(val, "exec") == 0) {
				dc.record_exec = true;
			} else if (strcmp(val, "trans") == 0) {
				dc.record_exec = false;
			} else {
				fprintf(stderr,
					"drcov: record=%s: expected exec or "
					"trans\n",
					val);
				return -1;
			}
		} else if (strcmp(name, "modules") == 0) {
			if (strcmp(val, "all") == 0) {
				dc.all_modules = true;
			} else if (strcmp(val, "main") == 0) {
				dc.all_modules = false;
			} else {
				fprintf(
				    stderr,
				    "drcov: modules=%s: expected all or main\n",
				    val);
				return -1;
			}
		} else {
			fprintf(
			    stderr,
			    "drcov: unknown argument '%s' (known: filename, "
			    "record, modules)\n",
			    opt);
			return -1;
		}
	}

	dc.pid = getpid();
	dc.start_dir = g_get_current_dir();
	if (filename != NULL) {
		dc.filename =
		    g_path_is_absolute(filename)
			? g_strdup(filename)
			: g_build_filename(dc.start_dir, filename, NULL);
	}
	g_mutex_init(&dc.lock);
	dc.blocks = g_hash_table_new(block_hash, block_equal);
	dc.order = g_ptr_array_new_with_free_func(block_free);
	dc.outside = g_hash_table_new(g_direct_hash, g_direct_equal);
	dc.anon_pages =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	dc.modules = g_array_new(FALSE, TRUE, sizeof(Module));

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
