// Hidden libc state: strtok across calls, strtok_r interleaving, rand()/srand() sequences and reseeding.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char text[] = "  the quick,brown;;fox jumps, over the lazy dog  ";
    const char *delims = " ,;";
    int n = 0;
    for (char *tok = strtok(text, delims); tok; tok = strtok(NULL, delims)) printf("tok[%d]=%s\n", n++, tok);
    printf("strtok again on exhausted: %s\n", strtok(NULL, delims) ? "non-null" : "null");
    /* strtok state is replaced by a new string */
    char a[] = "a-b-c", b[] = "x:y";
    printf("%s ", strtok(a, "-"));
    printf("%s ", strtok(b, ":"));
    printf("%s ", strtok(NULL, ":"));
    printf("%s\n", strtok(NULL, ":") ? "more" : "end");
    /* strtok_r: nested tokenisation */
    char cfg[] = "k1=v1&k2=v2&k3=v3";
    char *save1, *save2;
    for (char *pair = strtok_r(cfg, "&", &save1); pair; pair = strtok_r(NULL, "&", &save1)) {
        char *k = strtok_r(pair, "=", &save2);
        char *v = strtok_r(NULL, "=", &save2);
        printf("%s -> %s\n", k, v);
    }
    /* rand state: default seed is 1 */
    int first[5];
    for (int i = 0; i < 5; i++) first[i] = rand();
    printf("rand default: %d %d %d %d %d\n", first[0], first[1], first[2], first[3], first[4]);
    srand(1);
    int same = 1;
    for (int i = 0; i < 5; i++) same &= rand() == first[i];
    printf("srand(1) repeats default: %d\n", same);
    srand(12345);
    long sum = 0;
    for (int i = 0; i < 1000; i++) sum += rand() % 1000;
    printf("srand(12345) sum of 1000 = %ld\n", sum);
    srand(12345);
    printf("reseed first: %d\n", rand());
    printf("RAND_MAX=%d\n", RAND_MAX);
    /* histogram of rand()%6 */
    srand(42);
    int hist[6] = {0};
    for (int i = 0; i < 6000; i++) hist[rand() % 6]++;
    for (int i = 0; i < 6; i++) printf("%d ", hist[i]);
    printf("\n");
    unsigned seed = 7;
    int r1 = rand_r(&seed);
    int r2 = rand_r(&seed);
    printf("rand_r: %d %d\n", r1, r2);
    return 0;
}
