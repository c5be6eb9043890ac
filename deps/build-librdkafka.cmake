# Builds librdkafka into the cache, once: run by the ExternalProject step of deps/librdkafka.cmake
# on every build, it returns at once when the cached library is complete.
#
#   cmake -DSETTINGS=<file written by deps/librdkafka.cmake> -P deps/build-librdkafka.cmake
#
# A lock makes concurrent builds sharing the cache (two checkouts, parallel CI jobs) take turns;
# the done-marker is written last, so an interrupted build is redone rather than trusted.
include("${SETTINGS}")

if(EXISTS "${RDKAFKA_DONE_MARKER}" AND EXISTS "${RDKAFKA_LIBRARY}")
  return()
endif()

file(MAKE_DIRECTORY "${RDKAFKA_PREFIX}")
file(LOCK "${RDKAFKA_PREFIX}/.lock" GUARD PROCESS TIMEOUT 3600 RESULT_VARIABLE lock_result)
if(NOT lock_result STREQUAL "0")
  message(FATAL_ERROR "rdkafka-napi: could not lock ${RDKAFKA_PREFIX}: ${lock_result}")
endif()
if(EXISTS "${RDKAFKA_DONE_MARKER}" AND EXISTS "${RDKAFKA_LIBRARY}")
  return()  # another build finished it while we waited
endif()

# The source may have been removed from the cache since this build folder was configured.
if(NOT EXISTS "${RDKAFKA_SOURCE_DIR}/CMakeLists.txt")
  execute_process(COMMAND "${NODE_EXECUTABLE}" "${FETCH_SCRIPT}" RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "rdkafka-napi: could not prepare librdkafka's source")
  endif()
endif()

message(STATUS "rdkafka-napi: building librdkafka into ${RDKAFKA_PREFIX} (once per machine)")
file(REMOVE_RECURSE "${RDKAFKA_PREFIX}/build" "${RDKAFKA_INSTALL_DIR}")
foreach(step IN ITEMS configure build install)
  if(step STREQUAL "configure")
    set(command "${CMAKE_COMMAND}" -S "${RDKAFKA_SOURCE_DIR}" -B "${RDKAFKA_PREFIX}/build" -G "${GENERATOR}"
      ${RDKAFKA_CMAKE_ARGS} "-DCMAKE_INSTALL_PREFIX=${RDKAFKA_INSTALL_DIR}")
  elseif(step STREQUAL "build")
    set(command "${CMAKE_COMMAND}" --build "${RDKAFKA_PREFIX}/build" --parallel)
  else()
    set(command "${CMAKE_COMMAND}" --install "${RDKAFKA_PREFIX}/build")
  endif()
  execute_process(COMMAND ${command} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "rdkafka-napi: librdkafka ${step} failed (${result})")
  endif()
endforeach()
file(TOUCH "${RDKAFKA_DONE_MARKER}")
