#!/usr/bin/env bash
# Baseline for ImapBench: Debian's Dovecot (dovecot-imapd) as a private instance from a config
# directory under $BASE, IMAP on 127.0.0.1:10143 and IMAPS on 127.0.0.1:10993 (self-signed
# RSA-3072 certificate), a passwd-file of bench users, Maildirs under $BASE/mail, no FTS plugin
# (SEARCH TEXT reads the messages). It touches neither /etc/dovecot nor the system's mail ports.
#
#   bench/dovecot-imap.sh start          install dovecot-imapd if missing, start the instance
#   bench/dovecot-imap.sh stop [--purge] stop it (by its pid file); --purge removes $BASE
#   bench/dovecot-imap.sh status         pid, listening sockets, processes
#   bench/dovecot-imap.sh mem            KB of memory (PSS) of all the instance's processes
#   bench/dovecot-imap.sh bench [ARGS]   start, then ImapBench login, fetch and search against it (ARGS go
#                                        to every run, e.g. --duration 15 --warmup 5), then stop
#   bench/dovecot-imap.sh idle [ARGS]    start with IMAP_CLIENT_LIMIT=100 (see below), then ImapBench idle
#                                        (--sessions 10000 by default) with --mem-command "$0 mem", then stop
#
# Users user0@bench.test .. user$((USERS-1))@bench.test (USERS, default 100), password
# Bench-Imap-Password-2026!, stored as SHA512-CRYPT (Debian's default scheme; auth cache off, the
# default). IMAP_CLIENT_LIMIT (default 1, Dovecot's default: one imap process per session) sets
# service imap { client_limit }. Needs root (apt, and Dovecot's master starts as root).
# MAILWARD_IMAP_BASELINE_DIR moves $BASE.
set -euo pipefail

BASE=${MAILWARD_IMAP_BASELINE_DIR:-/tmp/mailward-bench-imap}
PORT=10143
TLS_PORT=10993
USERS=${USERS:-100}
PASSWORD='Bench-Imap-Password-2026!'
IMAP_CLIENT_LIMIT=${IMAP_CLIENT_LIMIT:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
PID_FILE="$BASE/run/master.pid"

case "$BASE" in
    /*mailward-bench*) ;;
    *) echo "MAILWARD_IMAP_BASELINE_DIR must be an absolute path containing 'mailward-bench' (it gets rm -rf'd)" >&2; exit 2 ;;
esac

live_pid() {
    local pid
    [ -r "$PID_FILE" ] || return 1
    pid=$(tr -dc 0-9 < "$PID_FILE")
    [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = dovecot ] || return 1
    echo "$pid"
}

install_packages() {
    if [ "$(dpkg-query -W -f='${Status}\n' dovecot-core dovecot-imapd 2>/dev/null | grep -c 'install ok installed')" = 2 ]; then
        return
    fi
    # The maintainer scripts must not start the system's own Dovecot (ports 143, 993).
    local created=no status=0 before pid
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# bench/dovecot-imap.sh: no daemon starts during its apt-get install\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created=yes
        trap 'rm -f /usr/sbin/policy-rc.d; exit 130' INT TERM
    fi
    before=$(cat /run/dovecot/master.pid 2>/dev/null || true)
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold dovecot-core dovecot-imapd
    } || status=$?
    if [ "$created" = yes ]; then
        rm -f /usr/sbin/policy-rc.d
        trap - INT TERM
    fi
    pid=$(cat /run/dovecot/master.pid 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" != "$before" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dovecot ]; then
        echo "stopping the system Dovecot (pid $pid) that the install started"
        kill "$pid"
    fi
    return $status
}

write_config() {
    local mail_uid mail_gid hash i
    mail_uid=$(id -u mail)
    mail_gid=$(id -g mail)
    mkdir -p "$BASE/run" "$BASE/state" "$BASE/mail"
    chmod 755 "$BASE"
    chown mail:mail "$BASE/mail"
    if [ ! -s "$BASE/cert.pem" ]; then
        openssl req -x509 -newkey rsa:3072 -nodes -days 365 -subj /CN=imap.bench.test \
            -keyout "$BASE/key.pem" -out "$BASE/cert.pem" 2> /dev/null
        chmod 600 "$BASE/key.pem"
    fi
    if [ ! -s "$BASE/users" ] || [ "$(wc -l < "$BASE/users")" != "$USERS" ]; then
        hash=$(doveadm pw -s SHA512-CRYPT -p "$PASSWORD")
        : > "$BASE/users"
        for ((i = 0; i < USERS; i++)); do
            echo "user$i@bench.test:$hash::::::" >> "$BASE/users"
        done
    fi
    cat > "$BASE/dovecot.conf" <<EOF
# Dovecot for the ImapBench baseline (written by bench/dovecot-imap.sh): IMAP on 127.0.0.1:$PORT,
# IMAPS on 127.0.0.1:$TLS_PORT, Maildirs under $BASE/mail, no FTS plugin. Not written here means
# Dovecot's default (mail_fsync = optimized, auth cache off, mailbox_idle_check_interval 30 s, ...).
protocols = imap
instance_name = mailward-bench-imap
base_dir = $BASE/run
state_dir = $BASE/state
listen = 127.0.0.1
log_path = $BASE/dovecot.log
ssl = yes
ssl_cert = <$BASE/cert.pem
ssl_key = <$BASE/key.pem
# Plaintext LOGIN on the clear port, as ImapBench does against Mailward (login.plaintext-allowed for the run).
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
first_valid_gid = $mail_gid
last_valid_gid = $mail_gid
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT $BASE/users
}
userdb {
  driver = passwd-file
  args = $BASE/users
  default_fields = uid=$mail_uid gid=$mail_gid home=$BASE/mail/%d/%n
}
# Limits raised so that one instance can hold 10,000 IDLE sessions (the defaults: 100 processes
# per service, 1000 clients, 10 connections per user and address).
default_process_limit = 11000
default_client_limit = 15000
default_vsz_limit = 1G
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $TLS_PORT
    ssl = yes
  }
  # "high-performance" login processes (one per core, each serving many logins), as Dovecot's
  # documentation recommends for busy servers
  service_count = 0
  process_min_avail = $(nproc)
  client_limit = 12000
}
service imap {
  process_limit = 11000
  client_limit = $IMAP_CLIENT_LIMIT
}
service anvil {
  client_limit = 15000
}
protocol imap {
  mail_max_userip_connections = 20000
}
EOF
}

start() {
    install_packages
    local pid i
    if pid=$(live_pid); then
        echo "already running: Dovecot pid $pid"
        return
    fi
    for i in $PORT $TLS_PORT; do
        if ss -ltnH "sport = :$i" | grep -q .; then
            echo "port $i is taken by something else:" >&2
            ss -ltnpH "sport = :$i" >&2
            exit 1
        fi
    done
    write_config
    # Each session is a connection in the login and imap processes; the master passes them on.
    ulimit -n "$(ulimit -Hn)"
    # Its output to a file: the daemon keeps the descriptors it was started with.
    dovecot -c "$BASE/dovecot.conf" < /dev/null > "$BASE/master.out" 2>&1 || { cat "$BASE/master.out" >&2; exit 1; }
    for i in $(seq 100); do
        if ss -ltnH "sport = :$PORT" | grep -q .; then
            break
        fi
        sleep 0.1
    done
    pid=$(live_pid) || { echo "Dovecot did not start, see $BASE/dovecot.log" >&2; tail -5 "$BASE/dovecot.log" >&2; exit 1; }
    check_listeners "$pid"
    echo "started: Dovecot $(dovecot --version | cut -d' ' -f1) pid $pid, IMAP 127.0.0.1:$PORT, IMAPS 127.0.0.1:$TLS_PORT, imap client_limit $IMAP_CLIENT_LIMIT, open files $(ulimit -n)"
}

tree() {
    ps -eo pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
        END { for (queue = root; queue != ""; ) { n = split(queue, q, " "); queue = ""
              for (i = 1; i <= n; i++) { print q[i]; queue = queue kids[q[i]] } } }'
}

check_listeners() {
    local pids sockets
    pids=$(tree "$1" | tr -d ' ' | paste -sd'|')
    sockets=$(ss -lntupH | grep -E "pid=($pids)," || true)
    if echo "$sockets" | awk 'NF { print $5 }' | grep -v '^127\.0\.0\.1:' | grep -q .; then
        echo "refusing to run: a baseline process listens beyond 127.0.0.1:" >&2
        echo "$sockets" >&2
        stop
        exit 1
    fi
    echo "listening (TCP/UDP) by the baseline's processes:"
    echo "$sockets" | awk 'NF { print "  " $1, $5 }'
}

stop() {
    local pid i
    if pid=$(live_pid); then
        kill "$pid"
        for i in $(seq 300); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
        [ ! -d "/proc/$pid" ] || { echo "Dovecot (pid $pid) is still running after 30 s" >&2; exit 1; }
        echo "stopped Dovecot (pid $pid)"
    fi
    if [ "${1:-}" = --purge ]; then
        rm -rf "$BASE"
        echo "removed $BASE"
    fi
}

# Proportional set size of the master and all its descendants, in KB: shared pages split among the
# processes that share them, so that the sum is what the instance costs.
mem() {
    local pid p total=0 kb
    pid=$(live_pid) || { echo 0; return; }
    for p in $(tree "$pid"); do
        kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

status() {
    local pid
    pid=$(live_pid) && echo "Dovecot pid $pid, $(tree "$pid" | wc -l) processes, $(mem) KB PSS" || echo "Dovecot not running"
    ss -ltnpH "( sport = :$PORT or sport = :$TLS_PORT )" || true
}

imapbench() {
    "${JAVA:-java}" "$HERE/ImapBench.java" "$@"
}

bench() {
    trap stop EXIT
    start
    local common=(--port $PORT --user 'user%d@bench.test' --password "$PASSWORD")
    imapbench login "$@" "${common[@]}" --accounts "$USERS"
    imapbench fetch "$@" "${common[@]}"
    imapbench search "$@" "${common[@]}"
}

idle() {
    trap stop EXIT
    stop > /dev/null
    IMAP_CLIENT_LIMIT=${IMAP_CLIENT_LIMIT_IDLE:-100}
    start
    imapbench idle "$@" --port $PORT --user 'user%d@bench.test' --password "$PASSWORD" --accounts "$USERS" --mem-command "$SELF mem"
}

command=${1:-}
shift || true
case "$command" in
    install) install_packages ;;
    start) start ;;
    stop) stop "$@" ;;
    status) status ;;
    mem) mem ;;
    bench) bench "$@" ;;
    idle) idle "$@" ;;
    *) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2 ;;
esac
