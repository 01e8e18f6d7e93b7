// The program asks to move itself (migcc.h) halfway through its work, and after the move says which ISA it came from: migcc_restored_from() is the writer's ISA in a restored process and NULL in one that started afresh.
// stderr-on-hop: after the request: moved from {from}
// migrate-after: 600000ms
#include <migcc.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long work(unsigned long seed, int rounds) {
    for (int i = 0; i < rounds; i++)
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return seed;
}

int main(void) {
    if (migcc_restored_from()) {
        fprintf(stderr, "restored before main ran\n");
        return 1;
    }
    unsigned long h = work(1, 1000000);
    printf("first half %lu\n", h);
    fflush(stdout);
    migcc_request_migration();
    h = work(h, 1000000);
    const char *from = migcc_restored_from();
    fprintf(stderr, "after the request: %s%s\n", from ? "moved from " : "still where it started", from ? from : "");
    printf("second half %lu\n", h);
    return 0;
}
