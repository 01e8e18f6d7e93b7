// POSIX file I/O in the cwd: open/read/write/lseek/pread/pwrite/dup2/fcntl/stat/ftruncate, directories, readdir (sorted), unlink.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    int fd = open("f.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    printf("open ok=%d\n", fd >= 0);
    ssize_t w = write(fd, "hello world\n", 12);
    printf("write=%zd lseek end=%ld\n", w, (long)lseek(fd, 0, SEEK_END));
    pwrite(fd, "HELLO", 5, 0);
    char buf[64] = {0};
    ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
    printf("pread=%zd [%s]\n", r, strtok(buf, "\n"));
    lseek(fd, 6, SEEK_SET);
    memset(buf, 0, sizeof buf);
    r = read(fd, buf, 5);
    printf("read=%zd [%s]\n", r, buf);
    r = read(fd, buf, 10);
    printf("read rest=%zd\n", r);
    r = read(fd, buf, 10);
    printf("read at eof=%zd\n", r);
    struct stat st;
    fstat(fd, &st);
    printf("size=%ld regular=%d mode=%o\n", (long)st.st_size, S_ISREG(st.st_mode), (unsigned)(st.st_mode & 0777));
    ftruncate(fd, 5);
    fstat(fd, &st);
    printf("truncated size=%ld\n", (long)st.st_size);
    int flags = fcntl(fd, F_GETFL);
    printf("O_RDWR=%d cloexec=%d\n", (flags & O_ACCMODE) == O_RDWR, fcntl(fd, F_GETFD) & FD_CLOEXEC);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    printf("cloexec now=%d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    int d = dup(fd);
    lseek(d, 0, SEEK_SET);
    printf("dup shares offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    close(d);
    close(fd);
    /* redirect stdout to a file with dup2 and back */
    fflush(stdout);
    int saved = dup(1);
    int out = open("captured.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    dup2(out, 1);
    printf("this line goes to the file\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(out);
    FILE *cf = fopen("captured.txt", "r");
    fgets(buf, sizeof buf, cf);
    fclose(cf);
    printf("captured: %s", buf);
    mkdir("sub", 0755);
    mkdir("sub/inner", 0755);
    const char *names[] = {"sub/zeta", "sub/alpha", "sub/mid", "sub/.hidden"};
    for (int i = 0; i < 4; i++) close(open(names[i], O_CREAT | O_WRONLY, 0600));
    printf("mkdir exists errno EEXIST=%d\n", mkdir("sub", 0755) == -1 && errno == EEXIST);
    DIR *dir = opendir("sub");
    char *list[16];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dir)) && n < 16) list[n++] = strdup(de->d_name);
    closedir(dir);
    qsort(list, (size_t)n, sizeof list[0], cmp);
    printf("entries:");
    for (int i = 0; i < n; i++) { printf(" %s", list[i]); free(list[i]); }
    printf("\n");
    printf("stat dir=%d\n", stat("sub/inner", &st) == 0 && S_ISDIR(st.st_mode));
    printf("access f.txt R=%d X=%d\n", access("f.txt", R_OK) == 0, access("f.txt", X_OK) == 0);
    printf("rmdir non-empty fails=%d\n", rmdir("sub") == -1);
    for (int i = 0; i < 4; i++) unlink(names[i]);
    rmdir("sub/inner");
    printf("rmdir=%d unlink=%d %d\n", rmdir("sub"), unlink("f.txt"), unlink("captured.txt"));
    int missing = open("nope", O_RDONLY);
    printf("open missing: %d ENOENT=%d\n", missing, errno == ENOENT);
    char cwd[4096];
    printf("getcwd ok=%d\n", getcwd(cwd, sizeof cwd) != NULL && cwd[0] == '/');
    return 0;
}
