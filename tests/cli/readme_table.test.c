/* labels: cli slow serial
 * The README's main-job table is what the program prints: `plateau run --table brief` run
 * in-process, compared line by line with the table between <!-- main-job-table --> and
 * <!-- /main-job-table --> in README.md. Regenerate with tools/readme_table.sh. */
#include <ftw.h>
#include <unistd.h>

#include "cli/cli.h"
#include "support/test.h"

static char out_buf[1 << 17], err_buf[1 << 14];

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* The lines of text that start with '|', each ending with '\n', into lines[]. */
static int table_lines(const char *text, char lines[][256], int cap) {
    int k = 0;
    for (const char *s = text; *s && k < cap;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (s[0] == '|') snprintf(lines[k++], 256, "%.*s", (int)(len < 255 ? len : 255), s);
        s += len + (nl != NULL);
    }
    return k;
}

/* The first `ncols` cells of a table line ("| a | b |" -> "| a | b |"). */
static void first_cells(const char *line, int ncols, char *out, size_t cap) {
    const char *p = line;
    for (int c = 0; c <= ncols && p; c++) p = strchr(p + (c > 0), '|');
    size_t len = p ? (size_t)(p - line) + 1 : strlen(line);
    snprintf(out, cap, "%.*s", (int)len, line);
}

static void test_readme_table(void **state) {
    (void)state;
    const char *root = getenv("PLT_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/README.md", root ? root : "../..");
    FILE *f = fopen(path, "r");
    if (!f) {
        print_error("cannot read %s\n", path);
        fail();
    }
    static char readme[1 << 18];
    size_t len = fread(readme, 1, sizeof readme - 1, f);
    readme[len] = 0;
    fclose(f);
    const char *open = strstr(readme, "\n<!-- main-job-table -->\n");
    const char *close = strstr(readme, "\n<!-- /main-job-table -->\n");
    if (!open || !close || close < open) {
        print_error("%s has no <!-- main-job-table --> ... <!-- /main-job-table --> lines\n",
                    path);
        fail();
    }
    static char block[1 << 14];
    snprintf(block, sizeof block, "%.*s", (int)(close - open), open);

    /* Sanitizer builds run ~10x slower (PLT_TIME_SCALE): the budget is scaled so that the
     * stages run, but a budget changes what a truncated route can reach, so such a build
     * compares the scans' columns (family, barren plateau, DLA dim) and leaves the routes to
     * the release build. */
    const char *scale_env = getenv("PLT_TIME_SCALE");
    double scale = scale_env ? atof(scale_env) : 1.0;
    int ncols = scale > 1.0 ? 3 : 5;
    char dir[] = "/tmp/plateau-readme-XXXXXX", budget[32];
    assert_non_null(mkdtemp(dir));
    /* The release build runs the main job as `make run` does (60 s); a sanitizer build a
     * shorter one, scaled. */
    snprintf(budget, sizeof budget, "%g", scale > 1.0 ? 25.0 * scale : 60.0);
    char *argv[] = {"plateau", "run", "--table", "brief", "--out", dir, "--budget-seconds",
                    budget, NULL};
    int status = plt_test_capture(plt_cli_main, 8, argv, out_buf, sizeof out_buf, err_buf,
                                  sizeof err_buf);
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    if (status != 0) {
        print_error("plateau run exited %d: %s\n", status, err_buf);
        fail();
    }
    static char want[32][256], have[32][256];
    int nwant = table_lines(block, want, 32), nhave = table_lines(out_buf, have, 32);
    int bad = nwant != nhave || nhave < 3;
    for (int i = 0; i < nwant && i < nhave; i++) {
        char a[256], b[256];
        first_cells(want[i], ncols, a, sizeof a);
        first_cells(have[i], ncols, b, sizeof b);
        if (strcmp(a, b)) {
            if (!bad) print_error("README.md's main-job table differs from the program's:\n");
            print_error("- README:  %s\n+ program: %s\n", a, b);
            bad = 1;
        }
    }
    if (bad) {
        if (nwant != nhave)
            print_error("README has %d table lines, the program printed %d:\n%s\n", nwant,
                        nhave, out_buf);
        print_error("regenerate it: make && sh tools/readme_table.sh\n");
        fail();
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
