/* Integer benchmark: an open-addressing hash map (linear probing, 64-bit
 * keys and values, deletion by backward shift, no tombstones) of 2^20
 * slots.  Each round inserts many keys, looks up present and absent keys,
 * deletes half of them and updates the rest.  Prints a checksum.
 * Usage: int_hashmap [scale]  (default 1.0) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { BITS = 20, SLOTS = 1 << BITS, KEYS = 600000 };

/* key 0 marks an empty slot */
static uint64_t keys[SLOTS], vals[SLOTS];
static long used;

static uint64_t slot_of(uint64_t k)
{
	k ^= k >> 31;
	k *= 0x7fb5d329728ea185ull;
	k ^= k >> 27;
	return k >> (64 - BITS);
}

/* insert or update; returns 1 if the key was new */
static int put(uint64_t k, uint64_t v)
{
	uint64_t i = slot_of(k);
	while (keys[i]) {
		if (keys[i] == k) {
			vals[i] = v;
			return 0;
		}
		i = (i + 1) & (SLOTS - 1);
	}
	keys[i] = k, vals[i] = v;
	used++;
	return 1;
}

static uint64_t *get(uint64_t k)
{
	for (uint64_t i = slot_of(k); keys[i]; i = (i + 1) & (SLOTS - 1))
		if (keys[i] == k)
			return &vals[i];
	return NULL;
}

/* remove k; the following entries of its run move back so that every key
 * stays reachable from its home slot */
static int del(uint64_t k)
{
	uint64_t i = slot_of(k);
	while (keys[i] != k) {
		if (!keys[i])
			return 0;
		i = (i + 1) & (SLOTS - 1);
	}
	uint64_t hole = i;
	for (uint64_t j = (i + 1) & (SLOTS - 1); keys[j]; j = (j + 1) & (SLOTS - 1)) {
		uint64_t home = slot_of(keys[j]);
		/* the entry at j may fill the hole if its home is not in (hole, j] */
		if (((j - home) & (SLOTS - 1)) >= ((j - hole) & (SLOTS - 1))) {
			keys[hole] = keys[j], vals[hole] = vals[j];
			hole = j;
		}
	}
	keys[hole] = 0;
	used--;
	return 1;
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	long rounds = (long)(18 * scale + 0.5);
	if (rounds < 1)
		rounds = 1;
	uint64_t h = 0, found = 0, missed = 0, deleted = 0;
	for (long r = 0; r < rounds; r++) {
		/* keys of this round: an odd-multiplier sequence (distinct, never 0) */
		uint64_t base = 0x9e3779b97f4a7c15ull * (uint64_t)(r + 1);
#define KEY(i) ((base + (uint64_t)(i) * 0xbf58476d1ce4e5b9ull) | 1)
		for (long i = 0; i < KEYS; i++)
			put(KEY(i), (uint64_t)i * 3 + (uint64_t)r);
		/* present keys, in a scattered order */
		for (long i = 0; i < KEYS; i++) {
			uint64_t *v = get(KEY((i * 7919) % KEYS));
			if (v) {
				found++;
				h = (h ^ *v) * 0x100000001b3ull;
			}
		}
		/* absent keys (even, so never inserted) */
		for (long i = 0; i < KEYS / 2; i++)
			missed += get(KEY(i) + 1 + 2 * (uint64_t)r) == NULL;
		/* delete every other key, update the rest */
		for (long i = 0; i < KEYS; i += 2)
			deleted += (uint64_t)del(KEY(i));
		for (long i = 1; i < KEYS; i += 2)
			put(KEY(i), h ^ (uint64_t)i);
		for (long i = 0; i < KEYS; i++) {
			uint64_t *v = get(KEY(i));
			h += v ? *v >> 7 : (uint64_t)i;
		}
		/* empty the table for the next round */
		for (long i = 1; i < KEYS; i += 2)
			deleted += (uint64_t)del(KEY(i));
		if (used != 0) {
			printf("int_hashmap: %ld keys left after round %ld\n", used, r);
			return 1;
		}
	}
	printf("int_hashmap: rounds=%ld found=%llu missed=%llu deleted=%llu hash=%016llx\n",
	       rounds, (unsigned long long)found, (unsigned long long)missed,
	       (unsigned long long)deleted, (unsigned long long)h);
	return 0;
}
