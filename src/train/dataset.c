/* Labelled data sets: `LABEL STATE` a line, states as --state takes them. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/train.h"

struct plt_dataset {
    int n;
    size_t count, cap;
    double *labels;
    plt_state **states;
};

plt_status plt_dataset_new(int n, plt_dataset **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_dataset_new: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a data set needs 1..%d qubits, not %d", PLT_MAX_QUBITS, n);
    plt_dataset *d = calloc(1, sizeof *d);
    if (!d) return plt_fail_nomem("a data set");
    d->n = n;
    *out = d;
    return PLT_OK;
}

void plt_dataset_free(plt_dataset *d) {
    if (!d) return;
    for (size_t i = 0; i < d->count; i++) plt_state_free(d->states[i]);
    free(d->states);
    free(d->labels);
    free(d);
}

plt_status plt_dataset_add(plt_dataset *d, double label, plt_state *state) {
    if (!d || !state) return plt_fail(PLT_EINVAL, "plt_dataset_add: NULL argument");
    if (!(label >= -1 && label <= 1))
        return plt_fail(PLT_EINVAL, "label %g is not in [-1, 1] (classes are -1 and +1)", label);
    if (plt_state_nqubits(state) != d->n)
        return plt_fail(PLT_EINVAL, "the example's state has %d qubits, the data set %d",
                        plt_state_nqubits(state), d->n);
    if (d->count == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        double *l = realloc(d->labels, cap * sizeof *l);
        if (!l) return plt_fail_nomem("a data set");
        d->labels = l;
        plt_state **s = realloc(d->states, cap * sizeof *s);
        if (!s) return plt_fail_nomem("a data set");
        d->states = s;
        d->cap = cap;
    }
    d->labels[d->count] = label;
    d->states[d->count++] = state;
    return PLT_OK;
}

size_t plt_dataset_size(const plt_dataset *d) { return d ? d->count : 0; }
double plt_dataset_label(const plt_dataset *d, size_t i) {
    return d && i < d->count ? d->labels[i] : NAN;
}
const plt_state *plt_dataset_state(const plt_dataset *d, size_t i) {
    return d && i < d->count ? d->states[i] : NULL;
}

/* "kind:FILE" with a relative FILE becomes "kind:DIR/FILE". */
static char *resolve(const char *spec, const char *dir) {
    const char *colon = strchr(spec, ':');
    int has_file = colon && (strncmp(spec, "product:", 8) == 0 || strncmp(spec, "qasm:", 5) == 0 ||
                             strncmp(spec, "shadows:", 8) == 0);
    size_t need = strlen(spec) + strlen(dir) + 2;
    char *r = malloc(need);
    if (!r) return NULL;
    if (!has_file || colon[1] == '/' || !dir[0])
        snprintf(r, need, "%s", spec);
    else
        snprintf(r, need, "%.*s%s/%s", (int)(colon - spec + 1), spec, dir, colon + 1);
    return r;
}

plt_status plt_dataset_read_file(const char *path, int n, plt_dataset **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_dataset_read_file: out is NULL");
    *out = NULL;
    if (!path) return plt_fail(PLT_EINVAL, "plt_dataset_read_file: path is NULL");
    FILE *f = fopen(path, "r");
    if (!f) return plt_fail_at(PLT_EIO, path, 0, 0, "cannot read the data set: %s", strerror(errno));
    plt_dataset *d = NULL;
    char *line = NULL, *dir = strdup(path), *spec = NULL;
    size_t cap = 0;
    plt_status st = plt_dataset_new(n, &d);
    if (!st && !dir) st = plt_fail_nomem("a path");
    if (st) goto fail;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else dir[0] = '\0';
    int lineno = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if ((size_t)len != strlen(line)) {
            st = plt_fail_at(PLT_EPARSE, path, lineno, 1, "a NUL byte (binary data?)");
            goto fail;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '#') continue;
        char *end;
        double label = strtod(p, &end);
        if (end == p || (*end != ' ' && *end != '\t')) {
            st = plt_fail_at(PLT_EPARSE, path, lineno, (int)(p - line) + 1,
                             "expected 'LABEL STATE' (a label in [-1, 1], then a state such "
                             "as basis:0110 or shadows:FILE)");
            goto fail;
        }
        if (!(label >= -1 && label <= 1)) {
            st = plt_fail_at(PLT_EINVAL, path, lineno, (int)(p - line) + 1,
                             "label %g is not in [-1, 1] (the classes are -1 and +1)", label);
            goto fail;
        }
        p = end;
        while (*p == ' ' || *p == '\t') p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t')) *--e = '\0';
        int col = (int)(p - line) + 1;
        if (!*p) {
            st = plt_fail_at(PLT_EPARSE, path, lineno, col, "missing the state after the label");
            goto fail;
        }
        spec = resolve(p, dir);
        if (!spec) {
            st = plt_fail_nomem("a state spec");
            goto fail;
        }
        plt_state *s = NULL;
        if ((st = plt_state_parse(spec, n, path, &s)) != PLT_OK) {
            const plt_error *er = plt_error_last();
            if (strcmp(er->origin, path) == 0) {
                char msg[512];
                snprintf(msg, sizeof msg, "%s", er->message);
                st = plt_fail_at(st, path, lineno, col + (er->col > 1 ? er->col - 1 : 0), "%s", msg);
            }
            goto fail;
        }
        free(spec);
        spec = NULL;
        if ((st = plt_dataset_add(d, label, s)) != PLT_OK) {
            plt_state_free(s);
            goto fail;
        }
    }
    if (d->count == 0) {
        st = plt_fail_at(PLT_EINVAL, path, lineno > 0 ? lineno : 1, 1,
                         "the data set has no examples (write one 'LABEL STATE' a line)");
        goto fail;
    }
    free(line);
    free(dir);
    fclose(f);
    *out = d;
    return PLT_OK;
fail:
    free(spec);
    free(line);
    free(dir);
    fclose(f);
    plt_dataset_free(d);
    return st;
}
