// libc variadic entry points called without their optional argument: fcntl(fd, F_GETFL/F_GETFD), open() without a mode.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    int fd = open("probe.txt", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    printf("create ok=%d\n", fd >= 0);
    close(fd);
    fd = open("probe.txt", O_RDONLY); /* no mode argument */
    printf("open without mode ok=%d\n", fd >= 0);
    int fl = fcntl(fd, F_GETFL); /* musl reads the (absent) third argument */
    printf("F_GETFL rdonly=%d\n", (fl & O_ACCMODE) == O_RDONLY);
    int fdfl = fcntl(fd, F_GETFD);
    printf("F_GETFD cloexec=%d\n", fdfl & FD_CLOEXEC);
    printf("F_SETFD=%d\n", fcntl(fd, F_SETFD, FD_CLOEXEC));
    fdfl = fcntl(fd, F_GETFD);
    printf("F_GETFD cloexec=%d\n", fdfl & FD_CLOEXEC);
    int d = fcntl(fd, F_DUPFD, 10);
    printf("F_DUPFD >= 10: %d\n", d >= 10);
    close(d);
    close(fd);
    unlink("probe.txt");
    return 0;
}
