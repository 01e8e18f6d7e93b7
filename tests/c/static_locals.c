// Static locals (counters, caches, static arrays, recursion sharing a static), string literals referenced from heap objects.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int counter(void) {
    static int n = 100;
    return n++;
}

static const char *weekday(int d) {
    static const char *const names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return names[d % 7];
}

static int depth_tracker(int n) {
    static int max_depth, cur;
    cur++;
    if (cur > max_depth) max_depth = cur;
    if (n > 0) depth_tracker(n - 1);
    cur--;
    return max_depth;
}

static const char *itoa_static(int v) {
    static char buf[4][16];
    static int slot;
    char *b = buf[slot++ % 4];
    snprintf(b, 16, "<%d>", v);
    return b;
}

static long cached_square(int x) {
    static long cache[64];
    static int hits, misses;
    if (x < 0) { printf("hits=%d misses=%d\n", hits, misses); return 0; }
    if (cache[x]) { hits++; return cache[x]; }
    misses++;
    return cache[x] = (long)x * x + 1;
}

struct entry { const char *label; const char *note; int id; struct entry *next; };

static struct entry *push(struct entry *head, const char *label, const char *note, int id) {
    struct entry *e = malloc(sizeof *e);
    e->label = label;
    e->note = note;
    e->id = id;
    e->next = head;
    return e;
}

int main(void) {
    for (int i = 0; i < 3; i++) printf("counter %d\n", counter());
    for (int d = 0; d < 9; d += 2) printf("%s ", weekday(d));
    printf("\n");
    printf("max depth %d\n", depth_tracker(25));
    printf("max depth again %d\n", depth_tracker(3));
    printf("%s %s %s %s\n", itoa_static(1), itoa_static(22), itoa_static(333), itoa_static(4444));
    long s = 0;
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 64; i += 3) s += cached_square(i);
    printf("squares %ld\n", s);
    cached_square(-1);
    /* Heap objects pointing at string literals and at static storage. */
    struct entry *list = NULL;
    static const char shared_note[] = "shared static note";
    list = push(list, "first", "literal one", 1);
    list = push(list, "second", shared_note, 2);
    list = push(list, weekday(3), "from table", 3);
    list = push(list, "first", shared_note, 4);
    char **copies = malloc(4 * sizeof *copies);
    int i = 0;
    for (struct entry *e = list; e; e = e->next) {
        printf("entry %d %s: %s\n", e->id, e->label, e->note);
        copies[i++] = strdup(e->label);
    }
    /* identical literals may or may not be merged; only content is checked */
    printf("same content %d\n", strcmp(list->label, list->next->next->next->label) == 0);
    for (int j = 0; j < 4; j++) { printf("copy[%d]=%s\n", j, copies[j]); free(copies[j]); }
    free(copies);
    while (list) { struct entry *n = list->next; free(list); list = n; }
    const char *lit = "literal";
    char *heap = malloc(strlen(lit) + 1);
    strcpy(heap, lit);
    heap[0] = 'L';
    printf("%s %s\n", lit, heap);
    free(heap);
    return counter() - 100;
}
