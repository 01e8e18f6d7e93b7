// getopt/getopt_long over a realistic argv (clustered flags, option arguments, --long=val, -- terminator, operands).
// args: -v -n 5 -abc --name=widget --level 3 -o out.txt -- -notanoption file1 file2
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int verbose = 0, n = 0, a = 0, b = 0, c = 0, level = 0;
    const char *name = "", *out = "";
    static const struct option longopts[] = {
        {"name", required_argument, NULL, 'N'},
        {"level", required_argument, NULL, 'L'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    int opt, idx;
    while ((opt = getopt_long(argc, argv, "vn:abco:", longopts, &idx)) != -1) {
        switch (opt) {
        case 'v': verbose++; break;
        case 'n': n = atoi(optarg); break;
        case 'a': a = 1; break;
        case 'b': b = 1; break;
        case 'c': c = 1; break;
        case 'o': out = optarg; break;
        case 'N': name = optarg; printf("long option index %d (%s)\n", idx, longopts[idx].name); break;
        case 'L': level = atoi(optarg); break;
        default: printf("unknown option\n"); return 2;
        }
    }
    printf("verbose=%d n=%d a=%d b=%d c=%d name=%s level=%d out=%s\n", verbose, n, a, b, c, name, level, out);
    printf("optind=%d operands:", optind);
    for (int i = optind; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\n");
    /* reset and parse a synthetic vector */
    char *v2[] = {"prog", "-x", "-n", NULL};
    optind = 1;
    opterr = 0;
    int seen_unknown = 0, seen_missing = 0;
    while ((opt = getopt(3, v2, ":n:")) != -1) {
        if (opt == '?') seen_unknown = optopt;
        if (opt == ':') seen_missing = optopt;
    }
    printf("unknown=%c missing=%c\n", seen_unknown, seen_missing);
    return argc - optind;
}
