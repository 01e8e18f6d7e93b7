#include <math.h>

#include "stats.h"

double mean(const double *v, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return n ? sum / n : 0;
}

double stddev(const double *v, size_t n)
{
	double m = mean(v, n), acc = 0;
	for (size_t i = 0; i < n; i++)
		acc += (v[i] - m) * (v[i] - m);
	return n ? sqrt(acc / n) : 0;
}
