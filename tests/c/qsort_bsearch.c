// qsort and bsearch with callbacks over ints, doubles, strings and structs (total orders with tie-breaks), degenerate sizes.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person { char name[16]; int age; double score; };

static unsigned lcg_state = 12345;
static unsigned lcg(void) { lcg_state = lcg_state * 1103515245u + 12345u; return lcg_state >> 8; }

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    if (p->score != q->score) return p->score < q->score ? 1 : -1; /* desc */
    return strcmp(p->name, q->name);
}
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    enum { N = 2000 };
    static int arr[N];
    for (int i = 0; i < N; i++) arr[i] = (int)(lcg() % 100000) - 50000;
    qsort(arr, N, sizeof arr[0], cmp_int);
    int sorted = 1;
    long h = 0;
    for (int i = 0; i < N; i++) {
        if (i && arr[i - 1] > arr[i]) sorted = 0;
        h = h * 31 + arr[i];
    }
    printf("ints sorted=%d first=%d last=%d hash=%ld\n", sorted, arr[0], arr[N - 1], h);
    int found = 0, missing = 0;
    for (int k = -50000; k < 50000; k += 97) {
        int *p = bsearch(&k, arr, N, sizeof arr[0], cmp_int);
        if (p) { found++; if (*p != k) printf("bad bsearch\n"); } else missing++;
    }
    printf("bsearch found=%d missing=%d\n", found, missing);
    qsort(arr, N, sizeof arr[0], cmp_int_desc);
    printf("desc first=%d last=%d\n", arr[0], arr[N - 1]);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple", "date", "Zebra", "elder", "grape", ""};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++) printf("[%s]", words[i]);
    printf("\n");
    const char *key = "cherry";
    const char **w = bsearch(&key, words, nw, sizeof words[0], cmp_str);
    printf("bsearch cherry at %ld\n", w ? (long)(w - words) : -1L);

    struct person ps[] = {
        {"ann", 30, 88.5}, {"bob", 25, 70.0}, {"cid", 30, 91.0}, {"dee", 25, 70.0},
        {"eve", 41, 55.5}, {"fay", 30, 88.5}, {"gus", 19, 99.9}, {"hal", 41, 60.0},
    };
    size_t np = sizeof ps / sizeof ps[0];
    qsort(ps, np, sizeof ps[0], cmp_person);
    for (size_t i = 0; i < np; i++) printf("%s/%d/%.1f ", ps[i].name, ps[i].age, ps[i].score);
    printf("\n");
    struct person probe = {"fay", 30, 88.5};
    struct person *pp = bsearch(&probe, ps, np, sizeof ps[0], cmp_person);
    printf("probe idx=%ld\n", pp ? (long)(pp - ps) : -1L);

    double ds[500];
    for (int i = 0; i < 500; i++) ds[i] = (double)(lcg() % 10000) / 7.0 - 700.0;
    qsort(ds, 500, sizeof ds[0], cmp_double);
    printf("doubles min=%.6f median=%.6f max=%.6f\n", ds[0], ds[250], ds[499]);
    /* degenerate sizes */
    qsort(arr, 0, sizeof arr[0], cmp_int);
    qsort(arr, 1, sizeof arr[0], cmp_int);
    int one = 5;
    printf("bsearch on empty is null=%d\n", bsearch(&one, arr, 0, sizeof arr[0], cmp_int) == NULL);
    return sorted ? 0 : 1;
}
