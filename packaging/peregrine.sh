#!/bin/sh
# Peregrine's launcher, installed as /usr/bin/peregrine: runs Peregrine on the Java runtime shipped beside it
# (never a JDK from PATH or JAVA_HOME), with the ahead-of-time cache made at build time and the configuration in
# /etc/peregrine. Only shell built-ins: it runs with an empty PATH. `--version` alone is answered from the
# version.txt the build wrote by running this program.
# Environment: PEREGRINE_JAVA_OPTS, extra JVM options; PEREGRINE_AOT_TRAINING=FILE, the build's training runs
# (run dev.peregrine.app.AotTraining with the arguments and write an AOT cache to FILE instead of reading one).
case "$0" in
    */*) bin="${0%/*}" ;;
    *) bin=/usr/bin ;;
esac
bin="$(cd "$bin" && pwd -P)"
lib="$(cd "$bin/../lib/peregrine" && pwd -P)" || exit 1
# /usr/bin -> /etc: the package's and a tarball unpacked under / share one layout (a tarball unpacked elsewhere
# keeps its etc/ beside its usr/)
etc="$(cd "$bin/../.." && pwd -P)/etc/peregrine"
[ "$etc" = "//etc/peregrine" ] && etc=/etc/peregrine

# --version alone: the text this program printed at build time (bin/package), without a JVM's start
if [ "$*" = "--version" ] && [ -f "$lib/version.txt" ] && [ -z "$PEREGRINE_AOT_TRAINING" ]; then
    while IFS= read -r line; do printf '%s\n' "$line"; done < "$lib/version.txt"
    exit 0
fi

# A capture's replay is short and its event loop small: C1 alone reaches a rate above sysdig's sooner than waiting
# for C2 on a busy machine. Live runs last: they get both compilers.
jit=""
case " $* " in
    *" -e "*|*" --version "*|*" -V "*|*" --validate "*|*" -L "*|*" --list "*) jit="-XX:TieredStopAtLevel=1" ;;
esac
replay=false
[ "$1" = events ] && case " $* " in *" -r "*|*" --read "*|*" --read="*) replay=true; jit="-XX:TieredStopAtLevel=1" ;; esac

# the training run (bin/package) starts the same JVM, same options and class path, as the runs that use its cache
main="-jar $lib/peregrine.jar"
if [ -n "$PEREGRINE_AOT_TRAINING" ]; then
    aot="-XX:AOTCacheOutput=$PEREGRINE_AOT_TRAINING"
    main="-cp $lib/peregrine.jar dev.peregrine.app.AotTraining"
    jit=""
elif $replay && [ -f "$lib/peregrine-replay.aot" ]; then
    # a replay's own cache: half the classes of the whole one, which the JVM would all load before main
    aot="-XX:AOTCache=$lib/peregrine-replay.aot"
elif [ -f "$lib/peregrine.aot" ]; then
    aot="-XX:AOTCache=$lib/peregrine.aot"
else
    aot=""
fi
# shellcheck disable=SC2086 # the option variables hold zero or one word each (PEREGRINE_JAVA_OPTS: several)
exec "$lib/runtime/bin/java" $aot $jit -XX:+UseSerialGC -XX:-UsePerfData \
    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Dperegrine.config="$etc/peregrine.yaml" $PEREGRINE_JAVA_OPTS $main "$@"
