/* The JSON writer: a stack of open containers decides where separators go. */
#include <math.h>

#include "cli/json.h"
#include "core/error.h"

void cli_json_init(cli_json *w, FILE *out) {
    w->out = out;
    w->depth = 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static int utf8_length(const unsigned char *p) {
    unsigned char lo = 0x80, hi = 0xbf;
    int len;
    if (p[0] < 0x80) return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) len = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef) len = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4) len = 4;
    else return 0;
    if (p[0] == 0xe0) lo = 0xa0;
    else if (p[0] == 0xed) hi = 0x9f;
    else if (p[0] == 0xf0) lo = 0x90;
    else if (p[0] == 0xf4) hi = 0x8f;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return len;
}

static void write_string(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int len = utf8_length(p);
        if (*p == '"' || *p == '\\') {
            fputc('\\', f);
            fputc(*p, f);
        } else if (*p == '\n') {
            fputs("\\n", f);
        } else if (*p == '\t') {
            fputs("\\t", f);
        } else if (*p < 0x20) {
            fprintf(f, "\\u%04x", *p);
        } else if (len == 0) {
            /* A file name or message in another encoding: JSON text must be UTF-8. */
            fputs("\\ufffd", f);
            len = 1;
        } else {
            fwrite(p, 1, (size_t)len, f);
        }
        p += len ? len : 1;
    }
    fputc('"', f);
}

/* Everything a value needs before it: the separator, and its key inside an object. */
static void before_value(cli_json *w, const char *key) {
    if (w->depth == 0) {
        PLT_ASSERT(key == NULL);
        return;
    }
    int top = w->depth - 1;
    PLT_ASSERT((w->open[top] == '{') == (key != NULL));
    if (w->nonempty[top]) fputs(", ", w->out);
    w->nonempty[top] = 1;
    if (key) {
        write_string(w->out, key);
        fputs(": ", w->out);
    }
}

/* After a value: the outermost one ends the line. */
static void after_value(cli_json *w) {
    if (w->depth == 0) fputc('\n', w->out);
}

static void begin(cli_json *w, const char *key, char open) {
    before_value(w, key);
    PLT_ASSERT(w->depth < CLI_JSON_MAX_DEPTH);
    w->open[w->depth] = open;
    w->nonempty[w->depth] = 0;
    w->depth++;
    fputc(open, w->out);
}

static void end(cli_json *w, char open) {
    PLT_ASSERT(w->depth > 0 && w->open[w->depth - 1] == open);
    w->depth--;
    fputc(open == '{' ? '}' : ']', w->out);
    after_value(w);
}

void cli_json_begin_object(cli_json *w, const char *key) { begin(w, key, '{'); }
void cli_json_end_object(cli_json *w) { end(w, '{'); }
void cli_json_begin_array(cli_json *w, const char *key) { begin(w, key, '['); }
void cli_json_end_array(cli_json *w) { end(w, '['); }

void cli_json_str(cli_json *w, const char *key, const char *s) {
    before_value(w, key);
    if (s) write_string(w->out, s);
    else fputs("null", w->out);
    after_value(w);
}

void cli_json_num(cli_json *w, const char *key, double v) {
    before_value(w, key);
    if (isfinite(v)) fprintf(w->out, "%.17g", v);
    else fputs("null", w->out);
    after_value(w);
}

void cli_json_int(cli_json *w, const char *key, long long v) {
    before_value(w, key);
    fprintf(w->out, "%lld", v);
    after_value(w);
}

void cli_json_uint(cli_json *w, const char *key, unsigned long long v) {
    before_value(w, key);
    fprintf(w->out, "%llu", v);
    after_value(w);
}

void cli_json_bool(cli_json *w, const char *key, int v) {
    before_value(w, key);
    fputs(v ? "true" : "false", w->out);
    after_value(w);
}

void cli_json_null(cli_json *w, const char *key) {
    before_value(w, key);
    fputs("null", w->out);
    after_value(w);
}
