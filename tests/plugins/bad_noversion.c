/* Bad plugin for check.sh: has qemu_plugin_install but no
 * qemu_plugin_version.  Loading must fail with one line, exit status 1. */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	(void)id, (void)info, (void)argc, (void)argv;
	qemu_plugin_outs("ERROR: installed\n");
	return 0;
}
