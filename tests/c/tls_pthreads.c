// _Thread_local with initializers across pthreads: every thread starts from the initial image and keeps its own copy.
// link: -pthread
#include <pthread.h>
#include <stdio.h>
#include <string.h>

_Thread_local int counter = 10;
_Thread_local char tag[16] = "init";
_Thread_local long arr[4] = {1, 2, 3, 4};
static _Thread_local int *self_ptr;

struct result { int id; int counter; long arr_sum; char tag[16]; int ptr_ok; };

static void *worker(void *arg) {
    struct result *r = arg;
    self_ptr = &counter;
    int ok = strcmp(tag, "init") == 0 && counter == 10 && arr[3] == 4;
    for (int i = 0; i <= r->id * 1000; i++) counter++;
    snprintf(tag, sizeof tag, "thread-%d", r->id);
    for (int i = 0; i < 4; i++) arr[i] *= r->id + 1;
    r->counter = counter;
    r->arr_sum = arr[0] + arr[1] + arr[2] + arr[3];
    strcpy(r->tag, tag);
    r->ptr_ok = ok && self_ptr == &counter && *self_ptr == counter;
    return NULL;
}

int main(void) {
    enum { N = 4 };
    pthread_t th[N];
    struct result res[N];
    counter = 500;
    strcpy(tag, "main");
    /* A migration point before the first thread (see pthreads_sync.c). */
    printf("main: counter=%d tag=%s before the threads\n", counter, tag);
    for (int i = 0; i < N; i++) {
        memset(&res[i], 0, sizeof res[i]);
        res[i].id = i + 1;
        pthread_create(&th[i], NULL, worker, &res[i]);
    }
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++)
        printf("thread %d: counter=%d arr_sum=%ld tag=%s fresh=%d\n", res[i].id, res[i].counter,
               res[i].arr_sum, res[i].tag, res[i].ptr_ok);
    printf("main: counter=%d tag=%s arr_sum=%ld\n", counter, tag, arr[0] + arr[1] + arr[2] + arr[3]);
    return 0;
}
