// Reading stdin to EOF: wc-style line/word/byte counts, longest line, and a letter histogram; exit status from content.
// stdin: The quick brown fox\njumps over the lazy dog.\n\n  Tabs\tand  spaces   \nlast line without newline
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    long lines = 0, words = 0, bytes = 0;
    int in_word = 0, c, cur = 0, longest = 0;
    int hist[26] = {0};
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n') {
            lines++;
            if (cur > longest) longest = cur;
            cur = 0;
        } else {
            cur++;
        }
        if (isspace(c)) in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
        if (isalpha(c)) hist[tolower(c) - 'a']++;
    }
    if (cur > longest) longest = cur;
    printf("%ld %ld %ld longest=%d\n", lines, words, bytes, longest);
    for (int i = 0; i < 26; i++) if (hist[i]) printf("%c%d ", 'a' + i, hist[i]);
    printf("\n");
    printf("eof=%d error=%d\n", feof(stdin) != 0, ferror(stdin) != 0);
    clearerr(stdin);
    int eof_flag = feof(stdin) != 0;
    int again = getchar();
    printf("after clearerr eof=%d getchar=%d\n", eof_flag, again);
    return (int)(words % 256);
}
