#!/usr/bin/env bash
# Local stand-ins for the public base images Skaffold's own examples build FROM, which cannot be pulled
# here (no Docker Hub, no gcr.io). Each is tagged in the local Docker engine under the exact name the
# examples use, so their Dockerfiles build unchanged with the docker builder:
#   mirror.gcr.io/library/golang:1.18  busybox + Debian's Go toolchain (golang-1.19-go), CGO_ENABLED=0
#   gcr.io/distroless/base:latest      busybox (the examples' binaries are static with CGO off)
#   mirror.gcr.io/library/alpine:3     busybox (sh, wget, the tools the examples' RUN steps use)
# Usage: scripts/skaffold-stand-ins.sh   (idempotent; needs busybox-static and golang-1.19-go from apt)
set -euo pipefail

BUSYBOX=/bin/busybox
GOROOT_HOST=/usr/lib/go-1.19

die() { echo "skaffold-stand-ins: $*" >&2; exit 1; }
[[ -x "${BUSYBOX}" ]] || die "${BUSYBOX} is missing: apt-get install -y busybox-static"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer: ./kaskade up starts it"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

busybox_rootfs() {
  local root="$1"
  mkdir -p "${root}"/{bin,tmp,etc,root}
  cp "${BUSYBOX}" "${root}/bin/busybox"
  for applet in $("${BUSYBOX}" --list); do
    [[ -e "${root}/bin/${applet}" ]] || ln -s busybox "${root}/bin/${applet}"
  done
  chmod 1777 "${root}/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' >"${root}/etc/passwd"
}

import_image() {
  local root="$1" name="$2"; shift 2
  local changes=(-c 'ENV PATH=/usr/local/go/bin:/bin' -c 'CMD ["/bin/sh"]')
  tar -C "${root}" -c . | docker import "${changes[@]}" "$@" - "${name}" >/dev/null
  echo "built ${name}"
}

if ! docker image inspect gcr.io/distroless/base:latest >/dev/null 2>&1; then
  busybox_rootfs "${work}/base"
  import_image "${work}/base" gcr.io/distroless/base:latest
fi
if ! docker image inspect mirror.gcr.io/library/alpine:3 >/dev/null 2>&1; then
  busybox_rootfs "${work}/alpine"
  import_image "${work}/alpine" mirror.gcr.io/library/alpine:3
fi
if ! docker image inspect mirror.gcr.io/library/golang:1.18 >/dev/null 2>&1; then
  [[ -x "${GOROOT_HOST}/bin/go" ]] || die "${GOROOT_HOST} is missing: apt-get install -y golang-1.19-go"
  busybox_rootfs "${work}/golang"
  mkdir -p "${work}/golang/usr/local"
  # Debian's GOROOT is partly symlinks into /usr/share/go-1.19: copy what they point to.
  cp -rL "${GOROOT_HOST}" "${work}/golang/usr/local/go"
  # Debian builds the go command and its tools against glibc: add the libraries they load.
  local_libs="$(for f in "${GOROOT_HOST}"/bin/* "${GOROOT_HOST}"/pkg/tool/linux_amd64/*; do ldd "$f" 2>/dev/null || true; done |
    grep -o '/[^ ]*\.so[^ ]*' | sort -u)"
  for lib in ${local_libs}; do
    mkdir -p "${work}/golang$(dirname "${lib}")"
    cp -L "${lib}" "${work}/golang${lib}"
  done
  import_image "${work}/golang" mirror.gcr.io/library/golang:1.18 -c 'ENV CGO_ENABLED=0' -c 'ENV GOCACHE=/tmp/go-cache' \
    -c 'ENV GOPATH=/tmp/go' -c 'ENV GOFLAGS=-mod=mod' -c 'ENV HOME=/root'
fi
