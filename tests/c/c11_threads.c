// C11 <threads.h>: thrd_create/join, mtx_t, cnd_t, tss_t with destructor, call_once, thrd_sleep for a tiny interval.
// link: -pthread
#include <stdio.h>
#include <threads.h>
#include <time.h>

static mtx_t mtx;
static cnd_t cnd;
static int ready, total;
static once_flag flag = ONCE_FLAG_INIT;
static int once_count;
static tss_t tss;
static int tss_dtor_calls;

static void once_fn(void) { once_count++; }
static void tss_dtor(void *p) { (void)p; mtx_lock(&mtx); tss_dtor_calls++; mtx_unlock(&mtx); }

static int worker(void *arg) {
    int id = *(int *)arg;
    call_once(&flag, once_fn);
    tss_set(tss, arg);
    mtx_lock(&mtx);
    while (!ready) cnd_wait(&cnd, &mtx);
    total += id;
    mtx_unlock(&mtx);
    return *(int *)tss_get(tss) * 2;
}

int main(void) {
    mtx_init(&mtx, mtx_plain);
    cnd_init(&cnd);
    tss_create(&tss, tss_dtor);
    thrd_t t[4];
    int ids[4] = {1, 2, 3, 4};
    /* A migration point before the first thread (see pthreads_sync.c). */
    printf("starting 4 threads\n");
    for (int i = 0; i < 4; i++) printf("create=%d\n", thrd_create(&t[i], worker, &ids[i]) == thrd_success);
    struct timespec ts = {0, 1000000};
    thrd_sleep(&ts, NULL);
    mtx_lock(&mtx);
    ready = 1;
    cnd_broadcast(&cnd);
    mtx_unlock(&mtx);
    int sum = 0;
    for (int i = 0; i < 4; i++) {
        int r;
        thrd_join(t[i], &r);
        sum += r;
    }
    printf("total=%d sum of returns=%d once=%d tss_dtors=%d\n", total, sum, once_count, tss_dtor_calls);
    printf("main tss null=%d\n", tss_get(tss) == NULL);
    tss_delete(tss);
    cnd_destroy(&cnd);
    mtx_destroy(&mtx);
    return 0;
}
