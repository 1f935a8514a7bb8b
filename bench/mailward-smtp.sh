#!/usr/bin/env bash
# SmtpBench against a running Mailward, as bench/postfix-dovecot.sh runs it against Postfix +
# Dovecot: 4 KB and 100 KB messages on 4 and 16 connections to the MX listener (2525), each run
# into a fresh, empty mailbox, with delivered/s counted through the REST API.
#
#   bench/mailward-smtp.sh [DATA_DIR] [SmtpBench ARGS]   e.g. bench/mailward-smtp.sh data --duration 20 --warmup 5
#
# DATA_DIR is the running server's data directory (default ./data): its secrets let the admin
# commands create a throw-away domain and accounts. One warm-up run comes first: a freshly
# started JVM is up to three times slower for its first minutes. SIZES and CONCURRENCIES narrow
# the runs down as in postfix-dovecot.sh.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DATA=$(cd "${1:-$ROOT/data}" && pwd); shift || true
SIZES=${SIZES:-"4096 102400"}
CONCURRENCIES=${CONCURRENCIES:-"4 16"}
PASSWORD="Bench-$(date +%s)-Password!"
DOMAIN="smtpbench-$(date +%s).test"
export MAILWARD_DATA=$DATA

"$ROOT/mailward" domain create "$DOMAIN" >/dev/null
account() {
    echo "$PASSWORD" | "$ROOT/mailward" account create "$1@$DOMAIN" --password - >/dev/null
    echo "$1@$DOMAIN"
}
run() {
    local size=$1 connections=$2 user=$3; shift 3
    rm -f "${TMPDIR:-/tmp}/mailward-bench-token-$(id -u)" # a token for this user
    java "$HERE/SmtpBench.java" --port 2525 --concurrency "$connections" --size "$size" --to "$user" \
        --delivered-command "$HERE/mailward-inbox-count.sh $user $PASSWORD $DATA" "$@"
}

echo "warming up the server (not reported)"
run 4096 4 "$(account warmup)" --duration 20 --warmup 5 > /dev/null
table=()
for size in $SIZES; do
    for connections in $CONCURRENCIES; do
        line=$(run "$size" "$connections" "$(account "s${size}c${connections}")" "$@" | tee /dev/stderr | grep '^| [0-9]' | tail -n 1)
        table+=("$line")
    done
done
echo
echo "Mailward $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(date +%F)"
echo "| size | connections | accepted | accepted/s | MB/s | p50 ms | p99 ms | max ms | delivered/s | failures |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
