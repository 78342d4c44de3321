#!/usr/bin/env bash
# tests/run.sh — run BaiTech's whole test suite against real backing services.
#
# What it does, in order:
#   1. Installs what the tests need when it is missing, and reuses it otherwise:
#        - redis-server (+ redis-cli) from Debian's packages (needs root);
#        - SecantusDB, a MongoDB-wire-compatible server from PyPI, pinned, into
#          the virtualenv target/test-services/venv.
#   2. Builds every test target once (`cargo test --no-run`).
#   3. Starts a throw-away redis-server and a secantus server (in-memory storage)
#      on free loopback ports, waits until both answer, and exports
#        BAITECH_TEST_REDIS_URL    = redis://127.0.0.1:PORT/
#        BAITECH_TEST_MONGODB_URI  = mongodb://127.0.0.1:PORT/?directConnection=true
#   4. Runs `cargo test --workspace --lib --bins --tests [ARGS...]` and exits with its
#      status. Both servers are stopped on any exit (success, failure, Ctrl-C,
#      SIGTERM).
#
# Usage:
#   tests/run.sh                  # everything
#   tests/run.sh embedded         # extra args go to the final `cargo test`
#   tests/run.sh -- --nocapture   #   (test-name filters, `-- <libtest flags>`, ...)
#
# Environment knobs (all optional):
#   BAITECH_TEST_CMD   run this shell command instead of the two cargo steps,
#                      with the services up and the variables above exported
#                      (e.g. BAITECH_TEST_CMD='cargo nextest run').
#
# Logs: target/test-services/{redis,secantus}.log (kept after the run).
# Never prompts: safe with CI=true and no stdin. Doc tests are not run
# (the target selection below leaves them out on purpose).
set -euo pipefail

# --- 0. locations ------------------------------------------------------------
# Run from anywhere: everything below is relative to the repository root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

SECANTUS_PIN='SecantusDB==0.7.0b3'     # pre-release: the exact pin lets pip take it
SECANTUS_VERSION='0.7.0b3'
SVC_DIR="$ROOT/target/test-services"   # under target/: ignored by git, wiped by `cargo clean`
VENV="$SVC_DIR/venv"
REDIS_LOG="$SVC_DIR/redis.log"
SECANTUS_LOG="$SVC_DIR/secantus.log"
START_TIMEOUT=30                       # seconds each server gets to answer
STOP_TIMEOUT=10                        # seconds each server gets to exit on SIGTERM

# Progress goes to stderr, like cargo's own; stdout then ends with the test
# results themselves.
# Unit tests, the binary's tests and the integration suite. Not `--all-targets`: that implies
# `--benches`, which runs every benchmark (minutes each) despite `test = false`; clippy
# still checks them with `--all-targets`.
TARGETS=(--lib --bins --tests)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$SVC_DIR"

# --- one run at a time per work tree ------------------------------------------
# Runs in the same checkout share the venv, the logs and the pid files, so they
# take turns. The lock is on fd 9; every child below gets `9>&-` so that a
# server orphaned by a SIGKILLed run can never keep holding it.
exec 9>"$SVC_DIR/lock"
if ! flock -n 9; then
    say "another tests/run.sh is running in this work tree; waiting for it"
    flock 9
fi

# --- process helpers -----------------------------------------------------------
# (Read from /proc rather than with ps, which a minimal Debian lacks.)
# True while PID exists and is not a zombie (our own exited children stay
# zombies until `wait`ed, so `kill -0` alone would say they still run).
is_running() {
    local stat
    # (cat, not $(<file): with set -e, bash exits on that form's failed redirect)
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }          # the state letter follows "(command) "
    [[ ${stat:0:1} != [ZX] ]]
}
# The direct children of PID.
children_of() {
    cat /proc/"$1"/task/*/children 2>/dev/null || true
}

# stop_pids PID...: SIGTERM all, wait up to STOP_TIMEOUT for them, then SIGKILL
# the stragglers, and reap the ones that are our children.
stop_pids() {
    local pid waited=0 alive
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    while :; do
        alive=()
        for pid in "$@"; do is_running "$pid" && alive+=("$pid"); done
        ((${#alive[@]} == 0)) && break
        if ((waited >= STOP_TIMEOUT * 10)); then
            say "pid(s) ${alive[*]} still running ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
            kill -KILL "${alive[@]}" 2>/dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# A run killed with SIGKILL cannot clean up; its servers' pids stay in
# $SVC_DIR/*.pid. We hold the lock, so no live run owns them: stop them, but
# only if the pid still belongs to that program (pids get reused).
reap_stale() {
    local name=$1 pidfile="$SVC_DIR/$1.pid" pid
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ ]] && is_running "$pid" \
        && [[ $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"$name"* ]]; then
        say "stopping $name (pid $pid) left over from an interrupted run"
        stop_pids "$pid"
    fi
    rm -f "$pidfile"
}

# --- cleanup: runs on every exit ------------------------------------------------
REDIS_PID=''
SECANTUS_PID=''
JOB_PID=''     # the cargo (or BAITECH_TEST_CMD) process while one runs
cleanup() {
    local pids=()
    if [[ -n $JOB_PID ]] && is_running "$JOB_PID"; then
        # Interrupted mid-build or mid-test: stop cargo and its direct children
        # (rustc, or the test binary it is running) before the servers.
        say "stopping the running cargo/test command"
        # shellcheck disable=SC2046  # word-splitting the pid list is intended
        stop_pids "$JOB_PID" $(children_of "$JOB_PID")
    fi
    [[ -n $REDIS_PID ]] && pids+=("$REDIS_PID")
    [[ -n $SECANTUS_PID ]] && pids+=("$SECANTUS_PID")
    if ((${#pids[@]})); then
        say "stopping test services"
        stop_pids "${pids[@]}"
    fi
    rm -f "$SVC_DIR/redis-server.pid" "$SVC_DIR/secantus.pid"
}
on_exit() {
    local rc=$?             # the status the script is exiting with (e.g. cargo's)
    trap - EXIT INT TERM
    set +e
    cleanup
    exit "$rc"
}
trap on_exit EXIT
# A signal becomes a normal exit, which runs on_exit with the usual 128+N code.
trap 'exit 130' INT
trap 'exit 143' TERM

# run_job CMD...: run CMD in the background and wait for it, returning its
# status. bash only runs a trap once the foreground command has returned, so a
# long cargo run in the foreground would hold off SIGTERM's cleanup until it
# ended; `wait` is interrupted at once. (A background job ignores SIGINT, so on
# Ctrl-C it is cleanup() that stops it.)
run_job() {
    local rc=0
    "$@" 9>&- </dev/null &
    JOB_PID=$!
    wait "$JOB_PID" || rc=$?
    JOB_PID=''
    return "$rc"
}

reap_stale redis-server
reap_stale secantus

# --- 1. install what is missing -----------------------------------------------
APT_UPDATED=''
apt_install() {
    if ((EUID != 0)); then
        die "need the Debian package(s) '$*', which are not installed, and this is not root: run as root once, or: sudo apt-get install -y $*"
    fi
    command -v apt-get >/dev/null || die "need '$*' but apt-get is not available on this machine"
    if [[ -z $APT_UPDATED ]]; then
        apt-get update -qq 9>&- </dev/null
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" 9>&- </dev/null
}

if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    say "redis-server: $(command -v redis-server) (already installed)"
else
    say "installing redis-server (Debian package)"
    apt_install redis-server
    command -v redis-server >/dev/null || die "redis-server still not on PATH after installing it"
fi

# Reused only when it imports and is exactly the pinned version.
venv_ok() {
    [[ -x $VENV/bin/python ]] && "$VENV/bin/python" - "$SECANTUS_VERSION" <<'PY' >/dev/null 2>&1
import sys, importlib.metadata, secantus
sys.exit(importlib.metadata.version("SecantusDB") != sys.argv[1])
PY
}

if venv_ok; then
    say "secantus: reusing $VENV ($SECANTUS_PIN)"
else
    say "installing $SECANTUS_PIN into $VENV"
    command -v python3 >/dev/null || apt_install python3 python3-venv
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV" 9>&- </dev/null; then
        # Debian's own python3 ships venv's pip bootstrap separately.
        rm -rf "$VENV"
        apt_install python3-venv
        python3 -m venv "$VENV" 9>&- </dev/null
    fi
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q \
        "$SECANTUS_PIN" 9>&- </dev/null
    venv_ok || die "secantus does not import from $VENV after installing $SECANTUS_PIN"
fi

# The real socket.io-client for the chat socket test (pinned in tests/socketio/package.json);
# reinstalled only when package.json changes. Without node/npm that test says so and skips.
SIO="$ROOT/tests/socketio"
if command -v npm >/dev/null; then
    if [[ ! -d $SIO/node_modules/socket.io-client || $SIO/package.json -nt $SIO/node_modules ]]; then
        say "installing socket.io-client (npm, pinned)"
        npm install --prefix "$SIO" --no-audit --no-fund --silent 9>&- </dev/null
        touch "$SIO/node_modules"
    fi
else
    say "npm not found: the Socket.IO client test will skip"
fi

# --- 2. build once ---------------------------------------------------------------
# Built before the servers start, so they are not left idling through a long
# compile, and a compile error fails fast without starting them.
if [[ -z ${BAITECH_TEST_CMD:-} ]]; then
    say "building tests (cargo test --workspace ${TARGETS[*]} --no-run)"
    run_job cargo test --workspace "${TARGETS[@]}" --no-run
fi

# --- 3. start the services --------------------------------------------------------
# Two distinct free loopback ports: bind both at once, then release them.
read -r REDIS_PORT SECANTUS_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
')

# wait_ready NAME PID LOG CHECK...: poll CHECK until it succeeds; give up after
# START_TIMEOUT, or as soon as the server dies, showing the tail of its log.
wait_ready() {
    local name=$1 pid=$2 log=$3 tries=0
    shift 3
    until "$@" >/dev/null 2>&1; do
        if ! is_running "$pid"; then
            printf 'error: %s exited during startup; last lines of %s:\n' "$name" "$log" >&2
            tail -n 30 "$log" >&2 || true
            exit 1
        fi
        if ((tries >= START_TIMEOUT * 5)); then
            printf 'error: %s did not answer within %ss; last lines of %s:\n' \
                "$name" "$START_TIMEOUT" "$log" >&2
            tail -n 30 "$log" >&2 || true
            exit 1
        fi
        sleep 0.2
        tries=$((tries + 1))
    done
}

redis_pong() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
# secantus: ready once its port accepts a TCP connection (stdlib only).
port_open() {
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$1"
}

say "starting redis-server on 127.0.0.1:$REDIS_PORT (log: ${REDIS_LOG#"$ROOT"/})"
# No persistence, foreground (so we own the pid), log to stdout -> our log file.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --logfile '' --dir "$SVC_DIR" \
    9>&- </dev/null >"$REDIS_LOG" 2>&1 &
REDIS_PID=$!
echo "$REDIS_PID" >"$SVC_DIR/redis-server.pid"

say "starting secantus on 127.0.0.1:$SECANTUS_PORT (log: ${SECANTUS_LOG#"$ROOT"/})"
# --storage-path :memory: keeps data in a temp dir that secantus deletes on
# SIGTERM; TMPDIR puts that dir under target/ so a SIGKILLed run leaves nothing
# in /tmp (and the next run clears it). An empty --config turns off secantus'
# auto-discovery of ./secantusd.toml, ~/.secantus/... and /etc/secantus/...
rm -rf "$SVC_DIR/tmp"
mkdir -p "$SVC_DIR/tmp"
: >"$SVC_DIR/secantusd.toml"
TMPDIR="$SVC_DIR/tmp" "$VENV/bin/python" -m secantus \
    --config "$SVC_DIR/secantusd.toml" \
    --host 127.0.0.1 --port "$SECANTUS_PORT" --storage-path :memory: \
    9>&- </dev/null >"$SECANTUS_LOG" 2>&1 &
SECANTUS_PID=$!
echo "$SECANTUS_PID" >"$SVC_DIR/secantus.pid"

wait_ready redis-server "$REDIS_PID" "$REDIS_LOG" redis_pong
say "redis-server is up (pid $REDIS_PID)"
wait_ready secantus "$SECANTUS_PID" "$SECANTUS_LOG" port_open "$SECANTUS_PORT"
say "secantus is up (pid $SECANTUS_PID)"

# --- 4. run the tests -----------------------------------------------------------------
# secantus advertises itself as the primary of a one-node replica set named
# "secantus" (so transactions work); directConnection=true makes the driver
# talk to exactly this address instead of running replica-set discovery.
export BAITECH_TEST_MONGODB_URI="mongodb://127.0.0.1:$SECANTUS_PORT/?directConnection=true"
export BAITECH_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/"
export RUST_BACKTRACE=1
say "BAITECH_TEST_MONGODB_URI=$BAITECH_TEST_MONGODB_URI"
say "BAITECH_TEST_REDIS_URL=$BAITECH_TEST_REDIS_URL"

if [[ -n ${BAITECH_TEST_CMD:-} ]]; then
    say "running: $BAITECH_TEST_CMD"
    run_job bash -c "$BAITECH_TEST_CMD"
else
    say "running tests (cargo test --workspace ${TARGETS[*]}${*:+ $*})"
    run_job cargo test --workspace "${TARGETS[@]}" "$@"
fi
# Reaching here means success; a failing command above already exited with its
# own status through on_exit (set -e), which stops the services either way.
