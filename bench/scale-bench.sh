#!/usr/bin/env bash
# Benchmark: scale-out of the build stage. Kaskade runs in the local cluster (./kaskade up --in-cluster);
# a backlog of RUNS runs (default 12) whose build takes about 3 s each (a docker build whose RUN step sleeps
# 3 s, with a new input per commit so neither Docker's layer cache nor Kaskade's artifact cache skips it) is
# drained by 1, 2 and 3 build-service pods, one after the other on the same broker.
#
# Each worker builds one artifact at a time during the bench (KASKADE_BUILD_MAX_CONCURRENT_BUILDS=1 and the
# build-workers pool at 1), so "N workers" means N builds in parallel; the settings are restored afterwards.
# For each N: scale, wait until the consumer group kaskade-build-service is Stable with N members holding
# partitions, post all runs to the trigger API at once, and measure from the first trigger to the last
# ImageBuilt record of those runs (broker timestamps). Goal: 2 workers <= 0.55x and 3 workers <= 0.40x of 1.
#
# Usage: bench/scale-bench.sh [RUNS]      (KASKADE_CMD: another kaskade command line)  Writes a table to stdout and appends it to bench/RESULTS.md.
# Why a docker build and not Skaffold's custom builder: the service images carry no docker CLI, so a custom
# build script inside the pod could not produce an image.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-12}"
kaskade="${KASKADE_CMD:-$repo_root/kaskade}"
work="$(mktemp -d /tmp/kaskade-scale-bench.XXXXXX)"
lib="$repo_root/kafka-runtime/target/lib"
helper="$repo_root/bench/scale/BuildDrain.java"
export KASKADE_HOME="${KASKADE_HOME:-$repo_root/.kaskade}"

$kaskade up --in-cluster >&2
eval "$("$repo_root/scripts/cluster.sh" env)"
bootstrap=127.0.0.1:29092
# The trigger API takes the stack's bearer token (README "Triggering runs"), as the CLI sends it.
token="${KASKADE_API_TOKEN:-$(cat "$KASKADE_HOME/api-token")}"
restore() {
  kubectl -n kaskade set env deployment/build-service KASKADE_BUILD_MAX_CONCURRENT_BUILDS- \
    SMALLRYE_MESSAGING_WORKER_BUILD_WORKERS_MAX_CONCURRENCY- >/dev/null 2>&1 || true
  kubectl -n kaskade scale deployment/build-service --replicas=1 >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap restore EXIT
helper() { java -cp "$lib/*" "$helper" "$@" 2> >(grep -v '^SLF4J' >&2); }

kubectl -n kaskade set env deployment/build-service KASKADE_BUILD_MAX_CONCURRENT_BUILDS=1 \
  SMALLRYE_MESSAGING_WORKER_BUILD_WORKERS_MAX_CONCURRENCY=1 >&2

app="$work/app"
mkdir -p "$app"
image="127.0.0.1:5000/kaskade-bench/scale-$(date +%s)"
cat > "$app/Dockerfile" <<'DOCKERFILE'
FROM 127.0.0.1:5000/kaskade/busybox:stable
COPY stamp /stamp
RUN sleep 3
DOCKERFILE
cat > "$app/skaffold.yaml" <<SKAFFOLD
apiVersion: skaffold/v4beta14
kind: Config
metadata:
  name: scale-bench
build:
  artifacts:
    - image: $image
      docker:
        dockerfile: Dockerfile
  local:
    push: true
SKAFFOLD
git -C "$app" init -q -b main
commit() {
  echo "$1" > "$app/stamp"
  git -C "$app" add -A
  git -C "$app" -c user.name=bench -c user.email=bench@kaskade.invalid commit -q -m "$1"
  git -C "$app" rev-parse HEAD
}

# Every commit first (distinct inputs, so every run really builds); then one warm-up run through the CLI,
# which publishes the repository on the CLI's git daemon (all commits included) and warms the worker.
declare -A commits
for workers in 1 2 3; do
  for i in $(seq 1 "$runs"); do commits[$workers,$i]="$(commit "workers $workers run $i $(date +%s%N)")"; done
done
commit "warm-up" >/dev/null
warmup_start=$(date +%s%3N)
$kaskade trigger --repo "$app" --ref main 2> "$work/warmup.err" > "$work/runs-warmup"
repo_url=$(grep -o 'git://[^ ]*' "$work/warmup.err" | head -n1)
[[ -n "$repo_url" ]] || { cat "$work/warmup.err" >&2; echo "no git:// URL from the warm-up trigger" >&2; exit 1; }
helper drained "$bootstrap" "$warmup_start" "$work/runs-warmup" 900 >/dev/null
trigger_api=http://127.0.0.1:28081/api/v1/runs

declare -A seconds
for workers in 1 2 3; do
  kubectl -n kaskade scale deployment/build-service --replicas="$workers" >&2
  kubectl -n kaskade rollout status deployment/build-service --timeout=900s >&2
  echo "waiting for $workers member(s) in kaskade-build-service ..." >&2
  helper members "$bootstrap" kaskade-build-service "$workers" 600 >&2
  : > "$work/runs-$workers"
  start=$(date +%s%3N)
  # Straight to the trigger API (curl, milliseconds each), so the backlog forms at once.
  for i in $(seq 1 "$runs"); do
    curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d "{\"repo\":\"$repo_url\",\"ref\":\"main\",\"commit\":\"${commits[$workers,$i]}\"}" \
      "$trigger_api" | grep -o '"runId" *: *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' >> "$work/runs-$workers"
  done
  [[ "$(wc -l < "$work/runs-$workers")" == "$runs" ]] || { echo "only $(wc -l < "$work/runs-$workers") runs accepted" >&2; exit 1; }
  ms=$(helper drained "$bootstrap" "$start" "$work/runs-$workers" 1800)
  seconds[$workers]=$(awk -v ms="$ms" 'BEGIN { printf "%.1f", ms / 1000 }')
  echo "$workers worker(s): $runs builds drained in ${seconds[$workers]} s" >&2
done

{
  echo
  echo "### scale-out $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| build workers | $runs builds of ~3 s drained (s) | vs 1 worker | goal |"
  echo "|---|---|---|---|"
  for workers in 1 2 3; do
    ratio=$(awk -v a="${seconds[$workers]}" -v b="${seconds[1]}" 'BEGIN { printf "%.2f", a / b }')
    goal=$(case $workers in 1) echo "-";; 2) echo "<= 0.55";; 3) echo "<= 0.40";; esac)
    echo "| $workers | ${seconds[$workers]} | ${ratio}x | $goal |"
  done
} | tee -a "$repo_root/bench/RESULTS.md"
