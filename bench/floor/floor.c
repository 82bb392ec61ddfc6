/*
 * The kernel's floor on this machine: what bare TCP costs a server that does nothing but move bytes.
 *
 * Two tiny servers (one thread, epoll, no WebSocket, no parsing, no allocation) and their load clients, run by
 * Asobi.Bench beside Asobi and Colyseus with the same shapes as its echo and fan-out scenarios:
 *   echo:   C connections, one 64-byte message in flight on each, echoed back (closed loop);
 *   fanout: M member connections and one sender; what the server reads from the sender is written to every member
 *           at once, one write per member (several messages go out in one write only when they were read together,
 *           that is when the server fell behind; nothing is held back to batch).
 * A real server spends no less CPU per operation than these unless it holds messages back to write several at a
 * time. The clients read the server's CPU time from /proc/<pid>/stat themselves and print
 * one JSON object per measurement on stdout.
 *
 *   floor echo-server PORT
 *   floor fanout-server PORT
 *   floor echo-client PORT SERVER_PID CLIENTS SECONDS
 *   floor fanout-client PORT SERVER_PID MEMBERS STEP_SECONDS RATE[,RATE...]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define MAX_FDS 20000
#define HIST_US 1000000 /* latencies kept to the microsecond up to 1 s; longer ones count as 1 s */

static int one = 1;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ---- servers ---- */

static int listen_on(int port) {
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0) die("socket");
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = loopback(port);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
    if (listen(ls, 4096) != 0) die("listen");
    printf("listening\n");
    fflush(stdout);
    return ls;
}

static int serve(int port, int fanout) {
    int ls = listen_on(port);
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.fd = ls};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &e);
    static int members[MAX_FDS];
    int count = 0;
    static char buf[65536];
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == ls) {
                /* Echo sockets are non-blocking and edge-triggered; fan-out sockets block on write, so a member that
                   falls behind slows the server down instead of losing messages. */
                int s = accept4(ls, NULL, NULL, fanout ? 0 : SOCK_NONBLOCK);
                if (s < 0) continue;
                setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                struct epoll_event ce = {.events = fanout ? EPOLLIN : (EPOLLIN | EPOLLET), .data.fd = s};
                epoll_ctl(ep, EPOLL_CTL_ADD, s, &ce);
                if (count < MAX_FDS) members[count++] = s;
                continue;
            }
            if (fanout) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r <= 0) {
                    close(fd);
                    for (int j = 0; j < count; j++)
                        if (members[j] == fd) members[j] = members[--count];
                    continue;
                }
                for (int j = 0; j < count; j++)
                    if (members[j] != fd) (void)!write(members[j], buf, (size_t)r);
                continue;
            }
            for (;;) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r <= 0) {
                    if (r == 0 || errno != EAGAIN) close(fd);
                    break;
                }
                (void)!write(fd, buf, (size_t)r);
                if (r < (ssize_t)sizeof buf) break;
            }
        }
    }
    return 0;
}

/* ---- measuring ---- */

static double process_cpu_seconds(int pid) {
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t len = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[len] = 0;
    char *p = strrchr(line, ')');
    if (!p) return -1;
    p += 2;
    /* p is field 3; utime and stime are fields 14 and 15. */
    for (int field = 3; field < 14 && p; field++) p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
    if (!p) return -1;
    unsigned long long utime = 0, stime = 0;
    sscanf(p, "%llu %llu", &utime, &stime);
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static void machine_jiffies(long long *busy, long long *total) {
    FILE *f = fopen("/proc/stat", "r");
    long long v[10] = {0};
    if (f) {
        if (fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                   &v[6], &v[7], &v[8], &v[9]) < 4) memset(v, 0, sizeof v);
        fclose(f);
    }
    *total = 0;
    for (int i = 0; i < 10; i++) *total += v[i];
    *busy = *total - v[3] - v[4];
}

static double own_cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

typedef struct {
    double server_cpu, own_cpu;
    long long busy, total;
    int64_t at;
} window_t;

static window_t window_start(int pid) {
    window_t w;
    w.server_cpu = process_cpu_seconds(pid);
    w.own_cpu = own_cpu_seconds();
    machine_jiffies(&w.busy, &w.total);
    w.at = now_ns();
    return w;
}

static unsigned *hist;
static long long hist_count;

static void record(int64_t micros) {
    if (micros < 0) micros = 0;
    if (micros >= HIST_US) micros = HIST_US - 1;
    hist[micros]++;
    hist_count++;
}

static double percentile_ms(double p) {
    if (hist_count == 0) return -1;
    long long want = (long long)(hist_count * p / 100.0), seen = 0;
    if (want >= hist_count) want = hist_count - 1;
    for (int i = 0; i < HIST_US; i++) {
        seen += hist[i];
        if (seen > want) return i / 1000.0;
    }
    return HIST_US / 1000.0;
}

static void print_window(const char *extra, int pid, window_t w, long long ops) {
    window_t e = window_start(pid);
    double seconds = (e.at - w.at) / 1e9;
    double server = e.server_cpu - w.server_cpu;
    double busy = e.total > w.total ? 100.0 * (double)(e.busy - w.busy) / (double)(e.total - w.total) : 0;
    printf("{%s\"ops\":%lld,\"seconds\":%.3f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"server_cpu_s\":%.3f,"
           "\"load_cpu_cores\":%.3f,\"machine_busy_percent\":%.1f}\n",
           extra, ops, seconds, percentile_ms(50), percentile_ms(99), server, (e.own_cpu - w.own_cpu) / seconds, busy);
    fflush(stdout);
}

static int connect_to(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) die("socket");
    struct sockaddr_in a = loopback(port);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return s;
}

/* ---- clients ---- */

static int echo_client(int port, int pid, int clients, double seconds) {
    int ep = epoll_create1(0);
    char msg[MSG] = {0};
    static char buf[65536];
    static int fds[MAX_FDS];
    if (clients > MAX_FDS) clients = MAX_FDS;
    for (int i = 0; i < clients; i++) {
        fds[i] = connect_to(port);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fds[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e);
    }
    usleep(200000);
    window_t w = window_start(pid);
    int64_t end = w.at + (int64_t)(seconds * 1e9);
    long long ops = 0;
    struct epoll_event events[256];
    /* Each connection keeps one message in flight; its first 8 bytes are the send time. */
    for (int i = 0; i < clients; i++) {
        int64_t t = now_ns();
        memcpy(msg, &t, sizeof t);
        if (write(fds[i], msg, MSG) != MSG) die("write");
    }
    while (now_ns() < end) {
        int n = epoll_wait(ep, events, 256, 10);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < MSG) continue; /* one 64-byte message in flight: it arrives whole on loopback */
            int64_t sent, t = now_ns();
            memcpy(&sent, buf + r - MSG, sizeof sent);
            record((t - sent) / 1000);
            ops++;
            memcpy(msg, &t, sizeof t);
            if (write(fd, msg, MSG) != MSG) die("write");
        }
    }
    print_window("", pid, w, ops);
    return 0;
}

static int fanout_client(int port, int pid, int members, double step_seconds, char *rates) {
    int ep = epoll_create1(0);
    static int remainder[MAX_FDS];
    static char partial[MAX_FDS][MSG];
    static char buf[65536];
    int sender = connect_to(port);
    for (int i = 0; i < members; i++) {
        int s = connect_to(port);
        if (s >= MAX_FDS) die("too many members");
        struct epoll_event e = {.events = EPOLLIN, .data.fd = s};
        epoll_ctl(ep, EPOLL_CTL_ADD, s, &e);
    }
    usleep(300000);
    struct epoll_event events[256];
    for (char *rate_text = strtok(rates, ","); rate_text; rate_text = strtok(NULL, ",")) {
        double rate = atof(rate_text);
        memset(hist, 0, sizeof(unsigned) * HIST_US);
        hist_count = 0;
        window_t w = window_start(pid);
        int64_t send_end = w.at + (int64_t)(step_seconds * 1e9), drain_end = send_end + 1500000000LL;
        long long sent = 0, delivered = 0;
        char msg[MSG] = {0};
        for (;;) {
            int64_t t = now_ns();
            if (t >= drain_end) break;
            while (t < send_end && sent < (long long)((t - w.at) / 1e9 * rate) + 1) {
                memcpy(msg, &t, sizeof t);
                if (write(sender, msg, MSG) != MSG) die("write");
                sent++;
            }
            int n = epoll_wait(ep, events, 256, 1);
            for (int i = 0; i < n; i++) {
                int fd = events[i].data.fd;
                ssize_t r = read(fd, buf, sizeof buf);
                if (r <= 0) continue;
                int64_t now = now_ns();
                ssize_t at = 0;
                /* Messages may arrive split or joined: complete the one left over from the last read first. */
                if (remainder[fd] > 0) {
                    ssize_t take = MSG - remainder[fd] < r ? MSG - remainder[fd] : r;
                    memcpy(partial[fd] + remainder[fd], buf, (size_t)take);
                    remainder[fd] += (int)take;
                    at = take;
                    if (remainder[fd] == MSG) {
                        int64_t s;
                        memcpy(&s, partial[fd], sizeof s);
                        record((now - s) / 1000);
                        delivered++;
                        remainder[fd] = 0;
                    }
                }
                for (; at + MSG <= r; at += MSG) {
                    int64_t s;
                    memcpy(&s, buf + at, sizeof s);
                    record((now - s) / 1000);
                    delivered++;
                }
                if (at < r) {
                    memcpy(partial[fd], buf + at, (size_t)(r - at));
                    remainder[fd] = (int)(r - at);
                }
            }
        }
        char extra[160];
        snprintf(extra, sizeof extra, "\"rate\":%s,\"sent\":%lld,\"members\":%d,", rate_text, sent, members);
        print_window(extra, pid, w, delivered);
        if (delivered < (long long)(0.98 * (double)sent * members)) break;
    }
    return 0;
}

int main(int argc, char **argv) {
    hist = calloc(HIST_US, sizeof(unsigned));
    if (!hist) die("calloc");
    if (argc == 3 && strcmp(argv[1], "echo-server") == 0) return serve(atoi(argv[2]), 0);
    if (argc == 3 && strcmp(argv[1], "fanout-server") == 0) return serve(atoi(argv[2]), 1);
    if (argc == 6 && strcmp(argv[1], "echo-client") == 0)
        return echo_client(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atof(argv[5]));
    if (argc == 7 && strcmp(argv[1], "fanout-client") == 0)
        return fanout_client(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atof(argv[5]), argv[6]);
    fprintf(stderr, "usage: see the comment at the top of floor.c\n");
    return 2;
}
