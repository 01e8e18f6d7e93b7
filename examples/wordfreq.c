/* The demo program: counts word frequencies in a built-in text with a hash
 * table on the heap, then prints the top words and a checksum. The output
 * is identical on every ISA; only the machine name differs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <sys/utsname.h>

static const char *text =
	"a program built with migcc runs natively on x86_64 aarch64 and riscv64 "
	"every build of the program lays out its functions and data at the same "
	"addresses so the state of the program means the same thing on every isa "
	"the heap the globals and the libc state are shared by every build";

struct entry { char *word; int count; struct entry *next; };
static struct entry *table[64];

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void add(const char *word)
{
	struct entry **slot = &table[hash(word) % 64];
	for (struct entry *e = *slot; e; e = e->next)
		if (!strcmp(e->word, word)) { e->count++; return; }
	struct entry *e = malloc(sizeof *e);
	e->word = strdup(word);
	e->count = 1;
	e->next = *slot;
	*slot = e;
}

static int by_count(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
	return x->count != y->count ? y->count - x->count : strcmp(x->word, y->word);
}

int main(void)
{
	char word[32];
	size_t n = 0;
	for (const char *p = text;; p++) {
		if (isalnum((unsigned char)*p) || *p == '_') {
			if (n < sizeof word - 1) word[n++] = *p;
		} else if (n) {
			word[n] = 0, n = 0;
			add(word);
		}
		if (!*p) break;
	}
	struct entry *all[256];
	size_t count = 0;
	unsigned checksum = 0;
	for (int i = 0; i < 64; i++)
		for (struct entry *e = table[i]; e; e = e->next)
			all[count++] = e, checksum += hash(e->word) * e->count;
	qsort(all, count, sizeof *all, by_count);
	struct utsname u;
	uname(&u);
	printf("running on %s: %zu distinct words, checksum %08x\n", u.machine, count, checksum);
	for (size_t i = 0; i < 5; i++)
		printf("  %-8s %d\n", all[i]->word, all[i]->count);
	return 0;
}
