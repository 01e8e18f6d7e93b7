/* Never blocks: a request is answered at the loop's migration point. The
 * baseline for blocked_read. */
#include <stdio.h>

int main(void) {
    unsigned long x = 1;
    for (unsigned long i = 0; i < (1UL << 62); i++)
        x = x * 6364136223846793005UL + i;
    printf("%lu\n", x);
    return 0;
}
