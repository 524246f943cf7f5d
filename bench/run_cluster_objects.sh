#!/usr/bin/env bash
# Shared objects across processes: cluster_objects.star under local procstar (shared
# memory) and under procstar-cluster --cluster embedded (the in-process server on loopback;
# queues and values held by the root, the other objects in JetStream), and
# cluster_objects.py, CPython's SyncManager serving the same objects over TCP loopback.
# The last column is cluster over SyncManager, higher is better for procstar (for the _us
# figures, the inverse).
# Usage: bench/run_cluster_objects.sh [N]   (PYTHON overrides python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
python="${PYTHON:-python3}"
n="${1:-2000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/procstar" ./cmd/procstar)
(cd "$root/cluster" && CGO_ENABLED=0 go build -o "$tmp/procstar-cluster" ./cmd/procstar-cluster)

"$tmp/procstar" "$here/cluster_objects.star" "$n" >"$tmp/local.out"
"$tmp/procstar-cluster" --cluster embedded "$here/cluster_objects.star" "$n" >"$tmp/embedded.out"
"$python" "$here/cluster_objects.py" "$n" >"$tmp/manager.out"

echo "N=$n; $(nproc) CPUs; CPython $("$python" -c 'import sys; print(sys.version.split()[0])') (spawn, SyncManager over TCP)"
awk '
    FILENAME ~ /local/ { a[$1] = $2; order[++n] = $1 }
    FILENAME ~ /embedded/ { b[$1] = $2 }
    FILENAME ~ /manager/ { c[$1] = $2 }
    END {
        printf "%-16s %12s %12s %12s %8s\n", "metric", "local", "cluster", "SyncManager", "ratio"
        for (i = 1; i <= n; i++) {
            m = order[i]
            r = (m ~ /_s$/) ? b[m] / c[m] : c[m] / b[m]
            printf "%-16s %12.1f %12.1f %12.1f %7.2fx\n", m, a[m], b[m], c[m], r
        }
    }' "$tmp/local.out" "$tmp/embedded.out" "$tmp/manager.out"
