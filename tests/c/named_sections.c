// Objects in sections the program names: `.rodata.*`/`.data.*`/`.bss.*`/`.text.*` names, and C-identifier sections walked from __start_S to __stop_S (plugin registries), get one address on every ISA and run correctly.
// opt: -O0 -O2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((section(".rodata.table"))) const int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
__attribute__((section(".data.mine"))) int counter = 7;
__attribute__((section(".bss.scratch"))) char scratch[4096];
__attribute__((section(".text.unlikely"))) int cold_add(int a, int b) { return a + b; }

/* A registry: entries defined all over the program, found by the linker. As
   in real registries, aligned(8) stops gcc from padding large entries. */
struct plugin {
    const char *name;
    int (*run)(int);
    long weight;
};
#define PLUGIN(n, f, w) \
    __attribute__((used, aligned(8), section("plugins"))) static const struct plugin plugin_##n = {#n, f, w}

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }
PLUGIN(twice, twice, 10);
PLUGIN(square, square, 20);
PLUGIN(negate, negate, 30);
extern const struct plugin __start_plugins[], __stop_plugins[];

/* A writable, zero-initialised named section, and code in a named section. */
__attribute__((used, aligned(8), section("stats"))) static long hits[4];
__attribute__((used, aligned(8), section("stats"))) static long misses = 5;
extern long __start_stats[], __stop_stats[];
__attribute__((section("hotpath"), noinline)) static long sum_stats(void) {
    long s = 0;
    for (long *p = __start_stats; p < __stop_stats; p++) s += *p;
    return s;
}

static int by_name(const void *a, const void *b) {
    return strcmp((*(const struct plugin *const *)a)->name, (*(const struct plugin *const *)b)->name);
}

int main(int argc, char **argv) {
    volatile int i = argc + 4;
    counter += table[i];
    memset(scratch, 'x', sizeof scratch - 1);
    printf("table[%d]=%d counter=%d scratch=%zu cold=%d\n", i, table[i], counter, strlen(scratch), cold_add(i, 1));

    size_t n = (size_t)(__stop_plugins - __start_plugins);
    printf("%zu plugins, %zu bytes\n", n, (size_t)((const char *)__stop_plugins - (const char *)__start_plugins));
    const struct plugin *sorted[8];
    for (size_t k = 0; k < n && k < 8; k++) sorted[k] = &__start_plugins[k];
    qsort(sorted, n, sizeof sorted[0], by_name);
    for (size_t k = 0; k < n; k++) printf("  %s(7) = %d, weight %ld\n", sorted[k]->name, sorted[k]->run(7), sorted[k]->weight);

    for (int k = 0; k < 4; k++) hits[k] += k * 100;
    misses++;
    printf("stats: %zu words, sum %ld\n", (size_t)(__stop_stats - __start_stats), sum_stats());
    return 0;
}
