# vow_add_plugin(NAME SOURCES...)
#
# Builds a Vow connector plugin: a shared module named libNAME.so that links
# the SDK headers, hides every symbol but vow_plugin_entry, and builds with
# C++20.
function(vow_add_plugin name)
  if(NOT ARGN)
    message(FATAL_ERROR "vow_add_plugin(${name}): give the plugin's source files")
  endif()
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE Vow::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
