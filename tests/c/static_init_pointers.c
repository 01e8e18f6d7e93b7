// Static initializers holding addresses: pointers into arrays/structs, function pointer tables, self-references, string tables.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

struct node { int val; struct node *next; const char *name; };
static struct node n3 = {3, NULL, "three"};
static struct node n2 = {2, &n3, "two"};
static struct node n1 = {1, &n2, "one"};
static struct node ring = {0, &ring, "ring"};

static int arr[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
static int *mid = &arr[5];
static int *past_end = arr + 10;
static int (*row)[10] = &arr;
static const char *const strings[] = {"alpha", "beta", "gamma", NULL};
static const char *const *strp = &strings[1];
static char buffer[32] = "buffer";
static char *bufp = buffer + 3;
static const char *lit_offset = &"0123456789"[4];

static int f_add(int a, int b) { return a + b; }
static int f_mul(int a, int b) { return a * b; }
static struct op { const char *name; int (*fn)(int, int); const struct op *inverse; } ops[];
static struct op ops[] = {{"add", f_add, &ops[1]}, {"mul", f_mul, &ops[0]}};
static int (*const fn_table[2][2])(int, int) = {{f_add, f_mul}, {f_mul, f_add}};

struct matrix { int rows, cols; const double *data; };
static const double mdata[] = {1, 2, 3, 4, 5, 6};
static const struct matrix M = {2, 3, mdata};
static const struct matrix *const Mp = &M;

static long addr_diff = (long)sizeof(arr) / (long)sizeof(arr[0]);

int main(void) {
    for (struct node *p = &n1; p; p = p->next) printf("%s(%d) ", p->name, p->val);
    printf("\nring self=%d\n", ring.next == &ring && ring.next->next == &ring);
    printf("mid=%d past_end-arr=%ld row[0][9]=%d\n", *mid, (long)(past_end - arr), (*row)[9]);
    for (const char *const *s = strings; *s; s++) printf("%s ", *s);
    printf("| strp=%s next=%s\n", *strp, strp[1]);
    printf("bufp=%s lit_offset=%s\n", bufp, lit_offset);
    strcpy(bufp, "FER!");
    printf("buffer=%s\n", buffer);
    for (int i = 0; i < 2; i++) printf("%s(6,7)=%d inverse=%s\n", ops[i].name, ops[i].fn(6, 7), ops[i].inverse->name);
    printf("fn_table: %d %d %d %d\n", fn_table[0][0](3, 4), fn_table[0][1](3, 4), fn_table[1][0](3, 4),
           fn_table[1][1](3, 4));
    double tr = 0;
    for (int r = 0; r < Mp->rows; r++)
        for (int c = 0; c < Mp->cols; c++) tr += Mp->data[r * Mp->cols + c] * (r + 1);
    printf("matrix weighted sum=%.1f addr_diff=%ld\n", tr, addr_diff);
    return *mid;
}
