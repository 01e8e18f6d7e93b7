// stdio on regular files in the cwd: fopen modes, fwrite/fread, fseek/ftell, fgets, ungetc, append, remove/rename, feof/ferror.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int main(void) {
    FILE *f = fopen("data.bin", "wb");
    if (!f) { perror("fopen"); return 1; }
    int nums[100];
    for (int i = 0; i < 100; i++) nums[i] = i * i - 50;
    size_t w = fwrite(nums, sizeof nums[0], 100, f);
    printf("wrote %zu items, pos=%ld\n", w, ftell(f));
    fclose(f);

    f = fopen("data.bin", "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    printf("size %ld\n", size);
    fseek(f, 40 * (long)sizeof(int), SEEK_SET);
    int v;
    fread(&v, sizeof v, 1, f);
    printf("nums[40]=%d pos=%ld\n", v, ftell(f));
    fseek(f, -2 * (long)sizeof(int), SEEK_CUR);
    fread(&v, sizeof v, 1, f);
    printf("nums[39]=%d\n", v);
    fseek(f, -(long)sizeof(int), SEEK_END);
    fread(&v, sizeof v, 1, f);
    printf("last=%d\n", v);
    size_t r = fread(&v, sizeof v, 1, f);
    printf("read past end r=%zu eof=%d err=%d\n", r, feof(f) != 0, ferror(f) != 0);
    rewind(f);
    printf("after rewind eof=%d pos=%ld\n", feof(f) != 0, ftell(f));
    int all[100];
    size_t got = fread(all, sizeof all[0], 100, f);
    printf("bulk read %zu match=%d\n", got, memcmp(all, nums, sizeof nums) == 0);
    fclose(f);

    f = fopen("text.txt", "w");
    fprintf(f, "line one\nsecond line is longer than the buffer used\n\nlast without newline");
    fclose(f);
    f = fopen("text.txt", "a");
    fputs(" + appended\n", f);
    fclose(f);
    f = fopen("text.txt", "r");
    char buf[16];
    int lines = 0;
    while (fgets(buf, sizeof buf, f)) {
        size_t l = strlen(buf);
        printf("chunk[%zu]%s%s", l, buf, buf[l - 1] == '\n' ? "" : "|\n");
        lines++;
    }
    printf("chunks=%d\n", lines);
    rewind(f);
    int c = fgetc(f);
    printf("first char %c\n", c);
    ungetc('X', f);
    c = fgetc(f);
    printf("after ungetc %c\n", c);
    c = fgetc(f);
    printf("next %c\n", c);
    ungetc(c, f);
    char word[16];
    fscanf(f, "%15s", word);
    printf("fscanf word %s\n", word);
    fclose(f);

    f = fopen("text.txt", "r+");
    fseek(f, 5, SEEK_SET);
    fputs("ONE", f);
    fflush(f);
    fseek(f, 0, SEEK_SET);
    fgets(buf, sizeof buf, f);
    printf("r+ edit: %s", buf);
    fclose(f);

    printf("rename=%d\n", rename("text.txt", "moved.txt"));
    printf("old open fails=%d\n", fopen("text.txt", "r") == NULL);
    f = fopen("moved.txt", "r");
    int count = 0;
    while ((c = getc(f)) != EOF) count++;
    fclose(f);
    printf("moved size=%d\n", count);
    printf("remove=%d %d\n", remove("moved.txt"), remove("data.bin"));
    printf("remove missing=%d\n", remove("data.bin") != 0);
    /* setvbuf + line buffering on our own file */
    f = fopen("buf.txt", "w+");
    char vb[64];
    setvbuf(f, vb, _IOFBF, sizeof vb);
    for (int i = 0; i < 50; i++) fprintf(f, "%02d", i);
    fseek(f, 90, SEEK_SET);
    fgets(buf, sizeof buf, f);
    printf("tail=%s\n", buf);
    fclose(f);
    remove("buf.txt");
    return 0;
}
