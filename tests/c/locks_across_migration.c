// Locks held across migration points: stdout locked with flockfile while the program prints and computes, a recursive mutex, an error-checking mutex and a robust one locked around a compute loop; after a move the process has another thread id, and each still locks again, unlocks and reports as before.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static unsigned long work(unsigned long seed) {
    unsigned long x = seed;
    for (int i = 0; i < 20000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
    return x >> 33;
}

int main(void) {
    pthread_mutexattr_t attr;
    pthread_mutex_t recursive, checked, robust;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&recursive, &attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&checked, &attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &attr);

    flockfile(stdout);
    for (unsigned long i = 0; i < 8; i++) printf("locked stdout %lu: %lu\n", i, work(i));
    funlockfile(stdout);

    pthread_mutex_lock(&recursive);
    pthread_mutex_lock(&checked);
    pthread_mutex_lock(&robust);
    unsigned long total = 0;
    for (unsigned long i = 0; i < 8; i++) {
        total += work(i + 100);
        printf("holding three mutexes %lu: %lu\n", i, total);
    }
    printf("recursive lock again: %d\n", pthread_mutex_lock(&recursive));
    printf("error-checking lock again: %s\n", pthread_mutex_lock(&checked) == EDEADLK ? "EDEADLK" : "other");
    printf("unlock recursive twice: %d %d\n", pthread_mutex_unlock(&recursive), pthread_mutex_unlock(&recursive));
    printf("unlock error-checking: %d\n", pthread_mutex_unlock(&checked));
    printf("unlock it again: %s\n", pthread_mutex_unlock(&checked) == EPERM ? "EPERM" : "other");
    printf("robust lock again: %s\n", pthread_mutex_lock(&robust) == EDEADLK ? "EDEADLK" : "other");
    printf("unlock robust: %d\n", pthread_mutex_unlock(&robust));
    int relocked = pthread_mutex_lock(&robust);
    printf("lock and unlock robust: %d %d\n", relocked, pthread_mutex_unlock(&robust));
    return 0;
}
