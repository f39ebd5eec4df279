/* tempfile — see tempfile.h. */
#include "tempfile.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char registered_path[4096];
static volatile sig_atomic_t have_path;

static void remove_and_exit(int signal_number)
{
    if (have_path) unlink(registered_path);
    _exit(128 + signal_number);
}

void tempfile_install_handlers(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_and_exit;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

void tempfile_register(const char *path)
{
    have_path = 0;
    snprintf(registered_path, sizeof registered_path, "%s", path);
    have_path = 1;
}

void tempfile_forget(void) { have_path = 0; }

void tempfile_remove(void)
{
    if (have_path) unlink(registered_path);
    have_path = 0;
}
