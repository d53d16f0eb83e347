# Install rules of libvow: find_package(Vow) gives the target vow::engine.
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)
set(VOW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Vow)
get_target_property(VOW_ENGINE_TYPE vow_engine TYPE)
if(VOW_ENGINE_TYPE STREQUAL "STATIC_LIBRARY")
  set(VOW_ENGINE_STATIC ON)
else()
  set(VOW_ENGINE_STATIC OFF)
endif()
configure_package_config_file(cmake/VowConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/VowConfig.cmake
  INSTALL_DESTINATION ${VOW_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/VowConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT engine)
install(TARGETS vow_engine EXPORT VowTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT engine
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT engine)
install(EXPORT VowTargets NAMESPACE vow:: DESTINATION ${VOW_CMAKE_DIR} COMPONENT engine)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/VowConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/VowConfigVersion.cmake
  DESTINATION ${VOW_CMAKE_DIR} COMPONENT engine)
if(TARGET vow)
  install(TARGETS vow RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
endif()
