// Signals delivered synchronously with raise(): handlers, sig_atomic_t flags, SIG_IGN, sigaction with SA_SIGINFO, masks, alarm-free.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, last_sig;
static volatile sig_atomic_t info_code, info_signo;

static void on_usr1(int sig) { got_usr1++; last_sig = sig; }
static void on_usr2(int sig) { got_usr2 += 10; last_sig = sig; }
static void on_info(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    info_signo = si->si_signo;
    info_code = si->si_code == SI_TKILL || si->si_code == SI_USER;
    last_sig = sig;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    for (int i = 0; i < 3; i++) raise(SIGUSR1);
    raise(SIGUSR2);
    printf("usr1=%d usr2=%d last=%s\n", (int)got_usr1, (int)got_usr2, last_sig == SIGUSR2 ? "USR2" : "?");
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("after ignore usr1=%d\n", (int)got_usr1);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("siginfo signo_ok=%d code_ok=%d\n", info_signo == SIGUSR1, (int)info_code);

    /* Blocked signals stay pending until unblocked. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    int before = got_usr2;
    raise(SIGUSR2);
    sigset_t pend;
    sigpending(&pend);
    printf("pending=%d delivered_while_blocked=%d\n", sigismember(&pend, SIGUSR2), got_usr2 != before);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock usr2=%d\n", (int)got_usr2);

    struct sigaction q;
    sigaction(SIGUSR2, NULL, &q);
    printf("query handler is on_usr2: %d\n", q.sa_handler == on_usr2);
    printf("SIGUSR1=%d SIGUSR2=%d SIGTERM=%d SIGSEGV=%d\n", SIGUSR1, SIGUSR2, SIGTERM, SIGSEGV);
    printf("strsignal: %s\n", strsignal(SIGINT));
    fflush(stdout);
    /* Default action of SIGABRT terminates the process: the exit status must show the signal. */
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    printf("not reached\n");
    return 0;
}
