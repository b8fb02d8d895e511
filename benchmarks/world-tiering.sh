#!/usr/bin/env bash
# Tiered fill and replication under a multi-region Zipf workload: starts the local world with
# emulated inter-region latency and caches of 10% of the catalogue per node, once per variant:
# off (no shield), shield (--shield=us-east), shield+siblings (the shield asks the other regions
# for a copy before the origin), siblings (every region asks the others, no shield),
# shield+popular (the shield and push-popular replication); and runs
# dev.geocdn.bench.world.TieringBenchmark against each: per region
# the hit ratio and byte hit ratio, origin fetches and bytes, p50/p99 miss latency; for the world
# the origin offload and origin fetches per object; per link the bytes received between regions.
# Loopback only; every phase is bounded.
#
#   benchmarks/world-tiering.sh [--objects=4000] [--zipf=1.0] [--shift=0.1] [--rate=100] [--warm=60] [--measure=60]
#                               [--cache-share=10] (each node's cache, in % of the catalogue)
#                               [--variants=off,shield,shield+siblings,siblings]
set -euo pipefail
cd "$(dirname "$0")/.."
objects=4000
share=10
variants="off,shield,shield+siblings,siblings"
bench_args=()
for arg in "$@"; do
  case "$arg" in
    --cache-share=*) share=${arg#--cache-share=}; continue ;;
    --variants=*) variants=${arg#--variants=}; continue ;;
    --objects=*) objects=${arg#--objects=} ;;
    --zipf=*|--shift=*|--rate=*|--warm=*|--measure=*) ;;
    *) echo "unknown flag: $arg" >&2; exit 2 ;;
  esac
  bench_args+=("$arg")
done
# objects are 15 KiB on average: a node gets share % of the catalogue
max_bytes="$((objects * 15 * share / 100))KB"

. benchmarks/lib/world.sh
echo "# benchmarks/world-tiering.sh $*  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, --max-bytes=$max_bytes per node)"
echo "| variant | region | requests | hit ratio | byte hit ratio | origin fetches | origin MiB | miss p50 ms | miss p99 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
IFS=, read -r -a variant_list <<<"$variants"
for variant in "${variant_list[@]}"; do
  flags=(--emulate-latency=on --max-bytes="$max_bytes")
  case "$variant" in
    shield) flags+=(--shield=us-east) ;;
    shield+siblings) flags+=(--shield=us-east --siblings=on) ;;
    siblings) flags+=(--siblings=on) ;;
    shield+popular) flags+=(--shield=us-east '--replicate=/objects/**=push-popular') ;;
    off) ;;
    *) echo "unknown variant: $variant" >&2; exit 2 ;;
  esac
  bench_world_start "${flags[@]}"
  bench_java dev.geocdn.bench.world.TieringBenchmark --label="$variant" "${bench_args[@]}"
  kill "$WORLD_PID"; wait "$WORLD_PID" 2>/dev/null || true
done
