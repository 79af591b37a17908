#!/usr/bin/env bash
# Start time of the packaged server: milliseconds from process start to the first 200 on /q/health/ready.
#   QUARKUS_DATASOURCE_JDBC_URL=... QUARKUS_DATASOURCE_USERNAME=... QUARKUS_DATASOURCE_PASSWORD=... \
#     deploy-k8s/scripts/measure-start.sh <unpacked quarkus-app dir> <label> <java> [JVM flags...]
# The database must already be migrated (QUARKUS_PROFILE=migrate java -jar quarkus-run.jar). Run the variants
# interleaved, several times, on the same machine: single runs on a shared machine mean little.
set -euo pipefail
dir=$1 label=$2 java=$3
shift 3
port=${PORT:-18089}
export QUARKUS_HTTP_PORT=$port QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_SHUTDOWN_DELAY=0S
cd "$dir"
start=$(date +%s%N)
"$java" "$@" -jar quarkus-run.jar >"/tmp/measure-start-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://localhost:$port/q/health/ready"; do
  kill -0 $pid 2>/dev/null || { echo "$label: the server exited; see /tmp/measure-start-$label.log" >&2; exit 1; }
  sleep 0.02
done
echo "$label $(( ($(date +%s%N) - start) / 1000000 )) ms"
