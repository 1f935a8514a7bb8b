#!/usr/bin/env bash
# Baseline for SmtpBench: a stock Postfix accepting SMTP on 127.0.0.1:2625 and handing each
# message over LMTP (a unix socket) to Dovecot, which writes it into a Maildir. Both run as
# private instances from config directories under $BASE, so they touch neither /etc/postfix,
# /etc/dovecot, /var/spool/postfix nor the system's mail ports (25, 143, ...), and leave 2525
# and the other ports to Mailward. Settings not written below are the packages' defaults
# (including Postfix's fsync of every queue file and Dovecot's mail_fsync = optimized).
#
#   bench/postfix-dovecot.sh start          install Postfix and Dovecot if missing, start both
#   bench/postfix-dovecot.sh stop [--purge] stop the two instances started from $BASE; --purge removes $BASE
#   bench/postfix-dovecot.sh count          messages delivered into the Maildirs (files in new/ and cur/)
#   bench/postfix-dovecot.sh status         pids, listening sockets and the Postfix queue
#   bench/postfix-dovecot.sh bench [ARGS]   SmtpBench at 4 KB and 100 KB, 4 and 16 connections, each run on a
#                                           fresh start with empty mailboxes, then stop; ARGS (e.g. --duration 20
#                                           --warmup 5) go to every SmtpBench run; SIZES="4096" and
#                                           CONCURRENCIES="4" narrow it down
#   bench/postfix-dovecot.sh relay-bench [ARGS]
#                                           the same, but to user@sink.test, which Postfix relays to
#                                           bench/SmtpSink.java on 127.0.0.1:10025: the baseline of
#                                           bench/mailward-outbound.sh
#
# Needs root (apt, and Postfix's master starts as root). MAILWARD_BASELINE_DIR moves $BASE.
set -euo pipefail

BASE=${MAILWARD_BASELINE_DIR:-/tmp/mailward-bench-baseline}
PORT=2625
SINK_PORT=10025
SINK_PID=
HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
USERS=(user@a.test user1@a.test user2@a.test user3@a.test postmaster@a.test)
POSTFIX_CONF="$BASE/postfix/conf"
POSTFIX_PID="$BASE/postfix/queue/pid/master.pid"
DOVECOT_PID="$BASE/dovecot/run/master.pid"

case "$BASE" in
    /*mailward-bench*) ;;
    *) echo "MAILWARD_BASELINE_DIR must be an absolute path containing 'mailward-bench' (it gets rm -rf'd)" >&2; exit 2 ;;
esac

# Prints the pid from a pid file if that process is alive and is the program named.
live_pid() {
    local file=$1 program=$2 pid
    [ -r "$file" ] || return 1
    pid=$(tr -dc 0-9 < "$file")
    [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$program" ] || return 1
    echo "$pid"
}

install_packages() {
    if [ "$(dpkg-query -W -f='${Status}\n' postfix dovecot-core dovecot-lmtpd 2>/dev/null | grep -c 'install ok installed')" = 3 ]; then
        return
    fi
    # The maintainer scripts must not start the system's own Postfix or Dovecot (ports 25, 143, 110, ...).
    local created=no status=0 before_postfix before_dovecot
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# bench/postfix-dovecot.sh: no daemon starts during its apt-get install\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created=yes
        trap 'rm -f /usr/sbin/policy-rc.d; exit 130' INT TERM
    fi
    before_postfix=$(live_pid /var/spool/postfix/pid/master.pid master || true)
    before_dovecot=$(live_pid /run/dovecot/master.pid dovecot || true)
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold postfix dovecot-core dovecot-lmtpd
    } || status=$?
    if [ "$created" = yes ]; then
        rm -f /usr/sbin/policy-rc.d
        trap - INT TERM
    fi
    # Should a system daemon have been started all the same, stop that one (and only one that was not running before).
    local pid
    pid=$(live_pid /var/spool/postfix/pid/master.pid master || true)
    if [ -n "$pid" ] && [ "$pid" != "$before_postfix" ]; then
        echo "stopping the system Postfix (pid $pid) that the install started"
        kill "$pid"
    fi
    pid=$(live_pid /run/dovecot/master.pid dovecot || true)
    if [ -n "$pid" ] && [ "$pid" != "$before_dovecot" ]; then
        echo "stopping the system Dovecot (pid $pid) that the install started"
        kill "$pid"
    fi
    return $status
}

write_config() {
    local mail_uid mail_gid user
    mail_uid=$(id -u mail)
    mail_gid=$(id -g mail)
    mkdir -p "$POSTFIX_CONF" "$BASE/postfix/queue" "$BASE/postfix/data" "$BASE/dovecot/run" "$BASE/dovecot/state" "$BASE/mail"
    chmod 755 "$BASE" "$BASE/postfix" "$BASE/dovecot" # Postfix's lmtp client, as user postfix, walks to the socket
    chown postfix: "$BASE/postfix/data"
    chown mail:mail "$BASE/mail" # Dovecot delivers as the mail user
    # STARTTLS is offered (not required), so that SmtpBench --starttls has something to compare;
    # RSA-3072 like the certificate Mailward generates.
    if [ ! -s "$POSTFIX_CONF/cert.pem" ]; then
        openssl req -x509 -newkey rsa:3072 -nodes -days 365 -subj /CN=baseline.bench.test \
            -keyout "$POSTFIX_CONF/key.pem" -out "$POSTFIX_CONF/cert.pem" 2> /dev/null
        chmod 600 "$POSTFIX_CONF/key.pem"
    fi

    cat > "$POSTFIX_CONF/main.cf" <<EOF
# Postfix for the SmtpBench baseline (written by bench/postfix-dovecot.sh): SMTP on
# 127.0.0.1:$PORT, every message for a.test to Dovecot over LMTP, nothing else delivered.
compatibility_level = 3.6
queue_directory = $BASE/postfix/queue
data_directory = $BASE/postfix/data
maillog_file = $BASE/postfix/postfix.log
maillog_file_prefixes = $BASE/postfix
myhostname = baseline.bench.test
mydomain = bench.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
# relay-bench: sink.test is relayed to bench/SmtpSink.java, as Mailward's smart host sends it there.
relay_domains = sink.test
transport_maps = inline:{ sink.test=smtp:[127.0.0.1]:$SINK_PORT }
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:local delivery is disabled in the baseline
default_transport = error:outbound mail is disabled in the baseline
relay_transport = error:relaying is disabled in the baseline
virtual_mailbox_domains = a.test
virtual_mailbox_maps = texthash:$BASE/postfix/mailboxes
virtual_transport = lmtp:unix:$BASE/dovecot/run/lmtp
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject_unauth_destination
smtpd_banner = \$myhostname ESMTP
smtpd_tls_security_level = may
smtpd_tls_cert_file = $POSTFIX_CONF/cert.pem
smtpd_tls_key_file = $POSTFIX_CONF/key.pem
biff = no
append_dot_mydomain = no
EOF
    cat > "$POSTFIX_CONF/master.cf" <<EOF
# Postfix services for the SmtpBench baseline: SMTP on 127.0.0.1:$PORT only (and the SMTP client
# that relay-bench uses), nothing chrooted.
# service  type      private unpriv chroot wakeup maxproc command
127.0.0.1:$PORT inet n       -      n      -      -       smtpd
pickup     unix      n       -      n      60     1       pickup
cleanup    unix      n       -      n      -      0       cleanup
qmgr       unix      n       -      n      300    1       qmgr
rewrite    unix      -       -      n      -      -       trivial-rewrite
bounce     unix      -       -      n      -      0       bounce
defer      unix      -       -      n      -      0       bounce
trace      unix      -       -      n      -      0       bounce
verify     unix      -       -      n      -      1       verify
flush      unix      n       -      n      1000?  0       flush
proxymap   unix      -       -      n      -      -       proxymap
proxywrite unix      -       -      n      -      1       proxymap
showq      unix      n       -      n      -      -       showq
error      unix      -       -      n      -      -       error
retry      unix      -       -      n      -      -       error
discard    unix      -       -      n      -      -       discard
lmtp       unix      -       -      n      -      -       lmtp
smtp       unix      -       -      n      -      -       smtp
anvil      unix      -       -      n      -      1       anvil
scache     unix      -       -      n      -      1       scache
postlog    unix-dgram n      -      n      -      1       postlogd
tlsmgr     unix      -       -      n      1000?  1       tlsmgr
EOF
    : > "$BASE/postfix/mailboxes"
    : > "$BASE/dovecot/users"
    for user in "${USERS[@]}"; do
        echo "$user OK" >> "$BASE/postfix/mailboxes"
        # Not a login: the baseline only delivers. The password field just has to be there.
        echo "$user:{PLAIN}no-logins-in-the-baseline::::::" >> "$BASE/dovecot/users"
    done

    cat > "$BASE/dovecot/dovecot.conf" <<EOF
# Dovecot for the SmtpBench baseline (written by bench/postfix-dovecot.sh): LMTP only, on a
# unix socket for Postfix, into Maildirs under $BASE/mail. Everything else, fsync included
# (mail_fsync = optimized), is Dovecot's default.
protocols = lmtp
instance_name = mailward-bench-baseline
base_dir = $BASE/dovecot/run
state_dir = $BASE/dovecot/state
listen = 127.0.0.1
log_path = $BASE/dovecot/dovecot.log
ssl = no
mail_location = maildir:~/Maildir
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
first_valid_gid = $mail_gid
last_valid_gid = $mail_gid
passdb {
  driver = passwd-file
  args = $BASE/dovecot/users
}
userdb {
  driver = passwd-file
  args = $BASE/dovecot/users
  default_fields = uid=$mail_uid gid=$mail_gid home=$BASE/mail/%d/%n
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
protocol lmtp {
  postmaster_address = postmaster@a.test
}
EOF
}

start() {
    install_packages
    local postfix_pid dovecot_pid
    dovecot_pid=$(live_pid "$DOVECOT_PID" dovecot || true)
    postfix_pid=$(live_pid "$POSTFIX_PID" master || true)
    if [ -n "$dovecot_pid" ] && [ -n "$postfix_pid" ]; then
        echo "already running: Postfix pid $postfix_pid, Dovecot pid $dovecot_pid"
        return
    fi
    if ss -ltnH "sport = :$PORT" | grep -q .; then
        if [ -z "$postfix_pid" ]; then
            echo "port $PORT is taken by something else:" >&2
            ss -ltnpH "sport = :$PORT" >&2
            exit 1
        fi
    fi
    write_config
    if [ -z "$dovecot_pid" ]; then
        dovecot -c "$BASE/dovecot/dovecot.conf"
    fi
    if [ -z "$postfix_pid" ]; then
        # Without a syslog, Postfix prints its complaints only to a terminal: script(1) gives it one.
        if ! postfix -c "$POSTFIX_CONF" check; then
            script -qc "postfix -c $POSTFIX_CONF check" /dev/null >&2 || true
            exit 1
        fi
        postfix -c "$POSTFIX_CONF" start
    fi
    local i
    for i in $(seq 100); do
        if [ -S "$BASE/dovecot/run/lmtp" ] && ss -ltnH "sport = :$PORT" | grep -q .; then
            break
        fi
        sleep 0.1
    done
    dovecot_pid=$(live_pid "$DOVECOT_PID" dovecot) || { echo "Dovecot did not start, see $BASE/dovecot/dovecot.log" >&2; exit 1; }
    postfix_pid=$(live_pid "$POSTFIX_PID" master) || { echo "Postfix did not start, see $BASE/postfix/postfix.log" >&2; exit 1; }
    check_listeners "$postfix_pid" "$dovecot_pid"
    echo "started: Postfix pid $postfix_pid on 127.0.0.1:$PORT, Dovecot pid $dovecot_pid (LMTP on $BASE/dovecot/run/lmtp)"
}

# The pids of a process and all its descendants.
tree() {
    ps -eo pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
        END { for (queue = root; queue != ""; ) { n = split(queue, q, " "); queue = ""
              for (i = 1; i <= n; i++) { print q[i]; queue = queue kids[q[i]] } } }'
}

# CPU ticks (user + system) used so far by the whole machine, and by the Postfix and Dovecot
# process trees (a process's count includes its reaped children, so short-lived smtpd and lmtp
# processes are in their master's). Only a measure of how quiet the machine was.
cpu_ticks() {
    local machine ours=0 pid p t
    machine=$(awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat)
    for pid in $(live_pid "$POSTFIX_PID" master || true) $(live_pid "$DOVECOT_PID" dovecot || true); do
        for p in $(tree "$pid"); do
            t=$(sed 's/^.*) //' "/proc/$p/stat" 2> /dev/null | awk '{ print $12 + $13 + $14 + $15 }')
            ours=$((ours + ${t:-0}))
        done
    done
    echo "$machine $ours"
}

# CPU ticks used by this shell's reaped children (SmtpBench and the count commands it ran), from the
# times builtin, which must run in this shell rather than in a $(...) subshell.
children_ticks() {
    times > "$BASE/times.txt"
    awk -v hz="$(getconf CLK_TCK)" 'function s(x) { split(x, a, "m"); sub("s", "", a[2]); return a[1] * 60 + a[2] }
        NR == 2 { printf "%d\n", (s($1) + s($2)) * hz }' "$BASE/times.txt"
}

# Every TCP or UDP socket that our two process trees listen on must be on 127.0.0.1.
check_listeners() {
    local pids pattern sockets
    pids=$( { tree "$1"; tree "$2"; } | tr -d ' ' | paste -sd'|')
    pattern="pid=($pids),"
    sockets=$(ss -lntupH | grep -E "$pattern" || true)
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
    if pid=$(live_pid "$POSTFIX_PID" master); then
        postfix -c "$POSTFIX_CONF" stop # signals the master in this instance's pid file
        for i in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
        [ ! -d "/proc/$pid" ] || { echo "Postfix (pid $pid) is still running after 10 s" >&2; exit 1; }
        echo "stopped Postfix (pid $pid)"
    fi
    if pid=$(live_pid "$DOVECOT_PID" dovecot); then
        kill "$pid"
        for i in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
        [ ! -d "/proc/$pid" ] || { echo "Dovecot (pid $pid) is still running after 10 s" >&2; exit 1; }
        echo "stopped Dovecot (pid $pid)"
    fi
    if [ "${1:-}" = --purge ]; then
        rm -rf "$BASE"
        echo "removed $BASE"
    fi
}

# SmtpBench runs this every 250 ms while it waits for deliveries, so it lists only the new/ and
# cur/ directories of each Maildir (INBOX and folders) and prints one byte per file.
count() {
    local dirs
    shopt -s nullglob
    dirs=("$BASE"/mail/*/*/Maildir/{,.[!.]*/}{new,cur})
    if [ ${#dirs[@]} -gt 0 ]; then
        find "${dirs[@]}" -mindepth 1 -maxdepth 1 -type f -printf x | wc -c
    else
        echo 0
    fi
}

status() {
    local pid
    pid=$(live_pid "$POSTFIX_PID" master) && echo "Postfix pid $pid" || echo "Postfix not running"
    pid=$(live_pid "$DOVECOT_PID" dovecot) && echo "Dovecot pid $pid" || echo "Dovecot not running"
    ss -ltnpH "sport = :$PORT" || true
    if live_pid "$POSTFIX_PID" master > /dev/null; then
        postqueue -c "$POSTFIX_CONF" -p | tail -1
    fi
    echo "delivered: $(count)"
}

# bench [relay] [ARGS]: into Dovecot's Maildirs, or (relay) through Postfix's SMTP client to the sink.
bench() {
    local java=${JAVA:-java} rows=() size concurrency output before after children_before children_after other
    local to=user@a.test delivered="$SELF count" counts="$BASE/sink.count"
    if [ "${1:-}" = relay ]; then
        shift
        to=user@sink.test
        mkdir -p "$BASE"
        "$java" "$HERE/SmtpSink.java" --port $SINK_PORT --count-file "$counts" --max-seconds 3600 > /dev/null &
        SINK_PID=$!
        for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && break; sleep 0.2; done
        delivered="cat $counts"
    fi
    # SINK_PID is global: the trap runs after this function has returned.
    trap 'stop; [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true' EXIT
    for size in ${SIZES:-4096 102400}; do
        for concurrency in ${CONCURRENCIES:-4 16}; do
            # Every run starts from empty mailboxes and an empty queue, whatever ran before it.
            stop > /dev/null
            rm -rf "$BASE/mail" "$BASE/postfix/queue"
            echo
            start
            # Extra arguments first: SmtpBench takes the first occurrence of each option.
            output="$BASE/results/smtpbench-$size-$concurrency.txt"
            mkdir -p "$BASE/results"
            children_ticks > "$BASE/children.txt"; children_before=$(cat "$BASE/children.txt")
            before="$(cpu_ticks) $(date +%s%N)"
            "$java" "$HERE/SmtpBench.java" "$@" --delivered-timeout 300 --host 127.0.0.1 --port $PORT --size $size \
                --concurrency $concurrency --to $to --delivered-command "$delivered" | tee "$output"
            after="$(cpu_ticks) $(date +%s%N)"
            children_ticks > "$BASE/children.txt"; children_after=$(cat "$BASE/children.txt")
            # What the machine's CPUs did beyond Postfix, Dovecot and SmtpBench: other programs, kernel
            # threads (including the file system's for our fsyncs). Much more than a few % spoils the figures.
            other=$(echo "$before $after $children_before $children_after" | awk -v cores="$(nproc)" -v hz="$(getconf CLK_TCK)" \
                '{ other = ($4 - $1) - ($5 - $2) - ($8 - $7); seconds = ($6 - $3) / 1e9
                   printf "%.0f", 100 * other / (cores * hz * seconds) }')
            echo "CPU used beyond Postfix, Dovecot and SmtpBench during the run: $other% of the $(nproc) cores"
            rows+=("$(grep '^| [0-9]' "$output" | tail -1) $other% |")
        done
    done
    echo
    if [ -n "$SINK_PID" ]; then
        echo "Postfix $(postconf -d -h mail_version) relaying to a local sink, $(nproc) cores, $(date -u +%F)"
    else
        echo "Postfix $(postconf -d -h mail_version) + Dovecot $(dovecot --version | cut -d' ' -f1) over LMTP, $(nproc) cores, $(date -u +%F)"
    fi
    echo "| size | connections | accepted | accepted/s | MB/s | p50 ms | p99 ms | max ms | delivered/s | failures | other CPU |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
}

command=${1:-}
shift || true
case "$command" in
    install) install_packages ;;
    start) start ;;
    stop) stop "$@" ;;
    count) count ;;
    status) status ;;
    bench) bench "$@" ;;
    relay-bench) bench relay "$@" ;;
    *) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2 ;;
esac
