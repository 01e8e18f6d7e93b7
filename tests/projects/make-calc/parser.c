/* Recursive-descent evaluator with variables. */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "calc.h"

#define MAX_VARS 64

static struct {
    char name[32];
    double value;
} vars[MAX_VARS];
static size_t nvars;

struct parser {
    struct lexer lx;
    struct token tok;
    struct calc_error *err;
    jmp_buf fail;
};

static void advance(struct parser *p)
{
    p->tok = *lexer_next(&p->lx);
}

static void fail(struct parser *p, const char *what, const char *detail)
{
    p->err->failed = 1;
    snprintf(p->err->message, sizeof p->err->message, "%s%s%s", what,
             detail ? ": " : "", detail ? detail : "");
    longjmp(p->fail, 1);
}

int calc_set_var(const char *name, double value)
{
    for (size_t i = 0; i < nvars; i++) {
        if (strcmp(vars[i].name, name) == 0) {
            vars[i].value = value;
            return 0;
        }
    }
    if (nvars == MAX_VARS)
        return -1;
    snprintf(vars[nvars].name, sizeof vars[nvars].name, "%s", name);
    vars[nvars++].value = value;
    return 0;
}

int calc_get_var(const char *name, double *value)
{
    for (size_t i = 0; i < nvars; i++) {
        if (strcmp(vars[i].name, name) == 0) {
            *value = vars[i].value;
            return 1;
        }
    }
    return 0;
}

size_t calc_var_count(void)
{
    return nvars;
}

static double expr(struct parser *p);

static double primary(struct parser *p)
{
    if (p->tok.kind == TOK_NUMBER) {
        double v = p->tok.number;
        advance(p);
        return v;
    }
    if (p->tok.kind == TOK_OP && p->tok.text[0] == '-') {
        advance(p);
        return -primary(p);
    }
    if (p->tok.kind == TOK_LPAREN) {
        advance(p);
        double v = expr(p);
        if (p->tok.kind != TOK_RPAREN)
            fail(p, "expected )", NULL);
        advance(p);
        return v;
    }
    if (p->tok.kind == TOK_NAME) {
        char name[32];
        memcpy(name, p->tok.text, sizeof name);
        advance(p);
        if (p->tok.kind == TOK_LPAREN) {
            const struct builtin *b = builtin_find(name);
            if (!b)
                fail(p, "unknown function", name);
            advance(p);
            double a = expr(p), c = 0;
            if (b->arity == 2) {
                if (p->tok.kind != TOK_COMMA)
                    fail(p, "expected ,", name);
                advance(p);
                c = expr(p);
            }
            if (p->tok.kind != TOK_RPAREN)
                fail(p, "expected )", name);
            advance(p);
            return b->arity == 2 ? b->fn2(a, c) : b->fn1(a);
        }
        double v;
        if (!calc_get_var(name, &v))
            fail(p, "unknown variable", name);
        return v;
    }
    fail(p, "unexpected token", p->tok.text[0] ? p->tok.text : "end of line");
    return 0;
}

static double power(struct parser *p)
{
    double base = primary(p);
    if (p->tok.kind == TOK_OP && p->tok.text[0] == '^') {
        advance(p);
        return pow(base, power(p)); /* right-associative */
    }
    return base;
}

static double term(struct parser *p)
{
    double v = power(p);
    while (p->tok.kind == TOK_OP && strchr("*/%", p->tok.text[0])) {
        char op = p->tok.text[0];
        advance(p);
        double r = power(p);
        if (op != '*' && r == 0)
            fail(p, "division by zero", NULL);
        v = op == '*' ? v * r : op == '/' ? v / r : fmod(v, r);
    }
    return v;
}

static double expr(struct parser *p)
{
    double v = term(p);
    while (p->tok.kind == TOK_OP && strchr("+-", p->tok.text[0])) {
        char op = p->tok.text[0];
        advance(p);
        double r = term(p);
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

double calc_eval(const char *line, struct calc_error *err)
{
    struct parser p;
    memset(err, 0, sizeof *err);
    p.err = err;
    lexer_init(&p.lx, line);
    if (setjmp(p.fail))
        return 0;
    advance(&p);
    /* name = expr */
    struct lexer save = p.lx;
    struct token first = p.tok;
    if (first.kind == TOK_NAME) {
        advance(&p);
        if (p.tok.kind == TOK_ASSIGN) {
            advance(&p);
            double v = expr(&p);
            if (p.tok.kind != TOK_END)
                fail(&p, "trailing input", p.tok.text);
            if (calc_set_var(first.text, v) != 0)
                fail(&p, "too many variables", NULL);
            return v;
        }
        p.lx = save;
        p.tok = first;
    }
    double v = expr(&p);
    if (p.tok.kind != TOK_END)
        fail(&p, "trailing input", p.tok.text);
    return v;
}
