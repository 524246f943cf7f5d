#!/usr/bin/env bash
# Cluster-mode Pool benchmark on loopback with 2 workers: cluster.star under local procstar,
# under procstar-cluster --cluster embedded (one command: in-process server, local slots),
# and against `serve` with two `worker --slots 1` processes; cluster_basemanager.py is
# CPython's BaseManager serving a queue over TCP loopback to 2 spawn workers.
# Prints each figure for the four setups; the last column is cluster (serve + 2 workers)
# over BaseManager, higher is better for procstar (for apply_async_get_us, the inverse).
# Usage: bench/run_cluster.sh [N]   (PYTHON overrides python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
n="${1:-5000}"
tmp="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)
(cd "$root/cluster" && CGO_ENABLED=0 go build -o "$tmp/procstar-cluster" ./cmd/procstar-cluster)
pc="$tmp/procstar-cluster"

"$tmp/procstar" "$here/cluster.star" "$n" >"$tmp/local.out"
"$pc" --cluster embedded "$here/cluster.star" "$n" >"$tmp/embedded.out"

# serve + two workers, as on three machines.
"$pc" keygen "$tmp/user.nk" >"$tmp/trust"
"$pc" serve --listen 127.0.0.1:0 --store "$tmp/store" --auth "$tmp/trust" 2>"$tmp/serve.log" &
pids+=($!)
url=""
for _ in $(seq 100); do
    url="$(sed -n 's/.*serve: listening on //p' "$tmp/serve.log")"
    [ -n "$url" ] && break
    sleep 0.1
done
for _ in 1 2; do
    "$pc" worker --cluster "$url" --creds "$tmp/user.nk" --trust "$tmp/trust" --slots 1 2>>"$tmp/worker.log" &
    pids+=($!)
done
"$pc" --cluster "$url" --creds "$tmp/user.nk" "$here/cluster.star" "$n" >"$tmp/cluster.out"

"$python" "$here/cluster_basemanager.py" "$n" >"$tmp/basemanager.out"

echo "N=$n; $(nproc) CPUs; CPython $("$python" -c 'import sys; print(sys.version.split()[0])') (spawn)"
awk '
    FILENAME ~ /local/ { a[$1] = $2; order[++n] = $1 }
    FILENAME ~ /embedded/ { b[$1] = $2 }
    FILENAME ~ /cluster.out/ { c[$1] = $2 }
    FILENAME ~ /basemanager/ { d[$1] = $2 }
    END {
        printf "%-24s %12s %12s %12s %12s %8s\n", "metric", "local", "embedded", "serve+2w", "BaseManager", "ratio"
        for (i = 1; i <= n; i++) {
            m = order[i]
            r = (m ~ /_s$/) ? c[m] / d[m] : d[m] / c[m]
            printf "%-24s %12.1f %12.1f %12.1f %12.1f %7.2fx\n", m, a[m], b[m], c[m], d[m], r
        }
    }' "$tmp/local.out" "$tmp/embedded.out" "$tmp/cluster.out" "$tmp/basemanager.out"
