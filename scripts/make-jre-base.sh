#!/bin/sh
# Builds a small Java 17 runtime base image without any image registry but our own: jlink of the
# host JDK, the shared libraries ldd lists for it, and busybox for a shell. Pushes it as $1
# (default 127.0.0.1:5000/kaskade/jre:17). Needs: a JDK 17 with jlink, busybox-static, docker.
set -eu
IMAGE="${1:-127.0.0.1:5000/kaskade/jre:17}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/etc" "$ROOT/opt"
# What Kaskade's own images need too (jdeps over the services' and the broker's jars, plus modules
# loaded by name at run time); the images module checks the label below and rebuilds an older image.
# Keep in step with io.kaskade.images.JreBase.REQUIRED_MODULES.
MODULES="${KASKADE_JRE_MODULES:-java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.compiler,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs}"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --output "$ROOT/opt/jre"
cp /bin/busybox "$ROOT/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$ROOT/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$ROOT/etc/passwd"
# Every shared library the runtime's binaries and libraries need, at the same path as on the host.
for f in "$ROOT/opt/jre/bin/java" $(find "$ROOT/opt/jre/lib" -name '*.so'); do
  ldd "$f" 2>/dev/null | awk '/=>/ { print $3 } /^[[:space:]]*\// { print $1 }'
done | sort -u | while read -r lib; do
  [ -f "$lib" ] || continue
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
tar -C "$ROOT" -cf "$WORK/jre.tar" .
docker import -c 'ENV PATH=/opt/jre/bin:/bin' -c 'ENV JAVA_HOME=/opt/jre' -c "LABEL io.kaskade.jre.modules=$MODULES" \
  -c 'CMD ["/bin/sh"]' "$WORK/jre.tar" "$IMAGE" >/dev/null
docker push -q "$IMAGE"
