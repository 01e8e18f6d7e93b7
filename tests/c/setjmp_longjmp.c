// setjmp/longjmp: return values, volatile locals surviving, unwinding through many frames, nested jump buffers, sigsetjmp.
// opt: -O0 -O1 -O2 -O3 -Os
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void dive(int n) {
    char pad[64];
    pad[0] = (char)n;
    depth_reached = n + pad[0] - n;
    if (n == 200) longjmp(env, n);
    dive(n + 1);
}

static void thrower(int v) { longjmp(env, v); }

/* try/catch emulation with a stack of jmp_bufs */
static jmp_buf *handlers[8];
static int hdepth;
static void throw_err(int code) { longjmp(*handlers[hdepth - 1], code); }

static int risky(int x) {
    if (x % 3 == 0) throw_err(100 + x);
    return x * 2;
}

static int guarded(int x) {
    jmp_buf here;
    handlers[hdepth++] = &here;
    int code = setjmp(here);
    if (code) {
        hdepth--;
        return -code;
    }
    int r = risky(x);
    hdepth--;
    return r;
}

static int outer_guard(int x) {
    jmp_buf here;
    handlers[hdepth++] = &here;
    int code = setjmp(here);
    if (code) {
        hdepth--;
        return 1000 + code;
    }
    int a = guarded(x);     /* inner handler catches */
    int b = risky(x + 1);   /* outer handler catches */
    hdepth--;
    return a + b;
}

int main(void) {
    volatile int counter = 0;
    int r = setjmp(env);
    counter++;
    printf("setjmp returned %d counter=%d\n", r, counter);
    if (r == 0) thrower(0);          /* longjmp with 0 must deliver 1 */
    if (r == 1) thrower(42);
    if (r == 42) {
        r = setjmp(env);
        if (r == 0) dive(0);
        printf("back from depth %d with %d\n", depth_reached, r);
    }
    for (int x = 1; x <= 6; x++) printf("outer_guard(%d)=%d\n", x, outer_guard(x));
    volatile double acc = 1.5;
    volatile long lv = 7;
    if (setjmp(env) == 0) {
        acc *= 4;
        lv += 100;
        longjmp(env, 3);
    }
    printf("volatile survived acc=%.1f lv=%ld\n", acc, lv);
    sigjmp_buf senv;
    volatile int sj = 0;
    if (sigsetjmp(senv, 1) == 0) {
        sj = 5;
        siglongjmp(senv, 9);
    }
    printf("siglongjmp sj=%d\n", sj);
    return counter;
}
