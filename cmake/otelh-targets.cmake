# otelh-targets.cmake - otel.h as two CMake INTERFACE targets, for the
# installed package (otelhConfig.cmake) and for add_subdirectory /
# FetchContent (CMakeLists.txt) alike:
#   otelh::otel    the API and core (otel.h): the include directory and pthreads
#   otelh::export  the OTLP exporter (otel_export.h): otelh::otel, nanopb and mbedtls
# Both are header-only: define OTEL_IMPLEMENTATION in exactly one .c file.
# Expects _otelh_include (the directory holding otel.h) and _otelh_scope
# (GLOBAL or empty). Sets otelh_export_FOUND, and _otelh_missing to what the
# exporter lacks.
include(CMakeFindDependencyMacro)
if(NOT TARGET Threads::Threads)
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads REQUIRED)
  if(_otelh_scope STREQUAL "GLOBAL")
    # otelh::otel is seen from every directory, so must its link library be
    set_target_properties(Threads::Threads PROPERTIES IMPORTED_GLOBAL TRUE)
  endif()
endif()
if(NOT TARGET otelh::otel)
  add_library(otelh::otel INTERFACE IMPORTED ${_otelh_scope})
  set_target_properties(otelh::otel PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_otelh_include}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
set(otelh_otel_FOUND TRUE)
set(otelh_export_FOUND FALSE)
set(_otelh_missing "")
find_path(OTELH_NANOPB_INCLUDE_DIR pb.h PATH_SUFFIXES nanopb)
find_path(OTELH_MBEDTLS_INCLUDE_DIR mbedtls/ssl.h)
foreach(_l protobuf-nanopb mbedtls mbedx509 mbedcrypto)
  string(MAKE_C_IDENTIFIER "OTELH_LIB_${_l}" _v)
  find_library(${_v} NAMES ${_l})
  if(NOT ${_v})
    list(APPEND _otelh_missing "lib${_l}")
  endif()
endforeach()
if(NOT OTELH_NANOPB_INCLUDE_DIR)
  list(APPEND _otelh_missing "pb.h (nanopb)")
endif()
if(NOT OTELH_MBEDTLS_INCLUDE_DIR)
  list(APPEND _otelh_missing "mbedtls/ssl.h")
endif()
if(NOT _otelh_missing)
  set(otelh_export_FOUND TRUE)
  if(NOT TARGET otelh::export)
    add_library(otelh::export INTERFACE IMPORTED ${_otelh_scope})
    set_target_properties(otelh::export PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${OTELH_NANOPB_INCLUDE_DIR};${OTELH_MBEDTLS_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "otelh::otel;${OTELH_LIB_protobuf_nanopb};${OTELH_LIB_mbedtls};${OTELH_LIB_mbedx509};${OTELH_LIB_mbedcrypto}")
  endif()
endif()
