#!/usr/bin/env bash
# Start time of the packaged server: milliseconds from process start to the first 200 on /q/health/ready (on the
# management port). Both listeners on 127.0.0.1 only; the server's log goes to a private temporary file.
#   QUARKUS_DATASOURCE_JDBC_URL=... QUARKUS_DATASOURCE_USERNAME=... QUARKUS_DATASOURCE_PASSWORD=... \
#     deploy-k8s/scripts/measure-start.sh <unpacked quarkus-app dir> <label> <java> [JVM flags...]
# The database must already be migrated (QUARKUS_PROFILE=migrate java -jar quarkus-run.jar). Run the variants
# interleaved, several times, on the same machine: single runs on a shared machine mean little.
set -euo pipefail
dir=$1 label=$2 java=$3
shift 3
port=${PORT:-18089}
management_port=${MANAGEMENT_PORT:-19089}
export QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management_port QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_SHUTDOWN_DELAY=0S
# mktemp: a name no other user can predict or plant a link at.
log=$(mktemp "${TMPDIR:-/tmp}/measure-start-$label.XXXXXX")
cd "$dir"
start=$(date +%s%N)
"$java" "$@" -jar quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$management_port/q/health/ready"; do
  kill -0 $pid 2>/dev/null || { echo "$label: the server exited; see $log" >&2; exit 1; }
  sleep 0.02
done
echo "$label $(( ($(date +%s%N) - start) / 1000000 )) ms"
