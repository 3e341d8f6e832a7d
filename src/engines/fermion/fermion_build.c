/* The fermion engine's recognition step: basis state, quadratic generators, observable
 * terms as Majorana monomials. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/fermion/fermion_impl.h"
#include "engines/fermion/majorana.h"
#include "pauli/pstring.h"

#define PI 3.14159265358979323846

/* The same test Clifford absorption uses: a constant multiple of pi/2 is absorbed. */
static int is_quarter(const plt_op *op) {
    if (op->param >= 0) return 0;
    double m = op->b / (PI / 2);
    if (!(fabs(m) < 1e15)) return 0;
    return fabs(op->b - nearbyint(m) * (PI / 2)) <= 1e-12;
}

/* Index in the original circuit of the r-th rotation left after absorption. */
static size_t original_index(const plt_circuit *c, size_t r, int absorbed) {
    size_t seen = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind != PLT_OP_ROTATION || (absorbed && is_quarter(op))) continue;
        if (seen++ == r) return i;
    }
    return r;
}

/* Text of a string for a message, cut to fit. */
static void text_of(const plt_pstring *p, char *buf, size_t cap) {
    char *t = NULL;
    if (plt_pstring_to_text(p, 0, &t) || !t) {
        snprintf(buf, cap, "(a %d-qubit string)", p->n);
        return;
    }
    if (strlen(t) >= cap && cap > 4) {
        memcpy(buf, t, cap - 4);
        strcpy(buf + cap - 4, "...");
    } else {
        snprintf(buf, cap, "%s", t);
    }
    plt_free(t);
}

static plt_status refuse_gate(const plt_circuit *orig, size_t oi, const plt_pstring *gen, int d,
                              int absorbed) {
    char now[160], was[160];
    text_of(gen, now, sizeof now);
    const plt_op *op = plt_circuit_op(orig, oi);
    const char *why = d == 1 || (d & 1) ? "odd (it changes fermion parity)" : "more than 2";
    if (absorbed && op && op->kind == PLT_OP_ROTATION) {
        text_of(op->gen, was, sizeof was);
        if (strcmp(was, now) != 0)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu (rotation about %s, which becomes %s once the Cliffords "
                            "before it are moved to the end) is not a matchgate: under "
                            "Jordan-Wigner it is a product of %d Majorana%s, %s; the fermion "
                            "engine needs exactly 2 (Z_i, X_iX_j, Y_iY_j, X_iY_j, Y_iX_j with Z "
                            "on every qubit between); use another engine",
                            oi, was, now, d, d == 1 ? "" : "s", why);
    }
    return plt_fail(PLT_EUNSUPPORTED,
                    "op %zu (rotation about %s) is not a matchgate: under Jordan-Wigner it is a "
                    "product of %d Majorana%s, %s; the fermion engine needs exactly 2 (Z_i, "
                    "X_iX_j, Y_iY_j, X_iY_j, Y_iX_j with Z on every qubit between); use another "
                    "engine",
                    oi, now, d, d == 1 ? "" : "s", why);
}

static plt_status build_state(const plt_model *m, plt_fplan *f) {
    f->m = malloc((size_t)f->n * sizeof *f->m);
    if (!f->m) return plt_fail_nomem("the fermion engine's initial state");
    const char *bits = NULL;
    if (m->state) {
        plt_state_kind k = plt_state_kind_of(m->state);
        if (k == PLT_STATE_BASIS) {
            bits = plt_state_bits(m->state);
        } else if (k != PLT_STATE_ZERO) {
            const char *what = k == PLT_STATE_PRODUCT   ? "a product state"
                               : k == PLT_STATE_CIRCUIT ? "a preparation circuit"
                               : k == PLT_STATE_VECTOR  ? "a state vector"
                               : k == PLT_STATE_TABLE   ? "a table of measured values"
                                                        : "classical-shadow data";
            return plt_fail(PLT_EUNSUPPORTED,
                            "the fermion engine starts from a computational-basis state (a "
                            "Gaussian state), not from %s; use --state zero or basis:..., or "
                            "another engine",
                            what);
        }
    }
    /* <Z_j> = -M_{2j,2j+1} since Z_j = -i gamma_{2j} gamma_{2j+1}. */
    for (int j = 0; j < f->n; j++) f->m[j] = bits && bits[j] == '1' ? 1.0 : -1.0;
    return PLT_OK;
}

static plt_status build_gates(const plt_circuit *orig, const plt_circuit *c, int absorbed,
                              plt_fplan *f) {
    size_t nops = plt_circuit_nops(c);
    int nw = plt_nwords(f->n);
    uint64_t *ab = malloc((size_t)2 * nw * sizeof *ab);
    f->gates = malloc((nops ? nops : 1) * sizeof *f->gates);
    f->cs = malloc((nops ? nops : 1) * 2 * sizeof *f->cs);
    f->span = malloc((nops ? nops : 1) * 4 * sizeof *f->span);
    if (!ab || !f->gates || !f->cs || !f->span) {
        free(ab);
        return plt_fail_nomem("the fermion engine's gate list");
    }
    plt_status st = PLT_OK;
    size_t r = 0;
    for (size_t i = 0; i < nops && !st; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind != PLT_OP_ROTATION) {
            /* Absorption leaves no Cliffords; unitaries were refused before. */
            st = plt_fail(PLT_EINTERNAL, "op %zu of the absorbed circuit is not a rotation", i);
            break;
        }
        int ph, idx[2];
        int d = plt_majorana_of(op->gen->x, op->gen->z, nw, ab, ab + nw, &ph);
        if (d != 2) {
            st = refuse_gate(orig, original_index(orig, r, absorbed), op->gen, d, absorbed);
            break;
        }
        plt_majorana_indices(ab, ab + nw, nw, idx, 2);
        /* P = i^ph gamma_p gamma_q with ph odd, so R_P(theta) = exp(s theta/2 gamma_p gamma_q)
         * with s = +1 for ph = 1 and -1 for ph = 3. */
        double s = ph == 1 ? 1.0 : -1.0;
        f->gates[f->ngates++] = (plt_fgate){idx[0], idx[1], op->param, s * op->a, s * op->b};
        r++;
    }
    free(ab);
    return st;
}

static plt_status build_terms(const plt_psum *obs, plt_fplan *f) {
    int nw = plt_nwords(f->n);
    size_t nt = plt_psum_nterms(obs), cap = 0;
    plt_pstring *p = NULL;
    uint64_t *ab = malloc((size_t)2 * nw * sizeof *ab);
    f->terms = malloc((nt ? nt : 1) * sizeof *f->terms);
    plt_status st = plt_pstring_new(f->n, &p);
    if (st) goto fail;
    if (!ab || !f->terms) {
        st = plt_fail_nomem("the fermion engine's observable");
        goto fail;
    }
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        int ph;
        if ((st = plt_psum_term(obs, i, p, &re, &im))) goto fail;
        int d = plt_majorana_of(p->x, p->z, nw, ab, ab + nw, &ph);
        /* Basis states have definite parity and matchgates keep it: odd terms vanish. */
        if (d & 1 || re == 0.0) continue;
        /* <i^ph Gamma_S> = i^ph (-i)^(d/2) Pf(M_S), a real sign times the Pfaffian. */
        int t = (ph + 3 * (d / 2)) & 3;
        PLT_ASSERT(t == 0 || t == 2);
        double w = t == 0 ? re : -re;
        if (d == 0) {
            f->constant += w;
            continue;
        }
        size_t off = f->nterms ? f->terms[f->nterms - 1].off + (size_t)f->terms[f->nterms - 1].d
                               : 0;
        if (off + (size_t)d > cap) {
            size_t nc = 2 * cap + (size_t)d + 16;
            int *ni = realloc(f->idx, nc * sizeof *ni);
            if (!ni) {
                st = plt_fail_nomem("the fermion engine's observable");
                goto fail;
            }
            f->idx = ni;
            cap = nc;
        }
        plt_majorana_indices(ab, ab + nw, nw, f->idx + off, d);
        f->terms[f->nterms++] = (plt_fterm){w, d, off};
        if (d > f->dmax) f->dmax = d;
    }
fail:
    plt_pstring_free(p);
    free(ab);
    return st;
}

plt_status plt_fermion_build(const plt_model *m, plt_fplan *f) {
    const plt_circuit *c = m->circuit;
    memset(f, 0, sizeof *f);
    f->n = plt_circuit_nqubits(c);
    f->dim = 2 * f->n;
    f->nparams = plt_circuit_nparams(c);
    /* build_terms reads only real parts: refuse rather than drop an imaginary one, even when
     * engine.c's validation was skipped, and before absorption renames the terms. */
    plt_status hst = plt_psum_check_hermitian(m->obs);
    if (hst) return hst;
    int cliffords = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu is a general %d-qubit unitary, which the fermion engine "
                            "cannot recognise as a matchgate; write it as Pauli rotations and "
                            "Cliffords, or use the statevector engine",
                            i, op->nq);
        cliffords |= op->kind == PLT_OP_CLIFFORD;
    }
    plt_circuit *c2 = NULL;
    plt_psum *o2 = NULL;
    plt_status st = PLT_OK;
    /* Only Cliffords need moving: constant quarter rotations are rotations like any other. */
    if (cliffords && (st = plt_circuit_absorb_cliffords(c, m->obs, &c2, &o2))) return st;
    if ((st = build_state(m, f))) goto fail;
    if ((st = build_gates(c, c2 ? c2 : c, cliffords, f))) goto fail;
    if ((st = build_terms(o2 ? o2 : m->obs, f))) goto fail;
    plt_circuit_free(c2);
    plt_psum_free(o2);
    return PLT_OK;
fail:
    plt_circuit_free(c2);
    plt_psum_free(o2);
    plt_fermion_release(f);
    return st;
}
