/* labels: unit
 * plt_state_parse: every accepted form, and the messages of the rejected ones. */
#include "plateau/plateau.h"
#include "support/test.h"

static char path_buf[4][1024];
static const char *fixture(int slot, const char *prefix, const char *name) {
    const char *root = getenv("PLT_SOURCE_DIR");
    snprintf(path_buf[slot], sizeof path_buf[slot], "%s%s/tests/cli/data/%s", prefix,
             root ? root : "../..", name);
    return path_buf[slot];
}

static void test_zero_and_basis(void **state) {
    (void)state;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse("zero", 3, "--state", &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_ZERO);
    assert_int_equal(plt_state_nqubits(s), 3);
    assert_null(plt_state_bits(s));
    assert_null(plt_state_bloch(s));
    plt_state_free(s);

    plt_expect_ok(plt_state_parse("basis:0110", 4, "--state", &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_BASIS);
    assert_string_equal(plt_state_bits(s), "0110");
    assert_null(plt_state_circuit(s));
    assert_null(plt_state_path(s));
    plt_state_free(s);

    plt_expect_ok(plt_state_new_zero(2, &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_ZERO);
    plt_state_free(s);
    plt_state_free(NULL);

    plt_expect_error(plt_state_parse("basis:011", 4, "--state", &s), PLT_EINVAL,
                     "--state:1:7: the basis state has 3 characters but the circuit has 4 qubits");
    assert_null(s);
    plt_expect_error(plt_state_parse("basis:01x0", 4, "--state", &s), PLT_EPARSE,
                     "--state:1:9: 'x' is not 0 or 1");
    plt_expect_error(plt_state_parse("basis:", 2, "--state", &s), PLT_EINVAL, "0 characters");
    plt_expect_error(plt_state_parse("one", 2, "--state", &s), PLT_EINVAL,
                     "--state: 'one' is not a state (use zero, basis:0110");
    plt_expect_error(plt_state_parse("zero", 0, "--state", &s), PLT_EINVAL, "not 0");
    plt_expect_error(plt_state_parse(NULL, 2, "--state", &s), PLT_EINVAL, "no state given");
}

static void test_product(void **state) {
    (void)state;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(fixture(0, "product:", "plus.bloch"), 3, "--state", &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_PRODUCT);
    const double *b = plt_state_bloch(s);
    assert_non_null(b);
    const double want[9] = {1, 0, 0, 0, 0, -1, 0, 0, 0};
    for (int i = 0; i < 9; i++) plt_expect_close(b[i], want[i], 0, 0);
    plt_state_free(s);

    plt_expect_error(plt_state_parse(fixture(0, "product:", "long.bloch"), 3, "--state", &s),
                     PLT_EINVAL, "long.bloch:2:1: Bloch vector (0, 0, 1.5) has length 1.5");
    plt_expect_error(plt_state_parse(fixture(0, "product:", "short.bloch"), 3, "x", &s),
                     PLT_EINVAL, "2 Bloch vectors for a 3-qubit circuit");
    plt_expect_error(plt_state_parse(fixture(0, "product:", "garbage.bloch"), 3, "x", &s),
                     PLT_EPARSE, "garbage.bloch:2:3: 'zero' is not a finite number");
    plt_expect_error(plt_state_parse(fixture(0, "product:", "plus.bloch"), 2, "x", &s),
                     PLT_EINVAL, "plus.bloch:4:1: more Bloch vectors than the circuit's 2 qubits");
    plt_expect_error(plt_state_parse("product:/nonexistent/b.txt", 2, "--state", &s), PLT_EIO,
                     "--state: cannot read '/nonexistent/b.txt'");
    plt_expect_error(plt_state_parse("product:", 2, "--state", &s), PLT_EINVAL,
                     "--state:1:9: 'product:' names no file");
    assert_null(s);
}

static void test_circuit_and_shadows(void **state) {
    (void)state;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_parse(fixture(0, "qasm:", "prep.qasm"), 3, "--state", &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_CIRCUIT);
    assert_non_null(plt_state_circuit(s));
    assert_int_equal(plt_circuit_nqubits(plt_state_circuit(s)), 3);
    plt_state_free(s);

    plt_expect_error(plt_state_parse(fixture(0, "qasm:", "prep.qasm"), 2, "--state", &s),
                     PLT_EINVAL, "has 3 qubits but the circuit has 2");
    plt_expect_error(plt_state_parse(fixture(0, "qasm:", "prep_param.qasm"), 3, "--state", &s),
                     PLT_EINVAL, "has 1 parameter (a state circuit must have none");
    assert_null(s);

    plt_expect_ok(plt_state_parse(fixture(0, "shadows:", "plus.shadows"), 5, "--state", &s));
    assert_int_equal(plt_state_kind_of(s), PLT_STATE_SHADOWS);
    assert_string_equal(plt_state_path(s), fixture(1, "", "plus.shadows"));
    assert_null(plt_state_bloch(s));
    plt_state_free(s);
    plt_expect_error(plt_state_parse(fixture(0, "shadows:", "plus.shadows"), 4, "--state", &s),
                     PLT_EINVAL, "the shadow data are on 5 qubits but the circuit has 4");
    plt_state_free(s);
    plt_expect_error(plt_state_parse("shadows:/nonexistent/data", 2, "--state", &s), PLT_EIO,
                     "--state: cannot read shadow data '/nonexistent/data'");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_and_basis),
        cmocka_unit_test(test_product),
        cmocka_unit_test(test_circuit_and_shadows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
