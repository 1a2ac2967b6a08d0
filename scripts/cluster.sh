#!/usr/bin/env bash
# A single-node Kubernetes cluster on loopback for Kaskade's deploy stage and its tests.
#
# Why this script exists: the machines Kaskade is developed and tested on reach only Debian's apt,
# Maven Central and npm, so there is no kind/minikube/k3s and no release binaries. Debian's
# `kubernetes` source package (1.20) builds the control plane and a kubelet that runs pods on the
# local Docker engine through dockershim. The script builds those binaries once into a cache
# outside the repository and then starts etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and kubelet, every one of them listening on 127.0.0.1 only.
#
#   scripts/cluster.sh up       build (first time only) and start the cluster, wait for the node Ready
#   scripts/cluster.sh down     stop what `up` started, remove its pods' containers, mounts and logs
#   scripts/cluster.sh status   say whether the cluster runs, process by process
#   scripts/cluster.sh env      print `export KUBECONFIG=...` for the running cluster
#   scripts/cluster.sh build    only build and cache the binaries and the pause image
#
# Environment:
#   KASKADE_HOME       state root (default <repo>/.kaskade); the cluster lives in $KASKADE_HOME/cluster
#   KASKADE_K8S_CACHE  binary/source cache (default /var/cache/kaskade/k8s), shared by all checkouts
#   KASKADE_REGISTRY   local registry (default 127.0.0.1:5000) holding the pause image
#
# Only one cluster can run per Docker engine (a kubelet removes pod containers it does not know),
# so `up` from a second checkout reuses a cluster another checkout started, and `env` points at it.
set -Eeuo pipefail

readonly REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly K8S_VERSION="${KASKADE_K8S_VERSION:-1.20.2}"
# Bump when the build recipe changes (flags, patch) so cached binaries are rebuilt. Each recipe has its
# own binary and overlay folders: checkouts of different ages share the cache without rebuilding over
# each other's binaries. r2: reflect2 1.0.2 (the apiserver survives custom resources).
readonly BUILD_RECIPE="r2"
readonly CACHE_ROOT="${KASKADE_K8S_CACHE:-/var/cache/kaskade/k8s}"
readonly CACHE_DIR="${CACHE_ROOT}/${K8S_VERSION}"
readonly BIN_DIR="${CACHE_DIR}/bin-${BUILD_RECIPE}"
readonly OVERLAY_DIR="${CACHE_DIR}/overlay-${BUILD_RECIPE}"
readonly REFLECT2_SRC="/usr/share/gocode/src/github.com/modern-go/reflect2"
readonly KASKADE_HOME_DIR="${KASKADE_HOME:-${REPO_DIR}/.kaskade}"
readonly STATE_DIR="${KASKADE_HOME_DIR}/cluster"
readonly REGISTRY="${KASKADE_REGISTRY:-127.0.0.1:5000}"
readonly PAUSE_IMAGE="${REGISTRY}/pause:3.4"
readonly RUN_POINTER="/run/kaskade/cluster-state-dir"
readonly GO_ROOT="/usr/lib/go-1.19"

readonly ETCD_PORT=2379 ETCD_PEER_PORT=2380 APISERVER_PORT=6443
readonly CONTROLLER_MANAGER_PORT=10257 SCHEDULER_PORT=10259 KUBELET_PORT=10250 KUBELET_HEALTHZ_PORT=10248
readonly NODE_NAME="127.0.0.1"
# The pod network: a Linux bridge on a private subnet that exists only inside this machine (Debian's
# containernetworking-plugins). Pods get an address on it; the host reaches them through the bridge's
# own address (kubelet probes). No masquerade and no default route: pod traffic cannot leave the machine.
readonly CNI_BIN_DIR="/usr/lib/cni" POD_BRIDGE="kaskade0" POD_SUBNET="10.244.0.0/24"
readonly COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet)
readonly K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl)

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'log "failed: line ${LINENO}: ${BASH_COMMAND}"' ERR

require_root() {
  [[ "$(id -u)" == 0 ]] || die "must run as root: the kubelet mounts volumes and drives the Docker engine"
}

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

install_build_packages() {
  local missing=()
  [[ -x "${GO_ROOT}/bin/go" ]] || missing+=(golang-1.19-go)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v gcc >/dev/null || missing+=(gcc)
  [[ -e /usr/lib/x86_64-linux-gnu/libc.a || -e /usr/lib/aarch64-linux-gnu/libc.a ]] || missing+=(libc6-dev)
  [[ -f "${REFLECT2_SRC}/go_above_118.go" ]] || missing+=(golang-github-modern-go-reflect2-dev)
  [[ -x "${CNI_BIN_DIR}/bridge" && -x "${CNI_BIN_DIR}/host-local" ]] || missing+=(containernetworking-plugins)
  # dockershim reads a pod's address with `nsenter ... ip addr`.
  command -v ip >/dev/null || missing+=(iproute2)
  command -v dpkg-source >/dev/null || missing+=(dpkg-dev)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  log "adding a deb-src entry for bookworm (/etc/apt/sources.list.d/kaskade-deb-src.sources)"
  cat >/etc/apt/sources.list.d/kaskade-deb-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
}

# Unpacks Debian's kubernetes source (with Debian's patches) as a GOPATH tree.
prepare_source() {
  local src_tree="$1" download="${CACHE_ROOT}/src"
  [[ -f "${src_tree}/.kaskade-unpacked" ]] && return
  mkdir -p "${download}"
  local dsc
  dsc="$(find "${download}" -maxdepth 1 -name "kubernetes_*${K8S_VERSION}*.dsc" | head -n1)"
  if [[ -z "${dsc}" ]]; then
    ensure_deb_src
    log "downloading Debian's kubernetes source package into ${download}"
    (cd "${download}" && apt-get source --download-only kubernetes >/dev/null 2>&1) ||
      die "apt-get source --download-only kubernetes failed (is deb.debian.org reachable?)"
    dsc="$(find "${download}" -maxdepth 1 -name "kubernetes_*${K8S_VERSION}*.dsc" | head -n1)"
    [[ -n "${dsc}" ]] || die "apt fetched $(ls "${download}"), not Kubernetes ${K8S_VERSION}; set KASKADE_K8S_VERSION"
  fi
  log "unpacking $(basename "${dsc}")"
  rm -rf "${src_tree}"
  mkdir -p "$(dirname "${src_tree}")"
  dpkg-source --no-check -x "${dsc}" "${src_tree}" >/dev/null
  touch "${src_tree}/.kaskade-unpacked"
}

go_env() {
  export GOPATH="${CACHE_DIR}/gopath" GOCACHE="${CACHE_ROOT}/go-build-cache"
  export GO111MODULE=off CGO_ENABLED=0 GOFLAGS= GOTOOLCHAIN=local GOPROXY=off
  export PATH="${GO_ROOT}/bin:${PATH}"
}

# pkg/generated/openapi is not shipped in the tarball; the apiserver cannot build without it.
generate_openapi() {
  local tree="$1" out="$1/pkg/generated/openapi/zz_generated.openapi.go"
  [[ -s "${out}" ]] && return
  log "generating ${out#"${tree}"/} with the vendored openapi-gen"
  (
    cd "${tree}"
    go build -o "${CACHE_DIR}/tools/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    # Same selection as Makefile.generated_files (KUBE_OPENAPI_TAG_FILES): every directory with a
    # file carrying a `+k8s:` tag and an openapi-gen tag, staging named as vendor, minus two examples.
    local dirs
    dirs="$(find . \( -path ./vendor -o -path './_*' -o -path './.*' \) -prune -o -type f -name '*.go' -print0 |
      xargs -0 grep -l --color=never '^// *+k8s:' |
      xargs grep -l --color=never '+k8s:openapi-gen=' |
      sed -e 's|^\./||' -e 's|^staging/src/|vendor/|' -e 's|/[^/]*$||' |
      grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' |
      LC_ALL=C sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)"
    "${CACHE_DIR}/tools/openapi-gen" --logtostderr -v 1 \
      -i "${dirs}" \
      -p k8s.io/kubernetes/pkg/generated/openapi \
      -O zz_generated.openapi \
      -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
      -r "${CACHE_DIR}/tools/openapi-violations.report" >"${CACHE_DIR}/tools/openapi-gen.log" 2>&1 ||
      die "openapi-gen failed, see ${CACHE_DIR}/tools/openapi-gen.log"
  )
  [[ -s "${out}" ]] || die "openapi-gen did not write ${out}"
}

# This machine's containers lack CAP_SYS_RESOURCE, so runc cannot apply the negative
# oom_score_adj dockershim gives sandboxes (-998) and Guaranteed pods (-997); every sandbox then
# fails with "can't get final child's PID from pipe: EOF". Clamp negative values to 0 in copies of
# the two files and hand them to `go build -overlay`, leaving the source tree untouched.
write_build_overlay() {
  local tree="$1" dir="${OVERLAY_DIR}"
  rm -rf "${dir}" && mkdir -p "${dir}"
  local sandbox="${tree}/pkg/kubelet/dockershim/docker_sandbox.go"
  local helpers="${tree}/pkg/kubelet/dockershim/helpers_linux.go"
  sed -E 's/^([[:space:]]*)hc\.OomScoreAdj = defaultSandboxOOMAdj$/&\n\1if hc.OomScoreAdj < 0 { \/\/ kaskade: no CAP_SYS_RESOURCE\n\1\thc.OomScoreAdj = 0\n\1}/' \
    "${sandbox}" >"${dir}/docker_sandbox.go"
  sed -E 's/^([[:space:]]*)createConfig\.HostConfig\.OomScoreAdj = int\(rOpts\.OomScoreAdj\)$/&\n\1if createConfig.HostConfig.OomScoreAdj < 0 { \/\/ kaskade: no CAP_SYS_RESOURCE\n\1\tcreateConfig.HostConfig.OomScoreAdj = 0\n\1}/' \
    "${helpers}" >"${dir}/helpers_linux.go"
  local f
  for f in docker_sandbox.go helpers_linux.go; do
    [[ "$(grep -c 'kaskade: no CAP_SYS_RESOURCE' "${dir}/${f}")" == 1 ]] ||
      die "could not apply the oom_score_adj clamp to ${f}; the Kubernetes source differs from ${K8S_VERSION}"
  done
  {
    printf '{"Replace":{"%s":"%s","%s":"%s"' \
      "${sandbox}" "${dir}/docker_sandbox.go" "${helpers}" "${dir}/helpers_linux.go"
    reflect2_overlay_entries "${tree}"
    printf '}}\n'
  } >"${dir}/overlay.json"
}

# Kubernetes 1.20 vendors modern-go/reflect2 1.0.1, which reads Go's map internals in a way that
# breaks from Go 1.18 on: the apiserver dies (SIGSEGV in runtime.mapiternext under json-iterator) as
# soon as it serves a custom resource. Debian packages reflect2 1.0.2, which fixed that; swap it in
# file by file through the same overlay: its files replace the vendored ones of the same name, the
# vendored files 1.0.2 dropped are blanked, and 1.0.2's new files are added to the vendored folder.
reflect2_overlay_entries() {
  local vendored="$1/vendor/github.com/modern-go/reflect2" f name
  [[ -f "${REFLECT2_SRC}/go_above_118.go" ]] ||
    die "${REFLECT2_SRC} lacks reflect2 1.0.2; apt-get install golang-github-modern-go-reflect2-dev"
  [[ -d "${vendored}" ]] || die "no vendored reflect2 at ${vendored}; the Kubernetes source differs from ${K8S_VERSION}"
  for f in "${vendored}"/*.go "${vendored}"/*.s; do
    [[ -e "${f}" ]] || continue
    name="$(basename "${f}")"
    if [[ -f "${REFLECT2_SRC}/${name}" ]]; then
      printf ',"%s":"%s"' "${f}" "${REFLECT2_SRC}/${name}"
    else
      printf ',"%s":""' "${f}"
    fi
  done
  for f in "${REFLECT2_SRC}"/*.go "${REFLECT2_SRC}"/*.s; do
    [[ -e "${f}" ]] || continue
    name="$(basename "${f}")"
    [[ -e "${vendored}/${name}" ]] || printf ',"%s":"%s"' "${vendored}/${name}" "${f}"
  done
}

version_ldflags() {
  local pkg p flags="-s -w"
  for pkg in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    for p in "gitVersion=v${K8S_VERSION}" "gitMajor=${K8S_VERSION%%.*}" "gitMinor=$(cut -d. -f2 <<<"${K8S_VERSION}")" \
      "gitTreeState=clean" "buildDate=1970-01-01T00:00:00Z"; do
      flags+=" -X ${pkg}.${p}"
    done
  done
  printf '%s' "${flags}"
}

build_binaries() {
  local tree="${CACHE_DIR}/gopath/src/k8s.io/kubernetes"
  prepare_source "${tree}"
  go_env
  generate_openapi "${tree}"
  write_build_overlay "${tree}"
  mkdir -p "${BIN_DIR}.tmp"
  local ldflags started=${SECONDS}
  ldflags="$(version_ldflags)"
  log "building ${K8S_BINARIES[*]} (first time only; about 5 minutes on 2 cores)"
  (
    cd "${tree}"
    # providerless leaves out the cloud providers and their credential helpers (which would try
    # cloud metadata addresses); the cluster never runs on a cloud.
    go build -trimpath -tags providerless -overlay "${OVERLAY_DIR}/overlay.json" -ldflags "${ldflags}" \
      -o "${BIN_DIR}.tmp/" ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler ./cmd/kubelet ./cmd/kubectl
  ) >"${CACHE_DIR}/build.log" 2>&1 || die "go build failed, see ${CACHE_DIR}/build.log"
  rm -rf "${BIN_DIR}"
  mv "${BIN_DIR}.tmp" "${BIN_DIR}"
  echo "${BUILD_RECIPE}" >"${BIN_DIR}/.recipe"
  log "built in $((SECONDS - started)) s into ${BIN_DIR}"
}

binaries_ready() {
  [[ "$(cat "${BIN_DIR}/.recipe" 2>/dev/null)" == "${BUILD_RECIPE}" ]] || return 1
  local b
  for b in "${K8S_BINARIES[@]}"; do [[ -x "${BIN_DIR}/${b}" ]] || return 1; done
}

require_docker() {
  docker info >/dev/null 2>&1 ||
    die "the Docker engine is not reachable on /var/run/docker.sock; start it first (./kaskade cluster up and ./kaskade up start dockerd)"
}

require_registry() {
  curl -fsS -o /dev/null --max-time 5 "http://${REGISTRY}/v2/" ||
    die "no registry answers on http://${REGISTRY}/v2/; start it first (./kaskade cluster up and ./kaskade up start docker-registry)"
}

# The kubelet's sandbox ("pause") image; Docker Hub/registry.k8s.io are unreachable, so build it.
ensure_pause_image() {
  local repo="${PAUSE_IMAGE#*/}"
  if curl -fs -o /dev/null --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://${REGISTRY}/v2/${repo%:*}/manifests/${repo##*:}"; then
    return
  fi
  local tree="${CACHE_DIR}/gopath/src/k8s.io/kubernetes" work="${CACHE_DIR}/pause"
  prepare_source "${tree}"
  log "building ${PAUSE_IMAGE} from build/pause/linux/pause.c"
  rm -rf "${work}" && mkdir -p "${work}/rootfs"
  gcc -Os -Wall -Werror -static -DVERSION=3.4 -o "${work}/rootfs/pause" "${tree}/build/pause/linux/pause.c"
  strip "${work}/rootfs/pause" 2>/dev/null || true
  tar -C "${work}/rootfs" -cf "${work}/pause.tar" pause
  docker import -c 'ENTRYPOINT ["/pause"]' "${work}/pause.tar" "${PAUSE_IMAGE}" >/dev/null
  docker push "${PAUSE_IMAGE}" >/dev/null || die "could not push ${PAUSE_IMAGE}"
}

cmd_build() {
  require_root
  install_build_packages
  mkdir -p "${CACHE_ROOT}"
  exec 9>"${CACHE_ROOT}/.build.lock"
  flock 9
  binaries_ready || build_binaries
  require_docker
  require_registry
  ensure_pause_image
  flock -u 9
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

pid_file() { printf '%s/run/%s.pid' "${2:-${STATE_DIR}}" "$1"; }

# Prints the pid of a component started from the given state dir if it is still that process.
component_pid() {
  local name="$1" dir="${2:-${STATE_DIR}}" pid exe
  pid="$(cat "$(pid_file "${name}" "${dir}")" 2>/dev/null)" || return 1
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  exe="$(readlink "/proc/${pid}/exe" 2>/dev/null)" || return 1
  [[ "$(basename "${exe% (deleted)}")" == "${name}" ]] || return 1
  printf '%s' "${pid}"
}

start_component() {
  local name="$1"
  shift
  log "starting ${name}"
  # setsid: the cluster outlives the shell that called `up`; 8>&- 9>&-: children must not hold our locks.
  setsid "$@" >>"${STATE_DIR}/logs/${name}.log" 2>&1 </dev/null 8>&- 9>&- &
  local pid=$! i exe
  echo "${pid}" >"$(pid_file "${name}")"
  # Until the forked shell has exec'd setsid and setsid the component, the pid's binary is bash or
  # setsid, and component_pid would call the component gone: on a loaded machine that takes a while.
  for i in $(seq 1 100); do
    exe="$(readlink "/proc/${pid}/exe" 2>/dev/null)" || break
    exe="$(basename "${exe% (deleted)}")"
    [[ "${exe}" == bash || "${exe}" == setsid ]] || break
    sleep 0.1
  done
}

# A zombie counts as gone: whoever adopted the process may be slow to reap it.
pid_alive() { [[ -r "/proc/$1/stat" ]] && [[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

stop_pid() {
  local pid="$1" name="$2" i
  kill -TERM "${pid}" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    pid_alive "${pid}" || return 0
    sleep 0.1
  done
  log "${name} (pid ${pid}) ignored SIGTERM for 10 s; sending SIGKILL"
  kill -KILL "${pid}" 2>/dev/null || true
  while pid_alive "${pid}"; do sleep 0.1; done
}

# wait_until <seconds> <what> <component whose log to show on failure> <command...>
wait_until() {
  local timeout="$1" what="$2" component="$3" deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout} s waiting for ${what}; last lines of ${STATE_DIR}/logs/${component}.log:"
      tail -n 25 "${STATE_DIR}/logs/${component}.log" >&2 || true
      die "cluster did not come up; run '$0 down' to clean up"
    fi
    if [[ -n "${component}" ]] && ! component_pid "${component}" >/dev/null; then
      log "${component} exited; last lines of ${STATE_DIR}/logs/${component}.log:"
      tail -n 25 "${STATE_DIR}/logs/${component}.log" >&2 || true
      die "cluster did not come up; run '$0 down' to clean up"
    fi
    sleep 0.25
  done
}

# ---------------------------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------------------------

ensure_pki() {
  local pki="${STATE_DIR}/pki"
  [[ -f "${pki}/.complete" ]] && return
  log "creating a CA, the apiserver certificate, the service-account key pair and tokens in ${pki}"
  rm -rf "${pki}" && mkdir -p "${pki}" && chmod 700 "${pki}"
  (
    cd "${pki}"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=kaskade-cluster-ca' \
      -keyout ca.key -out ca.crt 2>/dev/null
    cat >apiserver.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.0.0.1
EXT
    openssl req -new -newkey rsa:2048 -nodes -subj '/CN=kube-apiserver' -keyout apiserver.key -out apiserver.csr 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    # token,user,uid,"groups" — authorization is AlwaysAllow; separate users keep audit/logs readable.
    {
      printf '%s,kaskade-admin,kaskade-admin,"system:masters"\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-controller-manager,kube-controller-manager\n' "$(openssl rand -hex 24)"
      printf '%s,system:kube-scheduler,kube-scheduler\n' "$(openssl rand -hex 24)"
      printf '%s,system:node:%s,kubelet,"system:nodes"\n' "$(openssl rand -hex 24)" "${NODE_NAME}"
    } >tokens.csv
  )
  write_kubeconfig "${STATE_DIR}/kubeconfig" kaskade-admin
  write_kubeconfig "${pki}/controller-manager.kubeconfig" system:kube-controller-manager
  write_kubeconfig "${pki}/scheduler.kubeconfig" system:kube-scheduler
  write_kubeconfig "${pki}/kubelet.kubeconfig" "system:node:${NODE_NAME}"
  touch "${pki}/.complete"
}

write_kubeconfig() {
  local file="$1" user="$2" token
  token="$(awk -F, -v u="${user}" '$2 == u { print $1 }' "${STATE_DIR}/pki/tokens.csv")"
  cat >"${file}" <<KC
apiVersion: v1
kind: Config
clusters:
- name: kaskade
  cluster:
    server: https://127.0.0.1:${APISERVER_PORT}
    certificate-authority-data: $(base64 -w0 "${STATE_DIR}/pki/ca.crt")
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: kaskade
  context:
    cluster: kaskade
    user: ${user}
    namespace: default
current-context: kaskade
KC
  chmod 600 "${file}"
}

# ---------------------------------------------------------------------------------------------
# up / down / status / env
# ---------------------------------------------------------------------------------------------

kubectl_() { "${BIN_DIR}/kubectl" --kubeconfig "${STATE_DIR}/kubeconfig" --request-timeout=5s "$@"; }

etcd_healthy() { curl -fs --max-time 2 "http://127.0.0.1:${ETCD_PORT}/health" | grep -q '"health":"true"'; }

apiserver_ready() {
  local token
  token="$(awk -F, '$2 == "kaskade-admin" { print $1 }' "${STATE_DIR}/pki/tokens.csv")"
  [[ "$(curl -fs --max-time 2 --cacert "${STATE_DIR}/pki/ca.crt" -H "Authorization: Bearer ${token}" \
    "https://127.0.0.1:${APISERVER_PORT}/readyz")" == ok ]]
}

node_ready() {
  [[ "$(kubectl_ get node "${NODE_NAME}" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

default_service_account_exists() { kubectl_ -n default get serviceaccount default; }

running_components() {
  local dir="${1:-${STATE_DIR}}" c n=0
  for c in "${COMPONENTS[@]}"; do component_pid "${c}" "${dir}" >/dev/null && n=$((n + 1)); done
  printf '%s' "${n}"
}

# The state dir of the cluster running on this machine, whichever checkout started it.
running_cluster_dir() {
  local dir
  dir="$(cat "${RUN_POINTER}" 2>/dev/null)" || return 1
  [[ -n "${dir}" ]] && component_pid kube-apiserver "${dir}" >/dev/null || return 1
  printf '%s' "${dir}"
}

check_ports_free() {
  local port busy=()
  for port in "${ETCD_PORT}" "${ETCD_PEER_PORT}" "${APISERVER_PORT}" "${CONTROLLER_MANAGER_PORT}" \
    "${SCHEDULER_PORT}" "${KUBELET_PORT}" "${KUBELET_HEALTHZ_PORT}"; do
    if [[ -n "$(ss -Htln "sport = :${port}")" ]]; then
      busy+=("${port} ($(ss -Htlnp "sport = :${port}" | grep -o 'users:.*' | head -n1))")
    fi
  done
  ((${#busy[@]} == 0)) || die "ports already in use: ${busy[*]}; stop whatever holds them (another cluster?)"
}

other_kubelet_running() {
  local p exe mine
  mine="$(component_pid kubelet || true)"
  for p in /proc/[0-9]*; do
    exe="$(readlink "${p}/exe" 2>/dev/null)" || continue
    [[ "$(basename "${exe% (deleted)}")" == kubelet && "${p#/proc/}" != "${mine}" ]] && return 0
  done
  return 1
}

# The kubelet's CNI configuration: one bridge, host-local addresses, the IPAM state in our state dir.
# isGateway gives the bridge an address, so the kubelet can probe pods; there is deliberately no
# route out (no isDefaultGateway, no ipMasq): pods reach each other and the host's bridge address only.
# (dockershim sets up each pod's loopback itself with the loopback plugin from the same folder.)
write_cni_config() {
  local dir="${STATE_DIR}/cni"
  mkdir -p "${dir}/net.d" "${dir}/cache" "${dir}/ipam"
  cat >"${dir}/net.d/10-kaskade.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "kaskade",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${POD_BRIDGE}",
      "isGateway": true,
      "isDefaultGateway": false,
      "ipMasq": false,
      "hairpinMode": false,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "${POD_SUBNET}" }]],
        "dataDir": "${dir}/ipam"
      }
    }
  ]
}
CNI
}

remove_pod_network() {
  if ip link show "${POD_BRIDGE}" >/dev/null 2>&1; then
    ip link delete "${POD_BRIDGE}" 2>/dev/null || log "could not delete the bridge ${POD_BRIDGE}"
  fi
  rm -rf "${STATE_DIR}/cni/ipam" "${STATE_DIR}/cni/cache"
}

cmd_up() {
  require_root
  require_docker
  require_registry
  mkdir -p /run/kaskade
  exec 8>/run/kaskade/cluster.lock
  flock 8
  local other
  if other="$(running_cluster_dir)" && [[ "${other}" != "${STATE_DIR}" ]]; then
    log "a Kaskade cluster started from ${other} is already running on this machine; using it"
    log "(only one kubelet can drive a Docker engine; '$0 env' prints its KUBECONFIG)"
    return 0
  fi
  local n
  n="$(running_components)"
  if ((n == ${#COMPONENTS[@]})) && binaries_ready && apiserver_ready && node_ready; then
    log "already running (KUBECONFIG=${STATE_DIR}/kubeconfig)"
    return 0
  fi
  if ((n > 0)); then
    log "found a partly running cluster (${n}/${#COMPONENTS[@]} processes); restarting it"
    stop_cluster
  fi
  local started=${SECONDS}
  cmd_build
  check_ports_free
  other_kubelet_running && die "another kubelet runs on this machine; it would remove this cluster's pod containers"
  mkdir -p "${STATE_DIR}"/{run,logs,etcd,apiserver,controller-manager,scheduler,kubelet,kubelet-pki,kubelet-plugins,dockershim}
  chmod 700 "${STATE_DIR}/etcd"
  ensure_pki
  echo "${STATE_DIR}" >"${RUN_POINTER}"
  local pki="${STATE_DIR}/pki"

  start_component etcd etcd --name kaskade --data-dir "${STATE_DIR}/etcd" \
    --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster "kaskade=http://127.0.0.1:${ETCD_PEER_PORT}" --logger zap --log-level warn
  wait_until 30 "etcd" etcd etcd_healthy

  start_component kube-apiserver "${BIN_DIR}/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:${ETCD_PORT}" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "${APISERVER_PORT}" --insecure-port 0 \
    --cert-dir "${STATE_DIR}/apiserver" --tls-cert-file "${pki}/apiserver.crt" --tls-private-key-file "${pki}/apiserver.key" \
    --client-ca-file "${pki}/ca.crt" --token-auth-file "${pki}/tokens.csv" --authorization-mode AlwaysAllow \
    --service-account-key-file "${pki}/sa.pub" --service-account-signing-key-file "${pki}/sa.key" \
    --service-account-issuer https://kubernetes.default.svc \
    --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
    --kubelet-preferred-address-types InternalIP,Hostname --endpoint-reconciler-type none --profiling=false
  wait_until 60 "kube-apiserver /readyz" kube-apiserver apiserver_ready

  start_component kube-controller-manager "${BIN_DIR}/kube-controller-manager" \
    --kubeconfig "${pki}/controller-manager.kubeconfig" \
    --authentication-kubeconfig "${pki}/controller-manager.kubeconfig" \
    --authorization-kubeconfig "${pki}/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${CONTROLLER_MANAGER_PORT}" --port 0 \
    --cert-dir "${STATE_DIR}/controller-manager" --leader-elect=false \
    --service-account-private-key-file "${pki}/sa.key" --root-ca-file "${pki}/ca.crt" \
    --use-service-account-credentials=false --profiling=false \
    --flex-volume-plugin-dir "${STATE_DIR}/kubelet-plugins"
  start_component kube-scheduler "${BIN_DIR}/kube-scheduler" \
    --kubeconfig "${pki}/scheduler.kubeconfig" \
    --authentication-kubeconfig "${pki}/scheduler.kubeconfig" --authorization-kubeconfig "${pki}/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "${SCHEDULER_PORT}" --port 0 \
    --cert-dir "${STATE_DIR}/scheduler" --leader-elect=false --profiling=false

  # The 1.20 device manager's socket path is fixed; remember whether we create its folder.
  [[ -e /var/lib/kubelet ]] || touch "${STATE_DIR}/run/created-var-lib-kubelet"
  # Pod log folders are at a fixed path too; `down` removes the ones that appear after this list.
  ls -A /var/log/pods 2>/dev/null >"${STATE_DIR}/run/pod-logs-before" || true
  write_cni_config
  local cgroup_driver
  cgroup_driver="$(docker info --format '{{.CgroupDriver}}' 2>/dev/null || echo cgroupfs)"
  # AWS_EC2_METADATA_DISABLED: keep any AWS SDK code from probing the cloud metadata address.
  start_component kubelet env AWS_EC2_METADATA_DISABLED=true "${BIN_DIR}/kubelet" \
    --kubeconfig "${pki}/kubelet.kubeconfig" --hostname-override "${NODE_NAME}" \
    --container-runtime docker --docker-endpoint unix:///var/run/docker.sock \
    --network-plugin cni --cni-bin-dir "${CNI_BIN_DIR}" --cni-conf-dir "${STATE_DIR}/cni/net.d" \
    --cni-cache-dir "${STATE_DIR}/cni/cache" \
    --container-runtime-endpoint unix:///run/kaskade/dockershim.sock --image-service-endpoint unix:///run/kaskade/dockershim.sock \
    --cgroup-driver "${cgroup_driver}" --cgroups-per-qos=false --enforce-node-allocatable= --fail-swap-on=false \
    --make-iptables-util-chains=false --hairpin-mode none \
    --image-gc-high-threshold 100 \
    --eviction-hard 'memory.available<100Mi,nodefs.available<1%,imagefs.available<1%,nodefs.inodesFree<1%' \
    --node-status-update-frequency 2s \
    --root-dir "${STATE_DIR}/kubelet" --cert-dir "${STATE_DIR}/kubelet-pki" \
    --experimental-dockershim-root-directory "${STATE_DIR}/dockershim" --volume-plugin-dir "${STATE_DIR}/kubelet-plugins" \
    --address 127.0.0.1 --port "${KUBELET_PORT}" --read-only-port 0 \
    --healthz-bind-address 127.0.0.1 --healthz-port "${KUBELET_HEALTHZ_PORT}" \
    --pod-infra-container-image "${PAUSE_IMAGE}"
  # `env` is a child process here, so the pid file names env's pid until it execs kubelet.
  wait_until 10 "kubelet exec" "" component_pid kubelet
  wait_until 90 "node ${NODE_NAME} Ready" kubelet node_ready
  wait_until 30 "the default service account" kube-controller-manager default_service_account_exists
  for c in "${COMPONENTS[@]}"; do
    component_pid "${c}" >/dev/null || die "${c} exited during start-up; see ${STATE_DIR}/logs/${c}.log"
  done
  log "cluster up in $((SECONDS - started)) s; KUBECONFIG=${STATE_DIR}/kubeconfig"
}

# Every kubelet pod's uid, from the kubelet's root dir and from the containers dockershim labelled.
kubelet_pod_uids() {
  {
    ls "${STATE_DIR}/kubelet/pods" 2>/dev/null || true
    docker ps -a --filter label=io.kubernetes.docker.type --format '{{.Label "io.kubernetes.pod.uid"}}' 2>/dev/null || true
  } | { grep -E '^[0-9a-f-]{36}$' || true; } | sort -u
}

stop_cluster() {
  local uids c pid
  uids="$(kubelet_pod_uids)"
  for c in kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do
    if pid="$(component_pid "${c}")"; then
      log "stopping ${c} (pid ${pid})"
      stop_pid "${pid}" "${c}"
    fi
    rm -f "$(pid_file "${c}")"
  done
  # Pod containers outlive the kubelet; dockershim labels every one with its pod's uid.
  local uid ids
  for uid in ${uids}; do
    ids="$(docker ps -aq --filter "label=io.kubernetes.pod.uid=${uid}" 2>/dev/null || true)"
    [[ -z "${ids}" ]] || docker rm -f -v ${ids} >/dev/null 2>&1 || true
  done
  # tmpfs (secrets, service-account tokens) and bind mounts the kubelet left, deepest first.
  local mp
  for dir in "${STATE_DIR}/kubelet" "${STATE_DIR}/dockershim"; do
    awk -v d="${dir}" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
      while read -r mp; do umount "${mp}" 2>/dev/null || umount -l "${mp}" 2>/dev/null || log "could not unmount ${mp}"; done
  done
  # The kubelet writes pod logs to fixed paths: /var/log/pods/<ns>_<pod>_<uid> and links in /var/log/containers.
  for uid in ${uids}; do
    find /var/log/pods -maxdepth 1 -name "*_${uid}" -exec rm -rf {} + 2>/dev/null || true
  done
  if [[ -f "${STATE_DIR}/run/pod-logs-before" ]]; then
    local entry
    for entry in $(ls -A /var/log/pods 2>/dev/null); do
      grep -qxF "${entry}" "${STATE_DIR}/run/pod-logs-before" || rm -rf "/var/log/pods/${entry}"
    done
    rm -f "${STATE_DIR}/run/pod-logs-before"
  fi
  find /var/log/containers -maxdepth 1 -type l ! -exec test -e {} \; -delete 2>/dev/null || true
  remove_pod_network
  # A fresh etcd and kubelet root each time: stale pods from earlier runs would come back on `up`.
  rm -rf "${STATE_DIR}/etcd" "${STATE_DIR}/kubelet" "${STATE_DIR}/dockershim" /run/kaskade/dockershim.sock
  if [[ -f "${STATE_DIR}/run/created-var-lib-kubelet" ]]; then
    rm -f /var/lib/kubelet/device-plugins/kubelet.sock /var/lib/kubelet/device-plugins/DEPRECATION
    rmdir /var/lib/kubelet/device-plugins /var/lib/kubelet 2>/dev/null || true
    rm -f "${STATE_DIR}/run/created-var-lib-kubelet"
  fi
  if [[ "$(cat "${RUN_POINTER}" 2>/dev/null)" == "${STATE_DIR}" ]]; then rm -f "${RUN_POINTER}"; fi
}

cmd_down() {
  require_root
  mkdir -p /run/kaskade
  exec 8>/run/kaskade/cluster.lock
  flock 8
  local other
  if (($(running_components) == 0)) && other="$(running_cluster_dir)" && [[ "${other}" != "${STATE_DIR}" ]]; then
    die "the running cluster was started from ${other}; stop it with KASKADE_HOME=$(dirname "${other}") $0 down"
  fi
  stop_cluster
  log "cluster stopped"
}

cmd_status() {
  local dir c pid n=0
  dir="$(running_cluster_dir || true)"
  [[ -n "${dir}" ]] || dir="${STATE_DIR}"
  printf 'state dir: %s\n' "${dir}"
  for c in "${COMPONENTS[@]}"; do
    if pid="$(component_pid "${c}" "${dir}")"; then
      printf '  %-24s running (pid %s)\n' "${c}" "${pid}"
      n=$((n + 1))
    else
      printf '  %-24s stopped\n' "${c}"
    fi
  done
  if ((n == 0)); then
    echo "cluster: not running (start it with: $0 up)"
    return 3
  fi
  local ready
  ready="$("${BIN_DIR}/kubectl" --kubeconfig "${dir}/kubeconfig" --request-timeout=5s get node "${NODE_NAME}" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)"
  printf '  %-24s %s\n' "node ${NODE_NAME}" "$([[ "${ready}" == True ]] && echo Ready || echo "not Ready")"
  printf 'KUBECONFIG=%s\n' "${dir}/kubeconfig"
  if ((n == ${#COMPONENTS[@]})) && [[ "${ready}" == True ]]; then
    echo "cluster: running"
    return 0
  fi
  echo "cluster: degraded (restart it with: $0 up)"
  return 1
}

cmd_env() {
  local dir
  dir="$(running_cluster_dir)" || die "no Kaskade cluster is running; start one with: $0 up"
  printf 'export KUBECONFIG=%q\n' "${dir}/kubeconfig"
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status || exit $? ;;
    env) cmd_env ;;
    build) cmd_build ;;
    *) die "usage: $0 up|down|status|env|build" ;;
  esac
}

main "$@"
