/* labels: props */
/* Properties of the fermion engine: refusals name the op and the reason; gradients
 * equal finite differences (also past the state vector's reach); conserved quantities
 * and light cones at hundreds of qubits; the cost estimate. */
#include "engines/fermion/fermion_testutil.h"

static plt_circuit *circuit_of(int n, const char *gen) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    ft_add_params(c, 1);
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(gen, n, NULL, &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, 0, 1.0, 0.0));
    plt_pstring_free(p);
    return c;
}

static void expect_refusal(const plt_model *m, const char *needle) {
    double l, prm[4] = {0.3, 0.1, 0.2, 0.4};
    plt_expect_error(ft_fermion(m, prm, &l, NULL), PLT_EUNSUPPORTED, needle);
    plt_opts o;
    plt_opts_init(&o);
    plt_cost cost;
    plt_expect_error(plt_engine_fermion.estimate(m, &o, &cost), PLT_EUNSUPPORTED, needle);
}

static void refusals(void **state) {
    (void)state;
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("Z0", 4, "test", &obs));
    /* A single X rotation is a product of 3 Majoranas (odd: it breaks parity). */
    plt_circuit *c = circuit_of(4, "X1");
    plt_model m = {c, obs, NULL};
    expect_refusal(&m, "op 0 (rotation about X1) is not a matchgate");
    expect_refusal(&m, "product of 3 Majoranas, odd");
    plt_circuit_free(c);
    /* ZZ is quartic. */
    m.circuit = c = circuit_of(4, "Z0*Z2");
    expect_refusal(&m, "product of 4 Majoranas, more than 2");
    plt_circuit_free(c);
    /* H then a Z rotation: absorbing H turns Z0 into X0; the op index is the original. */
    plt_expect_ok(plt_circuit_new(4, &c));
    ft_add_params(c, 1);
    int q[2] = {0, 0};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_X, q));
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, q));
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse("X1*X2", 4, NULL, &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, 0, 1.0, 0.0));
    plt_pstring_free(p);
    plt_expect_ok(plt_pstring_parse("Z0", 4, NULL, &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, 0, 1.0, 0.0));
    plt_pstring_free(p);
    m.circuit = c;
    expect_refusal(&m, "op 3 (rotation about Z0, which becomes X0 once the Cliffords");
    plt_circuit_free(c);
    /* A general unitary. */
    plt_expect_ok(plt_circuit_new(4, &c));
    double u[8] = {1, 0, 0, 0, 0, 0, 1, 0};
    plt_expect_ok(plt_circuit_add_unitary(c, 1, q, u));
    m.circuit = c;
    expect_refusal(&m, "op 0 is a general 1-qubit unitary");
    plt_circuit_free(c);
    /* A product state is not a basis state. */
    m.circuit = c = circuit_of(4, "X0*X1");
    char path[] = "/tmp/plt_fermion_props_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("1 0 0\n0 0 1\n0 0 1\n0 0 1\n", fp);
    fclose(fp);
    char spec[64];
    snprintf(spec, sizeof spec, "product:%s", path);
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(spec, 4, "test", &s));
    m.state = s;
    expect_refusal(&m, "not from a product state");
    remove(path);
    plt_state_free(s);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* Central differences on a circuit too large for the state vector, with quartic and
 * sextic observable terms (Pfaffian gradients) and long-range generators. */
static void gradient_vs_differences(void **state) {
    (void)state;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    const int ns[] = {6, 40};
    for (size_t ni = 0; ni < 2; ni++) {
        int n = ns[ni], np = 4;
        plt_circuit *c = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        ft_add_params(c, np);
        for (int i = 0; i < 6 * n; i++) {
            int k[2];
            ft_pick(&r, n, 2, k);
            plt_pstring *p = ft_monomial(n, k, 2);
            plt_expect_ok(plt_circuit_add_rotation(c, p, plt_test_rng_int(&r, np),
                                                   2 * plt_test_rng_uniform(&r) - 1, 0.3));
            plt_pstring_free(p);
        }
        plt_psum *obs = NULL;
        plt_expect_ok(plt_psum_new(n, &obs));
        for (int d = 2; d <= 6; d += 2) {
            int k[6];
            ft_pick(&r, n, d, k);
            plt_pstring *p = ft_monomial(n, k, d);
            plt_expect_ok(plt_psum_add(obs, p, 1.0 / d, 0.0));
            plt_pstring_free(p);
        }
        plt_model m = {c, obs, NULL};
        double prm[4], g[4], l, up, dn;
        for (int k = 0; k < np; k++) prm[k] = 2 * plt_test_rng_uniform(&r) - 1;
        plt_expect_ok(ft_fermion(&m, prm, &l, g));
        for (int k = 0; k < np; k++) {
            const double h = 1e-5, p0 = prm[k];
            prm[k] = p0 + h;
            plt_expect_ok(ft_fermion(&m, prm, &up, NULL));
            prm[k] = p0 - h;
            plt_expect_ok(ft_fermion(&m, prm, &dn, NULL));
            prm[k] = p0;
            plt_expect_close(g[k], (up - dn) / (2 * h), 0, 1e-7);
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

static plt_state *neel(int n) {
    char *spec = malloc((size_t)n + 8);
    strcpy(spec, "basis:");
    for (int q = 0; q < n; q++) spec[6 + q] = (char)('0' + (q & 1));
    spec[6 + n] = 0;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(spec, n, "test", &s));
    free(spec);
    return s;
}

/* XX + YY and Z rotations conserve sum_i Z_i: its loss stays at the Neel state's value
 * and its gradient is zero, at any angles. */
static void conserved_number(void **state) {
    (void)state;
    int n = 301, layers = 4;
    plt_circuit *c = ft_hva(n, layers);
    plt_psum *obs = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &obs));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int q = 0; q < n; q++) {
        plt_expect_ok(plt_pstring_set(p, q, 'Z'));
        plt_expect_ok(plt_psum_add(obs, p, 1.0, 0.0));
        plt_expect_ok(plt_pstring_set(p, q, 'I'));
    }
    plt_pstring_free(p);
    plt_state *s = neel(n);
    plt_model m = {c, obs, s};
    double prm[8] = {0.3, 0.9, -0.4, 1.3, 0.2, -0.7, 0.5, 0.8}, g[8], l;
    plt_expect_ok(ft_fermion(&m, prm, &l, g));
    /* 151 qubits in |0> (Z = +1), 150 in |1>. */
    plt_expect_close(l, 1.0, 0, 1e-9);
    for (int k = 0; k < 2 * layers; k++) plt_expect_close(g[k], 0.0, 0, 1e-9);
    plt_state_free(s);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Z_0 X_1 X_2... after L HVA layers depends only on qubits within its light cone: the
 * 300-qubit fermion result equals the 12-qubit state vector's. */
static void light_cone(void **state) {
    (void)state;
    int layers = 2, small = 12, big = 300;
    double prm[4] = {0.4, -0.8, 1.1, 0.6}, lb, ls, gb[4], gs[4];
    const char *text = "0.5*X3*X4 + Y3*Y4 - 0.3*X2*Z3*Z4*X5 + 0.7*Z3*Z5";
    plt_circuit *cb = ft_hva(big, layers), *cs = ft_hva(small, layers);
    plt_psum *ob = NULL, *os = NULL;
    plt_expect_ok(plt_psum_parse(text, big, "test", &ob));
    plt_expect_ok(plt_psum_parse(text, small, "test", &os));
    plt_state *sb = neel(big), *ss = neel(small);
    plt_model mb = {cb, ob, sb}, ms = {cs, os, ss};
    plt_expect_ok(ft_fermion(&mb, prm, &lb, gb));
    ft_engine("statevector", &ms, prm, &ls, gs);
    plt_expect_close(lb, ls, 0, 1e-10);
    for (int k = 0; k < 2 * layers; k++) plt_expect_close(gb[k], gs[k], 0, 1e-10);
    plt_state_free(sb);
    plt_state_free(ss);
    plt_psum_free(ob);
    plt_psum_free(os);
    plt_circuit_free(cb);
    plt_circuit_free(cs);
}

static void estimate_and_registry(void **state) {
    (void)state;
    int n = 50;
    plt_circuit *c = ft_hva(n, 2);
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse("X0*X1 + Z3*Z4", n, "test", &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_cost cost;
    plt_expect_ok(plt_engine_fermion.estimate(&m, &o, &cost));
    double mat = 2.0 * (2.0 * n) * (2.0 * n) * 8.0;
    assert_true(cost.bytes >= mat && cost.bytes < 1.5 * mat);
    assert_int_equal(cost.exactness, PLT_EXACT);
    assert_true(cost.seconds > 0);
    /* A budget below the matrices is refused before allocating. */
    o.max_memory = mat / 2;
    plt_expect_error(plt_engine_fermion.estimate(&m, &o, &cost), PLT_ETOOBIG, "fermion");
    void *st = NULL;
    plt_expect_error(plt_engine_fermion.plan(&st, &m, &o), PLT_ETOOBIG, "fermion");
    assert_null(st);
    /* The engine is registered (once), and the public route gives the same numbers. */
    int registered = 0;
    for (size_t i = 0; i < plt_engine_count(); i++)
        registered += strcmp(plt_engine_name(i), "fermion") == 0;
    assert_int_equal(registered, 1);
    double prm[4] = {0.1, 0.2, 0.3, 0.4}, l1, l2, g1[4], g2[4];
    ft_engine("fermion", &m, prm, &l1, g1);
    plt_expect_ok(ft_fermion(&m, prm, &l2, g2));
    plt_expect_close(l1, l2, 0, 0);
    for (int k = 0; k < 4; k++) plt_expect_close(g1[k], g2[k], 0, 0);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals),
        cmocka_unit_test(gradient_vs_differences),
        cmocka_unit_test(conserved_number),
        cmocka_unit_test(light_cone),
        cmocka_unit_test(estimate_and_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
