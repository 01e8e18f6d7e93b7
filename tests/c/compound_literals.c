// Compound literals (scalars, arrays, structs, at file scope, modified in place, in loops) and designated initializers.
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct rect { struct point a, b; const char *label; };
struct config { int width, height; const char *title; int flags[4]; double scale; struct point origin; };

static int *file_scope = (int[]){10, 20, 30};
static struct point *fs_pt = &(struct point){.y = 9};

static int area(const struct rect *r) { return (r->b.x - r->a.x) * (r->b.y - r->a.y); }
static int sum(const int *a, int n) { int s = 0; while (n--) s += *a++; return s; }
static struct point add(struct point p, struct point q) { return (struct point){p.x + q.x, p.y + q.y}; }

enum color { RED, GREEN, BLUE, NCOLORS };
static const char *color_names[NCOLORS] = {[BLUE] = "blue", [RED] = "red", [GREEN] = "green"};
static const int squares[10] = {[9] = 81, [3] = 9, [5] = 25, [0] = 0, 1};
static struct config defaults = {.title = "untitled", .width = 640, .flags = {[2] = 1}, .origin.y = -1, .height = 480};
static const struct point path[] = {[0] = {1, 1}, [2] = {.y = 3, .x = 2}, [4] = {.x = 5}};

int main(void) {
    printf("area=%d\n", area(&(struct rect){{0, 0}, {4, 5}, "box"}));
    printf("sum=%d\n", sum((int[]){1, 2, 3, 4, 5}, 5));
    struct point p = add((struct point){1, 2}, (struct point){.y = 10, .x = 20});
    printf("p=%d,%d\n", p.x, p.y);
    int *arr = (int[8]){[2] = 5, [6] = 7};
    arr[0] = 1;
    printf("arr=%d %d %d %d\n", arr[0], arr[2], arr[5], arr[6]);
    printf("file scope=%d %d %d fs_pt=%d,%d\n", file_scope[0], file_scope[1], file_scope[2], fs_pt->x, fs_pt->y);
    file_scope[1] = 21;
    printf("modified=%d\n", file_scope[1]);
    for (int i = 0; i < NCOLORS; i++) printf("%s ", color_names[i]);
    printf("\n");
    for (int i = 0; i < 10; i++) printf("%d ", squares[i]);
    printf("\n");
    printf("defaults: %dx%d %s flags=%d%d%d%d scale=%.1f origin=%d,%d\n", defaults.width, defaults.height, defaults.title,
           defaults.flags[0], defaults.flags[1], defaults.flags[2], defaults.flags[3], defaults.scale, defaults.origin.x,
           defaults.origin.y);
    struct config c = defaults;
    c = (struct config){.title = "override", .scale = 1.5, .flags = {1, 2}};
    printf("override: %dx%d %s flags=%d%d%d%d scale=%.1f\n", c.width, c.height, c.title, c.flags[0], c.flags[1],
           c.flags[2], c.flags[3], c.scale);
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) printf("(%d,%d)", path[i].x, path[i].y);
    printf("\n");
    /* compound literal in a loop: fresh object each iteration */
    int total = 0;
    for (int i = 0; i < 5; i++) {
        int *tmp = (int[]){i, i * 2, i * 3};
        total += tmp[0] + tmp[1] + tmp[2];
    }
    printf("loop total=%d\n", total);
    char *s = (char[]){"mutable literal copy"};
    s[0] = 'M';
    printf("%s\n", s);
    struct { int a; char b[3]; struct point c[2]; } nested = {.c[1].y = 7, .b = "hi", .a = 3};
    printf("nested %d %s %d %d\n", nested.a, nested.b, nested.c[0].x, nested.c[1].y);
    int matrix[3][3] = {[1] = {[1] = 5}, [2][2] = 9, [0][2] = 3};
    for (int i = 0; i < 3; i++) printf("%d%d%d ", matrix[i][0], matrix[i][1], matrix[i][2]);
    printf("\n");
    return area(&(struct rect){.a = {1, 1}, .b = {3, 4}});
}
