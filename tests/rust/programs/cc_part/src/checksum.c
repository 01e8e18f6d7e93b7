/* The C half of cc_part: checksums and formatting through libc. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

uint32_t adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}

int format_hex(uint32_t v, char *out, size_t cap)
{
	return snprintf(out, cap, "%08x", v);
}

static int by_value(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Calls back into Rust for each element, sorted. */
void sorted_each(int *v, size_t n, void (*visit)(int, void *), void *ctx)
{
	qsort(v, n, sizeof *v, by_value);
	for (size_t i = 0; i < n; i++)
		visit(v[i], ctx);
}
