// search.h: tsearch/tfind/tdelete/twalk with comparison callbacks, hsearch hash table, lsearch/lfind.
#define _GNU_SOURCE
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static long walk_sum;
static int walk_count;
static void walker(const void *node, VISIT v, int depth) {
    (void)depth;
    if (v == postorder || v == leaf) {
        walk_sum = walk_sum * 3 + **(int *const *)node;
        walk_count++;
    }
}

int main(void) {
    void *root = NULL;
    static int vals[200];
    unsigned s = 7;
    int inserted = 0;
    for (int i = 0; i < 200; i++) {
        s = s * 1103515245u + 12345u;
        vals[i] = (int)(s >> 16) % 300;
        int **r = tsearch(&vals[i], &root, cmp_int);
        if (*r == &vals[i]) inserted++;
    }
    printf("inserted unique=%d\n", inserted);
    walker_reset:
    walk_sum = 0;
    walk_count = 0;
    twalk(root, walker);
    printf("twalk in-order count=%d hash=%ld\n", walk_count, walk_sum);
    int key = vals[10];
    int **f = tfind(&key, &root, cmp_int);
    printf("tfind %d -> %d\n", key, f ? **f : -1);
    int deleted = 0;
    for (int k = 0; k < 300; k += 2)
        if (tdelete(&k, &root, cmp_int)) deleted++;
    printf("deleted evens=%d\n", deleted);
    if (deleted) { deleted = 0; goto walker_reset; }
    key = 1000;
    printf("tfind missing=%d\n", tfind(&key, &root, cmp_int) == NULL);

    hcreate(64);
    char keys[40][8];
    for (int i = 0; i < 40; i++) {
        snprintf(keys[i], sizeof keys[i], "k%02d", i);
        ENTRY e = {keys[i], (void *)(long)(i * i)};
        hsearch(e, ENTER);
    }
    long hs = 0;
    for (int i = 0; i < 40; i += 3) {
        ENTRY q = {keys[i], NULL};
        ENTRY *r = hsearch(q, FIND);
        hs += r ? (long)r->data : -1000;
    }
    ENTRY miss = {"nokey", NULL};
    printf("hsearch sum=%ld miss=%d\n", hs, hsearch(miss, FIND) == NULL);
    hdestroy();

    int arr[10] = {5, 3, 9};
    size_t n = 3;
    int nk = 7;
    lsearch(&nk, arr, &n, sizeof arr[0], cmp_int);
    lsearch(&nk, arr, &n, sizeof arr[0], cmp_int);
    int *lf = lfind(&nk, arr, &n, sizeof arr[0], cmp_int);
    printf("lsearch n=%zu lfind idx=%ld\n", n, lf ? (long)(lf - arr) : -1L);
    return 0;
}
