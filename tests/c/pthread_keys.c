// pthread_key_create/setspecific/getspecific with destructors, pthread_cleanup_push/pop, pthread_exit values, attrs.
// link: -pthread
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_key_t key;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int destructed[8];
static int cleanup_ran[8];

static void dtor(void *p) {
    int id = *(int *)p;
    pthread_mutex_lock(&m);
    destructed[id]++;
    pthread_mutex_unlock(&m);
    free(p);
}

static void cleanup(void *arg) { cleanup_ran[(long)arg] = 1; }

static void *worker(void *arg) {
    long id = (long)arg;
    int *slot = malloc(sizeof *slot);
    *slot = (int)id;
    pthread_setspecific(key, slot);
    pthread_cleanup_push(cleanup, arg);
    int *got = pthread_getspecific(key);
    if (*got != id) return (void *)-1;
    if (id == 2) pthread_exit((void *)(id * 1000)); /* runs the cleanup handler */
    pthread_cleanup_pop(id == 3);                    /* only thread 3 executes it on pop */
    return (void *)(id * 100);
}

int main(void) {
    pthread_key_create(&key, dtor);
    printf("main specific initially null: %d\n", pthread_getspecific(key) == NULL);
    pthread_t th[5];
    for (long i = 0; i < 5; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    for (int i = 0; i < 5; i++) {
        void *r;
        pthread_join(th[i], &r);
        printf("thread %d returned %ld destructed=%d cleanup=%d\n", i, (long)r, destructed[i], cleanup_ran[i]);
    }
    static int main_val = 7;
    pthread_setspecific(key, &main_val);
    printf("main specific=%d\n", *(int *)pthread_getspecific(key));
    pthread_setspecific(key, NULL);
    pthread_key_delete(key);
    pthread_attr_t a;
    pthread_attr_init(&a);
    int ds;
    pthread_attr_getdetachstate(&a, &ds);
    printf("default joinable=%d\n", ds == PTHREAD_CREATE_JOINABLE);
    pthread_attr_destroy(&a);
    return 0;
}
