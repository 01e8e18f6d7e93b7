// Pointer-heavy data structures: linked list merge sort/reverse, chained hash table with resize, BST with deletion.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int v; struct node *next; };
static struct node *list_push(struct node *h, int v) { struct node *n = malloc(sizeof *n); n->v = v; n->next = h; return n; }
static struct node *list_reverse(struct node *h) {
    struct node *prev = NULL;
    while (h) { struct node *n = h->next; h->next = prev; prev = h; h = n; }
    return prev;
}
static struct node *list_merge_sort(struct node *h) {
    if (!h || !h->next) return h;
    struct node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *b = slow->next;
    slow->next = NULL;
    struct node *a = list_merge_sort(h);
    b = list_merge_sort(b);
    struct node head = {0, NULL}, *t = &head;
    while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
    t->next = a ? a : b;
    return head.next;
}

struct entry { char *key; int val; struct entry *next; };
struct table { struct entry **buckets; size_t nb, count; };
static unsigned long hash(const char *s) { unsigned long h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }
static void table_put(struct table *t, const char *k, int v);
static void table_resize(struct table *t) {
    struct table nt = {calloc(t->nb * 2, sizeof(struct entry *)), t->nb * 2, 0};
    for (size_t i = 0; i < t->nb; i++)
        for (struct entry *e = t->buckets[i], *n; e; e = n) {
            n = e->next;
            size_t b = hash(e->key) % nt.nb;
            e->next = nt.buckets[b];
            nt.buckets[b] = e;
            nt.count++;
        }
    free(t->buckets);
    *t = nt;
}
static void table_put(struct table *t, const char *k, int v) {
    size_t b = hash(k) % t->nb;
    for (struct entry *e = t->buckets[b]; e; e = e->next)
        if (!strcmp(e->key, k)) { e->val = v; return; }
    struct entry *e = malloc(sizeof *e);
    e->key = strdup(k);
    e->val = v;
    e->next = t->buckets[b];
    t->buckets[b] = e;
    if (++t->count > t->nb * 2) table_resize(t);
}
static int *table_get(struct table *t, const char *k) {
    for (struct entry *e = t->buckets[hash(k) % t->nb]; e; e = e->next)
        if (!strcmp(e->key, k)) return &e->val;
    return NULL;
}

struct tree { int key; struct tree *l, *r; };
static struct tree *tinsert(struct tree *t, int k) {
    if (!t) { t = calloc(1, sizeof *t); t->key = k; return t; }
    if (k < t->key) t->l = tinsert(t->l, k); else if (k > t->key) t->r = tinsert(t->r, k);
    return t;
}
static struct tree *tdelete(struct tree *t, int k) {
    if (!t) return NULL;
    if (k < t->key) t->l = tdelete(t->l, k);
    else if (k > t->key) t->r = tdelete(t->r, k);
    else {
        if (!t->l || !t->r) { struct tree *c = t->l ? t->l : t->r; free(t); return c; }
        struct tree *m = t->r;
        while (m->l) m = m->l;
        t->key = m->key;
        t->r = tdelete(t->r, m->key);
    }
    return t;
}
static void tinorder(struct tree *t, long *acc, int *cnt) {
    if (!t) return;
    tinorder(t->l, acc, cnt);
    *acc = *acc * 7 + t->key;
    (*cnt)++;
    tinorder(t->r, acc, cnt);
}
static void tfree(struct tree *t) { if (t) { tfree(t->l); tfree(t->r); free(t); } }

int main(void) {
    struct node *l = NULL;
    unsigned s = 99;
    for (int i = 0; i < 1000; i++) { s = s * 1103515245u + 12345u; l = list_push(l, (int)(s >> 16) % 1000); }
    l = list_merge_sort(l);
    int ok = 1, cnt = 0;
    for (struct node *p = l; p; p = p->next, cnt++) if (p->next && p->v > p->next->v) ok = 0;
    l = list_reverse(l);
    printf("list sorted=%d count=%d first(after reverse)=%d\n", ok, cnt, l->v);
    while (l) { struct node *n = l->next; free(l); l = n; }

    struct table t = {calloc(4, sizeof(struct entry *)), 4, 0};
    char key[32];
    for (int i = 0; i < 5000; i++) { snprintf(key, sizeof key, "key%d", i % 3000); table_put(&t, key, i); }
    long sum = 0;
    for (int i = 0; i < 3000; i++) { snprintf(key, sizeof key, "key%d", i); sum += *table_get(&t, key); }
    printf("table count=%zu buckets=%zu sum=%ld missing=%d\n", t.count, t.nb, sum, table_get(&t, "nokey") == NULL);
    for (size_t i = 0; i < t.nb; i++)
        for (struct entry *e = t.buckets[i], *n; e; e = n) { n = e->next; free(e->key); free(e); }
    free(t.buckets);

    struct tree *root = NULL;
    for (int i = 0; i < 2000; i++) { s = s * 1103515245u + 12345u; root = tinsert(root, (int)(s >> 16) % 5000); }
    long acc = 0;
    int n = 0;
    tinorder(root, &acc, &n);
    printf("tree n=%d hash=%ld\n", n, acc);
    for (int k = 0; k < 5000; k += 3) root = tdelete(root, k);
    acc = 0;
    n = 0;
    tinorder(root, &acc, &n);
    printf("after delete n=%d hash=%ld\n", n, acc);
    tfree(root);
    return 0;
}
