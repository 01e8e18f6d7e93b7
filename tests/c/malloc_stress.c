// Heavy malloc/realloc/free/calloc workload driven by a private LCG, with content checksums to detect corruption.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t next(void) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng >> 33);
}

enum { SLOTS = 512, ROUNDS = 60000 };
static unsigned char *slot[SLOTS];
static size_t len[SLOTS];
static unsigned char fill[SLOTS];

static int verify(int i) {
    for (size_t k = 0; k < len[i]; k++)
        if (slot[i][k] != (unsigned char)(fill[i] + k)) return 0;
    return 1;
}

static void paint(int i, size_t from) {
    for (size_t k = from; k < len[i]; k++) slot[i][k] = (unsigned char)(fill[i] + k);
}

int main(void) {
    long allocs = 0, frees = 0, reallocs = 0, bad = 0, zero_ok = 1;
    size_t peak = 0, live = 0;
    for (int r = 0; r < ROUNDS; r++) {
        int i = (int)(next() % SLOTS);
        uint32_t op = next() % 10;
        size_t want;
        uint32_t sz = next();
        /* mostly small, sometimes medium, rarely large (mmap-sized) */
        if (sz % 100 < 80) want = sz % 128;
        else if (sz % 100 < 98) want = 128 + sz % 8192;
        else want = 100000 + sz % 200000;
        if (slot[i] == NULL) {
            if (op < 5) {
                slot[i] = malloc(want ? want : 1);
            } else {
                slot[i] = calloc(want ? want : 1, 1);
                for (size_t k = 0; k < want; k++) if (slot[i][k]) zero_ok = 0;
            }
            if (!slot[i]) { printf("alloc failed\n"); return 2; }
            len[i] = want;
            fill[i] = (unsigned char)next();
            paint(i, 0);
            allocs++;
            live += want;
        } else if (op < 4) {
            if (!verify(i)) bad++;
            free(slot[i]);
            slot[i] = NULL;
            live -= len[i];
            len[i] = 0;
            frees++;
        } else {
            if (!verify(i)) bad++;
            unsigned char *p = realloc(slot[i], want ? want : 1);
            if (!p) { printf("realloc failed\n"); return 2; }
            slot[i] = p;
            size_t old = len[i];
            live = live - old + want;
            len[i] = want;
            /* the preserved prefix must survive the move */
            size_t keep = old < want ? old : want;
            for (size_t k = 0; k < keep; k++)
                if (p[k] != (unsigned char)(fill[i] + k)) { bad++; break; }
            paint(i, keep);
            reallocs++;
        }
        if (live > peak) peak = live;
    }
    uint64_t sum = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slot[i]) {
            if (!verify(i)) bad++;
            for (size_t k = 0; k < len[i]; k++) sum = sum * 131 + slot[i][k];
            free(slot[i]);
        }
    }
    printf("allocs=%ld frees=%ld reallocs=%ld bad=%ld calloc_zero=%ld\n", allocs, frees, reallocs, bad, zero_ok);
    printf("peak_live=%zu checksum=%016llx\n", peak, (unsigned long long)sum);
    /* growth pattern: doubling realloc of a string builder */
    char *sb = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 20000; i++) {
        char tmp[16];
        int l = snprintf(tmp, sizeof tmp, "%d,", i);
        if (n + (size_t)l + 1 > cap) {
            cap = cap ? cap * 2 : 8;
            sb = realloc(sb, cap);
        }
        memcpy(sb + n, tmp, (size_t)l + 1);
        n += (size_t)l;
    }
    printf("builder len=%zu tail=%s\n", n, sb + n - 12);
    free(sb);
    free(NULL);
    void *z = malloc(0);
    free(z);
    /* alignment is guaranteed to be at least 16 on all three targets */
    int aligned = 1;
    for (int i = 1; i < 200; i += 7) {
        void *p = malloc((size_t)i);
        if ((uintptr_t)p % 16) aligned = 0;
        free(p);
    }
    printf("aligned=%d\n", aligned);
    return bad ? 1 : 0;
}
