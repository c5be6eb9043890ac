'use strict';
// Builds the addon for one target with Zig: the wrappers, the target's dependencies (cached), a
// CMake toolchain file, and then the project's own CMake through cmake-js, exactly as a native
// build runs it. The result is build-cross/<tag>/Release/rdkafka_napi.node.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, cacheDir, addonName } = require('./paths');
const { ensureZig, writeWrappers } = require('./zig-toolchain');
const { ensureDeps } = require('./cross-deps');

function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function toolchainFile(target, tools, prefix) {
  const q = (s) => JSON.stringify(s);
  return `# Written by scripts/lib/cross-build.js for ${target.tag} (${target.zig}).
set(CMAKE_SYSTEM_NAME ${target.system})
set(CMAKE_SYSTEM_PROCESSOR ${target.processor})
set(CMAKE_C_COMPILER ${q(tools.cc)})
set(CMAKE_CXX_COMPILER ${q(tools['c++'])})
set(CMAKE_AR ${q(tools.ar)} CACHE FILEPATH "")
set(CMAKE_RANLIB ${q(tools.ranlib)} CACHE FILEPATH "")
set(CMAKE_RC_COMPILER ${q(tools.rc)})
set(CMAKE_FIND_ROOT_PATH ${q(prefix)})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# No symbol tables in what ships (the exports stay).
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-s")
`;
}

// Windows has no lazy lookup of Node-API in the process: the addon imports it from node.exe
// through an import library, made from the .def file node-api-headers ships.
function nodeImportLibrary(tools, dir) {
  const def = path.join(path.dirname(require.resolve('node-api-headers/package.json', { paths: [root] })), 'def', 'node_api.def');
  const lib = path.join(dir, 'node.lib');
  execFileSync(tools.dlltool, ['-d', def, '-l', lib, '-m', 'i386:x86-64'], { stdio: 'inherit' });
  return lib;
}

// One build per target at a time: two would share the dependencies' work folder and build folder.
function lockTarget(tag) {
  const lock = path.join(cacheDir(), 'cross', tag, '.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      let alive = true;
      try {
        if (owner > 0) process.kill(owner, 0);
      } catch (probe) {
        alive = probe.code !== 'ESRCH';
      }
      if (alive) throw new Error(`another prebuild of ${tag} is running (pid ${owner || 'unknown'}); if not, remove ${lock}`);
      fs.rmSync(lock, { force: true }); // left by a build that died
    }
  }
}

async function crossBuild(target, options = {}) {
  const unlock = lockTarget(target.tag);
  try {
    return await crossBuildLocked(target, options);
  } finally {
    unlock();
  }
}

async function crossBuildLocked(target, { log = () => {} } = {}) {
  let BuildSystem;
  try {
    ({ BuildSystem } = require('cmake-js'));
  } catch {
    throw new Error("cross-building needs the 'cmake-js' package: run npm install in the checkout first");
  }
  const zig = ensureZig();
  const tools = writeWrappers(zig, target, path.join(cacheDir(), 'cross', target.tag, 'bin'));
  const prefix = await ensureDeps(target, tools, log);

  const out = path.join(root, 'build-cross', target.tag);
  const toolchain = path.join(out, 'toolchain.cmake');
  writeIfChanged(toolchain, toolchainFile(target, tools, prefix));
  const cMakeOptions = {
    NODE_EXECUTABLE: process.execPath,
    CMAKE_TOOLCHAIN_FILE: toolchain,
    RDKAFKA_NAPI_DEPS_PREFIX: prefix,
    RDKAFKA_NAPI_ZIG: 'ON',
  };
  if (target.system === 'Windows') cMakeOptions.RDKAFKA_NAPI_NODE_IMPORT_LIB = nodeImportLibrary(tools, out);

  log(`${target.tag}: building librdkafka (cached after the first time) and the addon`);
  const started = Date.now();
  const buildSystem = new BuildSystem({
    directory: root,
    out,
    config: 'Release',
    cMakeOptions,
    parallel: require('os').availableParallelism?.() ?? 2,
    noLog: !process.env.RDKAFKA_NAPI_VERBOSE,
  });
  // Configured every time: the dependencies' prefix (and with it the cache variables) may have moved.
  await buildSystem.configure();
  await buildSystem.build();
  log(`${target.tag}: addon built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return path.join(out, 'Release', addonName);
}

module.exports = { crossBuild };
