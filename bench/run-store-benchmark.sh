#!/usr/bin/env bash
# Runs the store benchmark (bench/store.md). Arguments go to io.plumbline.bench.StoreBenchmark, e.g.
#   bench/run-store-benchmark.sh                                            # full run
#   bench/run-store-benchmark.sh --runs 1 --databases h2                    # one H2 run
#   bench/run-store-benchmark.sh --scale workspaces=5,groups=50,users=200   # smoke run
# The scale estate's snapshot and accepted baselines are made once (a sandbox scan, rate limits
# off) in target/bench/evaluation-<scale>-seed<N>-drifts<N>/, shared with the evaluation
# benchmark. Results: target/bench/store-benchmark-*.{json,md}.
set -euo pipefail

cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
classpath_file="$out/classpath.txt"

echo "[bench] building (test-compile)" >&2
./mvnw -q -o -DskipTests test-compile

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
java -Xms512m -Xmx3g -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" io.plumbline.bench.StoreBenchmark "$@"
echo "[bench] $(uptime)" >&2
