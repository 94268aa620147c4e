/* Py_BytesMain's answers that need no interpreter: version, help texts, command-line usage
 * errors. Each case runs in a child process (CPython exits from inside Py_BytesMain for these)
 * with stderr sent to stdout, so the messages are compared too; the parent prints the child's
 * exit status. */
#include <Python.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_case(const char *label, int argc, char **argv)
{
    printf("== %s\n", label);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(1, 2);
        int rc = Py_BytesMain(argc, argv);
        fflush(stdout);
        printf("[returned %d]\n", rc);
        fflush(stdout);
        _exit(rc);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
        printf("exit status %d\n", WEXITSTATUS(status));
    }
    else {
        printf("killed by signal %d\n", WTERMSIG(status));
    }
}

#define CASE(label, ...)                                                  \
    do {                                                                  \
        char *argv[] = {"python3.11", __VA_ARGS__, NULL};                 \
        run_case(label, (int)(sizeof(argv) / sizeof(argv[0])) - 1, argv); \
    } while (0)

int main(void)
{
    CASE("-V", "-V");
    CASE("--version", "--version");
    CASE("-h", "-h");
    CASE("-?", "-?");
    CASE("--help", "--help");
    CASE("--help-env", "--help-env");
    CASE("--help-xoptions", "--help-xoptions");
    CASE("--help-all", "--help-all");
    CASE("-z", "-z");
    CASE("-c without argument", "-c");
    CASE("-m without argument", "-E", "-m");
    CASE("-W without argument", "-W");
    CASE("-X without argument", "-X");
    CASE("--foo", "--foo");
    CASE("-J", "-J");
    CASE("--check-hash-based-pycs without argument", "--check-hash-based-pycs");
    CASE("--check-hash-based-pycs bad", "--check-hash-based-pycs", "sometimes");
    CASE("grouped -bBz", "-bBz");
    CASE("help wins over version", "-V", "-h");
    return 0;
}
