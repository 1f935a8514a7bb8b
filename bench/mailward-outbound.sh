#!/usr/bin/env bash
# Outbound messages per second from a running Mailward to a local sink (bench/SmtpSink.java):
# SmtpBench sends to an alias on the MX listener (2525) whose target is remote, so every message
# is delivered locally to nobody and queued outbound; the system's smart host setting points at
# the sink on 127.0.0.1, so no DNS is involved. 4 KB and 100 KB on 4 and 16 connections; the
# delivered/s column is what reached the sink. The settings are put back at the end.
#
#   bench/mailward-outbound.sh [DATA_DIR] [SmtpBench ARGS]   e.g. bench/mailward-outbound.sh data --duration 20 --warmup 5
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DATA=$(cd "${1:-$ROOT/data}" && pwd); shift || true
SIZES=${SIZES:-"4096 102400"}
CONCURRENCIES=${CONCURRENCIES:-"4 16"}
SINK_PORT=${SINK_PORT:-10025}
DOMAIN="outbench-$(date +%s).test"
COUNT=$(mktemp)
API=http://127.0.0.1:8080/api/v1
export MAILWARD_DATA=$DATA

field() { sed -n "s/^$1: //p" "$DATA/initial-admin.txt" | head -n 1; }
secret=$(grep '^mailward.keycloak.protocols-client.secret=' "$DATA/secrets.properties" | cut -d= -f2-)
token=$(curl -sf http://127.0.0.1:8180/realms/mailward/protocol/openid-connect/token \
    --data-urlencode grant_type=password --data-urlencode client_id=mailward-protocols \
    --data-urlencode "client_secret=$secret" --data-urlencode "username=$(field user)" \
    --data-urlencode "password=$(field password)" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
api() { curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$API$2" ${3:+--data "$3"} >/dev/null; }

SINK_PID=
cleanup() {
    [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
    api PUT /system/settings '{"outbound.relay-host":{"value":null},"outbound.relay-tls":{"value":null}}' || true
    rm -f "$COUNT" "$COUNT.tmp"
}
trap cleanup EXIT
api PUT /system/settings "{\"outbound.relay-host\":{\"value\":\"127.0.0.1:$SINK_PORT\"},\"outbound.relay-tls\":{\"value\":\"none\"}}"
"$ROOT/mailward" domain create "$DOMAIN" >/dev/null

# One sink for all runs (started here, not in the subshells of the runs, so that cleanup can end
# it); each run counts from what the sink had received when it started.
java "$HERE/SmtpSink.java" --port "$SINK_PORT" --count-file "$COUNT" --max-seconds 3600 >/dev/null &
SINK_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null && break; sleep 0.2; done
(exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null || { echo "the sink did not start" >&2; exit 1; }

run() {
    local size=$1 connections=$2 alias=$3; shift 3
    api POST "/domains/$DOMAIN/aliases" "{\"localPart\":\"$alias\",\"targets\":[\"$alias@sink.test\"]}"
    local base
    base=$(cat "$COUNT")
    java "$HERE/SmtpBench.java" --port 2525 --concurrency "$connections" --size "$size" --to "$alias@$DOMAIN" \
        --delivered-command "bash -c 'echo \$(( \$(cat $COUNT) - $base ))'" "$@"
}

echo "warming up the server (not reported)"
run 4096 4 warmup --duration 20 --warmup 5 > /dev/null
table=()
for size in $SIZES; do
    for connections in $CONCURRENCIES; do
        line=$(run "$size" "$connections" "s${size}c${connections}" "$@" | tee /dev/stderr | grep '^| [0-9]' | tail -n 1)
        table+=("$line")
    done
done
echo
echo "Mailward $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, $(date +%F): outbound to a local sink"
echo "| size | connections | accepted | accepted/s | MB/s | p50 ms | p99 ms | max ms | delivered/s | failures |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
