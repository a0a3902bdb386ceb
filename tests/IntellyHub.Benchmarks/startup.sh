#!/usr/bin/env bash
# Server start-up time: from process start to the first 200 of GET /health/ready, on SQLite.
#   bash tests/IntellyHub.Benchmarks/startup.sh [--runs 10] [--mode run|dll|both] [-c Debug|Release] [--artifacts-path DIR] [--no-build]
#                                               [--against OTHER/IntellyHub.Server.dll]
# Builds the server once, then for each way of starting it (`dotnet run --no-build --project src/IntellyHub.Server`,
# and `dotnet IntellyHub.Server.dll`) starts it N times on a fresh database (its folder deleted before every start)
# and N times on an existing one, polls /health/ready every 10 ms, stops it, and prints min/median/max in seconds,
# and the median CPU time used until then (less disturbed than wall-clock time by other work on the machine: compare
# runs made under the same load average). The default configuration is Debug, what `dotnet run` runs.
# --against compares this build's dll with another build's instead (a copy of an output folder made before a change):
# the two start in turns, the order swapped every round, so that the machine's drift (a third between sessions here)
# falls on both alike; on an existing database, then on a fresh one.
set -euo pipefail

runs=10
modes="run dll"
configuration=Debug
artifacts=()
build=1
against=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --mode)
      case "$2" in run|dll) modes=$2 ;; both) modes="run dll" ;; *) echo "--mode: run, dll or both" >&2; exit 2 ;; esac
      shift 2 ;;
    -c|--configuration) configuration=$2; shift 2 ;;
    --artifacts-path) artifacts=(--artifacts-path "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --against) against=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/src/IntellyHub.Server"
work=$(mktemp -d)
server=
trap 'stop_server; rm -rf "$work"' EXIT

if [ "$build" = 1 ]; then
  dotnet build "$project" -c "$configuration" "${artifacts[@]}" -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
dll=$(dotnet build "$project" -c "$configuration" "${artifacts[@]}" -getProperty:TargetPath)
[ -f "$dll" ] || { echo "not built: $dll" >&2; exit 1; }

# A never-readable pipe: `read -t` on it sleeps without starting a process.
exec {idle}<> <(:)

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! { exec {probe}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then echo "$port"; return; fi
    exec {probe}>&-
  done
}

# True when GET /health/ready answers 200 (plain bash: no process per poll).
ready() {
  local status fd
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$fd"
  IFS= read -r -t 5 -u "$fd" status || status=
  exec {fd}>&-
  [[ $status == "HTTP/1.1 200"* ]]
}

stop_server() {
  if [ -n "$server" ]; then
    kill -TERM -- "-$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}

# Starts the server (in its own process group), sets $elapsed to the milliseconds until /health/ready is 200, stops it.
measure() {
  local mode=$1 data=$2 port start now
  port=$(free_port)
  export ConnectionStrings__IntellyHub="Data Source=$data/intellyhub.db"
  start=$EPOCHREALTIME
  case "$mode" in
    run) (cd "$root" && exec setsid dotnet run --no-build --project "$project" -c "$configuration" "${artifacts[@]}" -- --urls "http://127.0.0.1:$port") >"$work/server.log" 2>&1 & ;;
    dll) (cd "$(dirname "$dll")" && exec setsid dotnet "$dll" --urls "http://127.0.0.1:$port") >"$work/server.log" 2>&1 & ;;
    against) (cd "$(dirname "$against")" && exec setsid dotnet "$against" --urls "http://127.0.0.1:$port") >"$work/server.log" 2>&1 & ;;
  esac
  server=$!
  until ready "$port"; do
    if ! kill -0 "$server" 2>/dev/null; then server=; echo "the server exited:" >&2; cat "$work/server.log" >&2; exit 1; fi
    now=$EPOCHREALTIME
    if [ $(((${now/./} - ${start/./}) / 1000000)) -ge 60 ]; then echo "not ready after 60 s:" >&2; cat "$work/server.log" >&2; exit 1; fi
    read -r -t 0.01 -u "$idle" || true
  done
  now=$EPOCHREALTIME
  cpu=$(cpu_ms "$server")
  stop_server
  elapsed=$(((${now/./} - ${start/./}) / 1000))
}

# CPU time (user + system, ms) used so far by the processes of process group $1 (`dotnet run` and the server it starts).
cpu_ms() {
  local stat fields ticks=0
  for stat in /proc/[0-9]*/stat; do
    { read -r stat <"$stat"; } 2>/dev/null || continue
    read -ra fields <<<"${stat##*) }"
    [ "${fields[2]}" = "$1" ] && ticks=$((ticks + fields[11] + fields[12]))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# min/median/max of the given milliseconds, in seconds.
summary() {
  local sorted count
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  count=${#sorted[@]}
  printf 'min %5.2f s   median %5.2f s   max %5.2f s' \
    "$(seconds "${sorted[0]}")" "$(seconds "${sorted[count / 2]}")" "$(seconds "${sorted[count - 1]}")"
}

median_seconds() {
  local sorted
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  printf '%5.2f' "$(seconds "${sorted[${#sorted[@]} / 2]}")"
}

seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

echo "IntellyHub.Server start-up to /health/ready = 200, SQLite, $configuration, $runs runs each ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "(wall-clock time from process start; CPU: user + system time of the processes started, a figure other load on the machine disturbs less)"
if [ -n "$against" ]; then
  [ -f "$against" ] || { echo "--against: no such file: $against" >&2; exit 1; }
  echo "this build:  $dll"
  echo "against:     $against"
  for kind in existing fresh; do
    this=() that=()
    rm -rf "$work/data-this" "$work/data-that"
    if [ "$kind" = existing ]; then measure dll "$work/data-this"; measure against "$work/data-that"; fi
    for round in $(seq "$runs"); do
      if [ "$kind" = fresh ]; then rm -rf "$work/data-this" "$work/data-that"; fi
      if [ $((round % 2)) = 1 ]; then
        measure dll "$work/data-this"; this+=("$elapsed")
        measure against "$work/data-that"; that+=("$elapsed")
      else
        measure against "$work/data-that"; that+=("$elapsed")
        measure dll "$work/data-this"; this+=("$elapsed")
      fi
    done
    printf '%-8s database  this build  %s\n' "$kind" "$(summary "${this[@]}")"
    printf '%-8s database  against     %s\n' "$kind" "$(summary "${that[@]}")"
  done
  exit 0
fi

for mode in $modes; do
  label=$([ "$mode" = run ] && echo "dotnet run --no-build" || echo "dotnet IntellyHub.Server.dll")
  fresh=() existing=() fresh_cpu=() existing_cpu=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/data"
    measure "$mode" "$work/data"
    fresh+=("$elapsed") fresh_cpu+=("$cpu")
  done
  for _ in $(seq "$runs"); do
    measure "$mode" "$work/data"
    existing+=("$elapsed") existing_cpu+=("$cpu")
  done
  printf '%-30s fresh database     %s   CPU median %s s\n' "$label" "$(summary "${fresh[@]}")" "$(median_seconds "${fresh_cpu[@]}")"
  printf '%-30s existing database  %s   CPU median %s s\n' "$label" "$(summary "${existing[@]}")" "$(median_seconds "${existing_cpu[@]}")"
done
