/* Centre and simple ideals of a DLA (see plt_dla_decompose in plateau/lie.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lie/dla_impl.h"
#include "lie/linalg.h"
#include "pauli/pstring.h"

/* Components up to this dimension are checked (and split) through their commutant. */
#define COMMUTANT_MAX 24

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
                        const double *W, const uint32_t *map, size_t dim, uint64_t *rng) {
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
            *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
            double w = (double)(*rng >> 11) / 9007199254740992.0 - 0.5;
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

static plt_status decompose_pauli(const plt_dla *g, plt_lie_decomp *d) {
    size_t dim = g->dim, ng = g->ngens;
    int nw = g->nw;
    size_t *par = malloc(dim * sizeof *par), *order = malloc(dim * sizeof *order);
    size_t *start = calloc(dim + 1, sizeof *start);
    uint8_t *central = malloc(dim);
    uint32_t *loc = malloc(dim * sizeof *loc);
    uint64_t *w = malloc(2 * (size_t)nw * sizeof *w);
    double *one = NULL, *A = NULL;
    plt_status st = PLT_OK;
    uint64_t rng = 0x2545F4914F6CDD1DULL;
    if (!par || !order || !start || !central || !loc || !w) {
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
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
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
                        "the closure stopped at the cap (dimension >= %zu); the centre and the "
                        "ideals need the whole algebra: raise --max-dim", g->dim);
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
