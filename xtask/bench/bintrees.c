/* Binary trees (after the Computer Language Benchmarks Game): allocation-heavy,
 * so it measures malloc/free from each toolchain's musl as much as user code. */
#include <stdio.h>
#include <stdlib.h>

#define MAX_DEPTH 15

struct node {
    struct node *left, *right;
};

static struct node *make(int depth) {
    struct node *n = malloc(sizeof *n);
    if (!n) { puts("out of memory"); exit(1); }
    if (depth > 0) {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    } else {
        n->left = n->right = NULL;
    }
    return n;
}

static long check(const struct node *n) {
    return 1 + (n->left ? check(n->left) + check(n->right) : 0);
}

static void release(struct node *n) {
    if (n->left) {
        release(n->left);
        release(n->right);
    }
    free(n);
}

int main(void) {
    struct node *stretch = make(MAX_DEPTH + 1);
    printf("stretch tree of depth %d\t check: %ld\n", MAX_DEPTH + 1, check(stretch));
    release(stretch);
    struct node *long_lived = make(MAX_DEPTH);
    for (int depth = 4; depth <= MAX_DEPTH; depth += 2) {
        long iterations = 1L << (MAX_DEPTH - depth + 4), sum = 0;
        for (long i = 0; i < iterations; i++) {
            struct node *t = make(depth);
            sum += check(t);
            release(t);
        }
        printf("%ld\t trees of depth %d\t check: %ld\n", iterations, depth, sum);
    }
    printf("long lived tree of depth %d\t check: %ld\n", MAX_DEPTH, check(long_lived));
    release(long_lived);
    return 0;
}
