/* Mandelbrot set in 64-bit fixed point: integer multiply/shift heavy and,
 * unlike a floating-point version, bit-exact whatever the compiler fuses. */
#include <stdint.h>
#include <stdio.h>

#define SIZE 1200
#define MAX_ITER 500
#define FRAC 28 /* bits after the binary point */
#define ONE ((int64_t)1 << FRAC)

int main(void) {
    uint32_t hash = 2166136261u; /* FNV-1a over the iteration counts */
    long inside = 0;
    for (int py = 0; py < SIZE; py++) {
        int64_t ci = (int64_t)py * 3 * ONE / SIZE - 3 * ONE / 2;
        for (int px = 0; px < SIZE; px++) {
            int64_t cr = (int64_t)px * 3 * ONE / SIZE - 2 * ONE;
            int64_t zr = 0, zi = 0;
            int n = 0;
            while (n < MAX_ITER) {
                int64_t zr2 = (zr * zr) >> FRAC, zi2 = (zi * zi) >> FRAC;
                if (zr2 + zi2 > 4 * ONE)
                    break;
                zi = ((zr * zi) >> (FRAC - 1)) + ci;
                zr = zr2 - zi2 + cr;
                n++;
            }
            inside += n == MAX_ITER;
            hash = (hash ^ (uint32_t)n) * 16777619u;
        }
    }
    printf("inside=%ld hash=%08x\n", inside, hash);
    return 0;
}
