/* make-calc: a small line-oriented calculator (a migcc test project). */
#ifndef CALC_H
#define CALC_H

#include <stddef.h>

enum token_kind {
    TOK_END,
    TOK_NUMBER,
    TOK_NAME,
    TOK_OP,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_COMMA,
    TOK_ASSIGN,
    TOK_ERROR,
};

struct token {
    enum token_kind kind;
    double number;
    char text[32];
};

struct lexer {
    const char *src;
    size_t pos;
    struct token current;
};

/* lexer.c (in libcalc.a) */
void lexer_init(struct lexer *lx, const char *src);
const struct token *lexer_next(struct lexer *lx);

/* parser.c (in libcalc.a) */
struct calc_error {
    int failed;
    char message[96];
};
double calc_eval(const char *line, struct calc_error *err);
int calc_set_var(const char *name, double value);
int calc_get_var(const char *name, double *value);
size_t calc_var_count(void);

/* builtins.c: functions callable from expressions, backed by libm. */
typedef double (*calc_fn1)(double);
typedef double (*calc_fn2)(double, double);
struct builtin {
    const char *name;
    int arity;
    calc_fn1 fn1;
    calc_fn2 fn2;
};
const struct builtin *builtin_find(const char *name);
size_t builtin_count(void);

/* format.c */
void format_result(char *buf, size_t size, double value, int precision);

#endif
