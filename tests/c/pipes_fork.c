// pipe + fork + waitpid: child computes and writes through a pipe, exit statuses (normal and by signal) reach the parent.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

static long work(int seed) {
    long s = 0;
    for (int i = 0; i < 1000; i++) s = (s * 31 + seed + i) % 1000003;
    return s;
}

int main(void) {
    int fds[2];
    if (pipe(fds)) { perror("pipe"); return 1; }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char msg[64];
        int len = snprintf(msg, sizeof msg, "child result %ld", work(7));
        write(fds[1], msg, (size_t)len);
        close(fds[1]);
        _exit(17);
    }
    close(fds[1]);
    char buf[128];
    ssize_t total = 0, r;
    while ((r = read(fds[0], buf + total, sizeof buf - 1 - (size_t)total)) > 0) total += r;
    buf[total] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    printf("parent got '%s' (expected %ld)\n", buf, work(7));
    printf("exited=%d code=%d\n", WIFEXITED(status), WEXITSTATUS(status));

    /* several children, reaped in order */
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        fflush(stdout);
        kids[i] = fork();
        if (kids[i] == 0) _exit(i * 10 + 1);
    }
    for (int i = 0; i < 4; i++) {
        waitpid(kids[i], &status, 0);
        printf("kid %d exit %d\n", i, WEXITSTATUS(status));
    }

    /* a child killed by a signal */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    printf("signaled=%d sig=%d\n", WIFSIGNALED(status), WIFSIGNALED(status) ? WTERMSIG(status) : -1);

    /* two-way: parent sends numbers, child sums them and replies */
    int to_child[2], to_parent[2];
    pipe(to_child);
    pipe(to_parent);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        int v;
        long sum = 0;
        while (read(to_child[0], &v, sizeof v) == sizeof v) sum += v;
        write(to_parent[1], &sum, sizeof sum);
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    for (int i = 1; i <= 100; i++) write(to_child[1], &i, sizeof i);
    close(to_child[1]);
    long sum = 0;
    read(to_parent[0], &sum, sizeof sum);
    close(to_parent[0]);
    waitpid(pid, &status, 0);
    printf("child summed %ld\n", sum);
    /* stdout of a child goes to the same stream */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("hello from child\n");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    /* The parent's own work once every child is gone: while a child lives
     * the program does not migrate, and library loops are not migration
     * points, so these printfs are most of its points outside those times. */
    for (int i = 0; i < 12; i++) printf("work %d: %ld\n", i, work(i));
    printf("parent done\n");
    return 3;
}
