#!/bin/sh
# Test stand-in for kaniko's /kaniko/executor (the real image cannot be pulled on this machine).
#
# It honours the kaniko flags Kaskade passes: --dockerfile, --context dir://..., --destination (repeatable),
# --build-arg, --target and --digest-file; other flags are logged and ignored. A busybox container cannot
# build images by itself, so the stand-in hands the received context to the node's Docker engine through
# the socket mounted into the pod (build.cluster.volumes + kaniko.volumeMounts), pushes every destination
# and writes the registry's manifest digest to the digest file, as kaniko does.
set -e
export HOME=/tmp DOCKER_BUILDKIT=0
dockerfile=Dockerfile
context=
digest_file=
destinations=
extra=/tmp/stand-in-args
: > "$extra"
while [ $# -gt 0 ]; do
  case "$1" in
    --dockerfile) dockerfile=$2; shift 2 ;;
    --context) context=${2#dir://}; shift 2 ;;
    --destination) destinations="$destinations $2"; shift 2 ;;
    --digest-file) digest_file=$2; shift 2 ;;
    --build-arg|--target) printf '%s\n%s\n' "$1" "$2" >> "$extra"; shift 2 ;;
    --cache-repo|--cache-dir|--cache-ttl|--verbosity|--snapshot-mode|--label|--insecure-registry|--skip-tls-verify-registry|--registry-mirror|--push-retry|--image-fs-extract-retry|--log-format|--ignore-path|--tar-path|--oci-layout-path|--image-name-with-digest-file)
      echo "kaniko stand-in: ignoring $1 $2"; shift 2 ;;
    *) echo "kaniko stand-in: ignoring $1"; shift ;;
  esac
done
[ -n "$context" ] || { echo "kaniko stand-in: --context dir://... is required" >&2; exit 2; }
[ -n "$destinations" ] || { echo "kaniko stand-in: --destination is required" >&2; exit 2; }
echo "kaniko stand-in: context $context holds $(find "$context" -type f | wc -l) files"
set --
while IFS= read -r word; do set -- "$@" "$word"; done < "$extra"
first=
for destination in $destinations; do
  if [ -z "$first" ]; then
    first=$destination
    docker build --network host -f "$dockerfile" -t "$first" "$@" "$context"
  else
    docker tag "$first" "$destination"
  fi
done
digest=
for destination in $destinations; do
  docker push "$destination" | tee /tmp/push.log
  [ -n "$digest" ] || digest=$(sed -n 's/.*digest: \(sha256:[0-9a-f]*\).*/\1/p' /tmp/push.log | tail -n 1)
done
echo "kaniko stand-in: pushed $first@$digest"
if [ -n "$digest_file" ]; then printf '%s' "$digest" > "$digest_file"; fi
