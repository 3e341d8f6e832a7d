/* The pauliprop engine: plan (compile the ops, load the observable and the state), loss
 * (propagate backwards, overlap), gradient (pp_grad.c), estimate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "plateau/rates.h"
#include "core/error.h"
#include "core/mem.h"
#include "engines/engine_ops.h"
#include "engines/pauliprop/pp.h"
#include "plateau/shadows.h"
#include "pauli/pstring.h"

/* Bytes per term while propagating: table arrays, index slots and scratch. */
static double bytes_per_term(int nw, int tf, int ts) {
    return 2.0 * (16.0 * nw + 8 + (tf ? 2 : 0) + (ts ? 8 : 0)) + 16.0 + (16.0 * nw + 28);
}

static int trunc_active(const pp_trunc *t) {
    return t->max_weight > 0 || t->min_abs > 0 || t->max_terms > 0 || t->max_freq > 0 ||
           t->small_angle > 0;
}

/* The truncations come from o->settings, already checked against pp_settings' ranges by
 * plt_settings_set (0 = off). */
static plt_status read_opts(const plt_opts *o, int n, pp_trunc *t) {
    memset(t, 0, sizeof *t);
    const plt_settings *s = o->settings;
    const double min_abs = plt_settings_value(s, &pp_settings[PP_SET_MIN_ABS]),
                 small_angle = plt_settings_value(s, &pp_settings[PP_SET_SMALL_ANGLE]),
                 max_weight = plt_settings_value(s, &pp_settings[PP_SET_MAX_WEIGHT]),
                 max_terms = plt_settings_value(s, &pp_settings[PP_SET_MAX_TERMS]),
                 max_freq = plt_settings_value(s, &pp_settings[PP_SET_MAX_FREQ]),
                 max_work = plt_settings_value(s, &pp_settings[PP_SET_MAX_WORK]);
    if (!(o->noise >= 0 && o->noise < 1) && !(o->noise < 0))
        return plt_fail(PLT_EINVAL, "noise is %g; give a probability in [0, 1)", o->noise);
    if (!(o->dephasing >= 0 && o->dephasing <= 1) && !(o->dephasing < 0))
        return plt_fail(PLT_EINVAL, "dephasing is %g; give a probability in [0, 1]",
                        o->dephasing);
    t->max_weight = max_weight > 0 ? (int)max_weight : 0;
    t->min_abs = min_abs > 0 ? min_abs : 0;
    t->max_terms = max_terms > 0 ? (size_t)max_terms : 0;
    t->max_freq = max_freq > 0 ? (int)max_freq : 0;
    t->small_angle = small_angle > 0 ? small_angle : 0;
    t->max_work = max_work > 0 ? max_work : 0;
    /* Work units cost a word each at the term-op rate (as plt_stats.work_seconds counts). */
    if (!(t->max_work > 0) && o->max_work_seconds > 0)
        t->max_work = o->max_work_seconds * plt_rate(PLT_RATE_PP_TERM_OP) / plt_nwords(n);
    t->noise = o->noise > 0 ? o->noise : 0;
    t->dephase = o->dephasing > 0 ? o->dephasing : 0;
#ifdef _OPENMP
    t->threads = o->threads > 0 ? o->threads : omp_get_max_threads();
#else
    t->threads = 1;
#endif
    return PLT_OK;
}

static plt_status check_circuit(const plt_circuit *c, const char *what, int allow_params) {
    size_t n = plt_circuit_nops(c);
    for (size_t i = 0; i < n; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "pauliprop cannot apply op %zu of the %s (a general %d-qubit unitary "
                            "on qubit %d%s); write it as Clifford gates and rotations, or use "
                            "the statevector engine",
                            i, what, op->nq, op->q[0], op->nq == 2 ? " and another" : "");
        if (op->kind == PLT_OP_ROTATION && op->param >= 0 && !allow_params)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu of the %s uses a parameter; a preparation circuit must have "
                            "constant angles",
                            i, what);
    }
    return PLT_OK;
}

static plt_status check_model(const plt_model *m) {
    plt_status st = check_circuit(m->circuit, "circuit", 1);
    if (st) return st;
    if (!m->state) return PLT_OK;
    switch (plt_state_kind_of(m->state)) {
    case PLT_STATE_SHADOWS:
        if (!plt_state_shadows(m->state))
            return plt_fail(PLT_EINVAL, "the shadows state '%s' holds no data",
                            plt_state_path(m->state) ? plt_state_path(m->state) : "");
        return PLT_OK;
    case PLT_STATE_CIRCUIT: {
        const plt_circuit *pc = plt_state_circuit(m->state);
        if (!pc) return plt_fail(PLT_EINVAL, "the state has no preparation circuit");
        if (plt_circuit_nqubits(pc) != plt_circuit_nqubits(m->circuit))
            return plt_fail(PLT_EINVAL, "the preparation circuit has %d qubits but the circuit %d",
                            plt_circuit_nqubits(pc), plt_circuit_nqubits(m->circuit));
        return check_circuit(pc, "preparation circuit", 0);
    }
    default: return PLT_OK;
    }
}

/* ---------- estimate ---------- */

plt_status pp_estimate_op(const plt_model *m, const plt_opts *o, plt_cost *cost) {
    pp_trunc tr;
    plt_status st = check_model(m);
    if (st) return st;
    if ((st = read_opts(o, plt_circuit_nqubits(m->circuit), &tr))) return st;
    const int n = plt_circuit_nqubits(m->circuit);
    size_t nops = plt_circuit_nops(m->circuit), nrot = 0;
    for (size_t i = 0; i < nops; i++) nrot += plt_circuit_op(m->circuit, i)->kind == PLT_OP_ROTATION;
    /* Quick bound on the terms held: each rotation at most doubles them; never more than
     * the 4^n strings, nor (with a weight cap) the strings of weight <= W, nor max_terms. */
    double terms = (double)plt_psum_nterms(m->obs) * pow(2.0, (double)(nrot < 1000 ? nrot : 1000));
    terms = fmin(terms, pow(4.0, n));
    if (tr.max_weight > 0) {
        double cnt = 0, binom = 1;
        for (int w = 0; w <= tr.max_weight && w <= n; w++) {
            cnt += binom * pow(3.0, w);
            binom = binom * (n - w) / (w + 1);
        }
        terms = fmin(terms, cnt);
    }
    if (tr.max_terms > 0) terms = fmin(terms, 2.0 * (double)tr.max_terms);
    const int nw = plt_nwords(n);
    cost->bytes = terms * bytes_per_term(nw, tr.max_freq > 0, tr.small_angle > 0);
    cost->seconds = terms * (double)(nops ? nops : 1) * nw / plt_rate(PLT_RATE_PP_TERM_OP);
    /* A run stops once its work passes max-work, overshooting by one op at most (with a term
     * cap there are no fused layers; a Clifford run counts as many ops but costs one pass). */
    if (tr.max_work > 0)
        cost->seconds =
            fmin(cost->seconds, (tr.max_work + pp_op_work(terms)) * nw /
                                    plt_rate(PLT_RATE_PP_TERM_OP));
    /* A state vector's overlap costs one pass over the 2^n amplitudes per final term. */
    if (m->state && plt_state_kind_of(m->state) == PLT_STATE_VECTOR)
        cost->seconds += terms * ldexp(1.0, n) * 16 / plt_rate(PLT_RATE_SV_BYTES);
    if (trunc_active(&tr)) {
        /* Unitary steps keep the 2-norm, so no truncated sum is off by more than
         * twice the observable's 1-norm; the run's truncated_weight says more. */
        cost->exactness = PLT_BOUNDED;
        cost->error = 2 * plt_psum_one_norm(m->obs);
    } else {
        cost->exactness = PLT_EXACT;
        cost->error = 0;
    }
    return PLT_OK;
}

/* ---------- plan ---------- */

static void plan_free(void *state) {
    pp_plan *p = state;
    if (!p) return;
    free(p->steps);
    free(p->gens);
    free(p->basis_z);
    free(p->bloch);
    pp_table_free(&p->obs);
    pp_table_free(&p->work);
    pp_scratch_free(&p->sc);
    pp_layer_ws_free(p->lws);
    for (size_t i = 0; i < p->ntabs; i++) pp_tab_free(&p->tabs[i]);
    free(p->tabs);
    plt_psum_free(p->shadow_cache);
    free(p);
}

static plt_status add_ops(pp_plan *p, const plt_circuit *c, size_t *at, size_t *gat) {
    const int nw = p->nw;
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        pp_step *s = &p->steps[(*at)++];
        memset(s, 0, sizeof *s);
        if (op->kind == PLT_OP_CLIFFORD) {
            s->kind = PP_CLIFF;
            const plt_gate_info *gi = plt_gate_info_get(op->gate);
            if (!gi) return plt_fail(PLT_EINTERNAL, "op %zu has an unknown gate %d", i, (int)op->gate);
            s->nq = gi->nqubits;
            s->q[0] = op->q[0];
            s->q[1] = s->nq == 2 ? op->q[1] : op->q[0];
            const plt_gate_map *gm = plt_gate_map_get(op->gate);
            memcpy(s->out, gm->heis, sizeof s->out);
            s->neg = gm->heis_neg;
        } else {
            s->kind = PP_ROT;
            s->gen = *gat;
            memcpy(p->gens + *gat, op->gen->x, (size_t)nw * sizeof(uint64_t));
            memcpy(p->gens + *gat + nw, op->gen->z, (size_t)nw * sizeof(uint64_t));
            *gat += 2 * (size_t)nw;
            s->param = op->param;
            s->a = op->a;
            s->b = op->b;
            /* A constant multiple of pi/2 is a Clifford: no branch, no 1e-17 residue. */
            double qt = op->b / (M_PI / 2);
            if (op->param < 0 && nw <= 64 && fabs(qt) < 1e9 && fabs(qt - nearbyint(qt)) < 1e-12) {
                s->kind = PP_QROT;
                s->quarter = (int)(((long long)nearbyint(qt) % 4 + 4) % 4);
            }
        }
    }
    return PLT_OK;
}

/* Composes the maximal runs of at least PP_TAB_MIN Clifford steps into tableaux, when no
 * truncation can act inside a run (noise or max_weight would need the strings between its
 * steps). With max_weight, a run of x-inert steps (diagonal gates, Z-type quarter turns)
 * gets its steps listed by qubit instead, so that each term visits only the steps that can
 * change it. Runs past a total of 64 MB of tableaux keep the step-by-step pass. */
enum { PP_TAB_MIN = 4 };
static int run_x_inert(const pp_plan *p, size_t lo, size_t hi) {
    for (size_t j = lo; j < hi; j++)
        if (!pp_step_x_inert(&p->steps[j], p->gens, p->nw)) return 0;
    return 1;
}

static plt_status make_tabs(pp_plan *p) {
    if (pp_noisy(&p->tr) || p->nw > 64) return PLT_OK;
    const int lists = p->tr.max_weight > 0;
    const double per = 3.0 * p->n * (16.0 * p->nw + 1);
    size_t nruns = 0;
    for (size_t k = 0; k < p->nsteps;) {
        size_t j = k;
        while (j < p->nsteps && p->steps[j].kind != PP_ROT) j++;
        nruns += j - k >= PP_TAB_MIN;
        k = j > k ? j : k + 1;
    }
    if (!nruns) return PLT_OK;
    p->tabs = calloc(nruns, sizeof *p->tabs);
    if (!p->tabs) return plt_fail_nomem("the pauliprop Clifford tableaux");
    for (size_t k = 0; k < p->nsteps && (double)(p->ntabs + 1) * per <= 64e6;) {
        size_t j = k;
        while (j < p->nsteps && p->steps[j].kind != PP_ROT) j++;
        if (j - k >= PP_TAB_MIN && (!lists || run_x_inert(p, k, j))) {
            /* Layered circuits repeat their runs: share the tableau of an identical one. */
            pp_tab *tb = &p->tabs[p->ntabs];
            for (size_t r = 0; r < p->ntabs; r++) {
                const pp_tab *o = &p->tabs[r];
                if (o->hi - o->lo != j - k ||
                    !pp_steps_equal(p->steps, p->gens, p->nw, o->lo, k, j - k))
                    continue;
                *tb = *o;
                tb->borrowed = 1;
                tb->lo = k;
                tb->hi = j;
                break;
            }
            if (!tb->im.img && !tb->xr.qoff) {
                plt_status st = lists ? pp_xrun_build(tb, p->n, p->nw, p->steps, k, j, p->gens)
                                      : pp_tab_build(tb, p->n, p->nw, p->steps, k, j, p->gens);
                if (st) return st;
            }
            p->ntabs++;
        }
        k = j > k ? j : k + 1;
    }
    return PLT_OK;
}

/* The tableau of the run starting at step lo, or NULL. */
static const pp_tab *tab_at(const pp_plan *p, size_t lo) {
    size_t a = 0, b = p->ntabs;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (p->tabs[mid].lo < lo) a = mid + 1;
        else b = mid;
    }
    return a < p->ntabs && p->tabs[a].lo == lo ? &p->tabs[a] : NULL;
}

static const pp_tab *find_tab(const pp_plan *p, size_t lo, size_t hi) {
    const pp_tab *tb = tab_at(p, lo);
    return tb && tb->hi == hi ? tb : NULL;
}

size_t pp_tab_run_end(const pp_plan *p, size_t lo) {
    const pp_tab *tb = tab_at(p, lo);
    return tb && tb->im.img ? tb->hi : lo;
}

static plt_status load_obs(pp_plan *p, const plt_psum *obs) {
    plt_pstring *ps = NULL;
    plt_status st = plt_pstring_new(p->n, &ps);
    if (st) return st;
    const size_t nt = plt_psum_nterms(obs);
    double scale = 0;
    uint64_t *key = malloc(2 * (size_t)p->nw * sizeof *key);
    if (!key) {
        st = plt_fail_nomem("an observable term");
        goto fail;
    }
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        if ((st = plt_psum_term(obs, i, ps, &re, &im))) goto fail;
        scale = fmax(scale, hypot(re, im));
    }
    for (size_t i = 0; i < nt; i++) {
        double re, im;
        if ((st = plt_psum_term(obs, i, ps, &re, &im))) goto fail;
        if (fabs(im) > 1e-12 * (scale > 1 ? scale : 1)) {
            char *txt = NULL;
            if (plt_pstring_to_text(ps, 0, &txt) != PLT_OK) txt = NULL;
            st = plt_fail(PLT_EINVAL,
                          "the observable is not Hermitian: term %s has coefficient %g%+gi; "
                          "give real coefficients",
                          txt ? txt : "?", re, im);
            plt_free(txt);
            goto fail;
        }
        memcpy(key, ps->x, (size_t)p->nw * sizeof *key);
        memcpy(key + p->nw, ps->z, (size_t)p->nw * sizeof *key);
        if ((st = pp_table_add(&p->obs, key, re, 0, 1.0))) goto fail;
    }
fail:
    free(key);
    plt_pstring_free(ps);
    return st;
}

static plt_status load_state(pp_plan *p, const plt_state *s) {
    p->basis_z = calloc((size_t)p->nw, sizeof *p->basis_z);
    if (!p->basis_z) return plt_fail_nomem("the basis state");
    if (!s) return PLT_OK;
    if (plt_state_kind_of(s) == PLT_STATE_BASIS) {
        const char *bits = plt_state_bits(s);
        for (int q = 0; q < p->n && bits && bits[q]; q++)
            if (bits[q] == '1') p->basis_z[q >> 6] |= 1ULL << (q & 63);
    } else if (plt_state_kind_of(s) == PLT_STATE_PRODUCT) {
        const double *b = plt_state_bloch(s);
        if (!b) return plt_fail(PLT_EINVAL, "the product state has no Bloch vectors");
        p->bloch = malloc(3 * (size_t)p->n * sizeof *p->bloch);
        if (!p->bloch) return plt_fail_nomem("the product state");
        memcpy(p->bloch, b, 3 * (size_t)p->n * sizeof *p->bloch);
        p->product = 1;
    } else if (plt_state_kind_of(s) == PLT_STATE_VECTOR) {
        p->amps = plt_state_amplitudes(s);
    } else if (plt_state_kind_of(s) == PLT_STATE_TABLE) {
        p->table = s;
    } else if (plt_state_kind_of(s) == PLT_STATE_SHADOWS) {
        p->shadows = plt_state_shadows(s);
        plt_status st = plt_psum_new(p->n, &p->shadow_cache);
        if (st) return st;
    }
    return PLT_OK;
}

static plt_status pp_plan_make(void **state, const plt_model *m, const plt_opts *o) {
    *state = NULL;
    pp_trunc tr;
    plt_status st = check_model(m);
    if (st) return st;
    if ((st = read_opts(o, plt_circuit_nqubits(m->circuit), &tr))) return st;
    pp_plan *p = calloc(1, sizeof *p);
    if (!p) return plt_fail_nomem("a pauliprop plan");
    p->tr = tr;
    p->exact = !trunc_active(&tr);
    p->n = plt_circuit_nqubits(m->circuit);
    p->nw = plt_nwords(p->n);
    p->nparams = plt_circuit_nparams(m->circuit);
    p->progress_fn = o->progress_fn;
    p->progress_ctx = o->progress_ctx;
    p->max_memory = o->max_memory > 0 ? o->max_memory : plt_mem_available();
    const plt_circuit *prep = m->state && plt_state_kind_of(m->state) == PLT_STATE_CIRCUIT
                                  ? plt_state_circuit(m->state)
                                  : NULL;
    const size_t nprep = prep ? plt_circuit_nops(prep) : 0;
    p->nsteps = nprep + plt_circuit_nops(m->circuit);
    p->steps = calloc(p->nsteps ? p->nsteps : 1, sizeof *p->steps);
    p->gens = calloc(2 * (size_t)p->nw * (p->nsteps ? p->nsteps : 1), sizeof *p->gens);
    if (!p->steps || !p->gens) {
        st = plt_fail_nomem("the pauliprop op list");
        goto fail;
    }
    size_t at = 0, gat = 0;
    if (prep && (st = add_ops(p, prep, &at, &gat))) goto fail;
    if ((st = add_ops(p, m->circuit, &at, &gat))) goto fail;
    if ((st = make_tabs(p))) goto fail;
    pp_table_init(&p->obs, p->nw, tr.max_freq > 0, tr.small_angle > 0);
    pp_table_init(&p->work, p->nw, tr.max_freq > 0, tr.small_angle > 0);
    if ((st = load_obs(p, m->obs))) goto fail;
    if ((st = load_state(p, prep ? NULL : m->state))) goto fail;
    const double need = (double)p->obs.count * bytes_per_term(p->nw, p->obs.tf, p->obs.ts);
    if ((st = plt_mem_check(need, p->max_memory, "the pauliprop observable"))) goto fail;
    *state = p;
    return PLT_OK;
fail:
    plan_free(p);
    return st;
}

/* ---------- propagation ---------- */

/* After the group [j, k) took the table from `before` terms to `count`: its work, then the work
 * and memory limits and the progress callback. */
static plt_status after_group(pp_plan *p, size_t k, size_t j, size_t before, size_t count) {
    const double per = bytes_per_term(p->nw, p->work.tf, p->work.ts);
    const size_t held = before > count ? before : count;
    p->acc.work += (double)(k - j) * pp_op_work((double)held);
    k = j;
    if (p->tr.max_work > 0 && p->acc.work > p->tr.max_work)
        return plt_fail(PLT_ETOOBIG, "pauliprop reached its work limit (max-work %.3g terms "
                        "processed) after op %zu of %zu, holding %zu terms; loosen the "
                        "truncation or raise max-work", p->tr.max_work, p->nsteps - k,
                        p->nsteps, count);
    if ((double)count * per > p->max_memory)
        return plt_fail(PLT_ETOOBIG,
                        "pauliprop holds %zu terms after op %zu of %zu, more than the memory "
                        "limit allows; tighten the truncation (--max-weight, --min-abs, "
                        "--max-terms) or raise --max-memory",
                        count, p->nsteps - k, p->nsteps);
    if (p->progress_fn) {
        const plt_progress pr = {"pauliprop: ops propagated", (double)(p->nsteps - k),
                                 (double)p->nsteps};
        if (p->progress_fn(p->progress_ctx, &pr))
            return plt_fail(PLT_EINTERRUPTED, "pauliprop stopped by its caller after op %zu "
                            "of %zu (%zu terms held)", p->nsteps - k, p->nsteps, count);
    }
    return PLT_OK;
}

plt_status pp_propagate(pp_plan *p, const double *params, size_t from, size_t to, pp_table *t) {
    const double per = bytes_per_term(p->nw, t->tf, t->ts);
    for (size_t k = from; k > to;) {
        const pp_step *s = &p->steps[k - 1];
        plt_status st;
        const size_t j = pp_group_lo(p, k, to);
        const size_t before = t->count;
        if (k - j > 1 && s->kind == PP_ROT) {
            /* A layer of single-qubit rotations: one pass over the terms. */
            const double lim = p->max_memory / per;
            st = pp_layer_apply(t, p->steps, j, k, p->gens, params, &p->tr, &p->acc,
                                lim < (double)SIZE_MAX ? (size_t)lim : SIZE_MAX, &p->lws);
        } else if (k - j > 1) {
            /* A run of Cliffords: one pass over the terms, composed when it can be. */
            const pp_tab *tb = find_tab(p, j, k);
            if (tb && tb->im.img)
                st = pp_tab_apply(t, tb, p->tr.threads);
            else
                st = pp_steps_clifford_x(t, p->steps, j, k, p->gens, &p->tr, tb ? &tb->xr : NULL,
                                         &p->sc, &p->acc);
        } else {
            double theta = 0;
            const uint64_t *gen = NULL;
            if (s->kind != PP_CLIFF) gen = p->gens + s->gen;
            if (s->kind == PP_ROT) theta = s->param >= 0 ? s->a * params[s->param] + s->b : s->b;
            st = pp_step_apply(t, s, gen, theta, &p->tr, &p->sc, &p->acc);
        }
        if (st) return st;
        if ((st = after_group(p, k, j, before, t->count))) return st;
        k = j;
    }
    return PLT_OK;
}

/* The layer [0, hi) is the propagation's last group when it is a layer (as pp_propagate groups
 * it); else 0. */
static size_t last_layer(const pp_plan *p) {
    size_t k = p->nsteps;
    while (k > 0) {
        const size_t j = pp_group_lo(p, k, 0);
        if (j == 0) return k > 1 && p->steps[k - 1].kind == PP_ROT ? k : 0;
        k = j;
    }
    return 0;
}

static plt_status pp_loss(void *state, const double *params, double *loss, double *grad) {
    pp_plan *p = state;
    memset(&p->acc, 0, sizeof p->acc);
    p->acc.peak = p->obs.count;
    if (grad && p->nparams > 0) return pp_gradient(p, params, loss, grad);
    plt_status st = pp_table_copy(&p->work, &p->obs);
    if (st) return st;
    if ((st = pp_truncate(&p->work, &p->tr, &p->sc, &p->acc, 1))) return st;
    /* A last layer with a basis or product state is overlapped as it is made, its output
     * never stored (the same value bit for bit: pp_layer_overlap). */
    const size_t hi = p->shadows || p->amps || p->table ? 0 : last_layer(p);
    if ((st = pp_propagate(p, params, p->nsteps, hi, &p->work))) return st;
    if (!hi) return pp_overlap_checked(p, &p->work, NULL, loss);
    const double lim = p->max_memory / bytes_per_term(p->nw, p->work.tf, p->work.ts);
    const size_t before = p->work.count;
    size_t count = 0;
    if ((st = pp_layer_overlap(&p->work, p->steps, 0, hi, p->gens, params, &p->tr, &p->acc,
                               lim < (double)SIZE_MAX ? (size_t)lim : SIZE_MAX, &p->lws,
                               p->basis_z, p->product ? p->bloch : NULL, loss, &count)))
        return st;
    return after_group(p, hi, 0, before, count);
}

static int pp_exact(const void *state) { return ((const pp_plan *)state)->exact; }

static void pp_stats(const void *state, plt_stats *out) {
    const pp_plan *p = state;
    out->truncated_weight = p->acc.dropped_w2;
    out->dropped_l1 = p->acc.dropped_l1;
    out->error_bound = p->acc.dropped_l1;
    out->dropped_terms = p->acc.dropped_n;
    out->max_terms = p->acc.peak;
    out->work_seconds = p->acc.work * p->nw / plt_rate(PLT_RATE_PP_TERM_OP);
}

const plt_engine_ops plt_engine_pauliprop = {
    .name = "pauliprop",
    .estimate = pp_estimate_op,
    .plan = pp_plan_make,
    .loss = pp_loss,
    .exact = pp_exact,
    .stats = pp_stats,
    .free = plan_free,
    .models_noise = 1,
    .settings = pp_settings,
    .nsettings = PP_NSETTINGS,
    .ladder = pp_ladder_op,
};
