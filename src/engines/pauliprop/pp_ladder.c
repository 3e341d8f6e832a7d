/* pauliprop's settings and its approximation ladder: coefficient threshold and weight cap
 * tightened step by step, each step held to the allowance by a work limit. Every term a step
 * drops is in its rigorous error bound. */
#include <math.h>
#include <stdio.h>

#include "plateau/rates.h"
#include "core/error.h"
#include "core/mem.h"
#include "engines/pauliprop/pp.h"

const plt_setting_info pp_settings[PP_NSETTINGS] = {
    [PP_SET_MAX_WEIGHT] = {"max-weight", PLT_SETTING_INT, 0, 0, 1e6, "W",
                           "pauliprop: drop strings of Pauli weight above W (0 = off)"},
    [PP_SET_MIN_ABS] = {"min-abs", PLT_SETTING_REAL, 0, 0, 1e300, "E",
                        "pauliprop: drop terms with |coefficient| below E (0 = off)"},
    [PP_SET_MAX_TERMS] = {"max-terms", PLT_SETTING_COUNT, 0, 0, 1e15, "K",
                          "pauliprop: keep at most K terms, the largest (0 = off)"},
    [PP_SET_MAX_FREQ] = {"max-freq", PLT_SETTING_INT, 0, 0, 65534, "F",
                         "pauliprop: drop paths with more than F sine factors (0 = off)"},
    [PP_SET_SMALL_ANGLE] = {"small-angle", PLT_SETTING_REAL, 0, 0, 1e300, "A",
                            "pauliprop: drop paths whose product of |sin| is below A (0 = off)"},
    [PP_SET_MAX_WORK] = {"max-work", PLT_SETTING_REAL, 0, 0, 1e300, "N",
                         "pauliprop: stop once the terms processed, summed over the ops, exceed "
                         "N (a count, the same on every machine; 0 = off)"},
};

/* The steps, loosest first: each keeps more of the Heisenberg-evolved observable. */
static const struct {
    double min_abs;
    int max_weight;
} steps[] = {
    {1e-2, 4}, {3e-3, 6}, {1e-3, 8}, {3e-4, 10}, {1e-4, 12},
    {3e-5, 14}, {1e-5, 16}, {3e-6, 20}, {1e-6, 24}, {1e-7, 32},
};

/* The smallest work allowance worth a step, in terms per op (the ops' fixed work aside). */
#define PP_LADDER_MIN_TERMS 64
/* The largest term cap a step is given (the memory check refuses what does not fit). */
#define PP_LADDER_MAX_TERMS 2e6

static plt_status cost_at(const plt_model *m, const plt_opts *o, plt_settings *s, double terms,
                          plt_cost *c) {
    plt_status st = plt_settings_set(s, pp_settings[PP_SET_MAX_TERMS].name, floor(terms));
    plt_opts with = *o;
    with.settings = s;
    if (!st) st = pp_estimate_op(m, &with, c);
    return st;
}

/* The step's term cap is the largest whose predicted cost, with every op holding the cap,
 * fits the allowance: a run always completes, at any place the truncation leaves it. */
static plt_status ladder_capped(const plt_model *m, const plt_opts *o, size_t step,
                                double allowance, plt_settings *s, plt_cost *cost) {
    plt_status st;
    double lo = PP_LADDER_MIN_TERMS, hi = PP_LADDER_MAX_TERMS;
    const double mem = o->max_memory > 0 ? o->max_memory : plt_mem_available();
    plt_cost c;
    if ((st = cost_at(m, o, s, hi, &c))) return st;
    if (c.seconds <= allowance && c.bytes <= mem) {
        *cost = c;
        return PLT_OK;
    }
    plt_cost cl;
    if ((st = cost_at(m, o, s, lo, &cl))) return st;
    if (cl.seconds > allowance || cl.bytes > mem) {
        char need[32], have[32];
        return plt_fail(PLT_EUNSUPPORTED, "pauliprop step %zu (min-abs %g, max-weight %d): even %d "
                        "terms would take a predicted %.3g s and %s, over the %.3g s allowed or "
                        "the memory limit of %s", step + 1, steps[step].min_abs,
                        steps[step].max_weight, PP_LADDER_MIN_TERMS, cl.seconds,
                        plt_mem_format(cl.bytes, need, sizeof need),
                        allowance > 0 ? allowance : 0, plt_mem_format(mem, have, sizeof have));
    }
    /* The largest cap that fits. Once the cap binds, the estimate grows in proportion to it:
     * interpolate between the two ends, then shrink until it fits (each estimate reads the whole
     * circuit, so few of them: a 4-million-rotation model took seconds of bisection). */
    double slope = (c.seconds - cl.seconds) / (hi - lo), mslope = (c.bytes - cl.bytes) / (hi - lo);
    double guess = hi;
    if (slope > 0) guess = fmin(guess, lo + (allowance - cl.seconds) / slope);
    if (mslope > 0) guess = fmin(guess, lo + (mem - cl.bytes) / mslope);
    for (int it = 0; it < 12 && guess > lo; it++) {
        plt_cost cm;
        if ((st = cost_at(m, o, s, floor(guess), &cm))) return st;
        if (cm.seconds <= allowance && cm.bytes <= mem) {
            lo = floor(guess);
            cl = cm;
            break;
        }
        guess = lo + 0.8 * (guess - lo);
    }
    if ((st = plt_settings_set(s, pp_settings[PP_SET_MAX_TERMS].name, floor(lo)))) return st;
    *cost = cl;
    return PLT_OK;
}

/* The step's term cap is the largest that fits memory; its time is held to the allowance by a
 * work limit (max-work, a count of terms processed), so that the step is charged what it may
 * cost at most however many terms its thresholds keep; a run that would exceed it stops at the
 * same op on every machine (and the walk stops there). For callers that need the loss only. */
static plt_status ladder_paced(const plt_model *m, const plt_opts *o, size_t step,
                               double allowance, plt_settings *s, plt_cost *cost) {
    plt_status st = plt_settings_set(s, pp_settings[PP_SET_MAX_WORK].name, 0);
    if (st) return st;
    const double mem = o->max_memory > 0 ? o->max_memory : plt_mem_available();
    double cap = PP_LADDER_MAX_TERMS;
    plt_cost c;
    if ((st = cost_at(m, o, s, cap, &c))) return st;
    if (c.bytes > mem) {
        /* Memory grows in proportion to the cap: the largest that fits, then a check. */
        cap = floor(cap * mem / c.bytes * 0.95);
        if (cap < PP_LADDER_MIN_TERMS || (st = cost_at(m, o, s, cap, &c)) || c.bytes > mem) {
            char have[32];
            if (st) return st;
            return plt_fail(PLT_EUNSUPPORTED, "pauliprop step %zu (min-abs %g, max-weight %d): "
                            "even %d terms exceed the memory limit of %s", step + 1,
                            steps[step].min_abs, steps[step].max_weight, PP_LADDER_MIN_TERMS,
                            plt_mem_format(mem, have, sizeof have));
        }
    }
    if (c.seconds > allowance) {
        /* w units of work in all (pp_op_work): a table cannot grow past what was processed to
         * make it, so a 64th of w caps it, and the work limit leaves room for the last op's
         * overshoot of up to twice the cap at 16 units a term. */
        const size_t nops = plt_circuit_nops(m->circuit);
        const double per = plt_nwords(plt_circuit_nqubits(m->circuit)) /
                           plt_rate(PLT_RATE_PP_TERM_OP);
        const double w = allowance / per;
        const double least = (double)nops * pp_op_work(PP_LADDER_MIN_TERMS / 4);
        cap = fmin(cap, floor(w / 64));
        if (w - 32 * cap < least)
            return plt_fail(PLT_EUNSUPPORTED, "pauliprop step %zu (min-abs %g, max-weight %d): "
                            "even %d terms per op would take a predicted %.3g s, over the %.3g s "
                            "allowed", step + 1, steps[step].min_abs, steps[step].max_weight,
                            PP_LADDER_MIN_TERMS / 4, 2 * least * per,
                            allowance > 0 ? allowance : 0);
        if ((st = plt_settings_set(s, pp_settings[PP_SET_MAX_WORK].name, floor(w - 32 * cap))) ||
            (st = cost_at(m, o, s, cap, &c)))
            return st;
    }
    *cost = c;
    return PLT_OK;
}

/* A caller that needs losses only gets the paced version. */
plt_status pp_ladder_op(const plt_model *m, const plt_opts *o, size_t step, double allowance,
                        plt_settings *s, plt_cost *cost) {
    const int paced = o->losses_only;
    if (step >= sizeof steps / sizeof steps[0])
        return plt_fail(PLT_EUNSUPPORTED, "pauliprop has no truncation looser than step %zu",
                        sizeof steps / sizeof steps[0]);
    plt_status st = plt_settings_set(s, pp_settings[PP_SET_MIN_ABS].name, steps[step].min_abs);
    /* Noise damps a string by (1 - p) per qubit and op, so heavy strings fall under the
     * threshold by themselves; a weight cap would drop a heavy observable before any damping. */
    const int noisy = o->noise > 0 || o->dephasing > 0;
    if (!st)
        st = plt_settings_set(s, pp_settings[PP_SET_MAX_WEIGHT].name,
                              noisy ? 0 : steps[step].max_weight);
    if (st) return st;
    return paced ? ladder_paced(m, o, step, allowance, s, cost)
                 : ladder_capped(m, o, step, allowance, s, cost);
}
