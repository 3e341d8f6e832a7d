/* Checkpoints: the optimiser, its state and the point, as text with %.17g numbers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "train/optim_impl.h"

plt_status plt_checkpoint_save(const char *path, const plt_optimizer *o, size_t step,
                               const double *x, double f, const double *g) {
    if (!path || !o || !x || !g) return plt_fail(PLT_EINVAL, "plt_checkpoint_save: NULL argument");
    size_t len = strlen(path);
    char *tmp = malloc(len + 5);
    if (!tmp) return plt_fail_nomem("a file name");
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp", 5);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        plt_status st = plt_fail_at(PLT_EIO, path, 0, 0, "cannot write the checkpoint '%s': %s",
                                    tmp, strerror(errno));
        free(tmp);
        return st;
    }
    const plt_optimizer_config *c = &o->cfg;
    fprintf(out, "# plateau checkpoint v1\noptimizer %s\nn %zu\nstep %zu\n", o->type->name, o->n,
            step);
    double cv[6] = {c->lr, c->beta1, c->beta2, c->eps, c->momentum, (double)c->memory};
    train_optim_write_vec(out, "config", cv, 6);
    train_optim_write_vec(out, "x", x, o->n);
    train_optim_write_vec(out, "f", &f, 1);
    train_optim_write_vec(out, "g", g, o->n);
    plt_status st = o->type->save(o->state, out);
    int bad = ferror(out);
    bad |= fclose(out) != 0;
    if (!st && bad) st = plt_fail_at(PLT_EIO, path, 0, 0, "error writing the checkpoint");
    if (!st && rename(tmp, path) != 0)
        st = plt_fail_at(PLT_EIO, path, 0, 0, "cannot move the checkpoint into place: %s",
                         strerror(errno));
    if (st) remove(tmp);
    free(tmp);
    return st;
}

/* The numbers after the key on one line into *v (grown as needed). */
static plt_status parse_numbers(char *p, const char *path, int line, char *line_start,
                                double **v, size_t *cap, size_t *nv) {
    *nv = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p) return PLT_OK;
        char *end;
        double d = strtod(p, &end);
        if (end == p || !isfinite(d) || (*end && *end != ' ' && *end != '\t' && *end != '\r'))
            return plt_fail_at(PLT_EPARSE, path, line, (int)(p - line_start) + 1,
                               "expected a finite number");
        if (*nv == *cap) {
            size_t nc = *cap ? 2 * *cap : 64;
            double *nvp = realloc(*v, nc * sizeof *nvp);
            if (!nvp) return plt_fail_nomem("a checkpoint line");
            *v = nvp;
            *cap = nc;
        }
        (*v)[(*nv)++] = d;
        p = end;
    }
}

static int read_all(const char *path, char **text) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    while (b) {
        if (len + 1 >= cap) {
            char *nb = realloc(b, 2 * cap);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + len, 1, cap - 1 - len, f);
        len += got;
        if (!got) break;
    }
    fclose(f);
    if (!b) return -2;
    b[len] = '\0';
    *text = b;
    return 0;
}

plt_status plt_checkpoint_load(const char *path, plt_optimizer **o, size_t *step, double **x,
                               double *f, double **g, size_t *n) {
    if (!path || !o || !step || !x || !f || !g || !n)
        return plt_fail(PLT_EINVAL, "plt_checkpoint_load: NULL argument");
    *o = NULL;
    *x = *g = NULL;
    char *text = NULL;
    int r = read_all(path, &text);
    if (r == -1) return plt_fail_at(PLT_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
    if (r) return plt_fail_nomem("a checkpoint");
    plt_status st = PLT_OK;
    double *v = NULL;
    size_t cap = 0, nv = 0;
    const plt_optimizer_type *type = NULL;
    plt_optimizer_config cfg;
    plt_optimizer_config_init(&cfg);
    size_t nn = 0, stp = 0;
    int have[6] = {0}; /* n step config x f g */
    int line = 0;
    char *p = text;
    while (*p) {
        line++;
        char *eol = strchr(p, '\n');
        if (eol) *eol = '\0';
        char *ls = p;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (*p && *p != '#') {
            char *key = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\r') p++;
            if (*p) *p++ = '\0';
            int col = (int)(key - ls) + 1;
            if (strcmp(key, "optimizer") == 0) {
                while (*p == ' ') p++;
                char *e = p + strcspn(p, " \t\r");
                *e = '\0';
                type = plt_optimizer_lookup(p);
                if (!type) {
                    st = plt_fail_at(PLT_EPARSE, path, line, (int)(p - ls) + 1,
                                     "unknown optimiser '%.40s' (adam, sgd or lbfgs)", p);
                    goto fail;
                }
                goto next;
            }
            if ((st = parse_numbers(p, path, line, ls, &v, &cap, &nv)) != PLT_OK) goto fail;
            if (strcmp(key, "n") == 0 || strcmp(key, "step") == 0) {
                if (nv != 1 || v[0] < 0 || v[0] != floor(v[0]) || v[0] > 1e15) {
                    st = plt_fail_at(PLT_EPARSE, path, line, col,
                                     "%s needs one non-negative integer", key);
                    goto fail;
                }
                if (key[0] == 'n') {
                    nn = (size_t)v[0];
                    have[0] = 1;
                } else {
                    stp = (size_t)v[0];
                    have[1] = 1;
                }
            } else if (strcmp(key, "config") == 0) {
                if (nv != 6) {
                    st = plt_fail_at(PLT_EPARSE, path, line, col,
                                     "config needs 6 numbers (lr beta1 beta2 eps momentum "
                                     "memory), got %zu", nv);
                    goto fail;
                }
                cfg.lr = v[0], cfg.beta1 = v[1], cfg.beta2 = v[2], cfg.eps = v[3];
                cfg.momentum = v[4];
                cfg.memory = v[5] >= 1 && v[5] <= 1000 ? (int)v[5] : -1;
                have[2] = 1;
            } else if (strcmp(key, "x") == 0 || strcmp(key, "g") == 0 || strcmp(key, "f") == 0 ||
                       strncmp(key, "s.", 2) == 0) {
                if (!type || !have[0] || !have[2]) {
                    st = plt_fail_at(PLT_EPARSE, path, line, col,
                                     "'%s' before the optimizer, n and config lines", key);
                    goto fail;
                }
                if (!*o) {
                    if ((st = plt_optimizer_new(type, nn, &cfg, o)) != PLT_OK) {
                        st = plt_fail_at(PLT_EPARSE, path, line, col, "%s",
                                         plt_error_last()->message);
                        goto fail;
                    }
                    *x = calloc(nn, sizeof **x);
                    *g = calloc(nn, sizeof **g);
                    if (!*x || !*g) {
                        st = plt_fail_nomem("checkpoint vectors");
                        goto fail;
                    }
                }
                if (key[0] == 's') {
                    if ((st = type->load((*o)->state, key, v, nv)) != PLT_OK) {
                        st = plt_fail_at(PLT_EPARSE, path, line, col, "%s",
                                         plt_error_last()->message);
                        goto fail;
                    }
                } else {
                    size_t want = key[0] == 'f' ? 1 : nn;
                    if (nv != want) {
                        st = plt_fail_at(PLT_EPARSE, path, line, col,
                                         "%s has %zu values, expected %zu", key, nv, want);
                        goto fail;
                    }
                    if (key[0] == 'f') {
                        *f = v[0];
                        have[4] = 1;
                    } else {
                        memcpy(key[0] == 'x' ? *x : *g, v, nn * sizeof *v);
                        have[key[0] == 'x' ? 3 : 5] = 1;
                    }
                }
            } else {
                st = plt_fail_at(PLT_EPARSE, path, line, col, "unknown checkpoint key '%.40s'",
                                 key);
                goto fail;
            }
        }
    next:
        if (!eol) break;
        p = eol + 1;
    }
    static const char *const names[6] = {"n", "step", "config", "x", "f", "g"};
    for (int i = 0; i < 6; i++)
        if (!have[i] || !type) {
            st = plt_fail_at(PLT_EPARSE, path, line, 1, "the checkpoint has no '%s' line",
                             type ? names[i] : "optimizer");
            goto fail;
        }
    *step = stp;
    *n = nn;
    free(v);
    free(text);
    return PLT_OK;
fail:
    plt_optimizer_free(*o);
    *o = NULL;
    free(*x);
    free(*g);
    *x = *g = NULL;
    free(v);
    free(text);
    return st;
}
