// Hand-written sorts (insertion, merge, heap, quicksort, radix) over LCG data, cross-checked against each other.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

enum { N = 5000 };
static uint32_t seed = 2463534242u;
static uint32_t xorshift(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static void insertion(int *a, int n) {
    for (int i = 1; i < n; i++) {
        int v = a[i], j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}
static void merge_rec(int *a, int *tmp, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = lo + (hi - lo) / 2;
    merge_rec(a, tmp, lo, mid);
    merge_rec(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof *a);
}
static void sift(int *a, int n, int i) {
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && a[l] > a[m]) m = l;
        if (r < n && a[r] > a[m]) m = r;
        if (m == i) return;
        int t = a[i]; a[i] = a[m]; a[m] = t;
        i = m;
    }
}
static void heapsort_(int *a, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) sift(a, n, i);
    for (int e = n - 1; e > 0; e--) { int t = a[0]; a[0] = a[e]; a[e] = t; sift(a, e, 0); }
}
static void quick(int *a, int lo, int hi) {
    while (lo < hi) {
        int p = a[lo + (hi - lo) / 2], i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static void radix(uint32_t *a, int n) {
    uint32_t *tmp = malloc((size_t)n * sizeof *tmp);
    for (int shift = 0; shift < 32; shift += 8) {
        int cnt[257] = {0};
        for (int i = 0; i < n; i++) cnt[((a[i] >> shift) & 0xff) + 1]++;
        for (int i = 0; i < 256; i++) cnt[i + 1] += cnt[i];
        for (int i = 0; i < n; i++) tmp[cnt[(a[i] >> shift) & 0xff]++] = a[i];
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
    free(tmp);
}

static unsigned long digest(const int *a, int n) {
    unsigned long h = 1469598103934665603UL;
    for (int i = 0; i < n; i++) h = (h ^ (unsigned)a[i]) * 1099511628211UL;
    return h;
}

int main(void) {
    static int orig[N], a[N], tmp[N];
    for (int i = 0; i < N; i++) orig[i] = (int)(xorshift() % 20001) - 10000;
    memcpy(a, orig, sizeof a); insertion(a, N); unsigned long h1 = digest(a, N);
    memcpy(a, orig, sizeof a); merge_rec(a, tmp, 0, N); unsigned long h2 = digest(a, N);
    memcpy(a, orig, sizeof a); heapsort_(a, N); unsigned long h3 = digest(a, N);
    memcpy(a, orig, sizeof a); quick(a, 0, N - 1); unsigned long h4 = digest(a, N);
    printf("digests equal=%d digest=%016lx min=%d max=%d median=%d\n", h1 == h2 && h2 == h3 && h3 == h4, h1, a[0],
           a[N - 1], a[N / 2]);
    static uint32_t u[N];
    for (int i = 0; i < N; i++) u[i] = xorshift();
    radix(u, N);
    int ok = 1;
    for (int i = 1; i < N; i++) if (u[i - 1] > u[i]) ok = 0;
    printf("radix sorted=%d first=%u last=%u\n", ok, u[0], u[N - 1]);
    /* already-sorted and reverse-sorted inputs */
    for (int i = 0; i < N; i++) a[i] = N - i;
    quick(a, 0, N - 1);
    printf("reverse quick ok=%d\n", a[0] == 1 && a[N - 1] == N);
    heapsort_(a, N);
    printf("sorted heap ok=%d\n", a[0] == 1 && a[N - 1] == N);
    return 0;
}
