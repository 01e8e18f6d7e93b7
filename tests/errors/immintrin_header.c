// x86 SIMD intrinsics via <immintrin.h> cannot be built for every ISA and are rejected.
// expect-error: immintrin.h
#include <immintrin.h>
#include <stdio.h>

int main(void) {
    __m128i a = _mm_set1_epi32(1), b = _mm_set1_epi32(2);
    __m128i c = _mm_add_epi32(a, b);
    printf("%d\n", _mm_cvtsi128_si32(c));
    return 0;
}
