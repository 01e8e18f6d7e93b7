/* String hash table with open addressing plus substring search: strlen,
 * strcmp, memcpy, strstr and malloc from each toolchain's musl, and
 * pointer-chasing user code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORDS 400000
#define TABLE_BITS 20
#define LOOKUPS 4
#define TEXT_SIZE (1 << 20)

struct entry {
    char *key;
    uint32_t hash;
    uint32_t count;
};

static struct entry table[1 << TABLE_BITS];

static uint32_t fnv1a(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static struct entry *find(const char *key, int insert) {
    size_t len = strlen(key);
    uint32_t h = fnv1a(key, len);
    for (uint32_t i = h;; i++) {
        struct entry *e = &table[i & ((1u << TABLE_BITS) - 1)];
        if (!e->key) {
            if (!insert) return NULL;
            e->key = malloc(len + 1);
            memcpy(e->key, key, len + 1);
            e->hash = h;
            return e;
        }
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e;
    }
}

static uint32_t seed = 42;

static void word(char *out) {
    /* words of 3..10 letters from a 12-letter alphabet: many repeats */
    seed = seed * 1103515245u + 12345u;
    int len = 3 + (seed >> 16) % 8;
    for (int i = 0; i < len; i++) {
        seed = seed * 1103515245u + 12345u;
        out[i] = "etaoinshrdlu"[(seed >> 16) % 12];
    }
    out[len] = 0;
}

int main(void) {
    char w[16];
    uint32_t distinct = 0;
    for (int i = 0; i < WORDS; i++) {
        word(w);
        struct entry *e = find(w, 1);
        distinct += e->count++ == 0;
    }
    uint64_t hits = 0;
    for (int r = 0; r < LOOKUPS; r++) {
        seed = 42 + r; /* r == 0 replays the inserted words */
        for (int i = 0; i < WORDS; i++) {
            word(w);
            struct entry *e = find(w, 0);
            hits += e ? e->count : 0;
        }
    }
    char *text = malloc(TEXT_SIZE + 1);
    for (int i = 0; i < TEXT_SIZE; i++) {
        seed = seed * 1103515245u + 12345u;
        text[i] = "etaoinshrdlu "[(seed >> 16) % 13];
    }
    text[TEXT_SIZE] = 0;
    uint32_t found = 0;
    const char *needles[] = {"tensor", "hare", "louse", "dust", "ration", "shoal"};
    for (int n = 0; n < 6; n++)
        for (const char *p = text; (p = strstr(p, needles[n])); p++)
            found++;
    free(text);
    printf("distinct=%u hits=%llu found=%u\n", distinct, (unsigned long long)hits, found);
    return 0;
}
