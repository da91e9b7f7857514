/* Bad plugin for check.sh: declares its API version but has no
 * qemu_plugin_install.  Loading must fail with one line, exit status 1. */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
