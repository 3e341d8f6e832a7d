#include "cli/cli.h"

int main(int argc, char **argv) { return plt_cli_main(argc, argv); }
