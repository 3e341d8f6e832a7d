/* plateau train: minimise <O> or a classification loss with an optimiser over an engine,
 * with progress on a terminal, history files, checkpoints and a clean stop on signals. */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/json.h"
#include "cli/opts.h"
#include "cli/settings_opts.h"

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

typedef struct history {
    size_t n, cap;
    double *rows; /* step, loss, grad_norm, seconds */
    int progress;
    double last_print;
} history;

static int record(void *ctx, const plt_train_progress *p) {
    history *h = ctx;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 256;
        double *r = realloc(h->rows, cap * 4 * sizeof *r);
        if (!r) return 0; /* history is a convenience: keep training without it */
        h->rows = r;
        h->cap = cap;
    }
    double *row = h->rows + 4 * h->n++;
    row[0] = (double)p->step, row[1] = p->loss, row[2] = p->grad_norm, row[3] = p->seconds;
    if (h->progress && (p->seconds - h->last_print >= 0.1 || p->step == 0)) {
        h->last_print = p->seconds;
        fprintf(stderr, "\rstep %-8zu loss %-16.10g |grad| %-12.4g %8.1fs", p->step, p->loss,
                p->grad_norm, p->seconds);
        fflush(stderr);
    }
    return 0;
}

static int write_history(const history *h, const char *prefix) {
    size_t len = strlen(prefix) + 6;
    char *path = malloc(len);
    if (!path) return cli_error("--history: out of memory");
    snprintf(path, len, "%s.csv", prefix);
    FILE *f = fopen(path, "w");
    if (!f) {
        int r = cli_error("--history: cannot write '%s'", path);
        free(path);
        return r;
    }
    fprintf(f, "step,loss,grad_norm,seconds\n");
    for (size_t i = 0; i < h->n; i++) {
        const double *r = h->rows + 4 * i;
        fprintf(f, "%.0f,%.17g,%.17g,%.6f\n", r[0], r[1], r[2], r[3]);
    }
    int bad = fclose(f) != 0;
    snprintf(path, len, "%s.json", prefix);
    f = bad ? NULL : fopen(path, "w");
    if (!f) {
        int r = cli_error("--history: cannot write '%s'", path);
        free(path);
        return r;
    }
    cli_json w;
    cli_json_init(&w, f);
    cli_json_begin_object(&w, NULL);
    static const char *const names[4] = {"step", "loss", "grad_norm", "seconds"};
    for (int k = 0; k < 4; k++) {
        cli_json_begin_array(&w, names[k]);
        for (size_t i = 0; i < h->n; i++) cli_json_num(&w, NULL, h->rows[4 * i + k]);
        cli_json_end_array(&w);
    }
    cli_json_end_object(&w);
    bad = fclose(f) != 0;
    if (bad) {
        int r = cli_error("--history: error writing '%s'", path);
        free(path);
        return r;
    }
    free(path);
    return 0;
}

static int init_params(const char *init, int seed, double *x, size_t n) {
    plt_rng r;
    plt_rng_seed(&r, (uint64_t)seed);
    double eps = M_PI;
    if (strcmp(init, "zeros") == 0) {
        for (size_t i = 0; i < n; i++) x[i] = 0;
        return 0;
    }
    if (strncmp(init, "small-angle:", 12) == 0) {
        if (cli_strtod(init + 12, &eps) || !(eps > 0))
            return cli_error("--init: '%s' needs a positive angle (e.g. small-angle:0.1)", init);
    } else if (strcmp(init, "uniform") != 0) {
        return cli_error("--init: '%s' is not one of zeros, uniform, small-angle:EPS", init);
    }
    for (size_t i = 0; i < n; i++) x[i] = plt_rng_symmetric(&r, eps);
    return 0;
}

/* The fewest digits that read back as v, so 0.01 prints as 0.01. */
static void shortest(char *buf, size_t cap, double v) {
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, cap, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

int cli_cmd_train(const cli_command *self, int argc, char **argv) {
    const char *obs_text = NULL, *data_path = NULL, *engine = "auto", *init = "uniform";
    const char *ckpt = NULL, *resume = NULL, *hist = NULL, *state_spec = NULL;
    /* -1 and NaN: not given, so a resume can tell an explicit choice from the default. */
    int optimizer = -1, steps = -1, seed = 1, every = 0, json = 0, loss_kind = 0, threads = 0;
    double lr = NAN;
    const cli_opt opts[] = {
        {"--obs", CLI_STRING, "EXPR", "the observable O, a Pauli sum", &obs_text, 0, 0},
        {"--data", CLI_STRING, "FILE", "labelled data: 'LABEL STATE' a line", &data_path, 0, 0},
        {"--state", CLI_STRING, "S", "the state without --data (default zero)", &state_spec, 0, 0},
        {"--loss", CLI_CHOICE, "mse|xent", "classification loss with --data (default mse)",
         &loss_kind, 0, 0},
        {"--engine", CLI_STRING, "NAME", "an engine, or auto (default)", &engine, 0, 0},
        {"--optimizer", CLI_CHOICE, "adam|sgd|lbfgs",
         "the optimiser (default adam; a resume keeps the checkpoint's)", &optimizer, 0, 0},
        {"--steps", CLI_INT, "N", "total number of steps", &steps, 0, 1e9},
        {"--lr", CLI_NUMBER, "X", "learning rate (default 0.01; a resume keeps the checkpoint's)",
         &lr, 1e-300, 1e6},
        {"--seed", CLI_INT, "s", "seed of the initial parameters (default 1)", &seed, 0,
         2147483647},
        {"--init", CLI_STRING, "I", "zeros, uniform (in [-pi, pi], default) or small-angle:EPS",
         &init, 0, 0},
        {"--checkpoint", CLI_STRING, "F", "checkpoint file (also written on SIGINT/SIGTERM)",
         &ckpt, 0, 0},
        {"--checkpoint-every", CLI_INT, "K", "write the checkpoint every K steps", &every, 1,
         1e9},
        {"--resume", CLI_STRING, "F",
         "continue from a checkpoint; another --optimizer or --lr is an error", &resume, 0, 0},
        {"--history", CLI_STRING, "PREFIX", "write PREFIX.csv and PREFIX.json", &hist, 0, 0},
        {"--threads", CLI_INT, "T", "OpenMP threads of the engine (0 = all cores, the default)",
         &threads, 0, 4096},
        {"--json", CLI_FLAG, "", "print one JSON object at the end", &json, 0, 0},
    };
    cli_settings_opts so;
    cli_settings_opts_make(&so, opts, sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int npos;
    int r = cli_parse(self, so.opts, so.n, argc, argv, pos, 1, &npos);
    if (r == CLI_HELP) return 0;
    if (r) return 1;
    if (npos < 1) return cli_error("train: missing the circuit FILE.qasm");
    if (!obs_text) return cli_error("train: missing --obs EXPR (the observable to minimise)");
    if (steps < 0) return cli_error("train: missing --steps N");
    if (data_path && state_spec)
        return cli_error("--state: not with --data (each example gives its own state)");
    if (!ckpt && resume) ckpt = resume;

    static const char *const optimizers[] = {"adam", "sgd", "lbfgs"};
    plt_circuit *c = NULL;
    plt_psum *obs = NULL;
    plt_state *st = NULL;
    plt_dataset *data = NULL;
    plt_train_loss *loss = NULL;
    plt_settings *settings = NULL;
    plt_optimizer *opt = NULL;
    double *x = NULL, *g = NULL, f = NAN;
    history h = {0};
    int status = 1, have_fg = 0;
    size_t step = 0, np = 0;
    struct sigaction sa, old_int, old_term;
    int handlers = 0;

    if (plt_qasm_read_file(pos[0], &c, NULL)) goto lib_fail;
    int n = plt_circuit_nqubits(c);
    np = (size_t)plt_circuit_nparams(c);
    if (np == 0) {
        status = cli_error("%s: the circuit has no parameters (declare them with `input float[64] "
                           "NAME;`, or use parameterised gates)", pos[0]);
        goto done;
    }
    if (plt_psum_parse_hermitian(obs_text, n, "--obs", &obs)) goto lib_fail;
    if (state_spec && plt_state_parse(state_spec, n, "--state", &st)) goto lib_fail;
    if (data_path && plt_dataset_read_file(data_path, n, &data)) goto lib_fail;
    plt_opts o;
    plt_opts_init(&o);
    if (cli_settings_collect(&so, &settings)) goto done;
    o.settings = settings;
    o.threads = threads;
    plt_loss_kind kind = !data ? PLT_LOSS_EXPECT : loss_kind ? PLT_LOSS_XENT : PLT_LOSS_MSE;
    if (plt_train_loss_new(c, obs, st, data, kind, engine, &o, &loss)) goto lib_fail;

    if (resume) {
        size_t nn;
        if (plt_checkpoint_load(resume, &opt, &step, &x, &f, &g, &nn)) goto lib_fail;
        /* The checkpoint's optimiser state is what makes the resume exact: another choice
         * cannot continue it, and running the saved one regardless would ignore the user. */
        const char *saved = plt_optimizer_name(opt);
        if (optimizer >= 0 && strcmp(optimizers[optimizer], saved) != 0) {
            status = cli_error("--resume: %s was written by %s; --optimizer %s differs: drop "
                               "--optimizer or pass --optimizer %s", resume, saved,
                               optimizers[optimizer], saved);
            goto done;
        }
        double saved_lr = plt_optimizer_get_config(opt)->lr;
        if (!isnan(lr) && lr != saved_lr) {
            char a[32], b[32];
            shortest(a, sizeof a, saved_lr);
            shortest(b, sizeof b, lr);
            status = cli_error("--resume: %s was written with --lr %s; --lr %s differs: drop --lr "
                               "or pass --lr %s", resume, a, b, a);
            goto done;
        }
        if (nn != np) {
            status = cli_error("%s: the checkpoint has %zu parameters but %s has %zu (resume with "
                               "the same circuit)", resume, nn, pos[0], np);
            goto done;
        }
        have_fg = 1;
    } else {
        x = malloc(np * sizeof *x);
        g = malloc(np * sizeof *g);
        if (!x || !g) {
            status = cli_error("plateau: out of memory for %zu parameters", np);
            goto done;
        }
        if (init_params(init, seed, x, np)) goto done;
        plt_optimizer_config cfg;
        plt_optimizer_config_init(&cfg);
        cfg.lr = isnan(lr) ? 0.01 : lr;
        if (plt_optimizer_new(plt_optimizer_lookup(optimizers[optimizer < 0 ? 0 : optimizer]), np,
                              &cfg, &opt))
            goto lib_fail;
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    handlers = 1;
    h.progress = isatty(fileno(stderr));
    plt_train_opts to = {.steps = (size_t)steps, .checkpoint = ckpt,
                         .checkpoint_every = (size_t)every, .stop = &stop_requested,
                         .on_step = record, .ctx = &h};
    double t0 = plt_clock_seconds();
    plt_status rs = plt_train_run(opt, plt_train_loss_eval, loss, x, &f, g, have_fg, &step, &to);
    if (h.progress && h.n) fputc('\n', stderr);
    if (rs == PLT_EINTERRUPTED && !ckpt) {
        /* Nothing may be lost: an interrupted run without --checkpoint still saves one. */
        const char *fallback = "plateau-train.ckpt";
        if (plt_checkpoint_save(fallback, opt, step, x, f, g)) goto lib_fail;
        if (hist) write_history(&h, hist);
        status = cli_error("plateau train: interrupted after step %zu; checkpoint written to %s "
                           "(resume with --resume %s)", step, fallback, fallback);
        goto done;
    }
    if (rs == PLT_EINTERRUPTED) {
        if (hist) write_history(&h, hist);
        status = cli_error("plateau train: interrupted after step %zu; checkpoint written to %s "
                           "(resume with --resume %s)", step, ckpt, ckpt);
        goto done;
    }
    if (rs) goto lib_fail;
    double seconds = plt_clock_seconds() - t0, acc = NAN;
    if (data && plt_train_loss_accuracy(loss, x, &acc)) goto lib_fail;
    if (hist && write_history(&h, hist)) goto done;
    double gn = 0;
    for (size_t i = 0; i < np; i++) gn += g[i] * g[i];
    gn = sqrt(gn);
    if (json) {
        cli_json w;
        cli_json_init(&w, stdout);
        cli_json_begin_object(&w, NULL);
        cli_json_num(&w, "final_loss", f);
        cli_json_uint(&w, "steps", step);
        cli_json_num(&w, "gradient_norm", gn);
        cli_json_str(&w, "optimizer", plt_optimizer_name(opt));
        cli_json_str(&w, "engine", plt_train_loss_engine(loss));
        if (data) cli_json_num(&w, "accuracy", acc);
        cli_json_num(&w, "seconds", seconds);
        cli_json_begin_array(&w, "parameters");
        for (size_t i = 0; i < np; i++) cli_json_num(&w, NULL, x[i]);
        cli_json_end_array(&w);
        cli_json_end_object(&w);
    } else {
        printf("engine         %s\n", plt_train_loss_engine(loss));
        printf("optimizer      %s, %zu steps\n", plt_optimizer_name(opt), step);
        printf("final loss     %.12g\n", f);
        printf("gradient norm  %.6g\n", gn);
        if (data) printf("accuracy       %.4f (training set)\n", acc);
        printf("seconds        %.3f\n", seconds);
        printf("parameters    ");
        for (size_t i = 0; i < np; i++) printf(" %.17g", x[i]);
        printf("\n");
    }
    status = 0;
    goto done;
lib_fail:
    status = cli_fail_lib();
done:
    plt_settings_free(settings);
    if (handlers) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
    free(h.rows);
    plt_optimizer_free(opt);
    plt_train_loss_free(loss);
    plt_dataset_free(data);
    plt_state_free(st);
    plt_psum_free(obs);
    plt_circuit_free(c);
    free(x);
    free(g);
    return status;
}
