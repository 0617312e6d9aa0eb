#!/usr/bin/env bash
# Runs the evaluation benchmark (bench/README.md, "Evaluation benchmark"). Arguments go to
# io.plumbline.bench.EvaluationBenchmark, e.g.
#   bench/run-evaluation-benchmark.sh                                          # full run
#   bench/run-evaluation-benchmark.sh --scale workspaces=5,groups=50,users=200 # smoke run
#   bench/run-evaluation-benchmark.sh --fresh     # make the snapshot and baselines again
# The snapshot and accepted baselines are made once (a sandbox scan, rate limits off) and kept in
# target/bench/evaluation-<scale>-seed<N>-drifts<N>/; later runs reuse them.
# Results: target/bench/evaluation-benchmark-*.{json,md}, the evaluation JVM's GC log beside them.
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
# This JVM makes the input when needed (estate, sandbox, two scans, accepted baselines); the
# evaluation runs in a child JVM that EvaluationBenchmark starts with -Xmx1g (--child-heap).
java -Xms512m -Xmx3g -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dsun.net.httpserver.nodelay=true \
  -cp "$classpath" io.plumbline.bench.EvaluationBenchmark "$@"
echo "[bench] $(uptime)" >&2
