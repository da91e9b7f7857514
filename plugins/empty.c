/*
 * empty: the null plugin.
 *
 * It installs and registers nothing, so running a guest with it measures
 * what merely loading a plugin costs (nothing, if the emulator keeps its
 * promise that uninstrumented translation is free).  It is the baseline
 * the benchmark harness compares the other plugins against.
 *
 *   loupe -plugin build/plugins/libempty.so ./prog
 *
 * It takes no arguments and refuses any, so that a typo in a benchmark
 * script does not silently measure the wrong thing.
 */
#include <stdio.h>

#include <qemu-plugin.h>

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
