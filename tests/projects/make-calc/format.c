#include <math.h>
#include <stdio.h>

#include "calc.h"

void format_result(char *buf, size_t size, double value, int precision)
{
    if (value == 0)
        value = 0; /* no "-0" */
    if (isfinite(value) && value == floor(value) && fabs(value) < 1e15)
        snprintf(buf, size, "%lld", (long long)value);
    else
        snprintf(buf, size, "%.*g", precision, value);
}
