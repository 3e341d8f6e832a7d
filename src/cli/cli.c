/* The command table and dispatch: `plateau COMMAND [options] files...`. */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"

static const cli_command commands[] = {
    {"run", "the main job: the quick zoo report into out/ and its summary table", cli_cmd_run,
     "Usage: plateau run [--out DIR] [--seed S] [--budget-seconds T] [--table full|brief]\n"
     "       [--json]\n"
     "\n"
     "Runs `plateau report --quick` on the built-in zoo (hea-global, hea-local, qcnn,\n"
     "hva-tfim, xy-matchgate, hea-small-angle): barren-plateau scans at n = 4..12 with\n"
     "100 draws, verdicts at n = 200 (tolerance 1e-2) cross-checked against the\n"
     "statevector at n = 8, all within --budget-seconds (default 60). Writes\n"
     "DIR/report.html and DIR/report.md (default out/) and prints the summary table and\n"
     "the findings. --table brief prints only the columns any machine reproduces (what\n"
     "tools/readme_table.sh puts in the README).\n"},
    {"info", "describe a circuit: qubits, gates, parameters, depth, generators", cli_cmd_info,
     "Usage: plateau info FILE.qasm [--json] [--params-from-angles]\n"
     "\n"
     "Reads an OpenQASM 2 or 3 file and prints its number of qubits, its operations\n"
     "(Clifford gates by name, Pauli rotations by generator weight), its depth, its\n"
     "parameters in declaration order with their generators, and what was ignored\n"
     "(measure, barrier).\n"},
    {"simulate", "evaluate a model's loss (and gradient) with an engine", cli_cmd_simulate,
     "Usage: plateau simulate FILE.qasm --obs EXPR|--obs-file F [--params v1,v2,...|\n"
     "       --params-file F] [--state S] [--engine NAME] [--grad] [--grad-method M]\n"
     "       [--max-memory BYTES] [--threads T] [--params-from-angles] [--json]\n"
     "\n"
     "Evaluates <psi| U(params)^dag O U(params) |psi> for the circuit U of FILE.qasm,\n"
     "the observable O (a Pauli sum such as '0.5*Z0*Z1 - X3' or 'ZZII') and the state\n"
     "psi (default |0...0>). Parameter values are given in declaration order; without\n"
     "--params the circuit's own initial values are used (see --params-from-angles).\n"
     "\n"
     "States: zero, basis:0110 (character k is qubit k), product:FILE (one Bloch\n"
     "vector 'bx by bz' a line), qasm:FILE.qasm (a preparation circuit without\n"
     "parameters), vector:FILE (2^n amplitudes: text 're im' a line, or a .npy array\n"
     "of complex128 from numpy.save; basis state k is line k, qubit q is bit q of k),\n"
     "shadows:FILE (measured data), expect:FILE (measured expectation values, one\n"
     "'STRING VALUE' a line, e.g. 'Z0*Z1 0.42'; pauliprop and gsim).\n"},
    {"bp", "barren-plateau scan: gradient variance against n, fits and a decision", cli_cmd_bp,
     "Usage: plateau bp FAMILY [--sizes 4,6,...,N] [--samples S] [--seed s] [--layers L]\n"
     "       [--eps E] [--level P] [--budget-seconds T] [--max-memory B]\n"
     "       [--noise P] [--dephasing P] [--json]\n"
     "       plateau bp FILE1.qasm FILE2.qasm ... --obs EXPR [--range R] [...]\n"
     "\n"
     "For each size, draws S parameter vectors uniformly in [-r, r] (r from the zoo\n"
     "family: pi, or eps for hea-small-angle) and evaluates the loss and its full gradient\n"
     "with the cheapest route that fits memory and the size's share of --budget-seconds\n"
     "(default 60): an exact engine, else Pauli propagation truncated to fit, whose\n"
     "rigorous error bound eps widens that size's Var[L] interval and whose gradient\n"
     "variances are marked estimated (*). A size that cannot be done is skipped with the\n"
     "reason; the decision uses the others and says so. The budget is planned on predicted\n"
     "cost, never a stopwatch (same input, same points, idle or loaded); a wall-clock guard\n"
     "stops a size whose prediction was badly off, so the scan returns within T + 10 % + 2 s.\n"
     "Prints Var[L], Var[dL/dtheta_0] and the mean over k of Var[dL/dtheta_k] with\n"
     "distribution-free confidence intervals, then fits log Var against n (exponential\n"
     "decay) and against log n (power law) by weighted least squares and decides:\n"
     "exponential (a barren plateau), polynomial or inconclusive, with the evidence. The\n"
     "Lie-algebraic prediction of Var[L] for deep circuits is shown when the DLA closes\n"
     "below 1024 elements within its share of the budget.\n"
     "--noise P and --dephasing P scan the noisy model (channels after each op on its\n"
     "qubits, as in 'plateau simulate'): routes are the engines that model noise, and\n"
     "the Lie-algebraic prediction, for noiseless circuits, is not made.\n"},
    {"model", "write a zoo model family as PREFIX.qasm and PREFIX.obs (--list: families)",
     cli_cmd_model,
     "Usage: plateau model NAME --qubits N [--layers L] [--seed S] [--eps E] [--out PREFIX]\n"
     "       plateau model --list\n"
     "\n"
     "Builds a family of the model zoo (barren-plateau-free models and counter-examples)\n"
     "and writes its circuit as OpenQASM 3 (PREFIX.qasm, one 'input float[64]' per\n"
     "parameter) and its observable as a Pauli sum (PREFIX.obs). --list names them.\n"},
    {"dla", "dynamical Lie algebra: dimension, centre, ideals, variance prediction", cli_cmd_dla,
     "Usage: plateau dla --generators \"X0*X1, Z0, (X0 + X1 + X2)\" [--qubits N] [--max-dim D]\n"
     "       [--state S --obs EXPR] [--basis] [--json]\n"
     "       plateau dla FILE.qasm [--max-dim D] [--state S --obs EXPR] [--basis] [--json]\n"
     "       plateau dla --model FAMILY --qubits N [--layers L] [--budget-seconds T] [...]\n"
     "\n"
     "The Lie algebra of the generators (a parenthesised Pauli sum is one generator, as\n"
     "for a parameter shared by several gates) or of a circuit's parameter generators\n"
     "after Clifford absorption. Pauli-string generators without --basis, --state or --obs\n"
     "are classified from their anticommutation structure (type such as so(48) or\n"
     "4*su(2) + u(1), exact dimension, microseconds); otherwise the basis is built by Lie\n"
     "closure, within --budget-seconds (default 60) counted as work (brackets at a fixed\n"
     "rate, so the same input stops at the same place on any machine; progress on a\n"
     "terminal). Prints the dimension (or '>= K' when the closure stops at --max-dim or at\n"
     "the budget), whether it is su(2^n), the centre and simple ideals, the g-purities\n"
     "P_g(rho), P_g(O) (Ragone et al. 2024, Tr-orthonormal basis) and, for O in the\n"
     "algebra, the variance of the loss of deep random circuits: sum over simple ideals\n"
     "of P_k(rho) P_k(O) / dim(g_k).\n"},
    {"check", "simulability verdict: which classical engine, at what cost and error", cli_cmd_check,
     "Usage: plateau check FILE.qasm --obs EXPR [--state S] [--params v1,...] [--tolerance E]\n"
     "       [--budget-seconds T] [--max-memory B] [--noise P] [--dephasing P] [--json]\n"
     "       plateau check --model FAMILY --qubits N [--layers L] [--reduced-qubits M] [...]\n"
     "\n"
     "Asks every engine whether it applies to the model, what it would cost (time,\n"
     "memory) and whether it is exact; runs exact routes cheapest first by predicted\n"
     "cost (counted work over the rates of 'plateau calibrate', never a stopwatch: the\n"
     "same input gives the same verdict idle or loaded), else Pauli propagation down a\n"
     "ladder of truncations whose term caps are sized from the budget left. The sum of\n"
     "|coefficient| of the terms a truncation dropped bounds its error rigorously.\n"
     "'Classically simulable' needs all of: a route that ran; a certified error (exact,\n"
     "or that bound within --tolerance); a cross-check that passed, against an\n"
     "independent exact engine on a reduced instance (the model itself up to 20 qubits,\n"
     "its observable's light cone, or the zoo family at M qubits, default 8), or else a\n"
     "second exact route on the model. A route whose cross-check disagrees by more than\n"
     "max(its bound, 1e-8) is rejected and the next one tried. Within --budget-seconds\n"
     "(default 60): predicted costs stay inside it; a wall-clock guard stops a run whose\n"
     "prediction was badly off, and the verdict says so.\n"
     "Parameters: --params, else the file's initial values, else seeded draws in\n"
     "[-pi, pi] (zoo: in the family's range).\n"
     "Noise: --noise P (depolarising) and --dephasing P act after each op on its qubits,\n"
     "as in 'plateau simulate'; only engines that model noise are routes (the others are\n"
     "listed with why), and a noisy route is cross-checked against the exact density-\n"
     "matrix engine on the reduced instance (n <= 12).\n"
     "Data: --state shadows:FILE (classical shadows) keeps the engines that take data;\n"
     "the value is an estimate with a 95 % interval by batch means (the route run on 10\n"
     "batches of the shots, plus any truncation bound), cross-checked by the two halves\n"
     "of the shots agreeing; 'simulable after data acquisition' when the interval is\n"
     "within --tolerance.\n"
     "Exit status: 0 classically simulable; 2 no classical route; 3 a route gave a value\n"
     "but its error is not certified or it could not be cross-checked; 4 a cross-check\n"
     "failed (no other route passed); 1 bad input.\n"},
    {"calibrate", "measure this machine's rates for the predicted costs", cli_cmd_calibrate,
     "Usage: plateau calibrate [--dry-run] [--show]\n"
     "\n"
     "Verdicts and scans decide on predicted cost: counted work (amplitude passes,\n"
     "term-ops, pair rotations) over a rate per engine, never a stopwatch, so the same\n"
     "input gets the same verdict idle or loaded. The rates have documented defaults\n"
     "(measured on a 2-vCPU AMD EPYC Zen 5, one thread). calibrate runs one workload per\n"
     "engine (a few seconds in all; run it on a quiet machine) and writes the rates to\n"
     "$PLT_CALIBRATION, else $XDG_CACHE_HOME/plateau/calibration.txt, else\n"
     "~/.cache/plateau/calibration.txt; every later run reads that file once. It is never\n"
     "rewritten on its own: a measurement taken while the machine is busy would fix a\n"
     "load-dependent constant. PLT_CALIBRATION=default ignores the file.\n"},
    {"report", "the zoo across sizes: report.md and report.html with plots", cli_cmd_report,
     "Usage: plateau report --out DIR [--quick] [--seed S] [--large-n N] [--tolerance E]\n"
     "       [--budget-seconds T] [--table full|brief] [--json]\n"
     "\n"
     "For each family (hea-global, hea-local, qcnn, hva-tfim, xy-matchgate,\n"
     "hea-small-angle): the barren-plateau scan at small n, then the verdict at large n\n"
     "(default 200 qubits) cross-checked against the statevector at 8 qubits. The whole\n"
     "report keeps within --budget-seconds (default 60; it returns within\n"
     "T + 10 % + 2 s): each stage gets an equal part of what the stages before left by\n"
     "predicted cost, and what does not fit is named in the report. Progress on stderr\n"
     "when it is a terminal. Writes DIR/report.html, DIR/report.md and, with gnuplot,\n"
     "PNG and SVG plots (gradient variance against n per family, cost against n per\n"
     "family and engine, truncation error and rigorous bound); prints the summary table\n"
     "and the findings.\n"},
    {"train", "train a model: minimise <O> or a classification loss over an engine",
     cli_cmd_train,
     "Usage: plateau train FILE.qasm --obs EXPR --steps N [--data DATASET [--loss mse|xent]]\n"
     "       [--state S] [--engine auto|NAME] [--optimizer adam|sgd|lbfgs] [--lr X]\n"
     "       [--seed s] [--init zeros|uniform|small-angle:EPS] [--checkpoint F]\n"
     "       [--checkpoint-every K] [--resume F] [--history PREFIX] [--json]\n"
     "\n"
     "Minimises <O> in the state (default |0...0>), or with --data the mean squared error\n"
     "of <O> against the labels (+1/-1), or the cross-entropy of (1 + <O>)/2, using the\n"
     "engine's gradient; one engine plan per example. DATASET: one example a line,\n"
     "'LABEL STATE' (e.g. '+1 basis:0110', '-1 shadows:run7.txt'); '#' comments; relative\n"
     "files are relative to the data set. Progress on a terminal; --history writes\n"
     "PREFIX.csv and PREFIX.json. SIGINT/SIGTERM write the checkpoint and stop; --resume F\n"
     "continues exactly (same optimiser state), to --steps in total.\n"},
    {"shadows", "classical shadows: sample (emulated acquisition) and estimate", cli_cmd_shadows,
     "Usage: plateau shadows sample --state S --shots N [--seed s] --out FILE [--qubits N]\n"
     "       plateau shadows estimate FILE --obs EXPR [--confidence 0.95] [--groups K] [--json]\n"
     "\n"
     "sample: random single-qubit Pauli bases measured on a state (stabilizer tableau for\n"
     "Clifford states at any n: ghz:N, cluster:N, qasm:FILE; state vector otherwise).\n"
     "estimate: median-of-means estimate of a Pauli sum with a confidence interval.\n"
     "See plateau shadows sample --help and plateau shadows estimate --help.\n"},
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static void print_main_help(void) {
    printf("plateau %s: does this variational quantum model need a quantum computer?\n"
           "\n"
           "Usage: plateau COMMAND [options] [files]\n"
           "       plateau COMMAND --help\n"
           "       plateau --version\n"
           "\n"
           "Commands:\n",
           PLT_VERSION);
    for (size_t i = 0; i < ncommands; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\nEngines in this build:");
    size_t ne = plt_engine_count();
    for (size_t i = 0; i < ne; i++) printf(" %s", plt_engine_name(i));
    printf("%s\n", ne ? "" : " none");
}

int plt_cli_main(int argc, char **argv) {
    int status;
    if (argc < 2 || !argv || !argv[1]) {
        status = cli_error("plateau: no command given (commands: run, info, simulate; see "
                           "plateau --help)");
        goto done;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_main_help();
        status = 0;
        goto done;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("plateau %s\n", PLT_VERSION);
        status = 0;
        goto done;
    }
    for (size_t i = 0; i < ncommands; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            plt_error_clear();
            status = commands[i].run(&commands[i], argc - 1, argv + 1);
            goto done;
        }
    }
    {
        char names[256] = "";
        size_t len = 0;
        for (size_t i = 0; i < ncommands; i++) {
            int w = snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
                             commands[i].name);
            if (w < 0 || (size_t)w >= sizeof names - len) break;
            len += (size_t)w;
        }
        size_t nl = strlen(name);
        status = cli_error("plateau: unknown %s '%.*s%s' (commands: %s; see plateau --help)",
                           name[0] == '-' ? "option" : "command", (int)(nl > 60 ? 60 : nl), name,
                           nl > 60 ? "..." : "", names);
    }
done:
    fflush(stdout);
    fflush(stderr);
    return status;
}

int cli_error(const char *fmt, ...) {
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* One line, whatever the text: a message quoting user input must not break it. */
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    fflush(stdout);
    fprintf(stderr, "%s\n", buf);
    fflush(stderr);
    return 1;
}

int cli_fail_lib(void) {
    char buf[2048];
    const plt_error *e = plt_error_last();
    plt_error_format(buf, sizeof buf);
    if (!e->origin[0]) return cli_error("plateau: %s", buf);
    return cli_error("%s", buf);
}
