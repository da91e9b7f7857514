/* Bad plugin for check.sh: qemu_plugin_install returns 3.  Loading must
 * fail with one line naming the code, exit status 1. */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)id, (void)info, (void)argc, (void)argv;
	return 3;
}
