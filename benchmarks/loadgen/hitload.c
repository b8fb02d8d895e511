/*
 * hitload: an HTTP/1.1 load generator for the hit benchmarks, with latencies one can check.
 *
 *   hitload -p PORT -u PATH [-c CONNECTIONS] [-d SECONDS] [-r RATE] [-o RAW_FILE]
 *
 * Closed loop (no -r): every connection sends its next request as soon as the previous response
 * is complete, like wrk. Open loop (-r RATE): requests are due at a fixed rate whatever the
 * server does, each goes out on a free connection, and its latency counts from the moment it was
 * due, not from when a connection became free, so a stalled server cannot hide its stall by
 * slowing the generator down (the "coordinated omission" wrk2 corrects for). Requests go out at
 * the millisecond they are due (epoll_wait's resolution), those due in the same millisecond together.
 *
 * Why not wrk alone: on this machine wrk's latency figures for the cache node were, in some runs,
 * physically impossible: the sum of the latencies it recorded exceeded connections x duration
 * (each connection has one request in flight, so its latencies cannot add up to more than the
 * run). hitload prints that sum as `busy` (at most 1.0 in a closed loop) so every run checks itself.
 * wrk2, which measures open loop, is not packaged by Debian.
 *
 * Output: one line of key=value pairs (requests, rps, p50, p90, p99, p999, max in milliseconds,
 * errors, busy, and in open loop the requests still waiting for a free connection when the run
 * ended, which a server that keeps up leaves at 0), then the
 * raw latencies "due_us connection latency_us" to RAW_FILE if given. Loopback only, bounded by -d.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX 16384

typedef struct {
    int fd;
    int busy;              /* a request is in flight */
    int64_t due;           /* when the request in flight was due (open loop) or sent (closed loop) */
    size_t head_len;       /* bytes of the response head read so far */
    int64_t body_left;     /* -1 while the head is incomplete */
    int status;
    char head[HEAD_MAX];
} conn;

static int64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int open_conn(int port, int ep, uint32_t id) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *) &a, sizeof a) != 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = id};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) != 0) die("epoll_ctl");
    return fd;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return x < y ? -1 : x > y;
}

/* Parses the status and Content-Length once the head is complete; returns 0 when it is not yet. */
static int parse_head(conn *c, size_t *head_end) {
    char *end = memmem(c->head, c->head_len, "\r\n\r\n", 4);
    if (!end) return 0;
    *head_end = (size_t) (end - c->head) + 4;
    c->status = (c->head_len > 12 && strncmp(c->head, "HTTP/1.1 ", 9) == 0) ? atoi(c->head + 9) : 0;
    c->body_left = 0;
    for (char *line = c->head; line < end; ) {
        char *next = memmem(line, (size_t) (end - line), "\r\n", 2);
        if (!next) next = end;
        if ((size_t) (next - line) > 15 && strncasecmp(line, "content-length:", 15) == 0) {
            c->body_left = atoll(line + 15);
        }
        line = next + 2;
    }
    return 1;
}

int main(int argc, char **argv) {
    int port = 0, connections = 64, opt;
    double seconds = 10, rate = 0;
    const char *path = NULL, *raw = NULL;
    while ((opt = getopt(argc, argv, "p:u:c:d:r:o:")) != -1) {
        switch (opt) {
            case 'p': port = atoi(optarg); break;
            case 'u': path = optarg; break;
            case 'c': connections = atoi(optarg); break;
            case 'd': seconds = atof(optarg); break;
            case 'r': rate = atof(optarg); break;
            case 'o': raw = optarg; break;
            default: fprintf(stderr, "usage: hitload -p PORT -u PATH [-c N] [-d SECONDS] [-r RATE] [-o FILE]\n"); return 2;
        }
    }
    if (port <= 0 || port > 65535 || !path || path[0] != '/' || connections < 1 || connections > 10000
            || seconds <= 0 || seconds > 600 || rate < 0) {
        fprintf(stderr, "hitload: needs -p PORT (1-65535), -u PATH starting with /, -c 1-10000, -d 0-600 s, -r >= 0\n");
        return 2;
    }
    char request[2048];
    int request_len = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, port);
    if (request_len >= (int) sizeof request) { fprintf(stderr, "hitload: path too long\n"); return 2; }

    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    conn *cs = calloc((size_t) connections, sizeof(conn));
    int *idle = malloc(sizeof(int) * (size_t) connections);
    int idle_count = 0;
    for (int i = 0; i < connections; i++) {
        cs[i].fd = open_conn(port, ep, (uint32_t) i);
        cs[i].body_left = -1;
        idle[idle_count++] = i;
    }
    size_t cap = 1 << 20, count = 0;
    uint32_t *lat = malloc(cap * sizeof(uint32_t));
    FILE *out = raw ? fopen(raw, "w") : NULL;
    if (raw && !out) die(raw);
    long errors = 0;
    double busy_us = 0;
    int64_t t0 = now_us(), end = t0 + (int64_t) (seconds * 1e6);
    uint64_t scheduled = 0; /* open loop: requests sent so far; request k is due at t0 + k / rate */
    struct epoll_event events[1024];

    for (;;) {
        int64_t now = now_us();
        if (now >= end) break;
        /* send what is due on free connections */
        while (idle_count > 0) {
            int64_t due;
            if (rate > 0) {
                due = t0 + (int64_t) ((double) scheduled * 1e6 / rate);
                if (due > now) break;
                scheduled++;
            } else {
                due = now;
            }
            conn *c = &cs[idle[--idle_count]];
            c->busy = 1;
            c->due = due;
            c->head_len = 0;
            c->body_left = -1;
            if (write(c->fd, request, (size_t) request_len) != request_len) die("write");
        }
        int timeout = 100;
        if (rate > 0 && idle_count > 0) {
            int64_t next = t0 + (int64_t) ((double) scheduled * 1e6 / rate) - now;
            timeout = next <= 0 ? 0 : (int) ((next + 999) / 1000);
        }
        int n = epoll_wait(ep, events, 1024, timeout);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int j = 0; j < n; j++) {
            uint32_t id = events[j].data.u32;
            conn *c = &cs[id];
            for (;;) {
                char buf[65536];
                ssize_t r;
                if (c->body_left < 0) {
                    r = read(c->fd, c->head + c->head_len, HEAD_MAX - c->head_len);
                } else {
                    r = read(c->fd, buf, c->body_left < (int64_t) sizeof buf ? (size_t) c->body_left : sizeof buf);
                }
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                if (r <= 0 || !c->busy) { /* closed, failed, or a response nobody asked for */
                    errors++;
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    close(c->fd);
                    c->fd = open_conn(port, ep, id);
                    if (c->busy) { c->busy = 0; }
                    idle[idle_count++] = (int) id;
                    break;
                }
                size_t extra = 0;
                if (c->body_left < 0) {
                    c->head_len += (size_t) r;
                    size_t head_end;
                    if (!parse_head(c, &head_end)) {
                        if (c->head_len == HEAD_MAX) { fprintf(stderr, "hitload: response head over %d bytes\n", HEAD_MAX); return 1; }
                        continue;
                    }
                    extra = c->head_len - head_end; /* body bytes that came with the head */
                    if ((int64_t) extra > c->body_left) { fprintf(stderr, "hitload: more bytes than the response holds (pipelining is not used)\n"); return 1; }
                    c->body_left -= (int64_t) extra;
                } else {
                    c->body_left -= r;
                }
                if (c->body_left == 0) {
                    int64_t done = now_us();
                    int64_t latency = done - c->due;
                    if (c->status != 200) errors++;
                    if (count == cap) { cap *= 2; lat = realloc(lat, cap * sizeof(uint32_t)); if (!lat) die("realloc"); }
                    lat[count++] = (uint32_t) (latency > UINT32_MAX ? UINT32_MAX : latency);
                    busy_us += (double) latency;
                    if (out) fprintf(out, "%lld %u %lld\n", (long long) (c->due - t0), id, (long long) latency);
                    c->busy = 0;
                    c->body_left = -1;
                    c->head_len = 0;
                    if (rate > 0) {
                        idle[idle_count++] = (int) id;
                    } else if (done < end) { /* closed loop: the next request right away */
                        c->busy = 1;
                        c->due = done;
                        if (write(c->fd, request, (size_t) request_len) != request_len) die("write");
                    }
                    break;
                }
            }
        }
    }
    double elapsed = (double) (now_us() - t0) / 1e6;
    long still_due = 0; /* requests due that waited for a free connection when the run ended */
    if (rate > 0 && idle_count == 0) {
        uint64_t due_by_end = (uint64_t) (seconds * rate);
        still_due = due_by_end > scheduled ? (long) (due_by_end - scheduled) : 0;
    }
    if (out) fclose(out);
    if (count == 0) { fprintf(stderr, "hitload: no response completed\n"); return 1; }
    qsort(lat, count, sizeof(uint32_t), cmp_u32);
#define PCT(q) (lat[(size_t) ((double) (count - 1) * (q))] / 1000.0)
    printf("requests=%zu rps=%.0f p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f errors=%ld busy=%.3f still_due=%ld\n",
           count, (double) count / elapsed, PCT(0.50), PCT(0.90), PCT(0.99), PCT(0.999), lat[count - 1] / 1000.0,
           errors, busy_us / ((double) connections * elapsed * 1e6), still_due);
    return 0;
}
