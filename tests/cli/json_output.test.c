/* labels: cli
 * Every command's --json output (and train's --history file) is one strict JSON value on one
 * line: checked by a small validating parser (RFC 8259 grammar: no NaN or Infinity, no
 * leading zeros, no raw control characters, valid escapes and UTF-8, no repeated key in an
 * object). File names with quotes, backslashes and bytes that are not UTF-8 come out escaped. */
#include <ftw.h>
#include <unistd.h>

#include "cli/cli.h"
#include "plateau/plateau.h"
#include "support/test.h"

/* ---- the validating parser ---- */

typedef struct jparse {
    const char *p, *end;
    const char *err; /* first error, NULL while all is well */
    const char *at;  /* where it was found */
} jparse;

#define JSON_KEYS_MAX 128

static int jerr(jparse *j, const char *what) {
    if (!j->err) {
        j->err = what;
        j->at = j->p;
    }
    return 0;
}

static void skip_ws(jparse *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int digits(jparse *j) {
    const char *start = j->p;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
    return j->p > start;
}

static int number(jparse *j) {
    if (j->p < j->end && *j->p == '-') j->p++;
    if (j->p < j->end && *j->p == '0') j->p++;
    else if (!digits(j)) return jerr(j, "number without digits");
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (!digits(j)) return jerr(j, "no digits after the decimal point");
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
        if (!digits(j)) return jerr(j, "no digits in the exponent");
    }
    if (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.'))
        return jerr(j, "leading zero or malformed number");
    return 1;
}

/* One UTF-8 sequence of 2 to 4 bytes (lead byte and continuation bytes). */
static int utf8_sequence(jparse *j) {
    unsigned char c = (unsigned char)*j->p;
    int more = c >= 0xc2 && c <= 0xdf   ? 1
               : c >= 0xe0 && c <= 0xef ? 2
               : c >= 0xf0 && c <= 0xf4 ? 3
                                        : -1;
    if (more < 0) return jerr(j, "byte that cannot start a UTF-8 sequence");
    j->p++;
    for (int i = 0; i < more; i++, j->p++)
        if (j->p >= j->end || ((unsigned char)*j->p & 0xc0) != 0x80)
            return jerr(j, "cut UTF-8 sequence");
    return 1;
}

static int string(jparse *j) {
    if (j->p >= j->end || *j->p != '"') return jerr(j, "string expected");
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20) return jerr(j, "raw control character in a string");
        if (c >= 0x80) {
            if (!utf8_sequence(j)) return 0;
            continue;
        }
        j->p++;
        if (c != '\\') continue;
        if (j->p >= j->end) break;
        char e = *j->p++;
        if (e == 'u') {
            for (int i = 0; i < 4; i++, j->p++)
                if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p))
                    return jerr(j, "\\u without four hex digits");
        } else if (!strchr("\"\\/bfnrt", e)) {
            return jerr(j, "unknown escape");
        }
    }
    if (j->p >= j->end) return jerr(j, "unterminated string");
    j->p++;
    return 1;
}

static int literal(jparse *j, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || strncmp(j->p, word, n) != 0)
        return jerr(j, "unexpected character (NaN, Infinity or a bare word?)");
    j->p += n;
    return 1;
}

static int value(jparse *j, int depth);

static int members(jparse *j, int depth, int object) {
    const char *key[JSON_KEYS_MAX];
    size_t keylen[JSON_KEYS_MAX], nkeys = 0;
    char close = object ? '}' : ']';
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 1;
    }
    for (;;) {
        skip_ws(j);
        if (object) {
            const char *k = j->p;
            if (!string(j)) return 0;
            for (size_t i = 0; i < nkeys; i++)
                if (keylen[i] == (size_t)(j->p - k) && memcmp(key[i], k, keylen[i]) == 0)
                    return jerr(j, "repeated key");
            if (nkeys < JSON_KEYS_MAX) {
                key[nkeys] = k;
                keylen[nkeys++] = (size_t)(j->p - k);
            }
            skip_ws(j);
            if (j->p >= j->end || *j->p != ':') return jerr(j, "':' expected after a key");
            j->p++;
        }
        if (!value(j, depth + 1)) return 0;
        skip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return 1;
        }
        return jerr(j, object ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int value(jparse *j, int depth) {
    if (depth > 64) return jerr(j, "nested too deep");
    skip_ws(j);
    if (j->p >= j->end) return jerr(j, "value expected");
    switch (*j->p) {
    case '{': return members(j, depth, 1);
    case '[': return members(j, depth, 0);
    case '"': return string(j);
    case 't': return literal(j, "true");
    case 'f': return literal(j, "false");
    case 'n': return literal(j, "null");
    default: return number(j);
    }
}

/* Fails the test unless text is one JSON value followed by exactly one newline. */
static void expect_json_line(const char *what, const char *text) {
    jparse j = {text, text + strlen(text), NULL, NULL};
    if (value(&j, 0) && (j.end - j.p != 1 || *j.p != '\n'))
        jerr(&j, "something other than one newline after the value");
    if (j.err) {
        print_error("%s: %s at byte %td: ...%.60s\nin: %.2000s\n", what, j.err, j.at - text,
                    j.at, text);
        fail();
    }
}

/* ---- the parser itself catches what it must ---- */

static int parses(const char *text) {
    jparse j = {text, text + strlen(text), NULL, NULL};
    return value(&j, 0) && j.p == j.end && !j.err;
}

static void test_validator(void **state) {
    (void)state;
    assert_true(parses("{\"a\": [1, -0.5, 2e-3, 0, true, false, null, \"\\u00e9\\n\"], \"b\": {}}"));
    assert_true(parses("\"\xc3\xa9\""));
    static const char *const bad[] = {
        "{\"a\": NaN}", "[Infinity]", "[-Infinity]", "[nan]", "[01]", "[1.]", "[.5]", "[1e]",
        "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "{\"a\": 1, \"a\": 2}", "\"tab\there\"",
        "\"\\x41\"", "\"\\u12\"", "\"cut", "\"\xff\"", "\"\xc3\"", "{a: 1}", "[1]]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parses(bad[i])) {
            print_error("accepted %s\n", bad[i]);
            fail();
        }
}

/* ---- every command ---- */

static char out[1 << 18], err[1 << 14];

/* Runs `plateau argv...` (NULL-terminated) captured; fails unless it succeeded (with
 * any_verdict: gave any verdict, exit 0, 2, 3 or 4, never 1) and stdout is one JSON line. */
static void run_json(int any_verdict, char **argv) {
    int argc = 0;
    while (argv[argc]) argc++;
    int status = plt_test_capture(plt_cli_main, argc, argv, out, sizeof out, err, sizeof err);
    if (status != 0 && !(any_verdict && status >= 2 && status <= 4)) {
        print_error("plateau %s: status %d, stderr: %s\n", argv[1], status, err);
        fail();
    }
    char what[256];
    snprintf(what, sizeof what, "plateau %s %s", argv[1], argc > 2 ? argv[2] : "");
    expect_json_line(what, out);
}

static char paths[8][1024];
static const char *tmpdir;

static const char *fixture(int slot, const char *name) {
    const char *root = getenv("PLT_SOURCE_DIR");
    snprintf(paths[slot], sizeof paths[slot], "%s/tests/cli/data/%s", root ? root : "../..",
             name);
    return paths[slot];
}

static const char *temp(int slot, const char *name) {
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", tmpdir, name);
    return paths[slot];
}

static void test_info_simulate_check(void **state) {
    (void)state;
    char *three = (char *)fixture(0, "three.qasm");
    run_json(0, (char *[]){"plateau", "info", three, "--json", NULL});
    run_json(0, (char *[]){"plateau", "info", (char *)fixture(1, "angles.qasm"),
                           "--params-from-angles", "--json", NULL});
    run_json(0, (char *[]){"plateau", "simulate", three, "--obs", "Z0*Z1 - X2", "--params",
                           "0.1,0.2,0.3", "--grad", "--json", NULL});
    run_json(0, (char *[]){"plateau", "simulate", three, "--obs", "Z0", "--params",
                           "0.1,0.2,0.3", "--engine", "pauliprop", "--json", NULL});
    run_json(0, (char *[]){"plateau", "check", three, "--obs", "Z0", "--params", "0.1,0.2,0.3",
                           "--json", NULL});
    /* no exact route: the routes' reasons, a truncation ladder as far as the engines go */
    run_json(1, (char *[]){"plateau", "check", "--model", "hea-global", "--qubits", "40",
                           "--layers", "3", "--budget-seconds", "2", "--json", NULL});
    assert_non_null(strstr(out, "\"routes\": [{"));
}

static void test_dla(void **state) {
    (void)state;
    run_json(0, (char *[]){"plateau", "dla", "--generators", "X0, Z0*Z1, X1", "--json", NULL});
    run_json(0, (char *[]){"plateau", "dla", "--generators", "X0, Z0*Z1, X1", "--basis",
                           "--json", NULL});
    assert_non_null(strstr(out, "\"basis\": [\""));
    run_json(0, (char *[]){"plateau", "dla", "--generators", "X0, Z0*Z1, X1", "--max-dim", "2",
                           "--json", NULL});
    run_json(0, (char *[]){"plateau", "dla", (char *)fixture(0, "three.qasm"), "--state", "zero",
                           "--obs", "Z0", "--json", NULL});
    run_json(0, (char *[]){"plateau", "dla", "--model", "hea-global", "--qubits", "40", "--json",
                           NULL});
}

static void test_shadows_train(void **state) {
    (void)state;
    char *shots = (char *)temp(2, "shots.txt"), *hist = (char *)temp(3, "hist");
    run_json(0, (char *[]){"plateau", "shadows", "sample", "--state", "basis:01", "--shots",
                           "100", "--out", shots, "--json", NULL});
    run_json(0, (char *[]){"plateau", "shadows", "estimate", shots, "--obs", "Z0*Z1", "--json",
                           NULL});
    run_json(0, (char *[]){"plateau", "train", (char *)fixture(0, "three.qasm"), "--obs",
                           "Z0*Z1", "--steps", "4", "--history", hist, "--json", NULL});
    /* the history file */
    FILE *f = fopen(temp(4, "hist.json"), "r");
    assert_non_null(f);
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    fclose(f);
    expect_json_line("train --history PREFIX.json", out);
    assert_non_null(strstr(out, "\"step\": [0, 1, 2, 3, 4]"));
}

static void test_bp_report_run(void **state) {
    (void)state;
    run_json(0, (char *[]){"plateau", "bp", "qcnn", "--sizes", "4,6,8", "--samples", "20",
                           "--json", NULL});
    /* a skipped size: no exact route at 40 qubits */
    run_json(0, (char *[]){"plateau", "bp", "hea-global", "--sizes", "4,6,8,40", "--route",
                           "exact", "--samples", "20", "--json", NULL});
    assert_non_null(strstr(out, "\"route\": \"skipped\""));
    run_json(0, (char *[]){"plateau", "report", "--quick", "--out", (char *)temp(2, "report"),
                           "--budget-seconds", "3", "--json", NULL});
    run_json(0, (char *[]){"plateau", "run", "--out", (char *)temp(2, "run"),
                           "--budget-seconds", "3", "--json", NULL});
}

/* Names that need escaping reach the output escaped, and bytes that are not UTF-8 become
 * U+FFFD. */
static void test_escaped_file_names(void **state) {
    (void)state;
    const char *names[] = {"we\"ird\\name\t.qasm", "latin1-\xe9.qasm"};
    const char *want[] = {"we\\\"ird\\\\name\\t.qasm\"", "latin1-\\ufffd.qasm\""};
    FILE *src = fopen(fixture(0, "three.qasm"), "r");
    assert_non_null(src);
    char text[4096];
    size_t n = fread(text, 1, sizeof text, src);
    fclose(src);
    for (int i = 0; i < 2; i++) {
        char *path = (char *)temp(1, names[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, n, f), n);
        fclose(f);
        run_json(0, (char *[]){"plateau", "info", path, "--json", NULL});
        if (!strstr(out, want[i])) {
            print_error("'%s' not in %s\n", want[i], out);
            fail();
        }
        unlink(path);
    }
}

static int make_tmpdir(void **state) {
    (void)state;
    static char dir[] = "/tmp/plt_json_output_XXXXXX";
    tmpdir = mkdtemp(dir);
    return tmpdir ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int remove_tmpdir(void **state) {
    (void)state;
    return nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validator),
        cmocka_unit_test(test_info_simulate_check),
        cmocka_unit_test(test_dla),
        cmocka_unit_test(test_shadows_train),
        cmocka_unit_test(test_bp_report_run),
        cmocka_unit_test(test_escaped_file_names),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
