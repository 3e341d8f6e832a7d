/* labels: unit */
/* The verdict keeps to its budget, gsim's estimate is cheap on large algebras, and the
 * reasons carry the engines' whole messages. */
#include <stdlib.h>
#include <string.h>

#include "plateau/plateau.h"
#include "support/test.h"

static double *draws(int np) {
    double *p = calloc((size_t)np + 1, sizeof *p);
    for (int k = 0; k < np; k++) p[k] = 0.37 * (k % 11) - 1.5;
    return p;
}

/* qcnn at n = 200: the ladder's steps grow fast (the fourth took ~20 s); each step's term cap
 * is sized from the predicted budget left, so the whole check keeps to T + 10 % + 2 s. */
static void test_ladder_keeps_budget(void **state) {
    (void)state;
    plt_zoo_model zm = {0};
    plt_expect_ok(plt_zoo_build("qcnn", 200, 0, 1, 0, &zm));
    double *p = draws(plt_circuit_nparams(zm.circuit));
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_check_opts o;
    plt_check_opts_init(&o);
    /* Three predicted seconds at this build's rates (the sanitizer build's are 8 times
     * slower, PLT_TIME_SCALE 10). */
    o.budget_seconds = 3 * plt_test_time_scale();
    o.skip = "statevector";
    plt_verdict *v = calloc(1, sizeof *v);
    double t0 = plt_clock_seconds();
    plt_expect_ok(plt_check_run(&m, p, NULL, NULL, &o, v));
    double took = plt_clock_seconds() - t0, allowed = 1.1 * o.budget_seconds + 2 * plt_test_time_scale();
    print_message("qcnn 200, budget %g s: %.2f s wall, %.2f s predicted, %zu steps, %s\n",
                  o.budget_seconds, took, v->predicted_total, v->nladder, plt_verdict_status(v));
    assert_true(took <= allowed);
    assert_true(v->predicted_total <= o.budget_seconds);
    assert_true(v->nladder >= 2);
    for (size_t i = 1; i < v->nladder; i++)
        assert_true(v->ladder[i].predicted_seconds <= v->ladder[i - 1].predicted_seconds + 
                    o.budget_seconds);
    /* Every route's reason is the engine's whole message: compare with a direct estimate. */
    size_t compared = 0;
    for (size_t i = 0; i < v->nroutes; i++) {
        const plt_route *r = &v->routes[i];
        if (strcmp(r->engine, "statevector") == 0) {
            assert_non_null(strstr(r->reason, "skipped by request"));
            continue;
        }
        if (r->applies) continue;
        plt_cost c;
        plt_opts eo;
        plt_opts_init(&eo);
        plt_error_clear();
        assert_int_not_equal(plt_engine_estimate(r->engine, &m, &eo, &c), PLT_OK);
        assert_string_equal(r->reason, plt_error_last()->message);
        compared++;
    }
    assert_true(compared >= 2);
    free(v);
    free(p);
    plt_zoo_model_free(&zm);
}

/* gsim's estimate is bounded: hea-global's algebra is su(2^12) (16.7 million), whose closure
 * used to run to the default cap of 2^20 elements. */
static void test_gsim_estimate_cheap(void **state) {
    (void)state;
    plt_zoo_model zm = {0};
    plt_expect_ok(plt_zoo_build("hea-global", 12, 0, 1, 0, &zm));
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_cost c;
    double t0 = plt_clock_seconds();
    plt_expect_error(plt_engine_estimate("gsim", &m, &o, &c), PLT_EUNSUPPORTED, "su(4096)");
    assert_true(plt_clock_seconds() - t0 < 3.0);
    plt_zoo_model_free(&zm);
}

/* hva-tfim at n = 40 through the Pauli-sum route (string algebra so(80), 3160, over the cap):
 * the shared-parameter algebra has dimension n^2 = 1600, found in well under a second
 * (the Gram-Schmidt closure took ~10 s), and the value agrees with the string route. */
static void test_gsim_sum_route_fast(void **state) {
    (void)state;
    plt_zoo_model zm = {0};
    plt_expect_ok(plt_zoo_build("hva-tfim", 40, 0, 1, 0, &zm));
    double *p = draws(plt_circuit_nparams(zm.circuit));
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_test_opts_set(&o, "max-dim", 2000);
    plt_engine *e = NULL;
    double t0 = plt_clock_seconds();
    plt_expect_ok(plt_engine_plan("gsim", &m, &o, &e));
    double took = plt_clock_seconds() - t0;
    plt_stats s;
    plt_engine_stats(e, &s);
    assert_int_equal(s.max_terms, 1600);
    double vb, vs;
    plt_expect_ok(plt_engine_loss(e, p, &vb, NULL));
    plt_engine_free(e);
    assert_true(took < 5.0);
    plt_test_opts_clear(&o); /* the default cap */
    plt_expect_ok(plt_engine_plan("gsim", &m, &o, &e));
    plt_expect_ok(plt_engine_loss(e, p, &vs, NULL));
    plt_engine_free(e);
    plt_expect_close(vb, vs, 1e-9, 1e-9);
    free(p);
    plt_zoo_model_free(&zm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ladder_keeps_budget),
        cmocka_unit_test(test_gsim_estimate_cheap),
        cmocka_unit_test(test_gsim_sum_route_fast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
