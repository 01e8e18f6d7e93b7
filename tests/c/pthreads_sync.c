// pthreads: mutex-protected counter, condition-variable producer/consumer queue, barrier-like joins, once, rwlock, thread return values.
// link: -pthread
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { THREADS = 4, ITER = 20000, QCAP = 8, ITEMS = 2000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *inc(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < ITER; i++) {
        pthread_mutex_lock(&lock);
        counter += id + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(id * 100);
}

static int queue[QCAP], qhead, qtail, qcount, done;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == QCAP) pthread_cond_wait(&not_full, &qlock);
        queue[qtail] = i;
        qtail = (qtail + 1) % QCAP;
        qcount++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    done = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&qlock);
    return NULL;
}

struct cstats { long sum; int n; };
static void *consumer(void *arg) {
    struct cstats *st = arg;
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (qcount == 0 && !done) pthread_cond_wait(&not_empty, &qlock);
        if (qcount == 0 && done) { pthread_mutex_unlock(&qlock); break; }
        int v = queue[qhead];
        qhead = (qhead + 1) % QCAP;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
        st->sum += v;
        st->n++;
    }
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_calls;
static void init_once(void) { init_calls++; }
static void *call_once(void *arg) { pthread_once(&once, init_once); return arg; }

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int table[16];
static void *reader_writer(void *arg) {
    long id = (long)arg;
    long seen = 0;
    for (int i = 0; i < 500; i++) {
        if (i % 10 == (int)id) {
            pthread_rwlock_wrlock(&rw);
            for (int k = 0; k < 16; k++) table[k]++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            int first = table[0];
            for (int k = 1; k < 16; k++) if (table[k] != first) seen++;
            pthread_rwlock_unlock(&rw);
        }
    }
    return (void *)seen;
}

int main(void) {
    pthread_t th[THREADS];
    /* The program's migration points before its first thread (threads do
     * not migrate yet): this printf's, as library loops are not points. */
    printf("starting %d threads\n", THREADS);
    for (long i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, inc, (void *)i);
    long rets = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        rets += (long)r;
    }
    printf("counter=%ld expected=%ld rets=%ld\n", counter, (long)ITER * (1 + 2 + 3 + 4), rets);

    pthread_t prod, cons[3];
    struct cstats st[3] = {{0, 0}, {0, 0}, {0, 0}};
    for (int i = 0; i < 3; i++) pthread_create(&cons[i], NULL, consumer, &st[i]);
    pthread_create(&prod, NULL, producer, NULL);
    pthread_join(prod, NULL);
    long total = 0;
    int n = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join(cons[i], NULL);
        total += st[i].sum;
        n += st[i].n;
    }
    printf("consumed n=%d sum=%ld expected=%ld\n", n, total, (long)ITEMS * (ITEMS + 1) / 2);

    for (long i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, call_once, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
    printf("once init_calls=%d\n", init_calls);

    for (long i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, reader_writer, (void *)i);
    long torn = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        torn += (long)r;
    }
    printf("rwlock torn reads=%ld table[0]=%d\n", torn, table[0]);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1 << 20);
    pthread_create(&th[0], &attr, call_once, (void *)77L);
    void *r;
    pthread_join(th[0], &r);
    pthread_attr_destroy(&attr);
    printf("custom stack thread returned %ld\n", (long)r);
    printf("self equal: %d\n", pthread_equal(pthread_self(), pthread_self()));
    return 0;
}
