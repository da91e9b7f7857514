#!/bin/sh
# make check: the random-instruction differential test with a fixed seed
# (3000 sequences in chunks of 500) against qemu-riscv64, or against
# tests/fuzz/expected-SEED-N.txt when qemu-riscv64 is not installed.
set -eu
exec sh "$(dirname "$0")/run.sh" 20250101 3000
