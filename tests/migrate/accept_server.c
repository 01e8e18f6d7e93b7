// A server blocked in accept on a loopback listening socket migrates while blocked, then serves the test's connection on the destination; its IPv6 listening socket moves too.
// connect: hello from the test\n
// stderr-on-hop: accept: blocked on {from}, returned on {to}
// migrate-after: 1000ms
#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

static int option(int fd, int level, int name) {
    int value = -1;
    socklen_t len = sizeof value;
    getsockopt(fd, level, name, &value, &len);
    return value;
}

/* What the program can see of a listening socket, the same before and after a move. */
static void describe(const char *what, int fd, int port) {
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    int bound = a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port)
                                        : ntohs(((struct sockaddr_in *)&a)->sin_port);
    printf("%s: listening %d, same port %s, reuseaddr %d, nodelay %d, v6only %d, nonblocking %d, cloexec %d\n", what,
           option(fd, SOL_SOCKET, SO_ACCEPTCONN), bound == port ? "yes" : "no", option(fd, SOL_SOCKET, SO_REUSEADDR) != 0,
           option(fd, IPPROTO_TCP, TCP_NODELAY) != 0,
           a.ss_family == AF_INET6 ? option(fd, IPPROTO_IPV6, IPV6_V6ONLY) : -1, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
}

int main(void) {
    int one = 1;
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8) || getsockname(s, (struct sockaddr *)&a, &len)) {
        perror("IPv4 socket");
        return 1;
    }
    int port = ntohs(a.sin_port);

    /* A second, idle listener: IPv6 only, non-blocking, inherited by exec. */
    int s6 = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    len = sizeof a6;
    if (bind(s6, (struct sockaddr *)&a6, sizeof a6) || listen(s6, 3) || getsockname(s6, (struct sockaddr *)&a6, &len)) {
        perror("IPv6 socket");
        return 1;
    }
    int port6 = ntohs(a6.sin6_port);

    fprintf(stderr, "listening on port %d\n", port);
    struct utsname before, after;
    uname(&before);
    int c = accept(s, 0, 0);
    uname(&after);
    if (c < 0) {
        perror("accept");
        return 1;
    }
    if (strcmp(before.machine, after.machine))
        fprintf(stderr, "accept: blocked on %s, returned on %s\n", before.machine, after.machine);
    char request[128];
    ssize_t n, got = 0;
    while (got < (ssize_t)sizeof request - 1 && (n = read(c, request + got, sizeof request - 1 - got)) > 0)
        got += n;
    request[got] = 0;
    for (ssize_t i = 0; i < got; i++)
        request[i] = toupper((unsigned char)request[i]);
    dprintf(c, "served %zd bytes: %s", got, request);
    close(c);
    describe("IPv4", s, port);
    describe("IPv6", s6, port6);
    printf("served one connection\n");
    return 0;
}
