/* Recognising a permutation-invariant circuit and cutting it into collective steps.
 *
 * A step is a run of consecutive rotations sharing one parameter (or all constant) whose
 * generators commute and whose sum is invariant under every qubit permutation: for each kind of
 * string (its counts of X, Y and Z letters) present, every string of that kind occurs, with the
 * same summed coefficient. Then the product of the run's exponentials is the exponential of
 * the sum, and the sum acts on the symmetric subspace through its kinds alone (sym_dicke.c).
 * A run of single-qubit gates (Cliffords or unitaries) is a step when it leaves every qubit
 * with the same gate U: U^n is a collective rotation. A swap is the identity on a symmetric
 * state. Anything else is refused, naming the first op that breaks the symmetry.
 *
 * Cost: one pass over the ops (counts and a hash per rotation, O(n/64) each) and a sort of
 * each run's hashes; a run's strings are never copied. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/symmetric/sym.h"
#include "pauli/pstring.h"

#define MAX_KINDS 16

typedef struct kind {
    int nx, ny, nz;
} kind;

typedef struct entry {
    uint64_t hash;
    uint32_t op;
    uint32_t kind;
} entry;

typedef struct detect {
    const plt_circuit *c;
    const char *what;
    sym_prog *p;
    int n;
    double *lf;
    /* the open rotation run */
    int open, param;
    size_t op0, op_last;
    kind kinds[MAX_KINDS];
    int nkinds;
    entry *e;
    size_t ne, cap;
    /* the open single-qubit run: a 2x2 complex matrix per qubit */
    int local;
    size_t lop0;
    double *U;
} detect;

static kind kind_of(const plt_pstring *g) {
    kind k = {0, 0, 0};
    for (int w = 0; w < g->nw; w++) {
        k.nx += __builtin_popcountll(g->x[w] & ~g->z[w]);
        k.ny += __builtin_popcountll(g->x[w] & g->z[w]);
        k.nz += __builtin_popcountll(~g->x[w] & g->z[w]);
    }
    return k;
}

/* Text of op i for messages: "rx-like X3 rotation by c0", "h on qubit 2". */
void sym_describe(const plt_circuit *c, size_t i, char *buf, size_t cap) {
    const plt_op *op = plt_circuit_op(c, i);
    if (op->kind == PLT_OP_ROTATION) {
        char *t = NULL;
        if (plt_pstring_to_text(op->gen, 0, &t)) t = NULL;
        char ang[160];
        if (op->param < 0)
            snprintf(ang, sizeof ang, "%g", op->b);
        else if (op->b == 0 && op->a == 1)
            snprintf(ang, sizeof ang, "%s", plt_circuit_param_name(c, op->param));
        else
            snprintf(ang, sizeof ang, "%g*%s%+g", op->a, plt_circuit_param_name(c, op->param),
                     op->b);
        snprintf(buf, cap, "%.60s rotation by %s", t ? t : "?", ang);
        free(t);
    } else if (op->kind == PLT_OP_CLIFFORD) {
        const plt_gate_info *gi = plt_gate_info_get(op->gate);
        if (op->nq == 1)
            snprintf(buf, cap, "%s on qubit %d", gi->name, op->q[0]);
        else
            snprintf(buf, cap, "%s on qubits %d, %d", gi->name, op->q[0], op->q[1]);
    } else if (op->nq == 1) {
        snprintf(buf, cap, "a 1-qubit unitary on qubit %d", op->q[0]);
    } else {
        snprintf(buf, cap, "a 2-qubit unitary on qubits %d, %d", op->q[0], op->q[1]);
    }
}

static const char *param_text(const detect *D, int param) {
    return param < 0 ? "(constant angles)" : plt_circuit_param_name(D->c, param);
}

/* Whether every string of kind a commutes with every string of kind b on n qubits: some
 * placement anticommutes iff an overlap table t (letters of a against letters of b) that fits
 * on n qubits has an odd number of unequal-letter overlaps. Enumerated with a work cap; past
 * it the answer is "no", which only splits runs (never a wrong result). */
typedef struct ov {
    int pa[3], qb[3], need, n;
    long budget;
} ov;

static int odd_table(ov *s, int cell, int rowuse[3], int coluse[3], int total, int odd) {
    if (--s->budget < 0) return 1;
    if (cell == 9) return total >= s->need && odd;
    int a = cell / 3, b = cell % 3;
    int lim = s->pa[a] - rowuse[a];
    if (s->qb[b] - coluse[b] < lim) lim = s->qb[b] - coluse[b];
    for (int t = 0; t <= lim; t++) {
        rowuse[a] += t, coluse[b] += t;
        int r = odd_table(s, cell + 1, rowuse, coluse, total + t, odd ^ ((a != b) & t));
        rowuse[a] -= t, coluse[b] -= t;
        if (r) return 1;
    }
    return 0;
}

static int kinds_commute(kind a, kind b, int n) {
    ov s = {{a.nx, a.ny, a.nz}, {b.nx, b.ny, b.nz}, 0, n, 100000};
    int wa = a.nx + a.ny + a.nz, wb = b.nx + b.ny + b.nz;
    s.need = wa + wb - n > 0 ? wa + wb - n : 0;
    int ru[3] = {0, 0, 0}, cu[3] = {0, 0, 0};
    return !odd_table(&s, 0, ru, cu, 0, 0);
}

static plt_status push_step(sym_prog *p, sym_step **out) {
    if (p->nsteps == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 16;
        sym_step *ns = realloc(p->steps, nc * sizeof *ns);
        if (!ns) return plt_fail_nomem("the symmetric engine's steps");
        p->steps = ns;
        p->cap = nc;
    }
    *out = &p->steps[p->nsteps++];
    memset(*out, 0, sizeof **out);
    return PLT_OK;
}

static int cmp_entry(const void *x, const void *y) {
    const entry *a = x, *b = y;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->op < b->op ? -1 : a->op > b->op;
}

static int same_string(const detect *D, uint32_t i, uint32_t j) {
    return plt_pstring_equal(plt_circuit_op(D->c, i)->gen, plt_circuit_op(D->c, j)->gen);
}

static int close_coef(double x, double y) { return fabs(x - y) <= 1e-12 * fmax(1, fabs(x)); }

/* A missing partner of kind k's first string, for the message: a qubit (weight 1) or a pair
 * (weight 2) that no string of the run covers; -1 when not found or heavier. */
static void find_missing(const detect *D, const entry *e, size_t cnt, int *q0, int *q1) {
    *q0 = *q1 = -1;
    int n = D->n, w = plt_pstring_weight(plt_circuit_op(D->c, e[0].op)->gen);
    if (w > 2 || (w == 2 && (double)n * n > 4e8)) return;
    size_t cells = w == 1 ? (size_t)n : (size_t)n * (size_t)n;
    unsigned char *seen = calloc(cells, 1);
    if (!seen) return;
    for (size_t t = 0; t < cnt; t++) {
        int sup[2] = {0, 0};
        plt_pstring_support(plt_circuit_op(D->c, e[t].op)->gen, sup, 2);
        seen[w == 1 ? (size_t)sup[0] : (size_t)sup[0] * (size_t)n + (size_t)sup[1]] = 1;
    }
    for (int i = 0; i < n && *q0 < 0; i++) {
        if (w == 1) {
            if (!seen[i]) *q0 = i;
            continue;
        }
        for (int j = i + 1; j < n; j++)
            if (!seen[(size_t)i * (size_t)n + (size_t)j]) {
                *q0 = i, *q1 = j;
                break;
            }
    }
    free(seen);
}

/* Checks the open run (sums per string, kinds complete and uniform) and turns it into a step. */
static plt_status close_run(detect *D) {
    if (!D->open) return PLT_OK;
    D->open = 0;
    const plt_circuit *c = D->c;
    const int n = D->n, d = n + 1;
    char b1[256], b2[256];
    qsort(D->e, D->ne, sizeof *D->e, cmp_entry);
    double ka[MAX_KINDS], kb[MAX_KINDS];
    size_t start = 0;
    for (int k = 0; k < D->nkinds; k++) {
        size_t end = start;
        while (end < D->ne && D->e[end].kind == (uint32_t)k) end++;
        /* distinct strings with their summed a and b; equal hashes are rare, so pairs inside
         * one hash are compared directly */
        size_t distinct = 0;
        double ref_a = 0, ref_b = 0;
        uint32_t ref_op = D->e[start].op;
        for (size_t t = start; t < end; t++) {
            int dup = 0;
            for (size_t u = t; u-- > start && D->e[u].hash == D->e[t].hash;)
                if (same_string(D, D->e[u].op, D->e[t].op)) dup = 1;
            if (dup) continue;
            double sa = 0, sb = 0;
            uint32_t first = D->e[t].op;
            for (size_t u = t; u < end && D->e[u].hash == D->e[t].hash; u++)
                if (same_string(D, D->e[u].op, D->e[t].op)) {
                    const plt_op *op = plt_circuit_op(c, D->e[u].op);
                    sa += op->param >= 0 ? op->a : 0;
                    sb += op->b;
                    if (D->e[u].op < first) first = D->e[u].op;
                }
            if (distinct == 0) {
                ref_a = sa, ref_b = sb, ref_op = first;
            } else if (!close_coef(sa, ref_a) || !close_coef(sb, ref_b)) {
                size_t bad = first > ref_op ? first : ref_op;
                size_t good = first > ref_op ? ref_op : first;
                sym_describe(c, bad, b1, sizeof b1);
                sym_describe(c, good, b2, sizeof b2);
                return plt_fail(PLT_EUNSUPPORTED,
                                "%s %zu (%s) breaks permutation symmetry: its angle differs from "
                                "that of %s %zu (%s), a string of the same kind in the same run "
                                "of rotations sharing %s (ops %zu..%zu); the symmetric engine "
                                "needs every parameter's summed generator invariant under qubit "
                                "permutations",
                                D->what, bad, b1, D->what, good, b2, param_text(D, D->param),
                                D->op0, D->op_last);
            }
            distinct++;
        }
        kind kd = D->kinds[k];
        double want = sym_class_size(D->lf, n, kd.nx, kd.ny, kd.nz);
        if (fabs((double)distinct - want) > 0.5) {
            size_t first = D->e[start].op;
            for (size_t t = start; t < end; t++)
                if (D->e[t].op < first) first = D->e[t].op;
            sym_describe(c, first, b1, sizeof b1);
            int q0, q1;
            find_missing(D, D->e + start, end - start, &q0, &q1);
            char miss[96] = "";
            if (q1 >= 0)
                snprintf(miss, sizeof miss, " on qubits %d, %d", q0, q1);
            else if (q0 >= 0)
                snprintf(miss, sizeof miss, " on qubit %d", q0);
            return plt_fail(PLT_EUNSUPPORTED,
                            "%s %zu (%s) has no partner%s: the rotations of ops %zu..%zu sharing "
                            "%s hold %zu of the %.0f strings with %d X, %d Y and %d Z letters, "
                            "so their summed generator is not invariant under qubit permutations "
                            "(the symmetric engine needs every one, with equal angles, in one "
                            "run of commuting rotations)",
                            D->what, first, b1, miss, D->op0, D->op_last,
                            param_text(D, D->param), distinct, want, kd.nx, kd.ny, kd.nz);
        }
        /* the run's generator: per kind, (a/2) times the sum of its strings */
        ka[k] = 0.5 * ref_a * want;
        kb[k] = 0.5 * ref_b * want;
        start = end;
    }
    if (D->p->check_only) return PLT_OK;
    sym_step *s = NULL;
    plt_status st = push_step(D->p, &s);
    if (st) return st;
    s->param = D->param;
    s->op0 = D->op0;
    s->op1 = D->op_last + 1;
    int zonly = 1, lin = 1, xonly = 1, yonly = 1, w = 0, anyb = 0;
    for (int k = 0; k < D->nkinds; k++) {
        kind kd = D->kinds[k];
        zonly &= kd.nx + kd.ny == 0;
        lin &= kd.nx + kd.ny + kd.nz == 1;
        xonly &= kd.ny + kd.nz == 0;
        yonly &= kd.nx + kd.nz == 0;
        if (kd.nx + kd.ny > w) w = kd.nx + kd.ny;
        anyb |= kb[k] != 0;
    }
    s->kind = zonly ? SYM_DIAG : lin ? SYM_LINEAR : xonly || yonly ? SYM_AXIS : SYM_BAND;
    s->axis = yonly && !xonly;
    if ((st = sym_band_new(d, w, &s->A))) return st;
    for (int k = 0; k < D->nkinds; k++) {
        kind kd = D->kinds[k];
        /* a kind's strings sum to size x its symmetrised matrix */
        sym_band_add_class(&s->A, D->lf, kd.nx, kd.ny, kd.nz, ka[k]);
        if (s->kind == SYM_LINEAR) {
            /* sum_i P_i = 2 J_P: the run is exp(-i (theta a + b) J_P) per letter */
            int l = kd.nx ? 0 : kd.ny ? 1 : 2;
            s->ha[l] += 2 * ka[k] / n;
            s->hb[l] += 2 * kb[k] / n;
        }
    }
    if (s->kind == SYM_BAND) {
        if ((st = sym_band_new(d, anyb ? w : 0, &s->B))) return st;
        for (int k = 0; k < D->nkinds && anyb; k++)
            sym_band_add_class(&s->B, D->lf, D->kinds[k].nx, D->kinds[k].ny, D->kinds[k].nz,
                               kb[k]);
    }
    if (s->kind == SYM_DIAG || s->kind == SYM_AXIS) {
        sym_band za, zb;
        if ((st = sym_band_new(d, 0, &za))) return st;
        if ((st = sym_band_new(d, 0, &zb))) {
            sym_band_free(&za);
            return st;
        }
        /* in the rotated basis X (or Y) letters are Z letters */
        for (int k = 0; k < D->nkinds; k++) {
            kind kd = D->kinds[k];
            int w1 = kd.nx + kd.ny + kd.nz;
            sym_band_add_class(&za, D->lf, 0, 0, w1, ka[k]);
            sym_band_add_class(&zb, D->lf, 0, 0, w1, kb[k]);
        }
        s->da = za.re, s->db = zb.re;
        free(za.im);
        free(zb.im);
    }
    return PLT_OK;
}

/* ---------- single-qubit runs ---------- */

static void mat_load(const plt_op *op, double m[8]) {
    const double *u = op->kind == PLT_OP_CLIFFORD ? plt_gate_info_get(op->gate)->u : op->u;
    memcpy(m, u, 8 * sizeof *m);
}

/* m = g * m for 2x2 complex (row-major, interleaved). */
static void mat_lmul(const double g[8], double m[8]) {
    double r[8];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double re = 0, im = 0;
            for (int k = 0; k < 2; k++) {
                double ar = g[4 * i + 2 * k], ai = g[4 * i + 2 * k + 1];
                double br = m[4 * k + 2 * j], bi = m[4 * k + 2 * j + 1];
                re += ar * br - ai * bi;
                im += ar * bi + ai * br;
            }
            r[4 * i + 2 * j] = re, r[4 * i + 2 * j + 1] = im;
        }
    memcpy(m, r, sizeof r);
}

/* 1 when a and b are equal up to a phase: |tr(a^dag b)| = 2 for unitaries. */
static int mat_same(const double a[8], const double b[8]) {
    double re = 0, im = 0;
    for (int t = 0; t < 4; t++) {
        re += a[2 * t] * b[2 * t] + a[2 * t + 1] * b[2 * t + 1];
        im += a[2 * t] * b[2 * t + 1] - a[2 * t + 1] * b[2 * t];
    }
    return fabs(hypot(re, im) - 2) < 1e-10;
}

static plt_status close_local(detect *D, size_t end) {
    if (!D->local) return PLT_OK;
    D->local = 0;
    const int n = D->n;
    for (int q = 1; q < n; q++) {
        if (mat_same(D->U, D->U + 8 * (size_t)q)) continue;
        size_t at = D->lop0;
        for (size_t i = D->lop0; i < end; i++)
            if (plt_circuit_op(D->c, i)->q[0] == q || plt_circuit_op(D->c, i)->q[0] == 0) {
                at = i;
                break;
            }
        char b1[256];
        sym_describe(D->c, at, b1, sizeof b1);
        return plt_fail(PLT_EUNSUPPORTED,
                        "%s %zu (%s) breaks permutation symmetry: the single-qubit gates of ops "
                        "%zu..%zu leave qubit %d with a different gate than qubit 0 (the symmetric "
                        "engine needs the same gate on every qubit)",
                        D->what, at, b1, D->lop0, end - 1, q);
    }
    if (D->p->check_only) return PLT_OK;
    /* U = e^(i g) (cos(a/2) - i sin(a/2) u.sigma): U^n = exp(-i a u.J) up to a phase */
    const double *u = D->U;
    double dr = u[0] * u[6] - u[1] * u[7] - (u[2] * u[4] - u[3] * u[5]);
    double di = u[0] * u[7] + u[1] * u[6] - (u[2] * u[5] + u[3] * u[4]);
    double mod = sqrt(hypot(dr, di)), arg = 0.5 * atan2(di, dr);
    double sr = mod * cos(arg), si = mod * sin(arg), m[8];
    for (int t = 0; t < 4; t++) { /* m = u / sqrt(det u) */
        double den = sr * sr + si * si;
        m[2 * t] = (u[2 * t] * sr + u[2 * t + 1] * si) / den;
        m[2 * t + 1] = (u[2 * t + 1] * sr - u[2 * t] * si) / den;
    }
    double cth = 0.5 * (m[0] + m[6]);
    double sx = -0.5 * (m[3] + m[5]), sy = 0.5 * (m[4] - m[2]), sz = 0.5 * (m[7] - m[1]);
    double sn = sqrt(sx * sx + sy * sy + sz * sz);
    if (sn < 1e-15) return PLT_OK; /* the identity up to a phase */
    double alpha = 2 * atan2(sn, cth);
    sym_step *s = NULL;
    plt_status st = push_step(D->p, &s);
    if (st) return st;
    s->kind = SYM_LINEAR;
    s->param = -1;
    s->op0 = D->lop0;
    s->op1 = end;
    s->hb[0] = alpha * sx / sn, s->hb[1] = alpha * sy / sn, s->hb[2] = alpha * sz / sn;
    return sym_band_new(n + 1, 0, &s->A);
}

/* ---------- the pass ---------- */

static plt_status add_rotation(detect *D, size_t i) {
    const plt_op *op = plt_circuit_op(D->c, i);
    kind kd = kind_of(op->gen);
    char b1[256];
    int k = -1;
    if (D->open && D->param == op->param) {
        for (int t = 0; t < D->nkinds; t++)
            if (D->kinds[t].nx == kd.nx && D->kinds[t].ny == kd.ny && D->kinds[t].nz == kd.nz)
                k = t;
        if (k < 0) {
            int ok = D->nkinds < MAX_KINDS;
            for (int t = 0; t < D->nkinds && ok; t++) ok = kinds_commute(D->kinds[t], kd, D->n);
            if (!ok) {
                plt_status st = close_run(D);
                if (st) return st;
            }
        }
    } else {
        plt_status st = close_run(D);
        if (st) return st;
    }
    if (!D->open) {
        D->open = 1;
        D->param = op->param;
        D->op0 = i;
        D->nkinds = 0;
        D->ne = 0;
    }
    if (k < 0) {
        if (!kinds_commute(kd, kd, D->n)) {
            sym_describe(D->c, i, b1, sizeof b1);
            return plt_fail(PLT_EUNSUPPORTED,
                            "%s %zu (%s): the strings with %d X, %d Y and %d Z letters do not all "
                            "commute, so rotations by them sharing an angle are no collective "
                            "exponential; the symmetric engine does not simulate them",
                            D->what, i, b1, kd.nx, kd.ny, kd.nz);
        }
        k = D->nkinds;
        D->kinds[D->nkinds++] = kd;
    }
    if (D->ne == D->cap) {
        size_t nc = D->cap ? 2 * D->cap : 1024;
        entry *ne = realloc(D->e, nc * sizeof *ne);
        if (!ne) return plt_fail_nomem("the symmetric engine's rotation runs");
        D->e = ne;
        D->cap = nc;
    }
    const plt_pstring *g = op->gen;
    D->op_last = i;
    D->e[D->ne++] = (entry){plt_pw_hash(g->x, g->z, g->nw), (uint32_t)i, (uint32_t)k};
    D->p->nrot++;
    return PLT_OK;
}

plt_status sym_detect(const plt_circuit *c, const char *what, sym_prog *p) {
    detect D = {0};
    D.c = c;
    D.what = what;
    D.p = p;
    D.n = p->n;
    plt_status st = PLT_OK;
    size_t nops = plt_circuit_nops(c);
    if (nops > UINT32_MAX) return plt_fail(PLT_ETOOBIG, "too many ops for the symmetric engine");
    D.lf = malloc((size_t)(D.n + 1) * sizeof *D.lf);
    D.U = malloc(8 * (size_t)D.n * sizeof *D.U);
    if (!D.lf || !D.U) {
        st = plt_fail_nomem("the symmetric engine's tables");
        goto done;
    }
    sym_log_factorials(D.n, D.lf);
    for (size_t i = 0; i < nops && !st; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_ROTATION) {
            if (!(st = close_local(&D, i))) st = add_rotation(&D, i);
            continue;
        }
        if ((st = close_run(&D))) break;
        if (op->nq == 1) {
            if (!D.local) {
                D.local = 1;
                D.lop0 = i;
                for (int q = 0; q < D.n; q++) {
                    double *m = D.U + 8 * (size_t)q;
                    memset(m, 0, 8 * sizeof *m);
                    m[0] = m[6] = 1;
                }
            }
            double g[8];
            mat_load(op, g);
            mat_lmul(g, D.U + 8 * (size_t)op->q[0]);
            continue;
        }
        if ((st = close_local(&D, i))) break;
        /* swap: a permutation, the identity on the (symmetric) state it meets */
        if (op->kind == PLT_OP_CLIFFORD && op->gate == PLT_GATE_SWAP) continue;
        char b1[256];
        sym_describe(c, i, b1, sizeof b1);
        st = plt_fail(PLT_EUNSUPPORTED,
                      "%s %zu (%s): the symmetric engine takes rotations, single-qubit gates and "
                      "swaps; write two-qubit gates as Pauli rotations (e.g. cz = rzz and rz "
                      "turns) so that their sum over all pairs can be recognised",
                      what, i, b1);
    }
    if (!st) st = close_local(&D, nops);
    if (!st) st = close_run(&D);
done:
    free(D.lf);
    free(D.U);
    free(D.e);
    return st;
}

void sym_prog_free(sym_prog *p) {
    for (size_t i = 0; i < p->nsteps; i++) {
        sym_band_free(&p->steps[i].A);
        sym_band_free(&p->steps[i].B);
        free(p->steps[i].da);
        free(p->steps[i].db);
    }
    free(p->steps);
    p->steps = NULL;
    p->nsteps = p->cap = 0;
}

plt_status sym_detect_model(const plt_model *m, sym_prog *p, plt_circuit **absorbed,
                            plt_psum **absorbed_obs) {
    *absorbed = NULL;
    *absorbed_obs = NULL;
    plt_status st = sym_detect(m->circuit, "op", p);
    if (!st) return PLT_OK;
    /* Two-qubit Cliffords (cx rz cx for rzz, as QASM files write it) are moved to the end and
     * folded into the later rotations and the observable, then the test is repeated; a refusal
     * still names the op of the circuit as given. */
    int cl2 = 0;
    for (size_t i = 0; i < plt_circuit_nops(m->circuit) && !cl2; i++) {
        const plt_op *op = plt_circuit_op(m->circuit, i);
        cl2 = op->kind == PLT_OP_CLIFFORD && op->nq == 2 && op->gate != PLT_GATE_SWAP;
    }
    sym_prog_free(p);
    p->nrot = 0;
    if (!cl2) return st;
    char first[1024];
    snprintf(first, sizeof first, "%s", plt_error_last()->message);
    if (plt_circuit_absorb_cliffords(m->circuit, m->obs, absorbed, absorbed_obs) ||
        sym_detect(*absorbed, "op (after Clifford absorption)", p)) {
        sym_prog_free(p);
        p->nrot = 0;
        plt_circuit_free(*absorbed);
        plt_psum_free(*absorbed_obs);
        *absorbed = NULL;
        *absorbed_obs = NULL;
        return plt_fail(st, "%s", first);
    }
    return PLT_OK;
}
