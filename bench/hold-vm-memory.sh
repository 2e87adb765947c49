#!/usr/bin/env bash
# Makes this VM keep the memory it has touched, for benchmarks that should see a long-running host.
#
# The benchmark VM returns free memory to its hypervisor at once (virtio-balloon free page reporting: order 9,
# min_free_ms 0), and the first write to such memory costs about 1.9 s of guest CPU per GB, counted as the writing
# process's system time. Every broker writing new log data into the page cache pays it, whichever broker it is,
# which adds the same seconds per GB to both systems and hides their difference. A long-running broker never sees
# it: its page cache keeps the memory. (Measured with dd: 3 GB written into returned memory, 6.2 s sys; into
# memory just freed, 0.4 s.)
#
# Usage (root):  bench/hold-vm-memory.sh hold     stop reporting free pages, then touch all free memory once
#                bench/hold-vm-memory.sh release  report free pages again, with the settings found by hold
#                                                 (VMs differ: order 9 on one benchmark VM, 5 on another)
set -euo pipefail
params=/sys/module/page_reporting/parameters
saved=/run/samsa-hold-vm-memory   # the settings found by the first hold, for release
[ -w "$params/page_reporting_order" ] || { echo "no writable $params: nothing to do here" >&2; exit 1; }
case "${1:-}" in
  hold)
    if [ ! -f "$saved" ]; then
      echo "$(cat "$params/page_reporting_order") $(cat "$params/min_free_ms")" > "$saved"
    fi
    echo 11 > "$params/page_reporting_order"   # above the largest buddy order: no block is ever reported
    free_mb=$(awk '/MemFree/ {print int($2 / 1024)}' /proc/meminfo)
    ballast="${TMPDIR:-/tmp}/samsa-touch-$$"
    truncate -s "$(( free_mb - 512 ))M" "$ballast"   # a sparse file: reading it fills the page cache, no disk I/O
    cat "$ballast" > /dev/null
    rm -f "$ballast"
    echo "holding memory: page reporting off, $(( free_mb - 512 )) MiB touched" ;;
  release)
    read -r order min_free < "$saved" 2>/dev/null || { order=9; min_free=0; }
    echo "$order" > "$params/page_reporting_order"
    echo "$min_free" > "$params/min_free_ms"
    rm -f "$saved"
    echo "page reporting back to order $order, $min_free ms" ;;
  *) echo "usage: $0 hold|release" >&2; exit 2 ;;
esac
