// Deep recursion (tens of thousands of frames), recursion with large frames, and recursion through function pointers.
#include <stdio.h>
#include <string.h>

static long depth_sum(long n) {
    volatile long pad = n; /* defeat tail-call elimination at -O2 */
    if (n == 0) return 0;
    return pad + depth_sum(n - 1);
}

static int big_frame(int n) {
    char buf[2048];
    memset(buf, n & 0xff, sizeof buf);
    if (n == 0) return buf[100];
    int r = big_frame(n - 1);
    return r + buf[n % 2048] + buf[2047];
}

struct node { int val; struct node *left, *right; };
static struct node pool[1 << 16];
static int used;

/* Build a degenerate tree (a list) so recursion depth equals node count. */
static struct node *insert(struct node *t, int v) {
    if (!t) { struct node *n = &pool[used++]; n->val = v; n->left = n->right = 0; return n; }
    if (v < t->val) t->left = insert(t->left, v); else t->right = insert(t->right, v);
    return t;
}
static long tree_sum(const struct node *t) { return t ? t->val + tree_sum(t->left) + tree_sum(t->right) : 0; }
static int tree_height(const struct node *t) {
    if (!t) return 0;
    int l = tree_height(t->left), r = tree_height(t->right);
    return 1 + (l > r ? l : r);
}

typedef long (*rfn)(long, void *);
static long via_ptr(long n, void *self) {
    if (n == 0) return 1;
    rfn f = (rfn)self;
    return (f(n - 1, self) * 3 + n) % 1000003;
}

int main(void) {
    printf("depth_sum(50000)=%ld\n", depth_sum(50000));
    printf("big_frame(500)=%d\n", big_frame(500));
    struct node *root = NULL;
    /* sorted inserts produce a chain; iterative insert would be fine too but we want deep recursion */
    for (int i = 0; i < 3000; i++) root = insert(root, i);
    printf("chain sum=%ld height=%d\n", tree_sum(root), tree_height(root));
    used = 0;
    root = NULL;
    unsigned s = 1;
    for (int i = 0; i < 20000; i++) {
        s = s * 1664525u + 1013904223u;
        root = insert(root, (int)(s >> 12));
    }
    printf("random sum=%ld height=%d\n", tree_sum(root), tree_height(root));
    printf("via_ptr=%ld\n", via_ptr(20000, (void *)via_ptr));
    return 0;
}
