/* labels: unit
 * Noise in the verdict and the scan: a noisy verdict's value is that of the exact density
 * matrix and is cross-checked against it; engines that cannot model noise are listed as
 * refusing, with why; noise lowers the scanned variances at the same size and draws. */
#include "plateau/plateau.h"
#include "support/test.h"

/* The global-cost HEA at 5 qubits with depolarising noise 0.05 and dephasing 0.02. */
static void test_noisy_verdict_matches_density(void **state) {
    (void)state;
    plt_zoo_model zm = {0};
    plt_expect_ok(plt_zoo_build("hea-global", 5, 0, 1, 0, &zm));
    const int np = plt_circuit_nparams(zm.circuit);
    double *x = calloc((size_t)np, sizeof *x);
    plt_rng r;
    plt_rng_seed(&r, plt_test_seed());
    for (int k = 0; k < np; k++) x[k] = plt_rng_symmetric(&r, zm.param_range);
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_check_opts co;
    plt_check_opts_init(&co);
    co.noise = 0.05;
    co.dephasing = 0.02;
    co.budget_seconds = 30;
    plt_verdict *v = calloc(1, sizeof *v);
    plt_expect_ok(plt_check_run(&m, x, &m, x, &co, v));
    print_message("noisy hea-global n=5: %s by %s (%s), value %.12g; %s\n", plt_verdict_status(v),
                  v->engine, v->setting, v->value, v->cross_note);
    assert_true(v->simulable);
    plt_expect_close(v->noise, 0.05, 0, 0);
    plt_expect_close(v->dephasing, 0.02, 0, 0);
    /* Only an engine that models the same noise can be the reference. */
    assert_true(v->cross_passed);
    assert_true(strcmp(v->engine, "density") == 0 ||
                strcmp(v->cross_reference_engine, "density") == 0);

    plt_opts o;
    plt_opts_init(&o);
    o.noise = 0.05;
    o.dephasing = 0.02;
    plt_engine *e = NULL;
    double want, clean;
    plt_expect_ok(plt_engine_plan("density", &m, &o, &e));
    plt_expect_ok(plt_engine_loss(e, x, &want, NULL));
    plt_engine_free(e);
    plt_expect_close(v->value, want, 0, 1e-10);
    /* and it is not the noiseless value */
    plt_expect_ok(plt_engine_plan("statevector", &m, NULL, &e));
    plt_expect_ok(plt_engine_loss(e, x, &clean, NULL));
    plt_engine_free(e);
    assert_true(fabs(clean - want) > 1e-6);

    /* Engines that cannot model noise are listed as not applying, saying so. */
    size_t refusing = 0;
    for (size_t i = 0; i < v->nroutes; i++) {
        const plt_route *rt = &v->routes[i];
        if (strcmp(rt->engine, "statevector") && strcmp(rt->engine, "gsim") &&
            strcmp(rt->engine, "lightcone") && strcmp(rt->engine, "fermion"))
            continue;
        assert_false(rt->applies);
        assert_non_null(strstr(rt->reason, "does not model noise"));
        assert_non_null(strstr(rt->reason, "density"));
        refusing++;
    }
    assert_int_equal(refusing, 4);
    free(v);
    free(x);
    plt_zoo_model_free(&zm);
}

/* Bad noise is an error of the input, not a verdict. */
static void test_bad_noise(void **state) {
    (void)state;
    plt_zoo_model zm = {0};
    plt_expect_ok(plt_zoo_build("hea-local", 3, 1, 1, 0, &zm));
    double *x = calloc((size_t)plt_circuit_nparams(zm.circuit), sizeof *x);
    plt_model m = {zm.circuit, zm.obs, NULL};
    plt_check_opts co;
    plt_check_opts_init(&co);
    co.noise = 1.5;
    plt_verdict v;
    plt_expect_error(plt_check_run(&m, x, NULL, NULL, &co, &v), PLT_EINVAL, "noise 1.5");
    plt_bp_opts bo;
    plt_bp_opts_init(&bo);
    bo.dephasing = -0.1;
    plt_bp_result *res = NULL;
    int sizes[1] = {3};
    plt_expect_error(plt_bp_scan_zoo("hea-local", sizes, 1, 1, 0, &bo, &res), PLT_EINVAL,
                     "dephasing -0.1");
    free(x);
    plt_zoo_model_free(&zm);
}

/* The same draws with noise: every operator the loss sees is damped, so the variances of the
 * loss and of the gradient fall (hea-local at 4 qubits, 2 layers). */
static void test_noisy_scan_lower_variance(void **state) {
    (void)state;
    int sizes[1] = {4};
    plt_bp_opts o;
    plt_bp_opts_init(&o);
    o.samples = 60;
    o.max_seconds = 0;
    o.dla_max_dim = 0;
    plt_bp_result *clean = NULL, *noisy = NULL;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 1, 2, 0, &o, &clean));
    o.noise = 0.1;
    plt_expect_ok(plt_bp_scan_zoo("hea-local", sizes, 1, 2, 0, &o, &noisy));
    const plt_bp_point *a = &clean->points[0], *b = &noisy->points[0];
    print_message("Var[L] %.4g -> %.4g, mean Var[dL] %.4g -> %.4g (%s, %s)\n", a->loss.var,
                  b->loss.var, a->grad_mean.var, b->grad_mean.var, a->engine, b->engine);
    assert_int_equal(b->route, PLT_BP_EXACT);
    assert_true(b->loss.var < a->loss.var);
    assert_true(b->grad_mean.var < a->grad_mean.var);
    /* The exact noisy route is an engine that models noise. */
    assert_true(strcmp(b->engine, "pauliprop") == 0 || strcmp(b->engine, "density") == 0);
    assert_non_null(strstr(b->dla_note, "noiseless"));
    plt_bp_result_free(clean);
    plt_bp_result_free(noisy);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noisy_verdict_matches_density),
        cmocka_unit_test(test_bad_noise),
        cmocka_unit_test(test_noisy_scan_lower_variance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
