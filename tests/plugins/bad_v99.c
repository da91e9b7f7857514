/* Bad plugin for check.sh: declares API version 99 (loupe accepts 7 only).
 * Loading must fail with one line, exit status 1. */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 99;

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)id, (void)info, (void)argc, (void)argv;
	qemu_plugin_outs("ERROR: installed\n");
	return 0;
}
