#include <stdio.h>

#include "cli/cli.h"
#include "plateau/status.h"

/* The library never prints: a bug's message reaches the user from here, before the abort. */
static void show_fatal(const char *message) { fprintf(stderr, "plateau: %s\n", message); }

int main(int argc, char **argv) {
    plt_set_fatal_handler(show_fatal);
    return plt_cli_main(argc, argv);
}
