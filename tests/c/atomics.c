// C11 stdatomic: fetch_add/sub/or/and/xor, compare_exchange loops, atomic_flag spinlock, with threads; memory orders.
// link: -pthread
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

static atomic_long counter;
static atomic_int maxval;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long plain_under_spin;
static _Atomic uint64_t bits;
static atomic_llong cas_sum;

static void *work(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 10000; i++) {
        atomic_fetch_add_explicit(&counter, 2, memory_order_relaxed);
        atomic_fetch_sub(&counter, 1);
        int v = (int)(id * 10000 + i), cur = atomic_load(&maxval);
        while (v > cur && !atomic_compare_exchange_weak(&maxval, &cur, v)) {}
        while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {}
        plain_under_spin++;
        atomic_flag_clear_explicit(&spin, memory_order_release);
        long long old = atomic_load(&cas_sum), nw;
        do nw = old + i; while (!atomic_compare_exchange_strong(&cas_sum, &old, nw));
    }
    atomic_fetch_or(&bits, 1ULL << (id * 8));
    return NULL;
}

int main(void) {
    atomic_int x = 5;
    int old = atomic_fetch_add(&x, 3);
    printf("fetch_add=%d now=%d\n", old, atomic_load(&x));
    old = atomic_exchange(&x, 100);
    printf("exchange=%d now=%d\n", old, atomic_load(&x));
    int expected = 100;
    _Bool ok = atomic_compare_exchange_strong(&x, &expected, 7);
    printf("cas ok=%d now=%d\n", ok, atomic_load(&x));
    expected = 1;
    ok = atomic_compare_exchange_strong(&x, &expected, 9);
    printf("cas fail=%d expected_updated=%d\n", !ok, expected);
    atomic_uint flags = 0xf0;
    atomic_fetch_and(&flags, 0x3c);
    atomic_fetch_xor(&flags, 0xff);
    printf("flags=%x\n", atomic_load(&flags));
    printf("lock free long=%d llong=%d\n", atomic_is_lock_free(&counter) ? 1 : 0, atomic_is_lock_free(&cas_sum) ? 1 : 0);
    pthread_t th[4];
    for (long i = 0; i < 4; i++) pthread_create(&th[i], NULL, work, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    printf("counter=%ld max=%d spin=%ld bits=%016llx cas_sum=%lld\n", atomic_load(&counter), atomic_load(&maxval),
           plain_under_spin, (unsigned long long)atomic_load(&bits), (long long)atomic_load(&cas_sum));
    atomic_thread_fence(memory_order_seq_cst);
    return 0;
}
