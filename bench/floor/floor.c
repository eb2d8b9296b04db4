/*
 * The floor of a fan-out on this machine: what the kernel must do, and nothing else, to deliver chat messages
 * without batching. One writer process (pinned to the server's core) holds CONNECTIONS loopback TCP connections
 * in ROOMS rooms; every message is one write() of a FRAME-byte frame to each connection of its room, and the
 * messages of all rooms are due evenly at RATE deliveries per second. A reader process (pinned to the bench's
 * core) drains every connection with epoll. The figure is the writer's CPU time (user + system: the loopback
 * receive path runs on the sender's core and is charged to it) over the measured window, per delivery.
 * With RATE 0 the writer writes as fast as it can: the figure is then also its deliveries per second.
 *
 *   floor RATE [WARMUP_S DURATION_S [CONNECTIONS ROOMS FRAME WRITER_CORE READER_CORE]]
 *
 * Prints one JSON line. Loopback only; stops by itself after WARMUP_S + DURATION_S.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void pin(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* The reader: connects every client, then drains them until the writer closes them all. */
static void reader(int port, int connections, int core) {
    pin(core);
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    for (int i = 0; i < connections; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) die("socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) die("epoll_ctl");
    }
    static char buf[65536];
    struct epoll_event events[256];
    int open = connections;
    while (open > 0) {
        int n = epoll_wait(ep, events, 256, 60000);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; /* a minute without a byte: the writer is gone */
        for (int i = 0; i < n; i++) {
            ssize_t got = read(events[i].data.fd, buf, sizeof buf);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                close(events[i].data.fd);
                open--;
            }
        }
    }
    exit(0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: floor RATE [WARMUP_S DURATION_S [CONNECTIONS ROOMS FRAME WRITER_CORE READER_CORE]]\n");
        return 2;
    }
    double rate = atof(argv[1]);
    double warmup = argc > 2 ? atof(argv[2]) : 5;
    double duration = argc > 3 ? atof(argv[3]) : 10;
    int connections = argc > 4 ? atoi(argv[4]) : 1000;
    int rooms = argc > 5 ? atoi(argv[5]) : 10;
    int frame = argc > 6 ? atoi(argv[6]) : 150;
    int writer_core = argc > 7 ? atoi(argv[7]) : 0;
    int reader_core = argc > 8 ? atoi(argv[8]) : 1;
    if (connections <= 0 || rooms <= 0 || connections % rooms != 0 || frame <= 0 || frame > 4096 || rate < 0) {
        fprintf(stderr, "floor: CONNECTIONS must be a multiple of ROOMS, FRAME 1..4096, RATE >= 0\n");
        return 2;
    }
    int per_room = connections / rooms;
    pin(writer_core);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) die("socket");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0) die("bind");
    if (listen(listener, 4096) != 0) die("listen");
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *)&addr, &len);

    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) reader(ntohs(addr.sin_port), connections, reader_core);

    int *fds = malloc(sizeof(int) * connections);
    for (int i = 0; i < connections; i++) {
        fds[i] = accept(listener, NULL, NULL);
        if (fds[i] < 0) die("accept");
        int one = 1;
        setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as a WebSocket server sets it */
    }

    /* A WebSocket text frame header (0x81, 7-bit length) and a JSON body of the chat's shape. */
    char *bytes = malloc(frame);
    memset(bytes, 'x', frame);
    bytes[0] = (char)0x81;
    bytes[1] = (char)(frame - 2 < 126 ? frame - 2 : 126);
    memcpy(bytes + 2, "{\"type\":\"message\",\"room\":\"bench-0\",\"id\":1,\"text\":\"",
           frame - 2 < 48 ? (size_t)(frame - 2) : 48);

    double messages_per_s = rate / per_room;
    double start = now_s();
    double window_start = start + warmup, end = window_start + duration;
    double cpu_at_window = 0;
    long long deliveries = 0, counted = 0, message = 0;
    int in_window = 0;
    for (;;) {
        double t = now_s();
        if (!in_window && t >= window_start) {
            in_window = 1;
            cpu_at_window = cpu_s();
            counted = deliveries;
        }
        if (t >= end) break;
        if (messages_per_s > 0) {
            double due = start + message / messages_per_s;
            if (due > t) {
                double wait = due - t;
                struct timespec s = {.tv_sec = (time_t)wait, .tv_nsec = (long)((wait - (time_t)wait) * 1e9)};
                nanosleep(&s, NULL);
                continue;
            }
        }
        int room = (int)(message % rooms);
        for (int i = 0; i < per_room; i++) {
            const char *p = bytes;
            ssize_t left = frame;
            while (left > 0) {
                ssize_t n = write(fds[room * per_room + i], p, left);
                if (n < 0) {
                    if (errno == EINTR) continue;
                    die("write");
                }
                p += n;
                left -= n;
            }
        }
        deliveries += per_room;
        message++;
    }
    double cpu = cpu_s() - cpu_at_window;
    long long measured = deliveries - counted;
    double elapsed = now_s() - window_start;
    for (int i = 0; i < connections; i++) close(fds[i]);
    int status;
    waitpid(child, &status, 0);
    printf("{\"offeredDeliveriesPerS\": %.0f, \"deliveriesPerS\": %.0f, \"deliveries\": %lld, \"cpuPct\": %.1f, "
           "\"cpuUsPerDelivery\": %.2f, \"connections\": %d, \"rooms\": %d, \"frameBytes\": %d, \"windowS\": %.1f}\n",
           rate, measured / elapsed, measured, 100 * cpu / elapsed, measured > 0 ? cpu * 1e6 / measured : 0.0,
           connections, rooms, frame, elapsed);
    return 0;
}
