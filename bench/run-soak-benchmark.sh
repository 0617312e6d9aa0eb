#!/usr/bin/env bash
# Runs the soak and load benchmark (bench/soak.md): plumbline sandbox with a scale estate and
# plumbline serve (the packaged jar, two JVMs, H2 file store) on free loopback ports, scanning on a
# schedule, with API clients busy throughout. Arguments go to io.plumbline.bench.SoakBenchmark:
#   bench/run-soak-benchmark.sh                                           # full run: 200 workspaces, 50 clients, 60 min
#   bench/run-soak-benchmark.sh --duration 5m --scale workspaces=20,groups=200,users=2000   # smoke run
# Options: --duration 60m, --scale workspaces=200,groups=2000,users=20000, --clients 50,
# --schedule "0 0/2 * * * ?" (Quartz cron), --think-ms 1000 (each client waits 0 to 2x this between
# requests), --serve-heap 2g, --seed 1, --out target/bench. --no-build skips the build.
# Results: target/bench/soak-benchmark-*.{json,md} (the Markdown is also printed); logs, store and
# data directory of the run in target/bench/soak-<scale>-<time>/.
set -euo pipefail

cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
classpath_file="$out/classpath.txt"

build=true
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=false; else args+=("$arg"); fi
done

if $build; then
  echo "[bench] building the jar and the benchmark classes (package -DskipTests)" >&2
  ./mvnw -q -o package -DskipTests -Dspotless.check.skip=true
fi

if [ ! -s "$classpath_file" ]; then
  echo "[bench] resolving the test classpath" >&2
  if ! ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$classpath_file" >/dev/null 2>&1; then
    ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$classpath_file"
  fi
fi
classpath="target/test-classes:target/classes:$(cat "$classpath_file")"

# the SDKs must not read this machine's Databricks or AWS settings (the child JVMs are cleaned too)
unset $(env | awk -F= '/^(DATABRICKS|AWS)_/ {print $1}') 2>/dev/null || true
export DATABRICKS_CONFIG_FILE=/nonexistent/plumbline-bench-databrickscfg

echo "[bench] $(uptime)" >&2
java -Xmx1g -XX:+UseG1GC -cp "$classpath" io.plumbline.bench.SoakBenchmark ${args[@]+"${args[@]}"}
echo "[bench] $(uptime)" >&2
