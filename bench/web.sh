#!/usr/bin/env bash
# The web service under load, as production runs it (`make bench` runs this after the engine's
# scripts): production settings as scripts/prod-check sets them (DEBUG off, a random SECRET_KEY),
# the PostgreSQL database `bench` (made, migrated, loaded and seeded by bench/seed.py on first
# use; BENCH_DB names another), Redis database 15 as the shared cache, gunicorn started by
# scripts/serve on 127.0.0.1:8300, and wrk at 16 connections, each request on a new connection as
# nginx sends them (BENCH_KEEPALIVE=1: kept).
#
# 1. The standard server (scripts/serve's defaults): /healthz (the floor: no database, no
#    template), the home page, the API for 1, 2 and 3 children (bench/wrk/api.lua), the
#    results page of a three-child household (its session cookie): requests/s, p50 and p99, and
#    each as a ratio of the floor in the same run; then each worker's resident memory, warm.
# 2. The masked CSV export of the approved claims (40,000 rows) from a server of one worker and
#    one thread: its time, size, and the worker's peak resident memory (VmHWM) before and after.
# 3. gunicorn's settings compared on the API (three children): workers x threads with no
#    recycling (in rounds), then --max-requests 0, 2000 and 20000 (with jitter) on longer runs,
#    counting the workers booted during each run. Each run's table line has the load average
#    after it: the machine may be shared.
# 4. bench/client.py: per-request times in Django's test client, the admin queue, the impact
#    preview.
# 5. The recompute after a policy change on Celery workers (Redis database 15), one worker
#    process and then two, on a database of its own (${BENCH_DB}_recompute: 20,000 households):
#    households and open applications per second, and the workers' memory after.
# The machine's CPU count and load average (uptime) are printed before and after.
#
# Needs wrk (Debian: apt-get install -y wrk), PostgreSQL on 127.0.0.1:5432 (user postgres) and
# Redis on 127.0.0.1:6379. BENCH_DURATION (seconds per run, default 10), BENCH_LONG (the
# max-requests runs, default 40), BENCH_ROUNDS (rounds of the workers x threads runs, default 2),
# BENCH_PORT (default 8300), BENCH_REQUESTS (test client), BENCH_SECTIONS (default "1 2 3 4 5"),
# BENCH_SHAPES (workers x threads compared, default "2x4 2x2 2x1 3x2 4x1 4x2"),
# BENCH_RECYCLE_ROUNDS (rounds of the max-requests runs, default 2; 0 leaves them out).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

command -v wrk >/dev/null || {
    echo "wrk is missing: install Debian's package with 'apt-get install -y wrk'" >&2
    exit 2
}
db=${BENCH_DB:-bench}
case "$db" in bench*) ;; *) echo "BENCH_DB must start with 'bench'" >&2; exit 2 ;; esac
port=${BENCH_PORT:-8300}
duration=${BENCH_DURATION:-10}
long=${BENCH_LONG:-40}
base="http://127.0.0.1:$port"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-web.XXXXXX")
server_pid=""
celery_pid=""
stop() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
stop_celery() {
    if [ -n "$celery_pid" ] && kill -0 "$celery_pid" 2>/dev/null; then
        kill -TERM "$celery_pid" 2>/dev/null || true
        wait "$celery_pid" 2>/dev/null || true
    fi
    celery_pid=""
}
# The servers' and workers' logs are kept in bench/results/logs/ (the access logs, masked).
trap 'stop; stop_celery; mkdir -p bench/results/logs; cp "$work"/*.log bench/results/logs/ 2>/dev/null; rm -rf "$work"' EXIT

# --- production settings, as scripts/prod-check sets them ----------------------------------------
unset SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS \
    SECURE_HSTS_INCLUDE_SUBDOMAINS STATIC_ROOT GUNICORN_MAX_REQUESTS GUNICORN_MAX_REQUESTS_JITTER \
    WEB_CONCURRENCY GUNICORN_THREADS
export DEBUG=0
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT="$work/staticfiles"
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export REDIS_URL=redis://127.0.0.1:6379/15
# The throttles still count every request in Redis, as in production, but never refuse one:
# the load comes from one address.
export RATE_API=100000000/m RATE_ANSWERS=100000000/m RATE_SECRET_PAGES=100000000/m
export LOG_LEVEL=WARNING  # the access log stays on (scripts/serve), into a file here
export DOCUMENTS_ROOT="$work/documents"  # large exports are written there

echo "== machine: $(nproc) CPUs; $(uptime)"
# prepare NAME [VAR=value...]: the database NAME made if missing, migrated, loaded and seeded
# (bench/seed.py, with these variables). Loading the policies sends a recompute to the queue;
# the queue is emptied after, so that no worker started later takes it during a measurement.
prepare() {
    local name=$1
    shift
    echo "== database $name: migrate, fixtures, seed (bench/seed.py)"
    if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        createdb -h 127.0.0.1 -U postgres "$name"
    fi
    (
        export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$name" "$@"
        python manage.py migrate --noinput -v 0
        python manage.py createcachetable
        python manage.py loaddata -v 0 fixtures/jurisdictions.json
        python manage.py load_policy fixtures/policies/*.json >"$work/load_policy.log" || {
            cat "$work/load_policy.log"; exit 1; }
        python bench/seed.py seed
    )
    redis-cli -n 15 flushdb >/dev/null
}
redis-cli -n 15 flushdb >/dev/null
prepare "$db"
python manage.py collectstatic --noinput -v 0

# serve NAME [VAR=value...]: gunicorn through scripts/serve with these variables, until /healthz.
serve() {
    local name=$1
    shift
    env BIND="127.0.0.1:$port" "$@" scripts/serve >"$work/gunicorn-$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "gunicorn ($name) did not start:" >&2
    tail -n 30 "$work/gunicorn-$name.log" >&2
    exit 1
}
workers() { pgrep -P "$server_pid" || true; }

# Each request on a new connection, as nginx sends them (deploy/nginx.conf: no upstream
# keepalive). With wrk's 16 kept connections, whichever gthread worker accepted most of them at
# the start serves them to the end: measured, the same server gave 260 or 615 requests/s from
# one run to the next, the second worker idle in the slow runs. BENCH_KEEPALIVE=1 keeps them.
if [ "${BENCH_KEEPALIVE:-0}" = 1 ]; then connection=(); else connection=(-H "Connection: close"); fi

# load FILE SECONDS PATH [wrk options...]: a 3-second warm-up, then the measured run into
# FILE.wrk, with the 1-minute load average after it (FILE.load) and the workers seen while it ran
# (FILE.note: how many were booted during the run, from their process ids: a recycled worker is
# a new process).
load() {
    local file=$1 seconds=$2 path=$3
    shift 3
    wrk -t 2 -c 16 -d 3s -H "X-Forwarded-Proto: https" "${connection[@]}" "$@" "$base$path" >/dev/null
    local first
    first=$(workers | sort)
    wrk -t 2 -c 16 -d "${seconds}s" --latency -H "X-Forwarded-Proto: https" "${connection[@]}" \
        "$@" "$base$path" \
        >"$work/$file.wrk" &
    local wrk_pid=$!
    echo "$first" >"$work/$file.pids"
    while kill -0 "$wrk_pid" 2>/dev/null; do
        workers >>"$work/$file.pids"
        sleep 0.2
    done
    wait "$wrk_pid"
    cut -d' ' -f1 /proc/loadavg >"$work/$file.load"
    local seen
    seen=$(sort -u "$work/$file.pids" | grep -c . || true)
    echo "workers booted during the run: $((seen - $(echo "$first" | grep -c . || true)))" \
        >"$work/$file.note"
}

# Sections to run: BENCH_SECTIONS="1 3" runs the standard server and gunicorn's settings only.
sections=" ${BENCH_SECTIONS:-1 2 3 4 5} "
section() { [[ "$sections" == *" $1 "* ]]; }

if section 1; then
echo "== 1. the standard server: scripts/serve's defaults, wrk 16 connections, ${duration} s each"
serve standard
household=$(python bench/seed.py session household)
load healthz "$duration" /healthz
load home "$duration" /
for n in 1 2 3; do
    CHILDREN=$n load "api-$n" "$duration" /api/v1/entitlements -s bench/wrk/api.lua
done
load results "$duration" /results/ -H "Cookie: sessionid=$household"
python bench/wrk_report.py floor "$work"/{healthz,home,api-1,api-2,api-3,results}.wrk
for pid in $(workers); do
    echo "worker $pid after the runs: $(grep -E '^VmRSS' "/proc/$pid/status" | tr -s ' \t' ' ')"
done
stop
fi

if section 2; then
echo "== 2. the masked CSV export of the approved claims: one web worker, one thread"
# Streamed by the web worker when short; when long (EXPORT_INLINE_ROWS), written to a file by the
# task queue (config/celery.py, if there is one): then a Celery worker (concurrency 1) is started
# here as compose.yaml's, and the export's time runs from the request to the file being done.
serve export WEB_CONCURRENCY=1 GUNICORN_THREADS=1 GUNICORN_MAX_REQUESTS=0
if [ -f config/celery.py ] && [ -x .venv/bin/celery ]; then
    celery -A config worker --loglevel=WARNING --concurrency=1 >"$work/celery.log" 2>&1 &
    celery_pid=$!
fi
admin=$(python bench/seed.py session admin)
cookie=(-H "Cookie: sessionid=$admin" -H "X-Forwarded-Proto: https")
curl -fsS -o /dev/null "${cookie[@]}" "$base/admin/applications/application/"
worker=$(workers)
memory() { grep -E '^(VmRSS|VmHWM)' "/proc/$1/status" | tr -s ' \t' ' ' | tr '\n' ' '; }
echo "web worker $worker warm: $(memory "$worker")"
before=$(python bench/seed.py export-latest | cut -d' ' -f1)
started=$(date +%s.%N)
curl -sS -o "$work/export.csv" -D "$work/export.headers" --max-time 600 "${cookie[@]}" \
    -w 'export request: HTTP %{http_code}, %{size_download} bytes in %{time_total} s (first byte after %{time_starttransfer} s)\n' \
    "$base/admin/applications/application/export/"
if grep -qi '^content-type: text/csv' "$work/export.headers"; then
    echo "export: streamed by the web worker, $(($(wc -l <"$work/export.csv") - 1)) rows"
    echo "web worker $worker after the export: $(memory "$worker")"
elif [ -n "$celery_pid" ]; then
    celery_worker=$(pgrep -P "$celery_pid" | head -n 1 || true)
    [ -n "$celery_worker" ] && echo "Celery worker $celery_worker before: $(memory "$celery_worker")"
    state=""
    for _ in $(seq 1 1200); do
        read -r pk state rows <<<"$(python bench/seed.py export-latest)"
        [ -n "$pk" ] && [ "$pk" != "$before" ] && [ "$state" != queued ] && break
        sleep 0.5
    done
    done_at=$(date +%s.%N)
    echo "export: queued, written by the Celery worker: $state, $rows rows, $(python -c "print(f'{$done_at - $started:.1f}')") s from the request to the file"
    [ -n "$celery_worker" ] && echo "Celery worker $celery_worker after: $(memory "$celery_worker")"
    echo "web worker $worker after the export: $(memory "$worker")"
    curl -fsS -o "$work/export.csv" "${cookie[@]}" -w 'download: %{size_download} bytes in %{time_total} s\n' \
        "$base/admin/applications/exportfile/$pk/download/" && \
        echo "download: $(($(wc -l <"$work/export.csv") - 1)) rows"
else
    echo "export: HTTP $(head -n 1 "$work/export.headers"), and no task queue to write it"
fi
stop_celery
stop
fi

if section 3; then
echo "== 3. gunicorn's settings on the API (three children), wrk 16 connections"
# Each shape BENCH_ROUNDS times (default 3), the rounds one after the other, so that a change in
# the machine's load during the section shows as a difference between rounds, not shapes.
read -r -a shapes <<<"${BENCH_SHAPES:-2x4 2x2 2x1 3x2 4x1 4x2}"
for round in $(seq 1 "${BENCH_ROUNDS:-3}"); do
    for shape in "${shapes[@]}"; do
        serve "$shape" WEB_CONCURRENCY="${shape%x*}" GUNICORN_THREADS="${shape#*x}" GUNICORN_MAX_REQUESTS=0
        CHILDREN=3 load "$shape-$round" "$duration" /api/v1/entitlements -s bench/wrk/api.lua
        stop
    done
done
echo "workers x threads, max-requests 0, ${duration} s each:"
for shape in "${shapes[@]}"; do
    ls "$work/$shape"-*.wrk
done | xargs python bench/wrk_report.py table
# Recycling needs long runs to show: with 2 workers at ~300 requests/s, max-requests 2000 replaces
# each worker every ~13 s. Two rounds of each, the rounds one after the other.
for round in $(seq 1 "${BENCH_RECYCLE_ROUNDS:-2}"); do
    for recycle in "0 0" "2000 200" "20000 2000"; do
        set -- $recycle
        serve "recycle-$1" GUNICORN_MAX_REQUESTS="$1" GUNICORN_MAX_REQUESTS_JITTER="$2"
        CHILDREN=3 load "max-requests-$1-$round" "$long" /api/v1/entitlements -s bench/wrk/api.lua
        stop
    done
done
if [ "${BENCH_RECYCLE_ROUNDS:-2}" -gt 0 ]; then
    echo "max-requests (jitter 0, 200, 2000), scripts/serve's workers x threads, ${long} s each:"
    for recycle in 0 2000 20000; do
        ls "$work/max-requests-$recycle"-*.wrk
    done | xargs python bench/wrk_report.py table
fi
fi

if section 4; then
echo "== 4. the test client, the admin queue, the impact preview"
ALLOWED_HOSTS=testserver python bench/client.py --requests "${BENCH_REQUESTS:-300}"
fi

if section 5; then
echo "== 5. recompute after a policy change on Celery workers (Redis), 1 and then 2 processes"
# Its own database, ${db}_recompute: 20,000 saved households and 2,000 applications (1,500 open),
# so that a run takes seconds, not the 150,000 open applications of the queue's database.
prepare "${db}_recompute" BENCH_HOUSEHOLDS=20000 BENCH_APPLICATIONS=2000
for processes in 1 2; do
    DATABASE_URL="postgresql://postgres@127.0.0.1:5432/${db}_recompute" \
        celery -A config worker --concurrency="$processes" --loglevel=INFO \
        >"$work/celery-$processes.log" 2>&1 &
    celery_pid=$!
    for _ in $(seq 1 120); do
        grep -q " ready\." "$work/celery-$processes.log" && break
        sleep 0.5
    done
    for round in 1 2; do
        DATABASE_URL="postgresql://postgres@127.0.0.1:5432/${db}_recompute" \
            python bench/seed.py recompute "$processes process(es), round $round"
    done
    for pid in $(pgrep -P "$celery_pid"); do
        echo "Celery worker process $pid after the runs: $(grep -E '^VmRSS' "/proc/$pid/status" | tr -s ' \t' ' ')"
    done
    stop_celery
done
fi

echo "== machine after: $(nproc) CPUs; $(uptime)"
