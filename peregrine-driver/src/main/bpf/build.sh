#!/bin/sh
# Compiles peregrine.bpf.c into a CO-RE object. Called by Maven (exec-maven-plugin) as: build.sh <output.o>
# Needs clang (with the BPF target) and the libbpf headers; no vmlinux.h or BTF on the build machine
# (kernel_types.h declares the few kernel structs with CO-RE relocations).
set -eu
out="$1"
here="$(cd "${0%/*}" && pwd)"
CLANG="${CLANG:-}"
if [ -z "$CLANG" ]; then
  for c in clang clang-19 clang-16 clang-15 clang-14; do
    if command -v "$c" >/dev/null 2>&1; then CLANG="$c"; break; fi
  done
fi
missing=""
[ -n "$CLANG" ] || missing=" clang"
[ -f /usr/include/bpf/bpf_helpers.h ] || missing="$missing libbpf-dev"
if [ -n "$missing" ]; then
  echo "peregrine-driver: cannot build the eBPF program, missing:$missing" >&2
  echo "peregrine-driver: install with: apt-get install -y clang libbpf-dev" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
"$CLANG" -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror -Wno-unused-function \
  -I "$here" -c "$here/peregrine.bpf.c" -o "$out.tmp"
# strip DWARF but keep BTF (needed for CO-RE and map definitions): llvm-strip if present
if command -v llvm-strip >/dev/null 2>&1; then llvm-strip -g "$out.tmp" || true; fi
mv "$out.tmp" "$out"
