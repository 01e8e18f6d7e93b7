#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "calc.h"

void lexer_init(struct lexer *lx, const char *src)
{
    lx->src = src;
    lx->pos = 0;
    memset(&lx->current, 0, sizeof lx->current);
}

const struct token *lexer_next(struct lexer *lx)
{
    struct token *t = &lx->current;
    const char *s = lx->src;
    while (s[lx->pos] == ' ' || s[lx->pos] == '\t')
        lx->pos++;
    memset(t, 0, sizeof *t);
    char c = s[lx->pos];
    if (c == '\0' || c == '\n' || c == '#') {
        t->kind = TOK_END;
        return t;
    }
    if (isdigit((unsigned char)c) || c == '.') {
        char *end;
        t->number = strtod(s + lx->pos, &end);
        t->kind = TOK_NUMBER;
        lx->pos = (size_t)(end - s);
        return t;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        size_t n = 0;
        while (isalnum((unsigned char)s[lx->pos]) || s[lx->pos] == '_') {
            if (n + 1 < sizeof t->text)
                t->text[n++] = s[lx->pos];
            lx->pos++;
        }
        t->kind = TOK_NAME;
        return t;
    }
    lx->pos++;
    t->text[0] = c;
    switch (c) {
    case '+': case '-': case '*': case '/': case '%': case '^':
        t->kind = TOK_OP;
        break;
    case '(':
        t->kind = TOK_LPAREN;
        break;
    case ')':
        t->kind = TOK_RPAREN;
        break;
    case ',':
        t->kind = TOK_COMMA;
        break;
    case '=':
        t->kind = TOK_ASSIGN;
        break;
    default:
        t->kind = TOK_ERROR;
        break;
    }
    return t;
}
