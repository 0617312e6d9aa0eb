#!/usr/bin/env bash
# Runs the scan benchmark (bench/README.md). Arguments go to io.plumbline.bench.ScanBenchmark, e.g.
#   bench/run-scan-benchmark.sh                                          # the full run (minutes)
#   bench/run-scan-benchmark.sh --scale workspaces=5,groups=50,users=200 # smoke run (seconds)
# Results: target/bench/scan-benchmark-*.{json,md}, GC logs of each scan's JVM beside them.
set -euo pipefail

cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
classpath_file="$out/classpath.txt"

echo "[bench] building (test-compile)" >&2
./mvnw -q -DskipTests test-compile

echo "[bench] resolving the test classpath" >&2
# offline first (no network needed once the plugin is in ~/.m2), then online
if ! ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file" >/dev/null 2>&1; then
  ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file"
fi
classpath="target/test-classes:target/classes:$(cat "$classpath_file")"

# the SDKs must not read this machine's Databricks or AWS settings
unset $(env | awk -F= '/^(DATABRICKS|AWS)_/ {print $1}') 2>/dev/null || true
export DATABRICKS_CONFIG_FILE=/nonexistent/plumbline-bench-databrickscfg

echo "[bench] $(uptime)" >&2
# This JVM serves the sandbox (estate, HTTP server, 256 worker threads); each scan runs in a child
# JVM that ScanBenchmark starts with -Xmx1g (--child-heap) and its own GC log.
java -Xms512m -Xmx2g -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" io.plumbline.bench.ScanBenchmark "$@"
echo "[bench] $(uptime)" >&2
