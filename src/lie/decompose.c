/* Centre and simple ideals of a DLA (see plt_dla_decompose in plateau/lie.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lie/classify.h"
#include "lie/dla_impl.h"
#include "lie/linalg.h"
#include "pauli/pstring.h"
#include "plateau/rng.h"

/* Components up to this dimension are checked (and split) through their commutant. */
#define COMMUTANT_MAX 24

/* The random element of the commutant is generic for almost every draw, so any fixed seed
 * splits alike; fixed, so that the ideals' basis vectors are the same on every run. */
#define DECOMPOSE_SEED 1

struct plt_lie_decomp {
    size_t dim;
    size_t nparts;     /* part 0 is the centre, parts 1..K the ideals */
    size_t *part_off;  /* nparts + 1 offsets into the vectors */
    size_t *vec_off;   /* nvec + 1 offsets into idx/val */
    uint32_t *idx;
    double *val;
    size_t nvec, nent, cap_part, cap_vec, cap_ent;
    int verified;
};

void plt_lie_decomp_free(plt_lie_decomp *d) {
    if (!d) return;
    free(d->part_off);
    free(d->vec_off);
    free(d->idx);
    free(d->val);
    free(d);
}

static plt_status grow(void **p, size_t *cap, size_t need, size_t el) {
    if (need <= *cap) return PLT_OK;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * el);
    if (!q) return plt_fail_nomem("the Lie algebra decomposition");
    *p = q;
    *cap = nc;
    return PLT_OK;
}

static plt_status begin_part(plt_lie_decomp *d) {
    size_t c = d->cap_part;
    plt_status st = grow((void **)&d->part_off, &c, d->nparts + 2, sizeof *d->part_off);
    if (st) return st;
    d->cap_part = c;
    if (d->nparts == 0) d->part_off[0] = 0;
    d->part_off[d->nparts + 1] = d->nvec;
    d->nparts++;
    return PLT_OK;
}

/* Appends a vector (dense coefficients v over the indices map[0..m), or map NULL = identity)
 * to the current part. */
static plt_status add_vector(plt_lie_decomp *d, const double *v, const uint32_t *map, size_t m) {
    size_t cv = d->cap_vec;
    plt_status st = grow((void **)&d->vec_off, &cv, d->nvec + 2, sizeof *d->vec_off);
    if (st) return st;
    d->cap_vec = cv;
    size_t ci = d->cap_ent;
    if ((st = grow((void **)&d->idx, &ci, d->nent + m, sizeof *d->idx))) return st;
    if ((st = grow((void **)&d->val, &d->cap_ent, d->nent + m, sizeof *d->val))) return st;
    if (ci < d->cap_ent) d->cap_ent = ci;
    for (size_t i = 0; i < m; i++) {
        if (fabs(v[i]) < 1e-14) continue;
        d->idx[d->nent] = map ? map[i] : (uint32_t)i;
        d->val[d->nent++] = v[i];
    }
    d->vec_off[0] = 0;
    d->vec_off[++d->nvec] = d->nent;
    d->part_off[d->nparts] = d->nvec;
    return PLT_OK;
}

/* Splits the ideal spanned by the orthonormal columns W (dim x m, or the unit vectors map[]
 * when W is NULL) into simple ideals through the commutant of the restricted adjoint maps
 * A_j (m x m each, ngen of them); appends one part per simple ideal. */
static plt_status split(plt_lie_decomp *d, const double *A, size_t ngen, size_t m,
                        const double *W, const uint32_t *map, size_t dim, plt_rng *rng) {
    size_t mm = m * m;
    double *L = calloc(mm * mm, sizeof *L), *row = malloc(2 * m * sizeof *row);
    size_t *col = malloc(2 * m * sizeof *col);
    double *null = malloc(mm * mm * sizeof *null), *T = malloc(mm * sizeof *T);
    double *ev = malloc(m * sizeof *ev), *vec = malloc(mm * sizeof *vec);
    double *out = malloc((W ? dim : m) * sizeof *out);
    plt_status st = PLT_OK;
    if (!L || !row || !col || !null || !T || !ev || !vec || !out) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    /* L = sum_j C_j^T C_j with C_j vec(T) = vec(T A_j - A_j T), row by row. */
    for (size_t j = 0; j < ngen; j++) {
        const double *Aj = A + j * mm;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++) {
                size_t k = 0;
                for (size_t c = 0; c < m; c++) {
                    if (Aj[c * m + b] != 0) {
                        col[k] = a * m + c;
                        row[k++] = Aj[c * m + b];
                    }
                    if (Aj[a * m + c] != 0) {
                        col[k] = c * m + b;
                        row[k++] = -Aj[a * m + c];
                    }
                }
                for (size_t x = 0; x < k; x++)
                    for (size_t y = 0; y < k; y++) L[col[x] * mm + col[y]] += row[x] * row[y];
            }
    }
    size_t k = plt_lie_nullspace(L, mm, mm, 1e-10, null);
    if (k == SIZE_MAX) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    if (k == 0) k = 1; /* cannot happen (the identity commutes); stay safe */
    memset(T, 0, mm * sizeof *T);
    if (k == 1) {
        for (size_t i = 0; i < m; i++) T[i * m + i] = 1;
    } else {
        for (size_t q = 0; q < k; q++) {
            double w = plt_rng_uniform(rng) - 0.5;
            for (size_t i = 0; i < mm; i++) T[i] += w * null[q * mm + i];
        }
        for (size_t a = 0; a < m; a++)
            for (size_t b = a + 1; b < m; b++) {
                double s = 0.5 * (T[a * m + b] + T[b * m + a]);
                T[a * m + b] = T[b * m + a] = s;
            }
    }
    plt_lie_jacobi(T, m, ev, vec);
    double scale = 0;
    for (size_t i = 0; i < m; i++) scale = fmax(scale, fabs(ev[i]));
    uint8_t *used = calloc(m, 1);
    if (!used) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    for (size_t i = 0; i < m && !st; i++) {
        if (used[i]) continue;
        if ((st = begin_part(d))) break;
        for (size_t q = i; q < m && !st; q++) {
            if (used[q] || fabs(ev[q] - ev[i]) > 1e-6 * (scale + 1e-300)) continue;
            used[q] = 1;
            for (size_t l = 0; l < m; l++) T[l] = vec[l * m + q];
            if (W) {
                memset(out, 0, dim * sizeof *out);
                for (size_t l = 0; l < m; l++)
                    for (size_t r = 0; r < dim; r++) out[r] += W[r * m + l] * T[l];
                st = add_vector(d, out, NULL, dim);
            } else {
                st = add_vector(d, T, map, m);
            }
        }
    }
    free(used);
done:
    free(L);
    free(row);
    free(col);
    free(null);
    free(T);
    free(ev);
    free(vec);
    free(out);
    return st;
}

static size_t uf_find(size_t *p, size_t i) {
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

/* Largest number of copies split by split_copies, and of entries it writes. */
#define COPIES_MAX 4096
#define COPIES_ENTRIES_MAX ((size_t)1 << 26)

/* A component too large for the commutant (strings C[0..m), generators gen[0..ng) of the
 * tab): the classification of its generators (src/lie/classify.c) says it is 2^c copies of
 * one simple algebra. The copies are the images of the central idempotents
 * prod_l (1 + chi_l z_l) / 2 over a basis z_l of K = {s0 + s : s in the component, commuting
 * with every generator} (they commute with the whole algebra and keep the component), one
 * per character chi of K; each is spanned by one vector per orbit s + K. *ok = 0 (nothing
 * appended) when the classification declines or disagrees, or the split would be too large. */
static plt_status split_copies(plt_lie_decomp *d, const plt_dla *g, const size_t *C, size_t m,
                               const uint32_t *gen, size_t ng, uint32_t *loc, int *ok) {
    int nw = g->nw;
    size_t vw = 2 * (size_t)nw;
    plt_lie_class *cls = NULL;
    const uint64_t **gx = malloc(2 * (ng ? ng : 1) * sizeof *gx);
    uint64_t *kb = NULL, *zh = NULL, *t = NULL;
    int *zs = NULL;
    uint32_t *fid = NULL;
    double *fsg = NULL, *v = NULL;
    uint8_t *seen = NULL;
    plt_status st = PLT_OK;
    *ok = 0;
    if (!gx) return plt_fail_nomem("the Lie algebra decomposition");
    for (size_t j = 0; j < ng; j++) {
        gx[j] = plt_strtab_x(&g->tab, gen[j]);
        gx[ng + j] = plt_strtab_z(&g->tab, gen[j]);
    }
    st = ng ? plt_lie_classify_words(g->n, gx, gx + ng, ng, &cls) : PLT_EUNSUPPORTED;
    if (st) {
        if (st == PLT_ENOMEM) goto done;
        plt_error_clear();
        st = PLT_OK;
        goto done;
    }
    uint64_t cd = 0;
    const plt_lie_part *part = plt_lie_class_part(cls, 0);
    if (plt_lie_class_nparts(cls) != 1 || plt_lie_class_centre_dim(cls) != 0 ||
        !plt_lie_class_dim_exact(cls, &cd) || cd != m || part->copies > COPIES_MAX ||
        (double)m * part->copies > (double)COPIES_ENTRIES_MAX)
        goto done;
    size_t c = (size_t)part->copies_log2, nk = (size_t)1 << c, nf = m / nk;
    if (c == 0) {
        /* one simple algebra */
        if ((st = begin_part(d))) goto done;
        double unit = 1.0;
        for (size_t q = 0; q < m && !st; q++) {
            uint32_t ii = (uint32_t)C[q];
            st = add_vector(d, &unit, &ii, 1);
        }
        *ok = !st;
        goto done;
    }
    /* a basis of K, in echelon form over the string bits */
    kb = calloc((c + 1) * vw, sizeof *kb);
    size_t *piv = malloc((c + 1) * sizeof *piv), nb = 0, nkfound = 0;
    t = malloc(vw * sizeof *t);
    if (!kb || !piv || !t) {
        free(piv);
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    for (size_t q = 0; q < m; q++) {
        for (size_t w = 0; w < vw; w++)
            t[w] = plt_strtab_x(&g->tab, C[0])[w] ^ plt_strtab_x(&g->tab, C[q])[w];
        int central = 1;
        for (size_t j = 0; j < ng && central; j++)
            central = plt_pw_commutes(t, t + nw, gx[j], gx[ng + j], nw);
        if (!central) continue;
        nkfound++;
        for (size_t l = 0; l < nb; l++)
            if ((t[piv[l] / 64] >> (piv[l] % 64)) & 1)
                for (size_t w = 0; w < vw; w++) t[w] ^= kb[l * vw + w];
        size_t w = 0;
        while (w < vw && !t[w]) w++;
        if (w == vw) continue;
        if (nb == c) {
            nb++;
            break;
        }
        piv[nb] = 64 * w + (size_t)__builtin_ctzll(t[w]);
        memcpy(kb + nb++ * vw, t, vw * sizeof *t);
    }
    free(piv);
    if (nb != c || nkfound != nk) goto done;
    /* z_mask = prod of the basis strings in mask, a Hermitian string times zs[mask] = +-1 */
    zh = calloc(nk * vw, sizeof *zh);
    zs = malloc(nk * sizeof *zs);
    fid = malloc(m * sizeof *fid);
    fsg = malloc(m * sizeof *fsg);
    v = malloc(nk * sizeof *v);
    seen = calloc(m, 1);
    if (!zh || !zs || !fid || !fsg || !v || !seen) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    zs[0] = 1;
    for (size_t mask = 1; mask < nk; mask++) {
        size_t low = (size_t)__builtin_ctzll(mask), rest = mask & (mask - 1);
        int ph = plt_pw_mul(zh + rest * vw, zh + rest * vw + nw, kb + low * vw,
                            kb + low * vw + nw, zh + mask * vw, zh + mask * vw + nw, nw);
        zs[mask] = zs[rest] * (ph == 2 ? -1 : 1);
    }
    for (size_t q = 0; q < m; q++) loc[C[q]] = (uint32_t)q;
    size_t f = 0;
    for (size_t q = 0; q < m; q++) {
        if (seen[q]) continue;
        if (f == nf) goto done;
        for (size_t mask = 0; mask < nk; mask++) {
            int ph = plt_pw_mul(plt_strtab_x(&g->tab, C[q]), plt_strtab_z(&g->tab, C[q]),
                                zh + mask * vw, zh + mask * vw + nw, t, t + nw, nw);
            uint32_t id = plt_strtab_find(&g->tab, t, t + nw);
            if (id == UINT32_MAX || id >= g->dim || C[loc[id]] != id || seen[loc[id]] ||
                (ph & 1))
                goto done;
            seen[loc[id]] = 1;
            fid[f * nk + mask] = id;
            fsg[f * nk + mask] = zs[mask] * (ph == 2 ? -1.0 : 1.0);
        }
        f++;
    }
    if (f != nf) goto done;
    double norm = 1.0 / sqrt((double)nk);
    for (size_t chi = 0; chi < nk && !st; chi++) {
        if ((st = begin_part(d))) break;
        for (size_t q = 0; q < nf && !st; q++) {
            for (size_t mask = 0; mask < nk; mask++)
                v[mask] = fsg[q * nk + mask] * norm *
                          (__builtin_popcountll(chi & mask) & 1 ? -1.0 : 1.0);
            st = add_vector(d, v, fid + q * nk, nk);
        }
    }
    *ok = !st;
done:
    plt_lie_class_free(cls);
    free(gx);
    free(kb);
    free(zh);
    free(zs);
    free(t);
    free(fid);
    free(fsg);
    free(v);
    free(seen);
    return st;
}

static plt_status decompose_pauli(const plt_dla *g, plt_lie_decomp *d) {
    size_t dim = g->dim, ng = g->ngens;
    int nw = g->nw;
    size_t *par = malloc(dim * sizeof *par), *order = malloc(dim * sizeof *order);
    size_t *start = calloc(dim + 1, sizeof *start);
    uint8_t *central = malloc(dim);
    uint32_t *loc = malloc(dim * sizeof *loc);
    uint64_t *w = malloc(2 * (size_t)nw * sizeof *w);
    uint32_t *gens_c = malloc((ng ? ng : 1) * sizeof *gens_c);
    double *one = NULL, *A = NULL;
    plt_status st = PLT_OK;
    plt_rng rng;
    plt_rng_seed(&rng, DECOMPOSE_SEED);
    if (!par || !order || !start || !central || !loc || !w || !gens_c) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    for (size_t i = 0; i < dim; i++) {
        par[i] = i;
        central[i] = 1;
    }
    /* A non-central string anticommutes with a generator; that generator's component is its. */
    for (size_t i = 0; i < dim; i++) {
        const uint64_t *xi = plt_strtab_x(&g->tab, i), *zi = plt_strtab_z(&g->tab, i);
        for (size_t j = 0; j < ng; j++) {
            uint32_t gj = g->gsid[j];
            if (plt_pw_commutes(xi, zi, plt_strtab_x(&g->tab, gj), plt_strtab_z(&g->tab, gj), nw))
                continue;
            central[i] = 0;
            size_t a = uf_find(par, i), b = uf_find(par, gj);
            if (a != b) par[a < b ? b : a] = a < b ? a : b;
        }
    }
    if ((st = begin_part(d))) goto done;
    double unit = 1.0;
    for (size_t i = 0; i < dim && !st; i++) {
        uint32_t ii = (uint32_t)i;
        if (central[i]) st = add_vector(d, &unit, &ii, 1);
    }
    /* Counting sort of the non-central strings by their root (roots are the smallest index). */
    for (size_t i = 0; i < dim; i++)
        if (!central[i]) start[uf_find(par, i) + 1]++;
    for (size_t i = 0; i < dim; i++) start[i + 1] += start[i];
    for (size_t i = 0; i < dim; i++)
        if (!central[i]) order[start[uf_find(par, i)]++] = i;
    for (size_t i = dim; i > 0; i--) start[i] = start[i - 1];
    start[0] = 0;
    for (size_t r = 0; r < dim && !st; r++) {
        size_t m = start[r + 1] - start[r];
        if (m == 0) continue;
        const size_t *C = order + start[r];
        if (m > COMMUTANT_MAX) {
            /* certified and split by the classification when it can */
            size_t ngc = 0;
            for (size_t j = 0; j < ng; j++) {
                uint32_t gj = g->gsid[j];
                if (!central[gj] && uf_find(par, gj) == r) gens_c[ngc++] = gj;
            }
            int ok = 0;
            if ((st = split_copies(d, g, C, m, gens_c, ngc, loc, &ok))) break;
            if (ok) continue;
            d->verified = 0;
            if ((st = begin_part(d))) break;
            for (size_t q = 0; q < m && !st; q++) {
                uint32_t ii = (uint32_t)C[q];
                st = add_vector(d, &unit, &ii, 1);
            }
            continue;
        }
        /* Restricted adjoint maps of the generators of this component. */
        free(A);
        A = calloc(ng * m * m, sizeof *A);
        if (!A) {
            st = plt_fail_nomem("the Lie algebra decomposition");
            break;
        }
        for (size_t q = 0; q < m; q++) loc[C[q]] = (uint32_t)q;
        size_t na = 0;
        for (size_t j = 0; j < ng; j++) {
            uint32_t gj = g->gsid[j];
            if (central[gj] || uf_find(par, gj) != r) continue;
            double *Aj = A + na++ * m * m;
            for (size_t q = 0; q < m; q++) {
                int s = plt_lie_bracket_words(plt_strtab_x(&g->tab, gj), plt_strtab_z(&g->tab, gj),
                                              plt_strtab_x(&g->tab, C[q]),
                                              plt_strtab_z(&g->tab, C[q]), w, w + nw, nw);
                if (!s) continue;
                uint32_t t = plt_strtab_find(&g->tab, w, w + nw);
                Aj[loc[t] * m + q] = 2.0 * s;
            }
        }
        uint32_t *map = malloc(m * sizeof *map);
        if (!map) {
            st = plt_fail_nomem("the Lie algebra decomposition");
            break;
        }
        for (size_t q = 0; q < m; q++) map[q] = (uint32_t)C[q];
        st = split(d, A, na, m, NULL, map, dim, &rng);
        free(map);
    }
done:
    free(par);
    free(order);
    free(start);
    free(central);
    free(loc);
    free(w);
    free(gens_c);
    free(one);
    free(A);
    return st;
}

static plt_status decompose_sums(const plt_dla *g, plt_lie_decomp *d) {
    size_t dim = g->dim, ng = g->ngens;
    double *A = calloc(ng * dim * dim, sizeof *A), *L = calloc(dim * dim, sizeof *L);
    double *cz = malloc(dim * dim * sizeof *cz), *W = malloc(dim * dim * sizeof *W);
    size_t *idx = malloc(dim * sizeof *idx);
    double *val = malloc(dim * sizeof *val), *v = malloc(dim * sizeof *v);
    double *Ar = NULL;
    plt_status st = PLT_OK;
    plt_rng rng;
    plt_rng_seed(&rng, DECOMPOSE_SEED);
    if (!A || !L || !cz || !W || !idx || !val || !v) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    for (size_t j = 0; j < ng && !st; j++)
        for (size_t b = 0; b < dim && !st; b++) {
            size_t nnz;
            if ((st = plt_dla_ad_generator(g, j, b, idx, val, dim, &nnz))) break;
            for (size_t q = 0; q < nnz && q < dim; q++)
                A[j * dim * dim + idx[q] * dim + b] = val[q];
        }
    if (st) goto done;
    /* Centre: the common kernel of the A_j, i.e. the kernel of sum_j A_j^T A_j. */
    for (size_t j = 0; j < ng; j++) {
        const double *Aj = A + j * dim * dim;
        for (size_t r = 0; r < dim; r++)
            for (size_t b = 0; b < dim; b++) {
                double x = Aj[r * dim + b];
                if (x == 0) continue;
                for (size_t c = 0; c < dim; c++) L[b * dim + c] += x * Aj[r * dim + c];
            }
    }
    size_t nc = plt_lie_nullspace(L, dim, dim, 1e-10, cz);
    if (nc == SIZE_MAX) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    if ((st = begin_part(d))) goto done;
    for (size_t q = 0; q < nc && !st; q++) st = add_vector(d, cz + q * dim, NULL, dim);
    /* The orthogonal complement of the centre, as columns of W (dim x m). */
    size_t m = 0;
    double *cols = L; /* reuse: rows are complement vectors */
    for (size_t i = 0; i < dim && m < dim - nc; i++) {
        memset(v, 0, dim * sizeof *v);
        v[i] = 1;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t q = 0; q < nc; q++) {
                double s = 0;
                for (size_t r = 0; r < dim; r++) s += cz[q * dim + r] * v[r];
                for (size_t r = 0; r < dim; r++) v[r] -= s * cz[q * dim + r];
            }
            for (size_t q = 0; q < m; q++) {
                double s = 0;
                for (size_t r = 0; r < dim; r++) s += cols[q * dim + r] * v[r];
                for (size_t r = 0; r < dim; r++) v[r] -= s * cols[q * dim + r];
            }
        }
        double nn = 0;
        for (size_t r = 0; r < dim; r++) nn += v[r] * v[r];
        if (nn < 1e-6) continue;
        for (size_t r = 0; r < dim; r++) cols[m * dim + r] = v[r] / sqrt(nn);
        m++;
    }
    if (m == 0) goto done;
    if (m > COMMUTANT_MAX) {
        d->verified = 0;
        if ((st = begin_part(d))) goto done;
        for (size_t q = 0; q < m && !st; q++) st = add_vector(d, cols + q * dim, NULL, dim);
        goto done;
    }
    for (size_t r = 0; r < dim; r++)
        for (size_t q = 0; q < m; q++) W[r * m + q] = cols[q * dim + r];
    Ar = calloc(ng * m * m, sizeof *Ar);
    if (!Ar) {
        st = plt_fail_nomem("the Lie algebra decomposition");
        goto done;
    }
    /* W^T A_j W: the adjoint maps restricted to the (invariant) complement. */
    for (size_t j = 0; j < ng; j++) {
        const double *Aj = A + j * dim * dim;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++) {
                double s = 0;
                for (size_t r = 0; r < dim; r++) {
                    double wr = W[r * m + a];
                    if (wr == 0) continue;
                    for (size_t c = 0; c < dim; c++) s += wr * Aj[r * dim + c] * W[c * m + b];
                }
                Ar[j * m * m + a * m + b] = s;
            }
    }
    st = split(d, Ar, ng, m, W, NULL, dim, &rng);
done:
    free(A);
    free(L);
    free(cz);
    free(W);
    free(idx);
    free(val);
    free(v);
    free(Ar);
    return st;
}

plt_status plt_dla_decompose(const plt_dla *g, plt_lie_decomp **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_dla_decompose: out is NULL");
    *out = NULL;
    if (!g) return plt_fail(PLT_EINVAL, "plt_dla_decompose: the algebra is NULL");
    if (!g->complete)
        return plt_fail(PLT_EUNSUPPORTED,
                        "the closure stopped at %s (dimension >= %zu); the centre and the "
                        "ideals need the whole algebra: raise %s",
                        g->stop == PLT_LIE_STOP_MAX_DIM ? "the cap" : "its work budget",
                        plt_dla_lower_bound(g),
                        g->stop == PLT_LIE_STOP_MAX_DIM ? "--max-dim" : "the budget");
    if (!g->pauli && g->dim > PLT_LIE_DECOMP_MAX_DENSE)
        return plt_fail(PLT_EUNSUPPORTED,
                        "the decomposition of a Pauli-sum algebra is dense and limited to "
                        "dimension %d (this one has %zu)", PLT_LIE_DECOMP_MAX_DENSE, g->dim);
    plt_lie_decomp *d = calloc(1, sizeof *d);
    if (!d) return plt_fail_nomem("the Lie algebra decomposition");
    d->dim = g->dim;
    d->verified = 1;
    plt_status st = g->pauli ? decompose_pauli(g, d) : decompose_sums(g, d);
    if (st) {
        plt_lie_decomp_free(d);
        return st;
    }
    *out = d;
    return PLT_OK;
}

size_t plt_lie_decomp_nideals(const plt_lie_decomp *d) {
    return d && d->nparts ? d->nparts - 1 : 0;
}

static size_t part_of(size_t k) { return k == SIZE_MAX ? 0 : k + 1; }

size_t plt_lie_decomp_dim(const plt_lie_decomp *d, size_t k) {
    if (!d) return 0;
    size_t p = part_of(k);
    return p < d->nparts ? d->part_off[p + 1] - d->part_off[p] : 0;
}

int plt_lie_decomp_verified(const plt_lie_decomp *d) { return d ? d->verified : 0; }

double plt_lie_decomp_weight(const plt_lie_decomp *d, size_t k, const double *c) {
    if (!d || !c) return 0;
    size_t p = part_of(k);
    if (p >= d->nparts) return 0;
    double s = 0;
    for (size_t v = d->part_off[p]; v < d->part_off[p + 1]; v++) {
        double x = 0;
        for (size_t e = d->vec_off[v]; e < d->vec_off[v + 1]; e++) x += d->val[e] * c[d->idx[e]];
        s += x * x;
    }
    return s;
}

void plt_lie_decomp_vector(const plt_lie_decomp *d, size_t k, size_t j, const uint32_t **idx,
                           const double **val, size_t *len) {
    *idx = NULL;
    *val = NULL;
    *len = 0;
    if (!d) return;
    size_t p = part_of(k);
    if (p >= d->nparts || j >= d->part_off[p + 1] - d->part_off[p]) return;
    size_t v = d->part_off[p] + j;
    *idx = d->idx + d->vec_off[v];
    *val = d->val + d->vec_off[v];
    *len = d->vec_off[v + 1] - d->vec_off[v];
}
