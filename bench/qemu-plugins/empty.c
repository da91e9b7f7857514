/*
 * empty (QEMU 7.2, plugin API v1): the null plugin, the QEMU side of
 * build/plugins/libempty.so in the plugin benchmarks (bench/plugins.sh).
 * It registers nothing; it measures what loading a plugin costs.
 *
 *   qemu-riscv64 -plugin build/bench/qemu-plugins/libempty.so ./prog
 */
#include <stdio.h>

#include "../../tests/qemu-v1/qemu-plugin-v1.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)id;
	(void)info;
	if (argc > 0) {
		fprintf(stderr, "empty: takes no arguments (got '%s')\n",
			argv[0]);
		return -1;
	}
	return 0;
}
