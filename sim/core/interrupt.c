/* sim/core/interrupt.c — the stop-at-an-event-boundary signal record; see interrupt.h. */
#include "sim/core/interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t pending;

static void on_signal(int sig)
{
    pending = sig;
}

void sim_interrupt_catch(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;         /* a second signal kills the default way */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int sim_interrupt_pending(void)
{
    return pending;
}

void sim_interrupt_request(int sig)
{
    pending = sig;
}

void sim_interrupt_reset(void)
{
    pending = 0;
}

const char *sim_interrupt_name(int sig)
{
    static char buf[32];
    if (sig == SIGINT)
        return "SIGINT";
    if (sig == SIGTERM)
        return "SIGTERM";
    snprintf(buf, sizeof buf, "signal %d", sig);
    return buf;
}
