#!/usr/bin/env bash
# Smoke test of a deployment through its public API: creates a user of its own (a unique smoke-*@example.invalid
# address), reads, lists, updates it, checks that an order for a user that does not exist is refused without writing
# anything, then deletes the user and checks it is gone. It never touches other data, and removes what it created
# even when a step fails. Exit 0 when every step answered as the API promises.
#   scripts/smoke-test.sh <base URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/ or http://127.0.0.1:8080/>
# With auth on (docs/security.md), SMOKE_TOKEN holds a bearer token with the users:admin scope whose subject is no
# user's; without it the requests carry no token (auth mode none).
set -euo pipefail
base=${1:?usage: smoke-test.sh <base URL>}
base=${base%/}
run="$(date +%s)-$$-${RANDOM}"
email="smoke-$run@example.invalid"
user=""
step=""
body=$(mktemp)

fail() {
  echo "smoke test FAILED at '$step': $*" >&2
  cat "$body" >&2 || true
  echo >&2
  exit 1
}

# One request; sets $status and $location, writes the body to $body. Bounded: 10 s per request, no retries.
call() {
  local method=$1 path=$2 data=${3:-}
  local args=(-sS -o "$body" -D - -X "$method" --max-time 10 -H 'Accept: application/json')
  [ -n "${SMOKE_TOKEN:-}" ] && args+=(-H "Authorization: Bearer $SMOKE_TOKEN")
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data "$data")
  local headers
  headers=$(curl "${args[@]}" "$base$path") || fail "no answer from $base$path"
  status=$(printf '%s' "$headers" | awk 'toupper($1) ~ /^HTTP/ {code=$2} END {print code}')
  location=$(printf '%s' "$headers" | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')
}

expect() {
  [ "$status" = "$1" ] || fail "expected HTTP $1, got $status"
}

cleanup() {
  if [ -n "$user" ]; then
    local auth=()
    [ -n "${SMOKE_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $SMOKE_TOKEN")
    curl -sS -o /dev/null --max-time 10 "${auth[@]}" -X DELETE "$base/api/users/$user" || true
  fi
}
trap 'cleanup; rm -f "$body"' EXIT

step="create a user"
call POST /api/users "{\"email\":\"$email\",\"name\":\"Smoke Test\"}"
expect 201
user=${location##*/}
[[ $user =~ ^[0-9]+$ ]] || fail "no user id in Location '$location'"

step="read it back"
call GET "/api/users/$user"
expect 200
grep -q "$email" "$body" || fail "the user read back is not the one created"

step="find it by email"
call GET "/api/users?email=$email"
expect 200
grep -q "\"id\":$user" "$body" || fail "the user is not listed by its email"

step="update it"
call PUT "/api/users/$user" "{\"email\":\"$email\",\"name\":\"Smoke Test (updated)\"}"
expect 200

step="refuse an order for a user that does not exist (with a token: that is not the caller's)"
call POST /api/orders '{"userId":9223372036854775807,"items":[{"sku":"SMOKE-1","qty":1}]}'
if [ -n "${SMOKE_TOKEN:-}" ]; then expect 403; else expect 422; fi

step="delete the user"
call DELETE "/api/users/$user"
expect 204

step="the user is gone"
call GET "/api/users/$user"
expect 404
user=""

echo "smoke test passed against $base (user $email created and removed)"
