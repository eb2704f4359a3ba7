// Runtime set-up in the parent and in each forked child.
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <unistd.h>
#include "internal.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/prctl.h>

int rf_runtime_ready(void) {
    if (rf_zombie_ready() < 0) return -1;
    if (rf_tracked_types_ready() < 0) return -1;
    return rf_dealloc_hooks_install();
}

void rf_child_after_fork(void) {
    rf_type_cache_forget(); // the parent ran Python code since its last reset, if it ever made one
    // Swift's backtracer would otherwise spend milliseconds on every crash; a core file even more.
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    signal(SIGILL, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    // A case that asks for absurd amounts of memory gets a MemoryError, not the kernel's OOM killer
    // (whose SIGKILL would look like a crash of the target).
    struct rlimit memory = { (rlim_t)4 << 30, (rlim_t)4 << 30 };
    setrlimit(RLIMIT_AS, &memory);
    // A child never outlives the run that forked it (a killed parent takes its children along).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int rf_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
