#!/usr/bin/env bash
# Benchmark: the fleet-wide artifact cache. Runs the same unchanged artifact through the real pipeline
# (./kaskade up: Kafka, registry, Docker engine, the four services) several times and compares the build
# stage of the first run (a real docker build) with the later runs (cache hits: the registry already holds
# an image for the artifact's input digest, so the build-service only adds the new tag).
#
# Usage: bench/cache-bench.sh [ROUNDS]      (default 3 hits after the first miss)
# Writes a table to stdout and appends it to bench/RESULTS.md.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
kaskade="$repo_root/kaskade"
work="$(mktemp -d /tmp/kaskade-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

"$kaskade" up >&2

# A fresh copy of the demo app under a unique image name, so the first run cannot hit an older cache entry.
app="$work/app"
cp -r "$repo_root/examples/hello-web" "$app"
name="127.0.0.1:5000/kaskade-bench/hello-web-$(date +%s)"
sed -i "s#127.0.0.1:5000/kaskade-examples/hello-web#$name#g" "$app/skaffold.yaml"
# A bigger build than the demo's, so the difference is visible: a RUN step that writes 20 MB.
sed -i 's#^USER nobody#RUN dd if=/dev/urandom of=/www/blob bs=1M count=20 2>/dev/null\nUSER nobody#' "$app/Dockerfile"
# Its own port, so a demo app still running on 18080 is left alone.
sed -i 's/18080/18090/g' "$app/Dockerfile" "$app/structure-test.yaml" "$app/skaffold.yaml"
git -C "$app" init -q -b main
git -C "$app" -c user.name=bench -c user.email=bench@kaskade.invalid add -A
git -C "$app" -c user.name=bench -c user.email=bench@kaskade.invalid commit -q -m "bench"

run_once() {
  local label="$1" run start end
  start=$(date +%s%N)
  run=$("$kaskade" trigger --repo "$app" --ref main)
  "$kaskade" watch --run "$run" --until-done --json --timeout 10m > "$work/$run.jsonl"
  end=$(date +%s%N)
  python3 - "$work/$run.jsonl" "$label" "$(( (end - start) / 1000000 ))" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
built = next(e["data"] for e in events if e["type"] == "io.kaskade.image.built.v1")
print(f"| {sys.argv[2]} | {'hit' if built['cacheHit'] else 'miss'} | {built['durationMs']} | {sys.argv[3]} |")
PY
}

{
  echo
  echo "### $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
  echo
  echo "| run | cache | build stage (ms, ImageBuilt.durationMs) | whole run, trigger to Deployed (ms) |"
  echo "|---|---|---|---|"
  run_once "1 (new artifact)"
  # Each later run is a new commit that changes only a file outside the artifact's inputs.
  for i in $(seq 1 "$rounds"); do
    echo "run $i" > "$app/NOTES.txt"
    git -C "$app" -c user.name=bench -c user.email=bench@kaskade.invalid add -A
    git -C "$app" -c user.name=bench -c user.email=bench@kaskade.invalid commit -q -m "notes $i"
    run_once "$((i + 1)) (unchanged artifact)"
  done
} | tee -a "$repo_root/bench/RESULTS.md"
