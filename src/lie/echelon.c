/* The span of a Pauli-sum closure kept in echelon form over string ids.
 *
 * Gram-Schmidt against an orthonormal basis fills every new element with the strings of every
 * element it overlaps, so the elements grow dense and each projection touches most of the
 * basis. Here each vector instead has a pivot string (coefficient 1) that no earlier vector
 * holds; reducing a candidate subtracts only the vectors whose pivot it holds, in insertion
 * order through a heap, which stays as sparse as the algebra's natural basis (e.g. the orbit
 * sums of a symmetric ansatz). The closure orthonormalises the final, back-substituted span. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lie/echelon.h"

static plt_status grow(void **p, size_t *cap, size_t need, size_t elsize) {
    if (need <= *cap) return PLT_OK;
    size_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elsize);
    if (!q) return plt_fail_nomem("the Lie closure's echelon basis");
    *p = q;
    *cap = nc;
    return PLT_OK;
}

uint64_t plt_ech_mod(double v) {
    if (v == 0 || !isfinite(v)) return 0;
    int ex;
    double f = frexp(fabs(v), &ex); /* |v| = f 2^ex, f in [0.5, 1): f 2^53 is an integer */
    uint64_t m = (uint64_t)ldexp(f, 53) % PLT_ECH_P;
    /* 2^61 = 1 modulo the Mersenne prime, so 2^k is 2^(k mod 61). */
    int k = (ex - 53) % 61;
    if (k < 0) k += 61;
    m = plt_ech_mulm(m, UINT64_C(1) << k);
    return v < 0 ? plt_ech_negm(m) : m;
}

static uint64_t inv_mod(uint64_t a) {
    uint64_t r = 1, b = a, e = PLT_ECH_P - 2;
    for (; e; e >>= 1) {
        if (e & 1) r = plt_ech_mulm(r, b);
        b = plt_ech_mulm(b, b);
    }
    return r;
}

void plt_ech_free(plt_ech *e) {
    free(e->off);
    free(e->sid);
    free(e->coef);
    free(e->mcoef);
    free(e->piv);
    free(e->pivot_of);
    free(e->acc);
    free(e->macc);
    free(e->amark);
    free(e->atouch);
    free(e->heap);
    free(e->inheap);
    memset(e, 0, sizeof *e);
}

plt_status plt_ech_fit(plt_ech *e, size_t nstrings) {
    size_t old = e->cap_po;
    plt_status st = grow((void **)&e->pivot_of, &e->cap_po, nstrings, sizeof *e->pivot_of);
    if (st) return st;
    for (size_t i = old; i < e->cap_po; i++) e->pivot_of[i] = PLT_STRTAB_NONE;
    old = e->cap_acc;
    if ((st = grow((void **)&e->acc, &e->cap_acc, nstrings, sizeof *e->acc))) return st;
    for (size_t i = old; i < e->cap_acc; i++) e->acc[i] = 0;
    old = e->cap_macc;
    if ((st = grow((void **)&e->macc, &e->cap_macc, nstrings, sizeof *e->macc))) return st;
    for (size_t i = old; i < e->cap_macc; i++) e->macc[i] = 0;
    old = e->cap_am;
    if ((st = grow((void **)&e->amark, &e->cap_am, nstrings, sizeof *e->amark))) return st;
    memset(e->amark + old, 0, e->cap_am - old);
    return grow((void **)&e->atouch, &e->cap_at, nstrings, sizeof *e->atouch);
}

void plt_ech_add(plt_ech *e, uint32_t s, double v, uint64_t m) {
    if (!e->amark[s]) {
        e->amark[s] = 1;
        e->atouch[e->na++] = s;
    }
    e->acc[s] += v;
    e->macc[s] = plt_ech_addm(e->macc[s], m);
}

void plt_ech_clear(plt_ech *e) {
    for (size_t i = 0; i < e->na; i++) {
        e->acc[e->atouch[i]] = 0;
        e->macc[e->atouch[i]] = 0;
        e->amark[e->atouch[i]] = 0;
    }
    e->na = 0;
}

static void heap_push(plt_ech *e, uint32_t k) {
    if (e->inheap[k]) return;
    e->inheap[k] = 1;
    size_t i = e->nh++;
    while (i > 0 && e->heap[(i - 1) / 2] > k) {
        e->heap[i] = e->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    e->heap[i] = k;
}

static uint32_t heap_pop(plt_ech *e) {
    uint32_t top = e->heap[0], last = e->heap[--e->nh];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= e->nh) break;
        if (c + 1 < e->nh && e->heap[c + 1] < e->heap[c]) c++;
        if (e->heap[c] >= last) break;
        e->heap[i] = e->heap[c];
        i = c;
    }
    if (e->nh) e->heap[i] = last;
    e->inheap[top] = 0;
    return top;
}

/* Subtracts from the accumulator the vectors whose pivots it holds. Vector k holds no pivot
 * of a vector before it, so popping the smallest index first never brings back a pivot that
 * was already cleared: one pass suffices. */
static void reduce(plt_ech *e) {
    for (size_t i = 0; i < e->na; i++) {
        uint32_t s = e->atouch[i];
        if (e->macc[s] != 0 && e->pivot_of[s] != PLT_STRTAB_NONE) heap_push(e, e->pivot_of[s]);
    }
    while (e->nh) {
        uint32_t k = heap_pop(e);
        uint32_t p = e->piv[k];
        double c = e->acc[p];
        uint64_t cm = plt_ech_negm(e->macc[p]);
        e->acc[p] = 0;
        e->macc[p] = 0;
        if (cm == 0) continue;
        e->work += e->off[k + 1] - e->off[k];
        for (size_t t = e->off[k]; t < e->off[k + 1]; t++) {
            uint32_t s = e->sid[t];
            if (s == p) continue;
            plt_ech_add(e, s, -c * e->coef[t], plt_ech_mulm(cm, e->mcoef[t]));
            uint32_t q = e->pivot_of[s];
            if (q != PLT_STRTAB_NONE) heap_push(e, q);
        }
    }
}

plt_status plt_ech_offer(plt_ech *e, size_t max_dim, int *added) {
    *added = 0;
    plt_status st = PLT_OK;
    size_t needh = e->n + 1;
    if ((st = grow((void **)&e->heap, &e->cap_h, needh, sizeof *e->heap))) goto done;
    size_t oldih = e->cap_ih;
    if ((st = grow((void **)&e->inheap, &e->cap_ih, needh, sizeof *e->inheap))) goto done;
    memset(e->inheap + oldih, 0, e->cap_ih - oldih);
    e->work += e->na;
    reduce(e);
    /* The pivot: the largest real entry among the exactly non-zero ones (partial pivoting). */
    uint32_t p = PLT_STRTAB_NONE;
    double big = -1;
    size_t nz = 0;
    for (size_t i = 0; i < e->na; i++) {
        uint32_t s = e->atouch[i];
        if (e->macc[s] == 0) continue;
        nz++;
        if (fabs(e->acc[s]) > big) {
            big = fabs(e->acc[s]);
            p = s;
        }
    }
    if (nz == 0) goto done;
    if (e->n >= max_dim) {
        e->capped = 1;
        goto done;
    }
    double inv = e->acc[p] != 0 ? 1.0 / e->acc[p] : 0;
    uint64_t minv = inv_mod(e->macc[p]);
    size_t t0 = e->n ? e->off[e->n] : 0;
    if ((st = grow((void **)&e->off, &e->cap_el, e->n + 2, sizeof *e->off))) goto done;
    if ((st = grow((void **)&e->piv, &e->cap_piv, e->n + 1, sizeof *e->piv))) goto done;
    if ((st = grow((void **)&e->sid, &e->cap_ts, t0 + nz, sizeof *e->sid))) goto done;
    if ((st = grow((void **)&e->coef, &e->cap_tc, t0 + nz, sizeof *e->coef))) goto done;
    if ((st = grow((void **)&e->mcoef, &e->cap_tm, t0 + nz, sizeof *e->mcoef))) goto done;
    size_t t = t0;
    for (size_t i = 0; i < e->na; i++) {
        uint32_t s = e->atouch[i];
        if (e->macc[s] == 0) continue;
        e->sid[t] = s;
        e->coef[t] = s == p ? 1.0 : e->acc[s] * inv;
        e->mcoef[t++] = s == p ? 1 : plt_ech_mulm(e->macc[s], minv);
    }
    e->off[0] = 0;
    e->off[e->n + 1] = t;
    e->piv[e->n] = p;
    e->pivot_of[p] = (uint32_t)e->n;
    e->n++;
    *added = 1;
done:
    plt_ech_clear(e);
    return st;
}

plt_status plt_ech_backsub(plt_ech *e, size_t **roff, uint32_t **rsid, double **rcoef,
                           uint64_t **rmcoef) {
    *roff = NULL;
    *rsid = NULL;
    *rcoef = NULL;
    if (rmcoef) *rmcoef = NULL;
    size_t n = e->n, cap_s = 0, cap_c = 0, cap_m = 0, len = 0;
    size_t *start = malloc((n ? n : 1) * sizeof *start), *cnt = malloc((n ? n : 1) * sizeof *cnt);
    uint32_t *sid = NULL, *osid = NULL;
    double *coef = NULL, *ocoef = NULL;
    uint64_t *mcoef = NULL, *omcoef = NULL;
    size_t *off = malloc((n + 1) * sizeof *off);
    plt_status st = PLT_OK;
    if (!start || !cnt || !off) {
        st = plt_fail_nomem("the Lie closure's echelon basis");
        goto fail;
    }
    /* Last to first: vectors after k are already free of every pivot but their own, so
     * subtracting them brings in no pivot, and only k's own strings need a look. */
    for (size_t k = n; k-- > 0;) {
        e->work += e->off[k + 1] - e->off[k];
        for (size_t t = e->off[k]; t < e->off[k + 1]; t++)
            plt_ech_add(e, e->sid[t], e->coef[t], e->mcoef[t]);
        for (size_t t = e->off[k]; t < e->off[k + 1]; t++) {
            uint32_t s = e->sid[t], q = e->pivot_of[s];
            if (q == PLT_STRTAB_NONE || q == k) continue;
            double c = e->acc[s];
            uint64_t cm = plt_ech_negm(e->macc[s]);
            e->acc[s] = 0;
            e->macc[s] = 0;
            if (cm == 0) continue;
            e->work += cnt[q];
            for (size_t u = start[q]; u < start[q] + cnt[q]; u++)
                if (sid[u] != s) plt_ech_add(e, sid[u], -c * coef[u], plt_ech_mulm(cm, mcoef[u]));
        }
        if ((st = grow((void **)&sid, &cap_s, len + e->na, sizeof *sid))) goto fail;
        if ((st = grow((void **)&coef, &cap_c, len + e->na, sizeof *coef))) goto fail;
        if ((st = grow((void **)&mcoef, &cap_m, len + e->na, sizeof *mcoef))) goto fail;
        start[k] = len;
        for (size_t i = 0; i < e->na; i++) {
            uint32_t s = e->atouch[i];
            if (e->macc[s] == 0) continue; /* exactly zero: rounding noise in acc */
            sid[len] = s;
            coef[len] = e->acc[s];
            mcoef[len++] = e->macc[s];
        }
        cnt[k] = len - start[k];
        plt_ech_clear(e);
    }
    /* Back to insertion order. */
    osid = malloc((len ? len : 1) * sizeof *osid);
    ocoef = malloc((len ? len : 1) * sizeof *ocoef);
    omcoef = malloc((len ? len : 1) * sizeof *omcoef);
    if (!osid || !ocoef || !omcoef) {
        st = plt_fail_nomem("the Lie closure's echelon basis");
        goto fail;
    }
    off[0] = 0;
    for (size_t k = 0; k < n; k++) {
        memcpy(osid + off[k], sid + start[k], cnt[k] * sizeof *osid);
        memcpy(ocoef + off[k], coef + start[k], cnt[k] * sizeof *ocoef);
        memcpy(omcoef + off[k], mcoef + start[k], cnt[k] * sizeof *omcoef);
        off[k + 1] = off[k] + cnt[k];
    }
    free(sid);
    free(coef);
    free(mcoef);
    free(start);
    free(cnt);
    *roff = off;
    *rsid = osid;
    *rcoef = ocoef;
    if (rmcoef)
        *rmcoef = omcoef;
    else
        free(omcoef);
    return PLT_OK;
fail:
    plt_ech_clear(e);
    free(sid);
    free(coef);
    free(mcoef);
    free(osid);
    free(ocoef);
    free(omcoef);
    free(start);
    free(cnt);
    free(off);
    return st;
}

plt_status plt_ech_rebuild(plt_ech *e) {
    size_t *off;
    uint32_t *sid;
    double *coef;
    uint64_t *mcoef;
    plt_status st = plt_ech_backsub(e, &off, &sid, &coef, &mcoef);
    if (st) return st;
    free(e->off);
    free(e->sid);
    free(e->coef);
    free(e->mcoef);
    e->off = off;
    e->sid = sid;
    e->coef = coef;
    e->mcoef = mcoef;
    e->cap_el = e->n + 1;
    e->cap_ts = e->cap_tc = e->cap_tm = off[e->n] ? off[e->n] : 1;
    return PLT_OK;
}
