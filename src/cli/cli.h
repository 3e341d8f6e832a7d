/* The command-line interface, callable in-process (tests call plt_cli_main). */
#ifndef PLT_CLI_CLI_H
#define PLT_CLI_CLI_H

/* Runs `plateau argv[1] ...`; returns the exit status (0 ok, 1 error). */
int plt_cli_main(int argc, char **argv);

#endif
