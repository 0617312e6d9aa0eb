#!/usr/bin/env bash
# Runs the drift benchmark (bench/drift.md). Arguments go to io.plumbline.bench.DriftBenchmark, e.g.
#   bench/run-drift-benchmark.sh                                          # 200 workspaces, 7 runs
#   bench/run-drift-benchmark.sh --scale workspaces=5,groups=50,users=200 # smoke run
#   bench/run-drift-benchmark.sh --fresh      # scan the two snapshots again
# The two snapshots are made once (a sandbox scan, rate limits off, drift PATCHed in, a second
# scan) and kept in target/bench/drift-<scale>-seed<N>-drifts<N>/{before,after}/; later runs reuse
# them. Results: target/bench/drift-benchmark-*.{json,md}.
set -euo pipefail

cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
classpath_file="$out/classpath.txt"

echo "[bench] building (test-compile)" >&2
./mvnw -q -o -DskipTests test-compile || ./mvnw -q -DskipTests test-compile

echo "[bench] resolving the test classpath" >&2
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
# This JVM makes the two snapshots when needed; the measuring runs in a child JVM that
# DriftBenchmark starts with -Xmx2g (--child-heap).
java -Xms512m -Xmx3g -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" io.plumbline.bench.DriftBenchmark "$@"
echo "[bench] $(uptime)" >&2
