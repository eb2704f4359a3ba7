// A process that links RefFuzz can become a fresh fork server: `SpawnedEngine` (RefFuzzEngine) starts
// /proc/self/exe with REFFUZZ_SERVE_FDS=IN,OUT, and this constructor hands the process to the Swift
// server before main() runs. Tests (a multi-threaded process that must not fork) get a single-threaded
// process of their own that initializes Python, forks the children, and answers one request.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <sys/prctl.h>

/// Defined in Swift (@_cdecl) by RefFuzzEngine; weak so that the runtime links without it.
extern int reffuzz_serve(int input, int output) __attribute__((weak));

__attribute__((constructor)) static void rf_serve_if_asked(void) {
    const char *fds = getenv("REFFUZZ_SERVE_FDS");
    if (fds == NULL || reffuzz_serve == NULL) return;
    int input, output;
    if (sscanf(fds, "%d,%d", &input, &output) != 2) return;
    unsetenv("REFFUZZ_SERVE_FDS");
    prctl(PR_SET_PDEATHSIG, SIGKILL); // the server ends with the process that asked for it
    int status = reffuzz_serve(input, output);
    fflush(NULL);
    _exit(status);
}
