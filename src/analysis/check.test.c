/* labels: unit agree */
/* The verdict on a small circuit picks an exact engine whose value is the statevector's. */
#include "plateau/plateau.h"
#include "support/test.h"

static void build(plt_circuit **c, plt_psum **obs) {
    plt_pstring *g = NULL;
    plt_expect_ok(plt_circuit_new(3, c));
    plt_expect_ok(plt_pstring_new(3, &g));
    int k;
    for (int q = 0; q < 3; q++) {
        char name[8];
        snprintf(name, sizeof name, "t%d", q);
        plt_expect_ok(plt_circuit_add_param(*c, name, NAN, &k));
        plt_expect_ok(plt_pstring_set(g, q, 'Y'));
        plt_expect_ok(plt_circuit_add_rotation(*c, g, k, 1.0, 0.0));
        plt_expect_ok(plt_pstring_set(g, q, 'I'));
    }
    int qs[2] = {0, 1}, qs2[2] = {1, 2};
    plt_expect_ok(plt_circuit_add_clifford(*c, PLT_GATE_CZ, qs));
    plt_expect_ok(plt_circuit_add_clifford(*c, PLT_GATE_CX, qs2));
    plt_expect_ok(plt_circuit_add_param(*c, "u", NAN, &k));
    plt_expect_ok(plt_pstring_set(g, 0, 'X'));
    plt_expect_ok(plt_pstring_set(g, 2, 'X'));
    plt_expect_ok(plt_circuit_add_rotation(*c, g, k, 0.5, 0.1));
    plt_pstring_free(g);
    plt_expect_ok(plt_psum_parse("Z0*Z1 + 0.5*X2 - 0.25*Z0*Y1*X2", 3, "test", obs));
}

static void test_small_circuit_exact(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    build(&c, &obs);
    double p[4] = {0.3, -1.1, 2.0, 0.7};
    plt_model m = {c, obs, NULL};
    plt_check_opts o;
    plt_check_opts_init(&o);
    o.budget_seconds = 20;
    plt_verdict *v = calloc(1, sizeof *v);
    assert_non_null(v);
    plt_expect_ok(plt_check_run(&m, p, &m, p, &o, v));
    assert_true(v->simulable);
    assert_true(v->exact);
    plt_expect_close(v->error, 0, 0, 0);
    assert_true(v->nroutes == plt_engine_count());
    plt_engine *e = NULL;
    double ref;
    plt_expect_ok(plt_engine_plan("statevector", &m, NULL, &e));
    plt_expect_ok(plt_engine_loss(e, p, &ref, NULL));
    plt_engine_free(e);
    plt_expect_close(v->value, ref, 1e-10, 1e-12);
    assert_true(v->cross_checked);
    plt_expect_close(v->cross_error, 0, 0, 1e-10);
    /* The chosen route was the cheapest exact one that applied. */
    for (size_t i = 0; i < v->nroutes; i++)
        if (v->routes[i].applies && v->routes[i].cost.exactness == PLT_EXACT &&
            strcmp(v->routes[i].engine, v->engine) == 0)
            assert_non_null(strstr(v->routes[i].reason, "chosen"));
    /* Skipping the chosen engine moves the verdict to another exact one, same value. */
    char first[32];
    snprintf(first, sizeof first, "%s", v->engine);
    o.skip = first;
    plt_expect_ok(plt_check_run(&m, p, NULL, NULL, &o, v));
    if (v->simulable && v->exact) {
        assert_string_not_equal(v->engine, first);
        plt_expect_close(v->value, ref, 1e-10, 1e-12);
    }
    free(v);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

static void test_bad_arguments(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    build(&c, &obs);
    plt_model m = {c, obs, NULL};
    plt_verdict *v = calloc(1, sizeof *v);
    assert_non_null(v);
    plt_expect_error(plt_check_run(&m, NULL, NULL, NULL, NULL, v), PLT_EINVAL, "no values");
    plt_check_opts o;
    plt_check_opts_init(&o);
    o.tolerance = 0;
    double p[4] = {0};
    plt_expect_error(plt_check_run(&m, p, NULL, NULL, &o, v), PLT_EINVAL, "positive");
    free(v);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_circuit_exact),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
