/* loupe demo guest: count the words of a built-in text (the opening of
 * Dickens' "A Tale of Two Cities", public domain), then print the most
 * frequent ones, a few statistics and a checksum.
 *
 *   wordfreq [TOP] [REPEAT]    (defaults 10 and 50: the text is counted
 *                               REPEAT times to give the CPU some work) */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char text[] =
	"It was the best of times, it was the worst of times, it was the age of "
	"wisdom, it was the age of foolishness, it was the epoch of belief, it "
	"was the epoch of incredulity, it was the season of Light, it was the "
	"season of Darkness, it was the spring of hope, it was the winter of "
	"despair, we had everything before us, we had nothing before us, we were "
	"all going direct to Heaven, we were all going direct the other way--in "
	"short, the period was so far like the present period, that some of its "
	"noisiest authorities insisted on its being received, for good or for "
	"evil, in the superlative degree of comparison only.\n"
	"There were a king with a large jaw and a queen with a plain face, on the "
	"throne of England; there were a king with a large jaw and a queen with "
	"a fair face, on the throne of France. In both countries it was clearer "
	"than crystal to the lords of the State preserves of loaves and fishes, "
	"that things in general were settled for ever.\n"
	"It was the year of Our Lord one thousand seven hundred and seventy-five. "
	"Spiritual revelations were conceded to England at that favoured period, "
	"as at this. Mrs. Southcott had recently attained her five-and-twentieth "
	"blessed birthday, of whom a prophetic private in the Life Guards had "
	"heralded the sublime appearance by announcing that arrangements were "
	"made for the swallowing up of London and Westminster.\n";

struct word {
	char w[32];
	unsigned count;
	struct word *next;
};

enum { NBUCKET = 256 };
static struct word *bucket[NBUCKET];
static struct word pool[512];
static int nwords;

static unsigned hash(const char *s)
{
	unsigned h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void add(const char *w)
{
	unsigned b = hash(w) % NBUCKET;
	for (struct word *p = bucket[b]; p; p = p->next)
		if (!strcmp(p->w, w)) {
			p->count++;
			return;
		}
	if (nwords == (int)(sizeof pool / sizeof pool[0]))
		return;
	struct word *p = &pool[nwords++];
	strcpy(p->w, w);
	p->count = 1;
	p->next = bucket[b];
	bucket[b] = p;
}

static int by_count(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->w, y->w);
}

int main(int argc, char **argv)
{
	int top = argc > 1 ? atoi(argv[1]) : 10;
	int repeat = argc > 2 ? atoi(argv[2]) : 50;
	unsigned long total = 0, lines = 0, letters = 0;
	for (int r = 0; r < repeat; r++)
		for (const char *p = text; *p;) {
			char w[32];
			int n = 0;
			while (*p && !isalpha((unsigned char)*p)) {
				lines += *p == '\n';
				p++;
			}
			while (isalpha((unsigned char)*p) || (n && *p == '\'')) {
				if (n < 31)
					w[n++] = (char)tolower((unsigned char)*p);
				p++;
			}
			if (!n)
				continue;
			w[n] = 0;
			letters += n;
			total++;
			add(w);
		}
	qsort(pool, nwords, sizeof pool[0], by_count);
	printf("%lu words (%d different), %lu lines, %.2f letters per word\n",
	       total, nwords, lines, (double)letters / (double)total);
	printf("the %d most frequent:\n", top);
	for (int i = 0; i < top && i < nwords; i++)
		printf("  %-10s %6u\n", pool[i].w, pool[i].count);
	uint32_t sum = 0;
	for (int i = 0; i < nwords; i++)
		sum = sum * 31 + hash(pool[i].w) * pool[i].count;
	printf("checksum %08x\n", sum);
	return 0;
}
