// Large static arrays: multi-megabyte zero-initialised bss, large initialised data, const tables, and touching all of it.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint8_t zeros[8 << 20];             /* 8 MiB of bss */
static uint32_t words[1 << 20];            /* 4 MiB of bss */
static int data_init[4096] = {1, 2, 3, [4095] = 4095};
static const uint16_t table[256] = {
#define R4(b) (b), (b) + 1, (b) + 2, (b) + 3
#define R16(b) R4(b), R4((b) + 4), R4((b) + 8), R4((b) + 12)
    R16(0), R16(16), R16(32), R16(48), R16(64), R16(80), R16(96), R16(112),
    R16(128), R16(144), R16(160), R16(176), R16(192), R16(208), R16(224), R16(240)};
static char text[] = "initialised data in .data that we will modify";
static double dtab[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
struct big_rec { char name[32]; long vals[100]; };
static struct big_rec recs[1000];

int main(void) {
    size_t nonzero = 0;
    for (size_t i = 0; i < sizeof zeros; i += 512) nonzero += zeros[i] != 0;
    printf("bss zero check: nonzero=%zu\n", nonzero);
    for (size_t i = 0; i < sizeof zeros; i++) zeros[i] = (uint8_t)(i * 31);
    uint64_t h = 0;
    for (size_t i = 0; i < sizeof zeros; i += 4099) h = h * 1000003 + zeros[i];
    printf("bss written hash=%016llx\n", (unsigned long long)h);
    for (uint32_t i = 0; i < (1u << 20); i++) words[i] = i * 2654435761u;
    uint32_t x = 0;
    for (uint32_t i = 0; i < (1u << 20); i++) x ^= words[i];
    printf("words xor=%08x last=%08x\n", x, words[(1 << 20) - 1]);
    long s = 0;
    for (int i = 0; i < 4096; i++) s += data_init[i];
    printf("data_init sum=%ld\n", s);
    long ts = 0;
    for (int i = 0; i < 256; i++) ts += table[i] * (i % 3);
    printf("table check=%ld t[255]=%u\n", ts, table[255]);
    text[0] = 'I';
    printf("%s\n", text);
    double ds = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) ds += dtab[i][j] * (i + 1);
    printf("dtab=%.1f\n", ds);
    for (int i = 0; i < 1000; i++) {
        snprintf(recs[i].name, sizeof recs[i].name, "rec-%04d", i);
        for (int k = 0; k < 100; k++) recs[i].vals[k] = (long)i * k;
    }
    long rs = 0;
    for (int i = 0; i < 1000; i += 7) rs += recs[i].vals[99] + (long)strlen(recs[i].name);
    printf("recs=%ld name[999]=%s sizeof=%zu\n", rs, recs[999].name, sizeof recs);
    return 0;
}
