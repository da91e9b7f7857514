#!/bin/sh
# Every C source and header of loupe itself (not guest programs) is
# clang-format clean under the project's .clang-format.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
command -v clang-format >/dev/null 2>&1 ||
	{ echo "SKIP format: clang-format not installed"; exit 0; }
bad=$(find src include plugins tests/unit tests/tools tests/plugins \
	-path tests/plugins/guests -prune -o -name '*.[ch]' -print | sort |
	while read -r f; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"
	done)
if [ -z "$bad" ]; then
	echo "PASS format"
else
	echo "FAIL format: not clang-format clean: $(echo $bad)"
fi
