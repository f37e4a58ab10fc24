#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: start the production jar against the local MariaDB and
# Redis in ISOLATION (database stagedoor_bench, Redis logical db 2 -- never stagedoor/test/db 0, which
# the test suite and CI use and flush), wait for readiness, and always stop what was started.
# BENCH_DB and BENCH_REDIS_DB override the two, so two benches can run side by side; BENCH_JAR another jar
# (e.g. a copy of the one built before a change, for a before/after).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"
JAR="${BENCH_JAR:-$ROOT/target/stagedoor.jar}"
DB=${BENCH_DB:-stagedoor_bench}
REDIS_DB=${BENCH_REDIS_DB:-2}
case "$DB" in stagedoor | test) echo "refusing database $DB" >&2; exit 2 ;; esac
[ "$REDIS_DB" != 0 ] || { echo 'refusing Redis db 0' >&2; exit 2; }
REDIS="redis-cli -h 127.0.0.1 -p 6379 -n $REDIS_DB"
MYSQL="mysql -uroot -h127.0.0.1 -P3306"
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC}"
SECRET=bench-secret-0123456789abcdef0123456789

# thousands of sockets need thousands of descriptors (raise as far as the hard limit allows)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

PIDS=()
cleanup() {
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]:-}"; do
		[ -n "$pid" ] && wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

need_jar() {
	[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -o package -DskipTests)
}

# Empties the bench database and the bench Redis db: every scenario starts from nothing.
reset_stores() {
	$MYSQL -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
	$REDIS FLUSHDB >/dev/null
}

# start_app PORT [extra --args...]: starts the jar in the background, sets APP_PID, waits for readiness
start_app() {
	local port=$1
	shift
	need_jar
	# shellcheck disable=SC2086
	java $JAVA_OPTS ${EXTRA_JAVA_OPTS:-} -jar "$JAR" --server.port="$port" \
		--spring.r2dbc.url="r2dbc:mysql://root@127.0.0.1:3306/$DB" \
		--spring.data.redis.url="redis://127.0.0.1:6379/$REDIS_DB" \
		--stagedoor.token.secret="$SECRET" --stagedoor.demo-data=true \
		--stagedoor.rate-limit.enabled=false --logging.level.root=warn "$@" \
		>"$OUT/app-$port.log" 2>&1 &
	APP_PID=$!
	PIDS+=("$APP_PID")
	local i
	for i in $(seq 1 120); do
		if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
			echo "app on :$port ready (pid $APP_PID) after ~$((i / 2)) s"
			return 0
		fi
		if ! kill -0 "$APP_PID" 2>/dev/null; then
			echo "app on :$port died; see $OUT/app-$port.log" >&2
			tail -30 "$OUT/app-$port.log" >&2
			return 1
		fi
		sleep 0.5
	done
	echo "app on :$port not ready after 60 s" >&2
	return 1
}

stop_app() {
	local pid=$1
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

machine() {
	echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); $(java -version 2>&1 | head -1)"
	echo "JVM flags: $JAVA_OPTS ${EXTRA_JAVA_OPTS:-}"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other engineers' builds share the machine)"
}

# CPU seconds (user+system) a process has used so far
cpu_seconds() {
	awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# cpu_during PID... -- COMMAND: runs COMMAND and prints the CPU each PID used meanwhile, in cores
cpu_during() {
	local pids=() p
	while [ "$1" != "--" ]; do pids+=("$1"); shift; done
	shift
	local before=() t0 t1 i=0
	for p in "${pids[@]}"; do before+=("$(cpu_seconds "$p")"); done
	t0=$(date +%s.%N)
	"$@"
	t1=$(date +%s.%N)
	for p in "${pids[@]}"; do
		awk -v a="${before[$i]}" -v b="$(cpu_seconds "$p")" -v t0="$t0" -v t1="$t1" -v name="$(cat /proc/$p/comm)" \
			'BEGIN { printf "cpu %-16s %.2f cores (%.1f s over %.1f s)\n", name, (b - a) / (t1 - t0), b - a, t1 - t0 }'
		i=$((i + 1))
	done
}

# the pid of the process listening on a loopback TCP port (the local redis-server / mariadbd)
listener_pid() {
	ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
