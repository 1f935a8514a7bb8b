#!/bin/bash
# Prints how many messages USER's INBOX holds, through the REST API, for SmtpBench's
# --delivered-command. Usage: bench/mailward-inbox-count.sh USER PASSWORD [DATA_DIR]
# The token comes from Keycloak with the protocols client, whose secret is in DATA_DIR.
set -euo pipefail
user=$1 password=$2 data=${3:-$(dirname "$0")/../data}
token_file=${TMPDIR:-/tmp}/mailward-bench-token-$(id -u)
# A token lasts minutes; asking Keycloak every 250 ms would measure Keycloak.
if [ ! -s "$token_file" ] || [ $(( $(date +%s) - $(stat -c %Y "$token_file") )) -gt 60 ]; then
  secret=$(grep '^mailward.keycloak.protocols-client.secret=' "$data/secrets.properties" | cut -d= -f2-)
  curl -sf http://127.0.0.1:8180/realms/mailward/protocol/openid-connect/token \
    --data-urlencode grant_type=password --data-urlencode client_id=mailward-protocols \
    --data-urlencode "client_secret=$secret" --data-urlencode "username=$user" --data-urlencode "password=$password" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' > "$token_file"
fi
curl -sf -H "Authorization: Bearer $(cat "$token_file")" http://127.0.0.1:8080/api/v1/me/folders \
  | python3 -c 'import json, sys; print(next(f["messages"] for f in json.load(sys.stdin) if f["name"] == "INBOX"))'
