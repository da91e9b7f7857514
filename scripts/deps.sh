#!/bin/sh
# Install the Debian packages the build, the tests and the benchmarks need,
# when any is missing.  Runs apt-get update first (a fresh machine has no
# package lists).
set -e
need=""
have() { command -v "$1" >/dev/null 2>&1; }
pkg_for() { # command package
	have "$1" || need="$need $2"
}
pkg_for riscv64-linux-gnu-gcc gcc-riscv64-linux-gnu
pkg_for riscv64-linux-gnu-objdump binutils-riscv64-linux-gnu
[ -f /usr/riscv64-linux-gnu/lib/libc.a ] || need="$need libc6-dev-riscv64-cross"
pkg_for qemu-riscv64 qemu-user
pkg_for hyperfine hyperfine
pkg_for python3 python3
pkg_for pkg-config pkg-config
pkg-config --exists glib-2.0 2>/dev/null || need="$need libglib2.0-dev"
# capstone: -d out_asm disassembles the JIT's code (a hex dump without it)
pkg-config --exists capstone 2>/dev/null || need="$need libcapstone-dev"
pkg_for cc gcc
pkg_for make make
pkg_for clang-format clang-format
if [ -n "$need" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "make deps: missing packages:$need (run as root to install them)" >&2
		exit 1
	fi
	echo "make deps: installing$need"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
