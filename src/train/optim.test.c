/* labels: unit */
/* Optimisers on functions with known minima, and checkpoints that resume exactly. */
#include "support/test.h"

#include <unistd.h>

#include "plateau/train.h"

/* f = sum_i (i + 1) (x_i - c_i)^2 / 2, minimum 0 at c_i = 0.1 i - 0.3. */
static plt_status quadratic(void *ctx, const double *x, double *f, double *g) {
    size_t n = *(size_t *)ctx;
    *f = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - (0.1 * (double)i - 0.3);
        *f += 0.5 * (double)(i + 1) * d * d;
        if (g) g[i] = (double)(i + 1) * d;
    }
    return PLT_OK;
}

/* Rosenbrock in 2 dimensions: minimum 0 at (1, 1). */
static plt_status rosenbrock(void *ctx, const double *x, double *f, double *g) {
    (void)ctx;
    double a = 1 - x[0], b = x[1] - x[0] * x[0];
    *f = a * a + 100 * b * b;
    if (g) {
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
    }
    return PLT_OK;
}

static double run(const plt_optimizer_type *t, plt_objective fn, void *ctx, size_t n, double lr,
                  double momentum, size_t steps, double *x) {
    plt_optimizer_config c;
    plt_optimizer_config_init(&c);
    c.lr = lr;
    c.momentum = momentum;
    plt_optimizer *o = NULL;
    plt_expect_ok(plt_optimizer_new(t, n, &c, &o));
    double f, g[16];
    plt_expect_ok(fn(ctx, x, &f, g));
    for (size_t s = 0; s < steps; s++) plt_expect_ok(plt_optimizer_step(o, fn, ctx, x, &f, g));
    plt_optimizer_free(o);
    return f;
}

static void test_quadratic(void **unused) {
    (void)unused;
    size_t n = 8;
    const plt_optimizer_type *types[] = {&plt_optimizer_adam, &plt_optimizer_sgd,
                                         &plt_optimizer_lbfgs};
    double lrs[] = {0.05, 0.1, 0.1}, steps[] = {3000, 400, 60};
    for (int k = 0; k < 3; k++) {
        double x[8] = {0};
        double f = run(types[k], quadratic, &n, n, lrs[k], 0, (size_t)steps[k], x);
        print_message("%s: f = %g\n", types[k]->name, f);
        /* Adam's steps do not shrink with the gradient: it hovers within ~lr of the minimum. */
        assert_true(f < (k == 0 ? 1e-4 : 1e-10));
        for (size_t i = 0; i < n; i++)
            plt_expect_close(x[i], 0.1 * (double)i - 0.3, 0, k == 0 ? 1e-2 : 1e-5);
    }
    /* Momentum converges faster than plain descent at the same rate. */
    double x0[8] = {0}, x1[8] = {0};
    double f0 = run(&plt_optimizer_sgd, quadratic, &n, n, 0.02, 0, 100, x0);
    double f1 = run(&plt_optimizer_sgd, quadratic, &n, n, 0.02, 0.8, 100, x1);
    assert_true(f1 < f0);
}

static void test_rosenbrock(void **unused) {
    (void)unused;
    double x[2] = {-1.2, 1.0};
    double f = run(&plt_optimizer_lbfgs, rosenbrock, NULL, 2, 0.1, 0, 200, x);
    print_message("lbfgs rosenbrock f = %g at (%g, %g)\n", f, x[0], x[1]);
    assert_true(f < 1e-12);
    plt_expect_close(x[0], 1.0, 0, 1e-6);
    double y[2] = {-1.2, 1.0};
    f = run(&plt_optimizer_adam, rosenbrock, NULL, 2, 0.02, 0, 20000, y);
    print_message("adam rosenbrock f = %g\n", f);
    assert_true(f < 1e-4);
}

/* 20 steps straight against 10 steps, checkpoint, load, 10 more: identical. */
static void test_resume_exact(void **unused) {
    (void)unused;
    const plt_optimizer_type *types[] = {&plt_optimizer_adam, &plt_optimizer_sgd,
                                         &plt_optimizer_lbfgs};
    char path[] = "/tmp/plt_ckpt_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (int k = 0; k < 3; k++) {
        plt_optimizer_config c;
        plt_optimizer_config_init(&c);
        c.lr = k == 1 ? 1e-4 : 0.01;
        c.momentum = k == 1 ? 0.5 : 0;
        c.memory = 3;
        double a[2] = {-1.2, 1.0}, fa, ga[2];
        plt_optimizer *o = NULL;
        plt_expect_ok(plt_optimizer_new(types[k], 2, &c, &o));
        plt_train_opts to = {.steps = 20};
        size_t step = 0;
        plt_expect_ok(plt_train_run(o, rosenbrock, NULL, a, &fa, ga, 0, &step, &to));
        plt_optimizer_free(o);
        assert_int_equal(step, 20);

        double b[2] = {-1.2, 1.0}, fb, gb[2];
        plt_expect_ok(plt_optimizer_new(types[k], 2, &c, &o));
        to = (plt_train_opts){.steps = 10, .checkpoint = path};
        step = 0;
        plt_expect_ok(plt_train_run(o, rosenbrock, NULL, b, &fb, gb, 0, &step, &to));
        plt_optimizer_free(o);
        o = NULL;
        double *x = NULL, *g = NULL, f;
        size_t n;
        plt_expect_ok(plt_checkpoint_load(path, &o, &step, &x, &f, &g, &n));
        assert_int_equal(n, 2);
        assert_int_equal(step, 10);
        assert_string_equal(plt_optimizer_name(o), types[k]->name);
        to.steps = 20;
        plt_expect_ok(plt_train_run(o, rosenbrock, NULL, x, &f, g, 1, &step, &to));
        for (int i = 0; i < 2; i++) plt_expect_close(x[i], a[i], 0, 1e-12);
        assert_true(x[0] == a[0] && x[1] == a[1]); /* bit for bit, in fact */
        plt_expect_close(f, fa, 0, 1e-12);
        plt_optimizer_free(o);
        free(x);
        free(g);
    }
    unlink(path);
}

static volatile sig_atomic_t stop_flag;
static int stop_at_5(void *ctx, const plt_train_progress *p) {
    (void)ctx;
    if (p->step == 5) stop_flag = 1;
    return 0;
}

static void test_stop_flag(void **unused) {
    (void)unused;
    char path[] = "/tmp/plt_ckpt_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    plt_optimizer *o = NULL;
    plt_expect_ok(plt_optimizer_new(&plt_optimizer_adam, 2, NULL, &o));
    double x[2] = {0, 0}, f, g[2];
    size_t step = 0;
    stop_flag = 0;
    plt_train_opts to = {.steps = 100, .checkpoint = path, .stop = &stop_flag,
                         .on_step = stop_at_5};
    plt_expect_error(plt_train_run(o, rosenbrock, NULL, x, &f, g, 0, &step, &to),
                     PLT_EINTERRUPTED, "stopped after step 5");
    plt_optimizer_free(o);
    double *xr, *gr, fr;
    size_t n;
    plt_expect_ok(plt_checkpoint_load(path, &o, &step, &xr, &fr, &gr, &n));
    assert_int_equal(step, 5);
    assert_true(xr[0] == x[0] && xr[1] == x[1]);
    plt_optimizer_free(o);
    free(xr);
    free(gr);
    unlink(path);
}

static void test_bad_checkpoint(void **unused) {
    (void)unused;
    char path[] = "/tmp/plt_ckpt_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "# plateau checkpoint v1\noptimizer adam\nn 2\nstep 3\nconfig 0.01 0.9 "
                       "0.999 1e-8 0 10\nx 1 zz\n";
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    plt_optimizer *o = NULL;
    double *x, *g, f;
    size_t n, step;
    char want[128];
    snprintf(want, sizeof want, "%s:6:5:", path);
    plt_expect_error(plt_checkpoint_load(path, &o, &step, &x, &f, &g, &n), PLT_EPARSE, want);
    assert_null(o);
    unlink(path);
    plt_expect_error(plt_checkpoint_load("/nonexistent/ck", &o, &step, &x, &f, &g, &n), PLT_EIO,
                     "cannot read");
    plt_optimizer_config c;
    plt_optimizer_config_init(&c);
    c.lr = -1;
    plt_expect_error(plt_optimizer_new(&plt_optimizer_adam, 2, &c, &o), PLT_EINVAL,
                     "learning rate");
    assert_null(plt_optimizer_lookup("newton"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quadratic),    cmocka_unit_test(test_rosenbrock),
        cmocka_unit_test(test_resume_exact), cmocka_unit_test(test_stop_flag),
        cmocka_unit_test(test_bad_checkpoint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
