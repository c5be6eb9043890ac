# librdkafka, vendored: fetched from the npm registry by scripts/fetch-librdkafka.js (pinned by
# version and sha512 in deps/librdkafka.json), built by its own CMake as a PIC static library,
# and cached outside the build folder.
#
# The cache is keyed by everything that changes the library (source, patches, compiler, flags,
# features found), so a fresh build folder or a fresh clone on the same machine reuses a finished
# librdkafka, and only a real change rebuilds it. The ExternalProject step runs
# deps/build-librdkafka.cmake on every build; it returns at once when the cached library is there.
#
# Defines the imported target `rdkafka::static` (librdkafka.a with its static dependencies) and
# the variable RDKAFKA_FEATURE_SUMMARY.

include(ExternalProject)

if(NOT NODE_EXECUTABLE)
  find_program(NODE_EXECUTABLE NAMES node nodejs REQUIRED)
endif()

execute_process(
  COMMAND "${NODE_EXECUTABLE}" "${PROJECT_SOURCE_DIR}/scripts/fetch-librdkafka.js"
  OUTPUT_VARIABLE RDKAFKA_SOURCE_DIR
  RESULT_VARIABLE fetch_result)
if(NOT fetch_result EQUAL 0 OR NOT EXISTS "${RDKAFKA_SOURCE_DIR}/CMakeLists.txt")
  message(FATAL_ERROR "rdkafka-napi: could not prepare librdkafka's source (see the message above)")
endif()
# Re-run this when the pin, the patches or the fetch script change.
file(GLOB rdkafka_patches CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/deps/patches/*.patch")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/deps/librdkafka.json" "${PROJECT_SOURCE_DIR}/scripts/fetch-librdkafka.js" ${rdkafka_patches})
get_filename_component(RDKAFKA_CACHE_DIR "${RDKAFKA_SOURCE_DIR}/../.." ABSOLUTE)

# A cross-built target (npm run prebuild) brings its own static OpenSSL, zlib and zstd, built for
# it from pinned sources (scripts/lib/cross-deps.js) into one prefix; nothing comes from this machine.
set(RDKAFKA_NAPI_DEPS_PREFIX "" CACHE PATH "Prefix with static OpenSSL, zlib and zstd for a cross-built target")
if(RDKAFKA_NAPI_DEPS_PREFIX)
  set(OPENSSL_ROOT_DIR "${RDKAFKA_NAPI_DEPS_PREFIX}")
  set(OPENSSL_INCLUDE_DIR "${RDKAFKA_NAPI_DEPS_PREFIX}/include" CACHE PATH "" FORCE)
  set(OPENSSL_SSL_LIBRARY "${RDKAFKA_NAPI_DEPS_PREFIX}/lib/libssl.a" CACHE FILEPATH "" FORCE)
  set(OPENSSL_CRYPTO_LIBRARY "${RDKAFKA_NAPI_DEPS_PREFIX}/lib/libcrypto.a" CACHE FILEPATH "" FORCE)
  # FindOpenSSL's names for them on Windows.
  set(SSL_EAY "${OPENSSL_SSL_LIBRARY}" CACHE FILEPATH "" FORCE)
  set(LIB_EAY "${OPENSSL_CRYPTO_LIBRARY}" CACHE FILEPATH "" FORCE)
  set(ZLIB_LIBRARY "${RDKAFKA_NAPI_DEPS_PREFIX}/lib/libz.a" CACHE FILEPATH "" FORCE)
  set(ZLIB_INCLUDE_DIR "${RDKAFKA_NAPI_DEPS_PREFIX}/include" CACHE PATH "" FORCE)
  set(ZSTD_INCLUDE_DIR "${RDKAFKA_NAPI_DEPS_PREFIX}/include" CACHE PATH "" FORCE)
  set(ZSTD_STATIC_LIBRARY "${RDKAFKA_NAPI_DEPS_PREFIX}/lib/libzstd.a" CACHE FILEPATH "" FORCE)
endif()

# Static dependencies. OpenSSL must be static (and hidden, see CMakeLists.txt): Node exports
# its own OpenSSL, and a shared libssl would be bound to Node's copy at load time.
set(OPENSSL_USE_STATIC_LIBS TRUE)
find_package(OpenSSL)
if(NOT OPENSSL_FOUND OR NOT OPENSSL_CRYPTO_LIBRARY MATCHES "\\.a$")
  message(FATAL_ERROR "rdkafka-napi: building from source needs OpenSSL's static libraries "
    "(Debian/Ubuntu: apt-get install libssl-dev; Fedora/RHEL: dnf install openssl-devel openssl-static; "
    "Alpine: apk add openssl-dev openssl-libs-static)")
endif()
# Ask for libz.a by name: ZLIB_USE_STATIC_LIBS needs CMake 3.24.
find_library(ZLIB_LIBRARY NAMES libz.a)
find_package(ZLIB)
if(NOT ZLIB_FOUND OR NOT ZLIB_LIBRARIES MATCHES "\\.a$")
  message(FATAL_ERROR "rdkafka-napi: building from source needs zlib's static library "
    "(Debian/Ubuntu: apt-get install zlib1g-dev; Fedora/RHEL: dnf install zlib-devel zlib-static; "
    "Alpine: apk add zlib-dev zlib-static)")
endif()
# zstd is optional: compiled in when its static library is present, cleanly off otherwise.
find_path(ZSTD_INCLUDE_DIR NAMES zstd.h)
find_library(ZSTD_STATIC_LIBRARY NAMES libzstd.a)
if(ZSTD_INCLUDE_DIR AND ZSTD_STATIC_LIBRARY)
  set(rdkafka_zstd ON)
else()
  set(rdkafka_zstd OFF)
endif()

set(rdkafka_c_flags "${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_RELEASE}")
if(RDKAFKA_NAPI_SANITIZE)
  string(APPEND rdkafka_c_flags " -fsanitize=${RDKAFKA_NAPI_SANITIZE} -fno-omit-frame-pointer -g")
endif()

set(rdkafka_cmake_args
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
  -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
  "-DCMAKE_C_FLAGS=${rdkafka_c_flags}"
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON
  -DCMAKE_INSTALL_LIBDIR=lib
  -DRDKAFKA_BUILD_STATIC=ON
  -DRDKAFKA_BUILD_EXAMPLES=OFF
  -DRDKAFKA_BUILD_TESTS=OFF
  -DWITH_SSL=ON
  -DOPENSSL_USE_STATIC_LIBS=TRUE
  "-DOPENSSL_ROOT_DIR=${OPENSSL_ROOT_DIR}"
  "-DOPENSSL_INCLUDE_DIR=${OPENSSL_INCLUDE_DIR}"
  "-DOPENSSL_SSL_LIBRARY=${OPENSSL_SSL_LIBRARY}"
  "-DOPENSSL_CRYPTO_LIBRARY=${OPENSSL_CRYPTO_LIBRARY}"
  -DWITH_ZLIB=ON
  "-DZLIB_LIBRARY=${ZLIB_LIBRARY}"
  "-DZLIB_INCLUDE_DIR=${ZLIB_INCLUDE_DIR}"
  -DWITH_CURL=OFF
  # SASL PLAIN/SCRAM/OAUTHBEARER are built in; WITH_SASL would pull in Cyrus (libsasl2).
  -DWITH_SASL=OFF
  -DWITH_SASL_SCRAM=ON
  -DWITH_SASL_OAUTHBEARER=ON
  -DENABLE_LZ4_EXT=OFF
  -DWITH_PLUGINS=OFF
  -DWITH_ZSTD=${rdkafka_zstd})
if(CMAKE_CROSSCOMPILING)
  # The same toolchain for librdkafka as for the addon. Snappy is built in everywhere, but
  # librdkafka's CMake leaves it off on Windows unless told.
  list(APPEND rdkafka_cmake_args "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}" -DWITH_SNAPPY=ON)
endif()
if(rdkafka_zstd)
  list(APPEND rdkafka_cmake_args -DZSTD_INCLUDE_DIR=${ZSTD_INCLUDE_DIR} -DZSTD_LIBRARY=${ZSTD_STATIC_LIBRARY})
endif()

set(rdkafka_key_input "${RDKAFKA_SOURCE_DIR};${CMAKE_C_COMPILER_ID};${CMAKE_C_COMPILER_VERSION};${rdkafka_cmake_args};${OPENSSL_VERSION}")
if(CMAKE_TOOLCHAIN_FILE)
  file(READ "${CMAKE_TOOLCHAIN_FILE}" rdkafka_toolchain)
  string(APPEND rdkafka_key_input ";${rdkafka_toolchain}")
endif()
string(SHA256 rdkafka_key "${rdkafka_key_input}")
string(SUBSTRING "${rdkafka_key}" 0 12 rdkafka_key)
get_filename_component(rdkafka_source_name "${RDKAFKA_SOURCE_DIR}" NAME)
set(RDKAFKA_PREFIX "${RDKAFKA_CACHE_DIR}/build/${rdkafka_source_name}-${rdkafka_key}")
set(RDKAFKA_INSTALL_DIR "${RDKAFKA_PREFIX}/install")
set(RDKAFKA_LIBRARY "${RDKAFKA_INSTALL_DIR}/lib/librdkafka.a")
set(RDKAFKA_DONE_MARKER "${RDKAFKA_INSTALL_DIR}/.complete")
# The include directory must exist at configure time for the imported target.
file(MAKE_DIRECTORY "${RDKAFKA_INSTALL_DIR}/include")

add_library(rdkafka::static STATIC IMPORTED GLOBAL)
set_target_properties(rdkafka::static PROPERTIES
  IMPORTED_LOCATION "${RDKAFKA_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${RDKAFKA_INSTALL_DIR}/include")
set(rdkafka_link_deps OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB Threads::Threads ${CMAKE_DL_LIBS} m)
if(rdkafka_zstd)
  list(APPEND rdkafka_link_deps ${ZSTD_STATIC_LIBRARY})
endif()
find_package(Threads REQUIRED)
if(WIN32)
  # librdkafka's Windows libraries, and rdkafka.h must not declare its functions dllimport.
  list(APPEND rdkafka_link_deps ws2_32 secur32 crypt32 bcrypt)
  set_property(TARGET rdkafka::static PROPERTY INTERFACE_COMPILE_DEFINITIONS LIBRDKAFKA_STATICLIB)
endif()
set_property(TARGET rdkafka::static PROPERTY INTERFACE_LINK_LIBRARIES ${rdkafka_link_deps})

# Everything the build step needs, in a file it includes.
set(rdkafka_settings "${CMAKE_CURRENT_BINARY_DIR}/librdkafka-settings.cmake")
file(CONFIGURE OUTPUT "${rdkafka_settings}" CONTENT [==[
set(RDKAFKA_SOURCE_DIR [[@RDKAFKA_SOURCE_DIR@]])
set(RDKAFKA_PREFIX [[@RDKAFKA_PREFIX@]])
set(RDKAFKA_INSTALL_DIR [[@RDKAFKA_INSTALL_DIR@]])
set(RDKAFKA_LIBRARY [[@RDKAFKA_LIBRARY@]])
set(RDKAFKA_DONE_MARKER [[@RDKAFKA_DONE_MARKER@]])
set(RDKAFKA_CMAKE_ARGS [[@rdkafka_cmake_args@]])
set(NODE_EXECUTABLE [[@NODE_EXECUTABLE@]])
set(FETCH_SCRIPT [[@PROJECT_SOURCE_DIR@/scripts/fetch-librdkafka.js]])
set(GENERATOR [[@CMAKE_GENERATOR@]])
]==] @ONLY)

if(EXISTS "${RDKAFKA_DONE_MARKER}" AND EXISTS "${RDKAFKA_LIBRARY}")
  message(STATUS "rdkafka-napi: using cached librdkafka in ${RDKAFKA_PREFIX}")
else()
  message(STATUS "rdkafka-napi: librdkafka will be built into ${RDKAFKA_PREFIX} (once; later builds reuse it)")
endif()
ExternalProject_Add(librdkafka_build
  SOURCE_DIR "${RDKAFKA_SOURCE_DIR}"
  PREFIX "${CMAKE_CURRENT_BINARY_DIR}/librdkafka-step"
  DOWNLOAD_COMMAND ""
  CONFIGURE_COMMAND ""
  BUILD_COMMAND "${CMAKE_COMMAND}" "-DSETTINGS=${rdkafka_settings}" -P "${PROJECT_SOURCE_DIR}/deps/build-librdkafka.cmake"
  INSTALL_COMMAND ""
  BUILD_ALWAYS TRUE
  BUILD_BYPRODUCTS "${RDKAFKA_LIBRARY}"
  USES_TERMINAL_BUILD TRUE)
add_dependencies(rdkafka::static librdkafka_build)

set(RDKAFKA_FEATURE_SUMMARY "SSL (static), zlib (static), zstd ${rdkafka_zstd}, snappy, lz4 (builtin), SASL PLAIN/SCRAM/OAUTHBEARER")
