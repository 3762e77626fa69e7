// rpcload.c - closed-loop JSON-RPC 2.0 load driver for Corio's RPC benchmark.
//
//   rpcload -p PORT [-h HOST] [-c CONNS] [-d SECONDS] [-w WARMUP] [-m lp|nl] [-M METHOD] [-P PARAMS] [-g PGID]
//
// Opens CONNS TCP connections; each keeps one call on the wire: {"jsonrpc":"2.0","method":M,"params":P,"id":N},
// framed with a 4-byte big-endian length (lp, default) or a trailing newline (nl), and sends the next call as
// soon as the reply frame is complete. A reply without "result" counts as an error. One thread, epoll.
// Prints a human line and `RESULT calls=... rps=... p50_us=... p99_us=... errors=... server_cpu_us_per_req=...`.
// -g PGID: CPU time (utime+stime) of every process in that process group over the measured window.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    size_t sent;           // bytes of the request written
    unsigned char in[65536];
    size_t have;           // reply bytes buffered
    uint64_t start_ns;
} conn_t;

static int newline_mode;
static char *req;
static size_t reqlen;
static uint64_t *lat;
static size_t nlat, caplat;
static long calls, errors;
static int measuring;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double group_cpu_s(int pgid) {
    if (pgid <= 0) return 0;
    double total = 0;
    long tick = sysconf(_SC_CLK_TCK);
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[300], buf[2048];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        char *p = strrchr(buf, ')');
        if (!p) continue;
        // fields after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        char state; int ppid, pgrp; unsigned long ut, st;
        if (sscanf(p + 2, "%c %d %d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &state, &ppid, &pgrp, &ut, &st) == 5
                && pgrp == pgid) {
            total += (double)(ut + st) / (double)tick;
        }
    }
    if (d) closedir(d);
    return total;
}

static void send_call(conn_t *c) {
    c->sent = 0;
    c->start_ns = now_ns();
    while (c->sent < reqlen) {
        ssize_t n = send(c->fd, req + c->sent, reqlen - c->sent, MSG_NOSIGNAL);
        if (n > 0) { c->sent += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;  // small requests: not expected; the rest goes on the next call
        perror("send"); exit(1);
    }
}

// returns the length of a complete reply frame at the start of c->in, or 0
static size_t frame_len(conn_t *c, size_t *payload_off) {
    if (newline_mode) {
        unsigned char *nl = memchr(c->in, '\n', c->have);
        *payload_off = 0;
        return nl ? (size_t)(nl - c->in) + 1 : 0;
    }
    if (c->have < 4) return 0;
    size_t len = ((size_t)c->in[0] << 24) | ((size_t)c->in[1] << 16) | ((size_t)c->in[2] << 8) | c->in[3];
    if (len + 4 > sizeof c->in) { fprintf(stderr, "rpcload: reply of %zu bytes is too long\n", len); exit(1); }
    *payload_off = 4;
    return c->have >= len + 4 ? len + 4 : 0;
}

static void on_readable(conn_t *c) {
    ssize_t n = recv(c->fd, c->in + c->have, sizeof c->in - c->have, 0);
    if (n == 0) { fprintf(stderr, "rpcload: server closed a connection\n"); exit(1); }
    if (n < 0) { if (errno == EAGAIN || errno == EINTR) return; perror("recv"); exit(1); }
    c->have += (size_t)n;
    size_t off, len;
    while ((len = frame_len(c, &off)) > 0) {
        int ok = memmem(c->in + off, len - off, "\"result\"", 8) != NULL;
        if (measuring) {
            calls++;
            if (!ok) errors++;
            if (nlat == caplat) { caplat = caplat ? caplat * 2 : 1 << 20; lat = realloc(lat, caplat * sizeof *lat); }
            lat[nlat++] = now_ns() - c->start_ns;
        }
        memmove(c->in, c->in + len, c->have - len);
        c->have -= len;
        send_call(c);
    }
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *method = "add", *params = "[1,2]";
    int port = 0, conns = 100, pgid = 0, opt;
    double dur = 10, warm = 2;
    while ((opt = getopt(argc, argv, "p:h:c:d:w:m:M:P:g:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'h': host = optarg; break;
        case 'c': conns = atoi(optarg); break;
        case 'd': dur = atof(optarg); break;
        case 'w': warm = atof(optarg); break;
        case 'm': newline_mode = !strcmp(optarg, "nl"); break;
        case 'M': method = optarg; break;
        case 'P': params = optarg; break;
        case 'g': pgid = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: rpcload -p PORT [-h HOST] [-c CONNS] [-d S] [-w S] [-m lp|nl] [-M METHOD] "
                            "[-P PARAMS_JSON] [-g PGID]\n");
            return 2;
        }
    }
    if (port <= 0 || conns <= 0 || dur <= 0) { fprintf(stderr, "rpcload: -p PORT is required\n"); return 2; }
    char body[4096];
    int blen = snprintf(body, sizeof body, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",\"params\":%s,\"id\":1}",
                        method, params);
    req = malloc((size_t)blen + 5);
    if (newline_mode) {
        memcpy(req, body, (size_t)blen);
        req[blen] = '\n';
        reqlen = (size_t)blen + 1;
    } else {
        req[0] = (char)(blen >> 24); req[1] = (char)(blen >> 16); req[2] = (char)(blen >> 8); req[3] = (char)blen;
        memcpy(req + 4, body, (size_t)blen);
        reqlen = (size_t)blen + 4;
    }
    int ep = epoll_create1(0);
    conn_t *cs = calloc((size_t)conns, sizeof *cs);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    int one = 1;
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("connect"); return 1; }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) { perror("fcntl"); return 1; }
        cs[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        send_call(&cs[i]);
    }
    struct epoll_event evs[256];
    uint64_t t0 = now_ns(), wend = t0 + (uint64_t)(warm * 1e9), end = wend + (uint64_t)(dur * 1e9);
    double cpu0 = 0;
    for (;;) {
        uint64_t t = now_ns();
        if (!measuring && t >= wend) { measuring = 1; cpu0 = group_cpu_s(pgid); wend = t; end = t + (uint64_t)(dur * 1e9); }
        if (t >= end) break;
        int n = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < n; i++) on_readable(evs[i].data.ptr);
    }
    double cpu = group_cpu_s(pgid) - cpu0;
    double secs = (double)(now_ns() - wend) / 1e9;
    qsort(lat, nlat, sizeof *lat, cmp_u64);
    double p50 = nlat ? lat[nlat / 2] / 1e3 : 0, p99 = nlat ? lat[(size_t)(nlat * 0.99)] / 1e3 : 0;
    double rps = calls / secs;
    printf("rpc %s %s x %d conns, %.1f s: %ld calls, %.0f calls/s, p50 %.1f us, p99 %.1f us, errors %ld\n",
           newline_mode ? "nl" : "lp", method, conns, secs, calls, rps, p50, p99, errors);
    printf("RESULT mode=rpc-%s conns=%d dur=%.3f calls=%ld rps=%.1f p50_us=%.1f p99_us=%.1f errors=%ld "
           "server_cpu_s=%.2f server_cpu_us_per_req=%.2f\n", newline_mode ? "nl" : "lp", conns, secs, calls, rps,
           p50, p99, errors, cpu, calls && pgid > 0 ? cpu * 1e6 / calls : 0.0);
    return errors ? 1 : 0;
}
