/* Long options and option values. Every error is one line naming the option,
 * the text it got and the form it wants. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"

/* Prints at most 60 characters of user text, so a huge argument stays one short line. */
#define SHOWN(s) (int)(strlen(s) > 60 ? 60 : strlen(s)), (s), (strlen(s) > 60 ? "..." : "")

int cli_strtod(const char *text, double *out) {
    if (!text || !*text || isspace((unsigned char)*text)) return 1;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || !isfinite(v)) return 1;
    *out = v;
    return 0;
}

int cli_parse_bytes(const char *text, double *out) {
    if (!text || !*text || isspace((unsigned char)*text)) return 1;
    char *end;
    double v = strtod(text, &end);
    if (end == text || !isfinite(v)) return 1;
    double scale = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K': scale = 1024.0; end++; break;
    case 'M': scale = 1024.0 * 1024; end++; break;
    case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (scale > 1 && (*end == 'i' || *end == 'I')) end++;
    if (*end == 'B' || *end == 'b') end++;
    if (*end) return 1;
    v *= scale;
    if (!(v > 0) || !isfinite(v)) return 1;
    *out = v;
    return 0;
}

static const cli_opt *find_opt(const cli_opt *opts, size_t nopts, const char *name, size_t len) {
    for (size_t i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
    return NULL;
}

static int choice_index(const char *choices, const char *value) {
    size_t vlen = strlen(value);
    int k = 0;
    for (const char *p = choices;; k++) {
        size_t len = strcspn(p, "|");
        if (len == vlen && strncmp(p, value, len) == 0) return k;
        if (!p[len]) return -1;
        p += len + 1;
    }
}

static int set_value(const cli_opt *o, const char *v) {
    double d;
    switch (o->kind) {
    case CLI_FLAG: return 0;
    case CLI_STRING:
        if (!*v) return cli_error("%s: the value is empty (expected %s %s)", o->name, o->name, o->arg);
        *(const char **)o->dest = v;
        return 0;
    case CLI_NUMBER:
        if (cli_strtod(v, &d))
            return cli_error("%s: '%.*s%s' is not a finite number (expected %s %s)", o->name,
                             SHOWN(v), o->name, o->arg);
        if (d < o->lo || d > o->hi)
            return cli_error("%s: '%.*s%s' is out of range (allowed %g..%g)", o->name, SHOWN(v),
                             o->lo, o->hi);
        *(double *)o->dest = d;
        return 0;
    case CLI_INT:
        if (cli_strtod(v, &d) || d != floor(d) || d < o->lo || d > o->hi)
            return cli_error("%s: '%.*s%s' is not an integer in %.0f..%.0f (expected %s %s)",
                             o->name, SHOWN(v), o->lo, o->hi, o->name, o->arg);
        *(int *)o->dest = (int)d;
        return 0;
    case CLI_BYTES:
        if (cli_parse_bytes(v, &d))
            return cli_error("%s: '%.*s%s' is not a positive size in bytes (write e.g. 8G, 512M, "
                             "1e9)", o->name, SHOWN(v));
        *(double *)o->dest = d;
        return 0;
    case CLI_CHOICE: {
        int k = choice_index(o->arg, v);
        if (k < 0)
            return cli_error("%s: '%.*s%s' is not one of %s", o->name, SHOWN(v), o->arg);
        *(int *)o->dest = k;
        return 0;
    }
    }
    return cli_error("%s: internal error: unknown option kind", o->name);
}

static void list_options(char *buf, size_t cap, const cli_opt *opts, size_t nopts) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nopts && len + 1 < cap; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", opts[i].name);
        if (w < 0) break;
        len += (size_t)w;
    }
}

int cli_parse(const cli_command *cmd, const cli_opt *opts, size_t nopts, int argc, char **argv,
              const char **pos, int maxpos, int *npos) {
    unsigned char seen[64] = {0};
    int only_positional = 0;
    *npos = 0;
    if (nopts > sizeof seen) return cli_error("%s: internal error: too many options", cmd->name);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!a) continue;
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (*npos >= maxpos)
                return cli_error("%s: unexpected argument '%.*s%s' (usage: see plateau %s "
                                 "--help)", cmd->name, SHOWN(a), cmd->name);
            pos[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_print_help(cmd, opts, nopts);
            return CLI_HELP;
        }
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const cli_opt *o = find_opt(opts, nopts, a, nlen);
        if (!o) {
            char names[1024];
            list_options(names, sizeof names, opts, nopts);
            return cli_error("%.*s%s: unknown option for plateau %s (options: %s%s--help)",
                             (int)(nlen > 60 ? 60 : nlen), a, nlen > 60 ? "..." : "", cmd->name,
                             names, nopts ? ", " : "");
        }
        size_t k = (size_t)(o - opts);
        if (seen[k]) return cli_error("%s: given twice (give each option once)", o->name);
        seen[k] = 1;
        if (o->kind == CLI_FLAG) {
            if (eq) return cli_error("%s: takes no value (got '%.*s%s')", o->name, SHOWN(eq + 1));
            *(int *)o->dest = 1;
            continue;
        }
        const char *v;
        if (eq) {
            v = eq + 1;
        } else {
            if (i + 1 >= argc || !argv[i + 1])
                return cli_error("%s: missing value (expected %s %s)", o->name, o->name, o->arg);
            v = argv[++i];
        }
        if (set_value(o, v)) return CLI_FAILED;
    }
    return CLI_PARSED;
}

void cli_print_help(const cli_command *cmd, const cli_opt *opts, size_t nopts) {
    printf("%s", cmd->help);
    if (nopts) printf("\nOptions:\n");
    for (size_t i = 0; i < nopts; i++) {
        char head[64];
        if (opts[i].kind == CLI_FLAG)
            snprintf(head, sizeof head, "%s", opts[i].name);
        else
            snprintf(head, sizeof head, "%s %s", opts[i].name, opts[i].arg);
        printf("  %-28s %s\n", head, opts[i].help);
    }
    printf("  %-28s %s\n", "-h, --help", "show this help");
}

int cli_parse_numbers(const char *text, const char *origin, int from_file, double **vals,
                      size_t *count) {
    size_t n = 0, cap = 16;
    double *v = malloc(cap * sizeof *v);
    *vals = NULL;
    *count = 0;
    if (!v) return cli_error("%s: out of memory reading numbers", origin);
    int line = 1;
    const char *line_start = text;
    const char *p = text;
    for (;;) {
        /* On the command line exactly one comma separates two values: "0.1,,0.2" and a
         * trailing comma are mistakes, not empty lists. */
        if (!from_file) {
            while (*p == ' ') p++;
            if (n > 0 && *p == ',') {
                p++;
                while (*p == ' ') p++;
                if (!*p || *p == ',') {
                    free(v);
                    return cli_error("%s: empty value after value %zu (write finite numbers "
                                     "separated by single commas, e.g. %s 0.1,0.2)", origin, n,
                                     origin);
                }
            } else if (n > 0 && *p) {
                free(v);
                return cli_error("%s: expected a comma after value %zu (write finite numbers "
                                 "separated by commas, e.g. %s 0.1,0.2)", origin, n, origin);
            }
        }
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || (from_file && *p == ',') ||
               (from_file && *p == '#')) {
            if (*p == '#')
                while (*p && *p != '\n') p++;
            if (*p == '\n') {
                line++;
                line_start = p + 1;
            }
            if (*p) p++;
        }
        if (!*p) break;
        size_t w = strcspn(p, from_file ? " \t\r\n,#" : " ,");
        char tok[64];
        int col = (int)(p - line_start) + 1;
        double d = 0;
        int bad = w >= sizeof tok;
        if (!bad) {
            memcpy(tok, p, w);
            tok[w] = '\0';
            bad = cli_strtod(tok, &d);
        }
        if (bad) {
            free(v);
            if (w == 0)
                return cli_error("%s: empty value %zu (write finite numbers separated by "
                                 "commas, e.g. %s 0.1,0.2)", origin, n + 1, origin);
            if (from_file)
                return cli_error("%s:%d:%d: '%.*s%s' is not a finite number (write numbers "
                                 "separated by spaces, commas or newlines)", origin, line, col,
                                 (int)(w > 40 ? 40 : w), p, w > 40 ? "..." : "");
            return cli_error("%s: '%.*s%s' is not a finite number (value %zu; write finite "
                             "numbers separated by commas, e.g. %s 0.1,0.2)", origin,
                             (int)(w > 40 ? 40 : w), p, w > 40 ? "..." : "", n + 1, origin);
        }
        if (n == cap) {
            double *nv = cap < ((size_t)1 << 40) ? realloc(v, 2 * cap * sizeof *v) : NULL;
            if (!nv) {
                free(v);
                return cli_error("%s: out of memory reading numbers", origin);
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = d;
        p += w;
    }
    *vals = v;
    *count = n;
    return 0;
}

int cli_read_file(const char *path, const char *origin, char **text) {
    *text = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return cli_error("%s: cannot read '%.*s%s': %s", origin, SHOWN(path), strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        if (len + 1 >= cap) {
            char *nb = cap < ((size_t)1 << 40) ? realloc(buf, 2 * cap) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf) return cli_error("%s: out of memory reading '%.*s%s'", origin, SHOWN(path));
    if (bad) {
        free(buf);
        return cli_error("%s: error reading '%.*s%s'", origin, SHOWN(path));
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return cli_error("%s:1:1: the file contains a NUL byte (binary data?)", path);
    }
    *text = buf;
    return 0;
}
