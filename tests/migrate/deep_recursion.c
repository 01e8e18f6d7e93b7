// Recursion 10,000 frames deep, each passing a pointer to its own local array down: the whole stack moves.
// args: 3000
#include <stdio.h>
#include <stdlib.h>

static long descend(int depth, long *parent) {
    long mine[4] = {depth, parent ? parent[0] : 0, depth * 3L, 0};
    if (depth == 0) return mine[0] + mine[1];
    long below = descend(depth - 1, mine);
    mine[3] = below;
    return mine[3] + mine[2] % 7 + (parent ? parent[2] % 5 : 0);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
        sum += descend(10000, 0) + r;
        if (r % 10 == 0) printf("round %d: %ld\n", r, sum);
    }
    printf("sum %ld\n", sum);
    return 0;
}
