/* gsim's Pauli-sum route: gates sharing a parameter form blocks exp(-i theta G) with G a Pauli
 * sum; the DLA of the block generators can be far smaller than that of the single strings
 * (e.g. the translation-invariant ansatze of Wiersema et al., arXiv:2309.05690). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/mem.h"
#include "engines/gsim/gsim.h"
#include "lie/dla_impl.h"
#include "pauli/psum_impl.h"

/* Block k covers rotations [start[k], start[k+1]) of the op list (Cliffords absent). */
typedef struct blocks {
    size_t n, *start, *gen; /* gen[k]: index of the block's generator among the distinct ones */
    plt_psum **gens;
    uint64_t *sig; /* signature() of each distinct generator */
    size_t ngens;
} blocks;

/* Order-independent hash of a sum's strings and coefficients: equal sums sign equally. */
static uint64_t signature(const plt_psum *a) {
    uint64_t h = plt_psum_nterms(a);
    for (size_t t = 0; t < plt_psum_nterms(a); t++) {
        double c = plt_psum_coef(a, t)[0];
        uint64_t cb;
        memcpy(&cb, &c, sizeof cb);
        h += plt_pw_hash(plt_psum_x(a, t), plt_psum_z(a, t), a->nw) * (cb | 1);
    }
    return h;
}

static void blocks_free(blocks *b) {
    for (size_t i = 0; i < b->ngens; i++) plt_psum_free(b->gens[i]);
    free(b->gens);
    free(b->sig);
    free(b->start);
    free(b->gen);
    memset(b, 0, sizeof *b);
}

static int same_sum(const plt_psum *a, const plt_psum *b) {
    if (plt_psum_nterms(a) != plt_psum_nterms(b)) return 0;
    for (size_t t = 0; t < plt_psum_nterms(a); t++) {
        size_t u = plt_psum_find_words(b, plt_psum_x(a, t), plt_psum_z(a, t));
        if (u == SIZE_MAX || plt_psum_coef(a, t)[0] != plt_psum_coef(b, u)[0]) return 0;
    }
    return 1;
}

static plt_status find_blocks(const plt_circuit *c, blocks *b) {
    memset(b, 0, sizeof *b);
    size_t nops = plt_circuit_nops(c);
    int n = plt_circuit_nqubits(c);
    b->start = malloc((nops + 1) * sizeof *b->start);
    b->gen = malloc((nops + 1) * sizeof *b->gen);
    b->gens = calloc(nops + 1, sizeof *b->gens);
    b->sig = malloc((nops + 1) * sizeof *b->sig);
    plt_psum *cur = NULL;
    plt_status st = PLT_OK;
    int nw = plt_nwords(n);
    uint64_t *xor_any = malloc(2 * (size_t)nw * sizeof *xor_any);
    if (!b->start || !b->gen || !b->gens || !b->sig || !xor_any) {
        st = plt_fail_nomem("the gsim blocks");
        goto fail;
    }
    uint64_t *zor_any = xor_any + nw;
    for (size_t i = 0; i < nops;) {
        const plt_op *op = plt_circuit_op(c, i);
        size_t j = i + 1;
        /* The x and z bits of every string so far in the block: a string whose x bits miss
         * their z bits and whose z bits miss their x bits commutes with each of them (no
         * qubit where two differ and are both non-identity), which spares the pairwise test
         * of blocks of thousands of gates (all Z_i Z_j, all X_i). */
        memcpy(xor_any, op->gen->x, (size_t)nw * 8);
        memcpy(zor_any, op->gen->z, (size_t)nw * 8);
        if (op->param >= 0 && op->b == 0)
            for (; j < nops; j++) {
                const plt_op *q = plt_circuit_op(c, j);
                if (q->param != op->param || q->b != 0) break;
                int ok = 1;
                for (int w = 0; w < nw && ok; w++)
                    ok = !(q->gen->x[w] & zor_any[w]) && !(q->gen->z[w] & xor_any[w]);
                for (size_t k = i; k < j && !ok; k++)
                    ok = plt_pstring_commutes(plt_circuit_op(c, k)->gen, q->gen) == 1;
                if (!ok) break;
                for (int w = 0; w < nw; w++) {
                    xor_any[w] |= q->gen->x[w];
                    zor_any[w] |= q->gen->z[w];
                }
            }
        /* G = sum of (a/2) P over a block of several gates (angle params[param]); a single
         * gate keeps G = P/2 and its own angle a * params[param] + b. */
        if ((st = plt_psum_new(n, &cur))) goto fail;
        for (size_t k = i; k < j; k++) {
            const plt_op *q = plt_circuit_op(c, k);
            if ((st = plt_psum_add(cur, q->gen, j > i + 1 ? q->a / 2 : 0.5, 0))) goto fail;
        }
        /* A signature of the sum spares most comparisons (thousands of distinct gates). */
        uint64_t sg = signature(cur);
        size_t gi = b->ngens;
        for (size_t u = 0; u < b->ngens && gi == b->ngens; u++)
            if (b->sig[u] == sg && same_sum(b->gens[u], cur)) gi = u;
        if (gi == b->ngens) {
            b->sig[b->ngens] = sg;
            b->gens[b->ngens++] = cur;
        } else {
            plt_psum_free(cur);
        }
        cur = NULL;
        b->start[b->n] = i;
        b->gen[b->n++] = gi;
        i = j;
    }
    b->start[b->n] = nops;
    free(xor_any);
    return PLT_OK;
fail:
    free(xor_any);
    plt_psum_free(cur);
    blocks_free(b);
    return st;
}

static plt_status close_blocks(const blocks *b, const plt_lie_closure_opts *lo, plt_dla **g,
                               gsim_info *info) {
    *info = (gsim_info){0, 0, PLT_LIE_DONE};
    /* Blocks of one gate each close to the algebra of the strings, which the classification
     * names at once: refused past the cap without spending the closure's work. */
    plt_lie_class *cls = NULL;
    if (!plt_lie_classify((const plt_psum *const *)b->gens, b->ngens, &cls) &&
        plt_lie_class_dim(cls) > (double)lo->max_dim) {
        char name[256];
        plt_lie_class_name(cls, name, sizeof name);
        double cdim = plt_lie_class_dim(cls);
        plt_lie_class_free(cls);
        return plt_fail(PLT_EUNSUPPORTED,
                        "the dynamical Lie algebra of the circuit is %s, of dimension %.6g, over "
                        "the cap of %zu, also with the gates sharing a parameter taken "
                        "together; raise --max-dim or use pauliprop or statevector",
                        name, cdim, lo->max_dim);
    }
    plt_lie_class_free(cls);
    plt_error_clear();
    plt_status st = plt_lie_closure_with((const plt_psum *const *)b->gens, b->ngens, lo, g);
    if (st) return st;
    *info = (gsim_info){plt_dla_work(*g), plt_dla_lower_bound(*g), plt_dla_stop(*g)};
    if (!plt_dla_complete(*g)) {
        size_t d = plt_dla_lower_bound(*g);
        plt_dla_free(*g);
        *g = NULL;
        if (info->stop == PLT_LIE_STOP_WORK) return gsim_fail_work(d, lo->max_work);
        return plt_fail(PLT_EUNSUPPORTED,
                        "the dynamical Lie algebra of the circuit has dimension >= %zu (the cap), "
                        "also with the gates sharing a parameter taken together; raise --max-dim "
                        "or use pauliprop or statevector", d);
    }
    return PLT_OK;
}

plt_status gsim_blocks_closure(const plt_circuit *c, const plt_lie_closure_opts *lo, plt_dla **g,
                               gsim_info *info) {
    *g = NULL;
    *info = (gsim_info){0, 0, PLT_LIE_DONE};
    blocks b;
    plt_status st = find_blocks(c, &b);
    if (st) return st;
    st = close_blocks(&b, lo, g, info);
    blocks_free(&b);
    return st;
}

static void csr_free(gsim_csr *m) {
    free(m->rp);
    free(m->ci);
    free(m->v);
}

/* Row r of S holds the coordinates of i[G, B_r], G = scale * (the closure's generator j). */
static plt_status build_csr(const plt_dla *g, size_t j, size_t dim, double scale, gsim_csr *m) {
    memset(m, 0, sizeof *m);
    size_t cap = 64, nnz = 0;
    size_t *idx = malloc(dim * sizeof *idx);
    double *val = malloc(dim * sizeof *val);
    m->rp = malloc((dim + 1) * sizeof *m->rp);
    m->ci = malloc(cap * sizeof *m->ci);
    m->v = malloc(cap * sizeof *m->v);
    plt_status st = PLT_OK;
    if (!idx || !val || !m->rp || !m->ci || !m->v) {
        st = plt_fail_nomem("a gsim block matrix");
        goto done;
    }
    m->rp[0] = 0;
    for (size_t r = 0; r < dim; r++) {
        size_t k;
        if ((st = plt_dla_ad_generator(g, j, r, idx, val, dim, &k))) goto done;
        if (nnz + k > cap) {
            while (nnz + k > cap) cap *= 2;
            uint32_t *ci = realloc(m->ci, cap * sizeof *ci);
            if (ci) m->ci = ci;
            double *v = realloc(m->v, cap * sizeof *v);
            if (v) m->v = v;
            if (!ci || !v) {
                st = plt_fail_nomem("a gsim block matrix");
                goto done;
            }
        }
        double rs = 0;
        for (size_t q = 0; q < k; q++) {
            m->ci[nnz] = (uint32_t)idx[q];
            m->v[nnz++] = scale * val[q];
            rs += fabs(scale * val[q]);
        }
        if (rs > m->norm) m->norm = rs;
        m->rp[r + 1] = nnz;
    }
done:
    free(idx);
    free(val);
    if (st) csr_free(m);
    return st;
}

void gsim_csr_mul(const gsim_csr *S, size_t dim, const double *x, double *y) {
    for (size_t r = 0; r < dim; r++) {
        double s = 0;
        for (size_t k = S->rp[r]; k < S->rp[r + 1]; k++) s += S->v[k] * x[S->ci[k]];
        y[r] = s;
    }
}

void gsim_csr_expm(const gsim_plan *p, const gsim_csr *S, double t, double *e) {
    size_t dim = p->dim;
    double x = fabs(t) * S->norm;
    if (x == 0) return;
    int steps = (int)ceil(x);
    if (steps > 1000000) steps = 1000000;
    double h = t / steps;
    double *term = p->w1, *next = p->w2;
    for (int s = 0; s < steps; s++) {
        double big = 0;
        for (size_t i = 0; i < dim; i++) {
            term[i] = e[i];
            big = fmax(big, fabs(e[i]));
        }
        /* |h S| <= 1, so the terms fall at least like 1/k!: 30 terms reach 1e-32. */
        for (int k = 1; k <= 40; k++) {
            gsim_csr_mul(S, dim, term, next);
            double tn = 0;
            for (size_t i = 0; i < dim; i++) {
                next[i] *= h / k;
                e[i] += next[i];
                tn = fmax(tn, fabs(next[i]));
            }
            double *sw = term;
            term = next;
            next = sw;
            if (tn <= 1e-18 * (big + 1e-300)) break;
        }
    }
}

plt_status gsim_blocks_plan(gsim_plan *p, const plt_circuit *c, const plt_lie_closure_opts *lo,
                            double limit) {
    blocks b;
    gsim_info info;
    plt_status st = find_blocks(c, &b);
    if (st) return st;
    if ((st = close_blocks(&b, lo, &p->g, &info))) goto done;
    p->dim = plt_dla_dim(p->g);
    size_t dim = p->dim;
    /* The closure may drop a zero or dependent generator; map each block to its index. */
    if (plt_dla_ngens(p->g) != b.ngens) {
        st = plt_fail(PLT_EUNSUPPORTED, "gsim: a block generator is zero; use statevector");
        goto done;
    }
    if ((st = plt_mem_check((double)dim * dim * 8.0 * (double)b.ngens / 4 + dim * 64.0, limit,
                            "the gsim block matrices")))
        goto done;
    p->mats = calloc(b.ngens, sizeof *p->mats);
    p->gates = malloc((b.n ? b.n : 1) * sizeof *p->gates);
    p->w1 = malloc(dim * sizeof *p->w1);
    p->w2 = malloc(dim * sizeof *p->w2);
    p->w3 = malloc(dim * sizeof *p->w3);
    if (!p->mats || !p->gates || !p->w1 || !p->w2 || !p->w3) {
        st = plt_fail_nomem("the gsim block matrices");
        goto done;
    }
    gsim_ticker tick = {lo->progress_fn, lo->progress_ctx, 0, 4194304.0,
                        (double)dim * (double)b.ngens};
    for (size_t j = 0; j < b.ngens; j++) {
        /* For single-string generators the closure keeps unit coefficients. */
        double scale = p->g->gcoef[p->g->goff[j]];
        scale = plt_psum_coef(b.gens[j], 0)[0] / scale;
        if (p->g->goff[j + 1] - p->g->goff[j] != plt_psum_nterms(b.gens[j])) {
            st = plt_fail(PLT_EINTERNAL, "gsim: a block generator changed in the closure");
            goto done;
        }
        if ((st = build_csr(p->g, j, dim, scale, &p->mats[j]))) goto done;
        if ((st = gsim_tick(&tick, (double)dim))) goto done;
        p->nmats++;
    }
    for (size_t k = 0; k < b.n; k++) {
        const plt_op *op = plt_circuit_op(c, b.start[k]);
        /* A block on a parameter: theta = params[param] (a inside G); a constant: theta = b. */
        if (b.start[k + 1] > b.start[k] + 1)
            p->gates[k] = (gsim_gate){op->param, 1.0, 0.0, 0, 0, b.gen[k]};
        else
            p->gates[k] = (gsim_gate){op->param, op->a, op->b, 0, 0, b.gen[k]};
    }
    p->ngates = b.n;
done:
    blocks_free(&b);
    return st;
}

void gsim_mats_free(gsim_plan *p) {
    for (size_t j = 0; j < p->nmats; j++) csr_free(&p->mats[j]);
    free(p->mats);
    free(p->w1);
    free(p->w2);
    free(p->w3);
}
