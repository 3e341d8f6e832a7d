/* Internal to the CLI: the one JSON writer behind every command's --json output and the
 * JSON files the CLI writes (train --history). Values go in field by field; the writer puts
 * the separators, quotes and escapes, so no command writes JSON punctuation by hand.
 *
 * Layout, kept from the hand-written output the tests and scripts read:
 * `{"key": value, "list": [1, 2], "inner": {"a": null}}` on one line, a newline after the
 * outermost value. Every value takes the key it has in its object; inside an array, and
 * for the outermost value, the key is NULL. A misplaced key, an end that does not match
 * its begin, or nesting deeper than CLI_JSON_MAX_DEPTH is a bug and aborts (PLT_ASSERT). */
#ifndef PLT_CLI_JSON_H
#define PLT_CLI_JSON_H

#include <stdio.h>

#define CLI_JSON_MAX_DEPTH 16

typedef struct cli_json {
    FILE *out;
    int depth;                          /* containers open */
    char open[CLI_JSON_MAX_DEPTH];      /* '{' or '[' for each open container */
    char nonempty[CLI_JSON_MAX_DEPTH];  /* it holds a value: the next one needs ", " */
} cli_json;

/* A writer of one JSON value to out (which the caller opens and closes). */
void cli_json_init(cli_json *w, FILE *out);

void cli_json_begin_object(cli_json *w, const char *key);
void cli_json_end_object(cli_json *w);
void cli_json_begin_array(cli_json *w, const char *key);
void cli_json_end_array(cli_json *w);

/* A string, escaped (quote, backslash, control characters, bytes that are not UTF-8);
 * NULL writes null. */
void cli_json_str(cli_json *w, const char *key, const char *s);
/* A number with %.17g (it reads back as the same double); NaN and infinities write null,
 * since JSON has no such numbers. */
void cli_json_num(cli_json *w, const char *key, double v);
void cli_json_int(cli_json *w, const char *key, long long v);
void cli_json_uint(cli_json *w, const char *key, unsigned long long v);
void cli_json_bool(cli_json *w, const char *key, int v);
void cli_json_null(cli_json *w, const char *key);

#endif
