# Sourced by bin/corio and bin/test: sets JAVA to a JDK 25+ java and exports JAVA_HOME for Maven.
# Order: $JAVA_HOME if it is 25 or newer, else the newest /usr/lib/jvm/*25* (then any newer JDK there).

corio_java_feature() {  # prints the feature version of the java binary $1 (25 for "25.0.3"), or 0
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

corio_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        v=$(corio_java_feature "$JAVA_HOME/bin/java")
        if [ "${v:-0}" -ge 25 ] 2>/dev/null; then
            printf '%s\n' "$JAVA_HOME"
            return 0
        fi
    fi
    for d in $(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -r) $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -r); do
        if [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ]; then
            v=$(corio_java_feature "$d/bin/java")
            if [ "${v:-0}" -ge 25 ] 2>/dev/null; then
                printf '%s\n' "$d"
                return 0
            fi
        fi
    done
    return 1
}

if ! CORIO_JDK=$(corio_find_jdk); then
    echo "corio: no JDK 25 or newer found. Set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
    echo "       (for example Temurin 25: https://adoptium.net). JAVA_HOME is '${JAVA_HOME:-unset}'." >&2
    exit 3
fi
export JAVA_HOME="$CORIO_JDK"
JAVA="$JAVA_HOME/bin/java"
# Maven itself runs on this JDK; keep its own libraries quiet about JDK 25's Unsafe and native-access warnings.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
# The flags every Corio JVM needs: coroutines are virtual threads scheduled by the loop (docs/decisions.md).
# --sun-misc-unsafe-memory-access=allow lets Netty align pooled buffers to cache lines (io.corio.transports.Buffers).
CORIO_JVM_FLAGS="--add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
