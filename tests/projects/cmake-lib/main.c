#include <stdio.h>
#include <stdlib.h>

#include "stats.h"

int main(int argc, char **argv)
{
	double v[64];
	size_t n = 0;
	for (int i = 1; i < argc && n < 64; i++)
		v[n++] = strtod(argv[i], NULL);
	printf("n=%zu mean=%.17g stddev=%.17g\n", n, mean(v, n), stddev(v, n));
	return n == 0;
}
