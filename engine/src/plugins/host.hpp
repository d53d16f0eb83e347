// The child side of a plugin run in its own process (docs/adr/0009).
#pragma once

namespace vow {

// The hidden subcommand `vow plugin-host NAME LIBRARY CONFIG_DIR`: loads one plugin and
// answers its parent's requests on file descriptor 3 until told to quit or
// the parent goes away. Returns the process's exit status.
int plugin_host_main(int argc, char** argv);

// The descriptor the parent hands the child its end of the socket on.
inline constexpr int kPluginHostFd = 3;

}  // namespace vow
