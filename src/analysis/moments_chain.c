/* The chain: weighted items (one Pauli string, or an unordered pair of strings, plus a tag)
 * propagated from the observable back to the state, one op at a time, last op first.
 *
 * Per op, as in PauliPropagation.jl's main + auxiliary tables: an item the op does not move
 * keeps its place; an item it moves keeps its own key with the "stay" factor (E[cos^2 t], ...)
 * in place, and its other children (the primed strings, the derivative branches) go to an
 * auxiliary table, merged into the main one once per op. Cliffords rewrite keys in place
 * (a bijection on strings: take the moved items out of the index, rewrite, put them back).
 * Items whose weight becomes exactly 0 (full-period angles kill every cross term) are
 * compacted away. Any item may be dropped at any time: what it would have contributed is
 * bounded by |w| (|<psi|A|psi><psi|B|psi>| <= 1 for every parameter value), times
 * sum_k a_k^2 over the rotations still ahead for the derivative sums, |d<A>/dp_k| <= |a_k|. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/moments_impl.h"
#include "circuit/tableau.h"
#include "core/error.h"
#include "pauli/pstring.h"

typedef struct ctx {
    const mom_chain_in *in;
    mom_chain_out *out;
    int n, nw, r;         /* qubits, words a plane, strings an item */
    int kw, half;         /* words a key; half of it (the index's "nw") */
    size_t hard_cap;      /* items per table that fit the memory */
    mom_table main, aux;
    uint64_t *tmp;        /* scratch keys */
    double *scratch;      /* |w| for selection, moved indices (grown with the table) */
    size_t scratch_cap;
    double *rem_a2;       /* rem_a2[i]: sum of a_k^2 over the rotations before op i */
    int *gstart;          /* parameter -> first op of its rotations (adjacent) */
    double *abs_a;        /* parameter -> sum |a| of its rotations: |dL/dp| bound */
    uint64_t *gbuf;       /* group branches: 2 sides x 16 strings */
    double *drop0_at;     /* MOM_FIRST: tag-0 mass dropped with ops < i ahead */
    int first_pos;        /* op index of parameter 0's rotation, -1 when none */
    size_t peak;
} ctx;

double mom_item_bytes(int n, mom_mode mode) {
    const int nw = plt_nwords(n), r = mode == MOM_FIRST ? 1 : 2;
    const double kw = (double)(((2 * r * nw + 1) + 1) & ~1);
    /* key + weight + selection scratch + at most 4 slots (load >= 1/4 after a doubling). */
    return kw * 8 + 8 + 8 + 16;
}

/* ---------- the table ---------- */

static void tab_free(mom_table *t) {
    free(t->keys);
    free(t->w);
    plt_pw_index_free(&t->ix);
    memset(t, 0, sizeof *t);
}

/* Scratch for `n` entries, grown with the tables (never the whole memory cap up front). */
static plt_status scratch_for(ctx *x, size_t n) {
    if (n <= x->scratch_cap) return PLT_OK;
    double *s = realloc(x->scratch, n * sizeof *s);
    if (!s) return plt_fail_nomem("the moment chain's scratch");
    x->scratch = s;
    x->scratch_cap = n;
    return PLT_OK;
}

static plt_status tab_reserve(ctx *x, mom_table *t, size_t want) {
    if (want <= t->cap && t->ix.slot && plt_pw_index_slots_for(want) <= t->ix.mask + 1)
        return PLT_OK;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < want) cap *= 2;
    if (cap > x->hard_cap) cap = x->hard_cap;
    if (cap < want) return PLT_ETOOBIG;
    if (cap != t->cap) {
        if (scratch_for(x, cap) != PLT_OK) return x->hard_cap = t->cap > 128 ? t->cap : 128, PLT_ETOOBIG;
        /* Memory the machine would not give is a cap reached: the caller truncates. */
        uint64_t *k = realloc(t->keys, cap * (size_t)x->kw * sizeof *k);
        if (!k) return x->hard_cap = t->cap > 128 ? t->cap : 128, PLT_ETOOBIG;
        t->keys = k;
        double *w = realloc(t->w, cap * sizeof *w);
        if (!w) return x->hard_cap = t->cap > 128 ? t->cap : 128, PLT_ETOOBIG;
        t->w = w;
        t->cap = cap;
    }
    const size_t slots = plt_pw_index_slots_for(cap);
    if (!t->ix.slot || slots != t->ix.mask + 1)
        return plt_pw_index_resize(&t->ix, slots, t->keys, x->half, t->count,
                                   "the moment chain's index");
    return PLT_OK;
}

/* ---------- dropping ---------- */

static inline const uint64_t *key_at(const ctx *x, const mom_table *t, size_t i) {
    return t->keys + i * (size_t)x->kw;
}
static inline uint64_t tag_of(const ctx *x, const uint64_t *k) { return k[2 * x->r * x->nw]; }

/* Charges a dropped item of weight w with the ops before `pos` still ahead. */
static void drop_charge(ctx *x, const uint64_t *k, double w, size_t pos) {
    const double a = fabs(w);
    mom_chain_out *o = x->out;
    o->dropped_mass += a;
    if (a == 0) return;
    const uint64_t tag = tag_of(x, k);
    switch (x->in->mode) {
    case MOM_MSE:
        o->dropped[0] += a;
        break;
    case MOM_PAIR:
        if (tag == 0) {
            o->dropped[0] += a;
            o->dropped[1] += a * x->rem_a2[pos];
            if (x->first_pos >= 0 && (size_t)x->first_pos < pos) {
                o->dropped[2] += a * x->abs_a[0] * x->abs_a[0];
            }
        } else {
            o->dropped[tag] += a;
        }
        break;
    case MOM_FIRST:
        if (tag == 0) {
            o->dropped[0] += a;
            x->drop0_at[pos] += a;
        } else {
            o->grad_drop[tag - 1] += a;
        }
        break;
    }
}

static int cmp_desc(const void *p, const void *q) {
    const double a = *(const double *)p, b = *(const double *)q;
    return (a < b) - (a > b);
}

/* Drops the items with |w| < thr and `ties` of those with |w| == thr kept (and weight-0
 * items), charging them. */
static void tab_drop_below(ctx *x, mom_table *t, double thr, size_t ties, size_t pos) {
    size_t j = 0;
    for (size_t i = 0; i < t->count; i++) {
        const double w = t->w[i], a = fabs(w);
        if (w == 0) continue;
        if (thr > 0 && (a < thr || (a == thr && ties == 0))) {
            drop_charge(x, key_at(x, t, i), w, pos);
            continue;
        }
        if (thr > 0 && a == thr) ties--;
        if (j != i) memcpy(t->keys + j * (size_t)x->kw, key_at(x, t, i), (size_t)x->kw * 8);
        t->w[j++] = w;
    }
    t->count = j;
    plt_pw_index_refill(&t->ix, t->keys, x->half, t->count);
}

/* Keeps the `keep` largest |w| (and drops weight-0 items), charging the rest. */
static void tab_truncate(ctx *x, mom_table *t, size_t keep, size_t pos) {
    double thr = 0;
    size_t live = 0, ties = 0;
    for (size_t i = 0; i < t->count; i++)
        if (t->w[i] != 0) x->scratch[live++] = fabs(t->w[i]);
    if (keep == 0) {
        thr = INFINITY;
    } else if (keep < live) {
        /* A sort is O(m log m), rare (only when a cap is reached), and simple. */
        qsort(x->scratch, live, sizeof *x->scratch, cmp_desc);
        thr = x->scratch[keep - 1];
        size_t gt = 0;
        while (gt < live && x->scratch[gt] > thr) gt++;
        ties = keep - gt;
    }
    tab_drop_below(x, t, thr, ties, pos);
}

/* Adds w to key k in t (merging equal keys); truncates t to half its cap when full. */
static plt_status tab_add(ctx *x, mom_table *t, const uint64_t *k, double w, size_t pos) {
    plt_status st = tab_reserve(x, t, t->count + 1);
    if (st == PLT_ETOOBIG) {
        x->out->mem_truncated = 1;
        tab_truncate(x, t, x->hard_cap / 2, pos);
        st = tab_reserve(x, t, t->count + 1);
    }
    if (st != PLT_OK) return st;
    int found;
    const size_t s = plt_pw_index_probe(&t->ix, t->keys, x->half, k, k + x->half,
                                        plt_pw_hash(k, k + x->half, x->half), &found);
    if (found) {
        t->w[t->ix.slot[s]] += w;
        return PLT_OK;
    }
    memcpy(t->keys + t->count * (size_t)x->kw, k, (size_t)x->kw * 8);
    t->w[t->count] = w;
    t->ix.slot[s] = (uint32_t)t->count++;
    return PLT_OK;
}

/* ---------- items ---------- */

/* Unordered pairs: the smaller string first (mark bits swapped with it). */
static void canon(const ctx *x, uint64_t *k) {
    if (x->r != 2) return;
    const int sw = 2 * x->nw;
    uint64_t *a = k, *b = k + sw;
    int c = 0;
    for (int i = 0; i < sw && !c; i++) c = (a[i] > b[i]) - (a[i] < b[i]);
    if (c <= 0) return;
    for (int i = 0; i < sw; i++) {
        const uint64_t t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
    if (x->in->mode == MOM_MSE) {
        uint64_t *tag = k + 2 * sw;
        *tag = ((*tag & 1) << 1) | ((*tag >> 1) & 1);
    }
}

static inline int heavy(const ctx *x, const uint64_t *s) {
    return x->in->max_weight > 0 && plt_pw_weight(s, s + x->nw, x->nw) > x->in->max_weight;
}

/* A child: side strings s[0], s[1] (r of them), tag, weight w (0: none). */
static plt_status emit(ctx *x, const uint64_t *const *s, uint64_t tag, double w, size_t pos) {
    if (w == 0) return PLT_OK;
    uint64_t *k = x->tmp;
    const int sw = 2 * x->nw;
    memset(k, 0, (size_t)x->kw * 8);
    for (int j = 0; j < x->r; j++) {
        memcpy(k + j * sw, s[j], (size_t)sw * 8);
        if (heavy(x, s[j])) {
            if (x->in->mode == MOM_MSE) {
                tag |= 1u << j;
            } else {
                k[x->r * sw] = tag;
                drop_charge(x, k, w, pos);
                return PLT_OK;
            }
        }
    }
    k[x->r * sw] = tag;
    canon(x, k);
    x->out->work += x->kw;
    return tab_add(x, &x->aux, k, w, pos);
}

/* ---------- ops ---------- */

/* The children of one op collect in the auxiliary table (emit), merged into the main one
 * once the op has scanned every item. */
static void aux_reset(ctx *x) {
    x->aux.count = 0;
    plt_pw_index_clear(&x->aux.ix);
}

static plt_status aux_merge(ctx *x, size_t pos) {
    plt_status st = PLT_OK;
    for (size_t i = 0; i < x->aux.count && st == PLT_OK; i++)
        if (x->aux.w[i] != 0) st = tab_add(x, &x->main, key_at(x, &x->aux, i), x->aux.w[i], pos);
    return st;
}

static void compact(ctx *x) {
    mom_table *t = &x->main;
    size_t j = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (t->w[i] == 0) continue;
        if (j != i) memcpy(t->keys + j * (size_t)x->kw, key_at(x, t, i), (size_t)x->kw * 8);
        t->w[j++] = t->w[i];
    }
    t->count = j;
    plt_pw_index_refill(&t->ix, t->keys, x->half, t->count);
}

static int touches(const ctx *x, const uint64_t *k, const int *q, int nq) {
    for (int j = 0; j < x->r; j++)
        for (int i = 0; i < nq; i++) {
            const uint64_t bit = 1ULL << (q[i] % 64);
            const int w = q[i] / 64;
            if ((k[j * 2 * x->nw + w] | k[j * 2 * x->nw + x->nw + w]) & bit) return 1;
        }
    return 0;
}

static plt_status op_clifford(ctx *x, const plt_op *op, size_t pos) {
    mom_table *t = &x->main;
    const int sw = 2 * x->nw;
    size_t moved = 0;
    uint32_t *list = (uint32_t *)x->scratch; /* as many entries as the table holds */
    for (size_t i = 0; i < t->count; i++) {
        if (t->w[i] == 0 || !touches(x, key_at(x, t, i), op->q, op->nq)) continue;
        plt_pw_index_remove(&t->ix, t->keys, x->half, i);
        uint64_t *k = t->keys + i * (size_t)x->kw;
        int neg = 0;
        for (int j = 0; j < x->r; j++) neg ^= mom_clifford(op, k + j * sw, x->nw);
        if (neg) t->w[i] = -t->w[i];
        x->out->work += x->kw;
        list[moved++] = (uint32_t)i;
    }
    for (size_t l = 0; l < moved; l++) {
        const size_t i = list[l];
        uint64_t *k = t->keys + i * (size_t)x->kw;
        int drop = 0;
        for (int j = 0; j < x->r; j++)
            if (heavy(x, k + j * sw)) {
                if (x->in->mode == MOM_MSE)
                    k[x->r * sw] |= 1u << j;
                else
                    drop = 1;
            }
        canon(x, k);
        if (drop) {
            drop_charge(x, k, t->w[i], pos);
            t->w[i] = 0; /* out of the index; compacted below */
            continue;
        }
        int found;
        const size_t s = plt_pw_index_probe(&t->ix, t->keys, x->half, k, k + x->half,
                                            plt_pw_hash(k, k + x->half, x->half), &found);
        if (found) { /* only marks can merge two images */
            t->w[t->ix.slot[s]] += t->w[i];
            t->w[i] = 0;
        } else {
            t->ix.slot[s] = (uint32_t)i;
        }
    }
    return PLT_OK;
}

static plt_status op_rotation(ctx *x, const plt_op *op, size_t pos) {
    const mom_chain_in *in = x->in;
    const uint64_t *px = op->gen->x, *pz = op->gen->z;
    mom_trig T;
    const int free_param = op->param >= 0 && op->a != 0;
    mom_trig_of(in->dist, free_param ? op->a : 0, op->b, &T);
    const double a2 = free_param ? op->a * op->a : 0;
    const int sw = 2 * x->nw;
    mom_table *t = &x->main;
    uint64_t *pr = x->tmp + x->kw; /* two primed strings */
    const int deriv_first =
        in->mode == MOM_FIRST && free_param && in->need && in->need[op->param];
    const int deriv_pair = in->mode == MOM_PAIR && free_param;
    aux_reset(x);
    plt_status st = PLT_OK;
    const size_t count0 = t->count;
    for (size_t i = 0; i < count0 && st == PLT_OK; i++) {
        const double w = t->w[i];
        if (w == 0) continue;
        const uint64_t *k = key_at(x, t, i);
        const uint64_t tag = k[x->r * sw];
        const uint64_t *A = k, *B = k + sw;
        const int ac1 = !plt_pw_commutes(px, pz, A, A + x->nw, x->nw);
        const int ac2 = x->r == 2 && !plt_pw_commutes(px, pz, B, B + x->nw, x->nw);
        if (!ac1 && !ac2) continue;
        /* Children are emitted before the stay factor overwrites w. */
        if (x->r == 1) {
            const double sg = mom_prime(x->nw, px, pz, A, pr);
            const uint64_t *s1[1] = {pr}, *s0[1] = {A};
            st = emit(x, s1, tag, w * sg * T.s, pos);
            if (st == PLT_OK && deriv_first && tag == 0) {
                const uint64_t dt = (uint64_t)op->param + 1;
                st = emit(x, s0, dt, -w * op->a * T.s, pos);
                if (st == PLT_OK) st = emit(x, s1, dt, w * sg * op->a * T.c, pos);
            }
            t->w[i] = w * T.c;
            continue;
        }
        uint64_t *A1 = pr, *B1 = pr + sw;
        const double sa = ac1 ? mom_prime(x->nw, px, pz, A, A1) : 0, sb = ac2 ? mom_prime(x->nw, px, pz, B, B1) : 0;
        const uint64_t *AB1[2] = {A, B1}, *A1B[2] = {A1, B}, *A1B1[2] = {A1, B1}, *AB[2] = {A, B};
        if (ac1 && !ac2) {
            st = emit(x, A1B, tag, w * sa * T.s, pos);
            t->w[i] = w * T.c;
            continue;
        }
        if (!ac1 && ac2) {
            st = emit(x, AB1, tag, w * sb * T.s, pos);
            t->w[i] = w * T.c;
            continue;
        }
        st = emit(x, AB1, tag, w * sb * T.sc, pos);
        if (st == PLT_OK) st = emit(x, A1B, tag, w * sa * T.sc, pos);
        if (st == PLT_OK) st = emit(x, A1B1, tag, w * sa * sb * T.ss, pos);
        if (deriv_pair && tag == 0)
            for (uint64_t dt = 1; dt <= (op->param == 0 ? 2u : 1u) && st == PLT_OK; dt++) {
                st = emit(x, AB, dt, w * a2 * T.ss, pos);
                if (st == PLT_OK) st = emit(x, AB1, dt, -w * sb * a2 * T.sc, pos);
                if (st == PLT_OK) st = emit(x, A1B, dt, -w * sa * a2 * T.sc, pos);
                if (st == PLT_OK) st = emit(x, A1B1, dt, w * sa * sb * a2 * T.cc, pos);
            }
        t->w[i] = w * T.cc;
    }
    return st == PLT_OK ? aux_merge(x, pos) : st;
}

static plt_status op_group(ctx *x, const mom_group *gr, int param, size_t pos) {
    const mom_chain_in *in = x->in;
    const int sw = 2 * x->nw, np = gr->npat;
    mom_table *t = &x->main;
    uint64_t *b1 = x->gbuf, *b2 = x->gbuf + 16 * (size_t)sw;
    double s1[16], s2[16];
    int p1[16], p2[16];
    const int deriv = (in->mode == MOM_PAIR) || (in->mode == MOM_FIRST && in->need &&
                                                 in->need[param]);
    aux_reset(x);
    plt_status st = PLT_OK;
    const size_t count0 = t->count;
    for (size_t i = 0; i < count0 && st == PLT_OK; i++) {
        const double w = t->w[i];
        if (w == 0) continue;
        const uint64_t *k = key_at(x, t, i);
        const uint64_t tag = k[x->r * sw];
        const int n1 = mom_group_branches(in->c, gr, x->nw, k, b1, s1, p1);
        const int n2 = x->r == 2 ? mom_group_branches(in->c, gr, x->nw, k + sw, b2, s2, p2) : 1;
        if (x->r == 2 && n1 == 1 && n2 == 1 && p1[0] == 0 && p2[0] == 0) continue;
        if (x->r == 1 && n1 == 1 && p1[0] == 0) continue;
        t->w[i] = 0; /* every branch, the unchanged one too, goes through the aux table */
        for (int u = 0; u < n1 && st == PLT_OK; u++) {
            if (x->r == 1) {
                const uint64_t *s[1] = {b1 + (size_t)u * sw};
                st = emit(x, s, tag, w * s1[u] * gr->e1[p1[u]], pos);
                if (st == PLT_OK && deriv && tag == 0)
                    st = emit(x, s, (uint64_t)param + 1, w * s1[u] * gr->d1[p1[u]], pos);
                continue;
            }
            for (int v = 0; v < n2 && st == PLT_OK; v++) {
                const uint64_t *s[2] = {b1 + (size_t)u * sw, b2 + (size_t)v * sw};
                const size_t cell = (size_t)p1[u] * np + p2[v];
                const double sg = w * s1[u] * s2[v];
                st = emit(x, s, tag, sg * gr->e2[cell], pos);
                if (deriv && tag == 0 && in->mode == MOM_PAIR)
                    for (uint64_t dt = 1; dt <= (param == 0 ? 2u : 1u) && st == PLT_OK; dt++)
                        st = emit(x, s, dt, sg * gr->d2[cell], pos);
            }
        }
    }
    return st == PLT_OK ? aux_merge(x, pos) : st;
}

/* ---------- the run ---------- */

static plt_status seed_items(ctx *x) {
    const plt_psum *obs = x->in->obs;
    const size_t nt = plt_psum_nterms(obs);
    plt_pstring *p = NULL, *q = NULL;
    plt_status st = plt_pstring_new(x->n, &p);
    if (st == PLT_OK) st = plt_pstring_new(x->n, &q);
    const size_t pos = plt_circuit_nops(x->in->c);
    const int sw = 2 * x->nw;
    for (size_t i = 0; i < nt && st == PLT_OK; i++) {
        double ci;
        st = plt_psum_term(obs, i, p, &ci, NULL);
        if (st != PLT_OK || ci == 0) continue;
        if (x->r == 1) {
            const uint64_t *s[1] = {p->x};
            memcpy(x->tmp + x->kw, p->x, (size_t)sw * 8); /* x then z are contiguous */
            s[0] = x->tmp + x->kw;
            st = emit(x, s, 0, ci, pos);
            continue;
        }
        /* Unordered pairs: (i, j) and (j, i) merge into one item of weight 2 c_i c_j. */
        for (size_t j = i; j < nt && st == PLT_OK; j++) {
            double cj;
            st = plt_psum_term(obs, j, q, &cj, NULL);
            if (st != PLT_OK) break;
            uint64_t *a = x->tmp + x->kw, *b = a + sw;
            memcpy(a, p->x, (size_t)sw * 8);
            memcpy(b, q->x, (size_t)sw * 8);
            const uint64_t *s[2] = {a, b};
            st = emit(x, s, 0, (i == j ? 1 : 2) * ci * cj, pos);
        }
    }
    plt_pstring_free(p);
    plt_pstring_free(q);
    return st == PLT_OK ? aux_merge(x, pos) : st;
}

static void finish(ctx *x, mom_state *ms) {
    mom_table *t = &x->main;
    const int sw = 2 * x->nw;
    mom_chain_out *o = x->out;
    for (size_t i = 0; i < t->count; i++) {
        const double w = t->w[i];
        if (w == 0) continue;
        const uint64_t *k = key_at(x, t, i);
        const uint64_t tag = k[x->r * sw];
        if (x->in->mode == MOM_MSE && tag != 3) continue;
        double v = mom_state_expect(ms, k, k + x->nw);
        if (v == 0) continue;
        if (x->r == 2) v *= mom_state_expect(ms, k + sw, k + sw + x->nw);
        if (x->in->mode == MOM_FIRST && tag > 0)
            o->grad_mean[tag - 1] += w * v;
        else
            o->value[x->in->mode == MOM_MSE ? 0 : tag] += w * v;
    }
}

plt_status mom_chain_run(const mom_chain_in *in, mom_state *ms, mom_chain_out *out) {
    const plt_circuit *c = in->c;
    const size_t nops = plt_circuit_nops(c);
    const int np = plt_circuit_nparams(c);
    memset(out->value, 0, sizeof out->value);
    memset(out->dropped, 0, sizeof out->dropped);
    out->dropped_mass = 0;
    out->max_items = 0;
    out->work = 0;
    out->mem_truncated = 0;
    out->stopped = 0;
    out->ops_left = 0;
    if (in->mode == MOM_FIRST)
        for (int k = 0; k < np; k++) out->grad_mean[k] = out->grad_drop[k] = 0;
    ctx x = {.in = in, .out = out, .n = plt_circuit_nqubits(c), .first_pos = -1};
    x.nw = plt_nwords(x.n);
    x.r = in->mode == MOM_FIRST ? 1 : 2;
    x.kw = ((2 * x.r * x.nw + 1) + 1) & ~1;
    x.half = x.kw / 2;
    const double ib = mom_item_bytes(x.n, in->mode);
    double cap = in->max_memory / (2 * ib);
    if (cap > (double)PLT_PW_INDEX_MAX_TERMS / 2) cap = (double)PLT_PW_INDEX_MAX_TERMS / 2;
    if (cap < 64)
        return plt_fail(PLT_ETOOBIG,
                        "the moment chain needs at least %.0f bytes (64 items of %.0f bytes in "
                        "two tables); max-memory allows %.0f: raise --max-memory",
                        128 * ib, ib, in->max_memory);
    x.hard_cap = (size_t)cap;
    plt_status st = PLT_ENOMEM;
    x.tmp = calloc(4 * (size_t)x.kw, sizeof *x.tmp);
    x.rem_a2 = calloc(nops + 1, sizeof *x.rem_a2);
    x.drop0_at = calloc(nops + 1, sizeof *x.drop0_at);
    x.gstart = malloc(((size_t)np + 1) * sizeof *x.gstart);
    x.abs_a = calloc((size_t)np + 1, sizeof *x.abs_a);
    x.gbuf = malloc(32 * 2 * (size_t)x.nw * sizeof *x.gbuf);
    if (!x.tmp || !x.rem_a2 || !x.drop0_at || !x.gstart || !x.abs_a || !x.gbuf) {
        st = plt_fail_nomem("the moment chain");
        goto done;
    }
    for (int k = 0; k < np; k++) x.gstart[k] = -1;
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind != PLT_OP_ROTATION || op->param < 0) continue;
        if (x.gstart[op->param] < 0) x.gstart[op->param] = (int)i;
        x.abs_a[op->param] += fabs(op->a);
    }
    /* A parameter's derivative bound enters at its group's first op. */
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        double a2 = 0;
        if (op->kind == PLT_OP_ROTATION && op->param >= 0 && x.gstart[op->param] == (int)i)
            a2 = x.abs_a[op->param] * x.abs_a[op->param];
        x.rem_a2[i + 1] = x.rem_a2[i] + a2;
    }
    if (np > 0) x.first_pos = x.gstart[0];
    st = seed_items(&x);
    for (size_t i = nops; i-- > 0 && st == PLT_OK;) {
        const plt_op *op = plt_circuit_op(c, i);
        if (in->max_work > 0 && out->work > in->max_work) {
            out->stopped = 1;
            out->ops_left = i + 1;
            break;
        }
        out->work += (double)x.main.count * x.nw / MOM_SCAN_SHARE;
        size_t s0 = i;
        if (op->kind == PLT_OP_ROTATION && op->param >= 0) s0 = (size_t)x.gstart[op->param];
        if (op->kind == PLT_OP_CLIFFORD) {
            st = op_clifford(&x, op, i);
        } else if (s0 == i) {
            st = op_rotation(&x, op, i);
        } else {
            /* The parameter's rotations are ops s0 .. i (adjacent, checked by the caller). */
            mom_group gr;
            st = mom_group_make(c, s0, (int)(i - s0 + 1), in->dist, &gr);
            if (st == PLT_OK) st = op_group(&x, &gr, op->param, s0);
            mom_group_free(&gr);
            i = s0;
        }
        if (st != PLT_OK) break;
        if (x.main.count > x.peak) x.peak = x.main.count;
        if (in->min_abs > 0) {
            /* Ties at the threshold are kept (|w| == min_abs is not below it). */
            size_t small = 0;
            for (size_t j = 0; j < x.main.count; j++)
                small += x.main.w[j] != 0 && fabs(x.main.w[j]) < in->min_abs;
            if (small) tab_drop_below(&x, &x.main, in->min_abs, SIZE_MAX, i);
        }
        if (in->max_items && x.main.count > in->max_items)
            tab_truncate(&x, &x.main, in->max_items, i);
        else if (x.main.count > 64 && x.main.count > x.main.cap / 2) {
            size_t dead = 0;
            for (size_t j = 0; j < x.main.count; j++) dead += x.main.w[j] == 0;
            if (dead > x.main.count / 4) compact(&x);
        }
        if (in->progress_fn && (i % 256) == 0) {
            plt_progress p = {"moments", (double)(nops - i), (double)nops};
            if (in->progress_fn(in->progress_ctx, &p)) {
                st = plt_fail(PLT_EINTERRUPTED, "moments stopped with %zu of %zu ops done",
                              nops - i, nops);
                break;
            }
        }
    }
    if (st == PLT_OK && !out->stopped) {
        finish(&x, ms);
        if (in->mode == MOM_FIRST) {
            /* Tag-0 mass dropped while rotation k was still ahead (at a position above its
             * op index) bounds E[dL/dp_k] by |a_k| times it. */
            double suf = 0;
            for (size_t i = nops; i-- > 0;) {
                suf += x.drop0_at[i + 1];
                const plt_op *op = plt_circuit_op(c, i);
                if (op->kind == PLT_OP_ROTATION && op->param >= 0 &&
                    x.gstart[op->param] == (int)i)
                    out->grad_drop[op->param] += x.abs_a[op->param] * suf;
            }
        }
    }
done:
    out->max_items = x.peak > x.main.count ? x.peak : x.main.count;
    out->bytes = (double)(x.main.cap + x.aux.cap) * ib / 2 + (double)x.scratch_cap * 8;
    tab_free(&x.main);
    tab_free(&x.aux);
    free(x.tmp);
    free(x.scratch);
    free(x.rem_a2);
    free(x.drop0_at);
    free(x.gstart);
    free(x.abs_a);
    free(x.gbuf);
    return st;
}
