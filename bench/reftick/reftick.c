// reftick.c - an independent reference timer for ProcessPoolBench.
//
//   reftick [THRESHOLD_US]
//
// Sleeps to an absolute CLOCK_MONOTONIC deadline 1 ms ahead, again and again, until stdin closes or it is killed,
// and prints "due_ns late_ns" for every wake-up later than THRESHOLD_US (default 200). CLOCK_MONOTONIC is the
// clock behind Java's System.nanoTime on Linux, so the bench can line these stalls up with its own ticks: when a
// plain C process that does nothing else was late over the same instants, the machine (a descheduled vCPU, the
// host), not the event loop, held the loop back for that long.
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

int main(int argc, char **argv) {
    long threshold = (argc > 1 ? atol(argv[1]) : 200) * 1000L;
    struct pollfd in = {.fd = 0, .events = POLLIN};
    for (;;) {
        long due = now_ns() + 1000000L;
        struct timespec t = {due / 1000000000L, due % 1000000000L};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
        long late = now_ns() - due;
        if (late > threshold) {
            printf("%ld %ld\n", due, late);
            fflush(stdout);
        }
        if (poll(&in, 1, 0) > 0) {  // the bench closed our stdin (or wrote to it): stop
            return 0;
        }
    }
}
