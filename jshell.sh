#!/usr/bin/env bash
# jshell with Fluxion on the class path and its imports done (jshell/fluxion.jsh):
#   ./jshell.sh                            interactive; then e.g. /open jshell/s1-quadratic.jsh
#   ./jshell.sh jshell/s1-quadratic.jsh    runs a script (end it with /exit to return)
# Builds the modules first (without tests), so the first start takes a minute. FLUXION_CLASSPATH,
# when set, is used as the class path instead and nothing is built.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
if [ -z "${FLUXION_CLASSPATH:-}" ]; then
  ./mvnw -B -q -pl dsl,laws -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package \
    dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/jshell.classpath >&2
  FLUXION_CLASSPATH="$root/dsl/target/classes:$root/laws/target/classes:$(cat dsl/target/jshell.classpath):$(cat laws/target/jshell.classpath)"
fi
jshell="${JAVA_HOME:+$JAVA_HOME/bin/}jshell"
exec "$jshell" -R--enable-native-access=ALL-UNNAMED --class-path "$FLUXION_CLASSPATH" \
  --startup DEFAULT --startup "$root/jshell/fluxion.jsh" "$@"
