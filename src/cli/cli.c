#include <stdio.h>
#include "cli/cli.h"
#include "plateau/plateau.h"

int plt_cli_main(int argc, char **argv) {
    (void)argc; (void)argv;
    printf("plateau %s\n", PLT_VERSION);
    return 0;
}
