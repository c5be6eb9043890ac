'use strict';
// The platforms the package ships a prebuilt binary for, and how each is reached from one Linux
// x64 build machine with Zig: the Zig target (whose suffix is the oldest glibc or macOS the binary
// runs on), the system CMake is told about, and OpenSSL's name for it.
const targets = {
  'linux-x64': { zig: 'x86_64-linux-gnu.2.17', system: 'Linux', processor: 'x86_64', openssl: 'linux-x86_64', floor: 'glibc 2.17' },
  'linux-arm64': { zig: 'aarch64-linux-gnu.2.17', system: 'Linux', processor: 'aarch64', openssl: 'linux-aarch64', floor: 'glibc 2.17' },
  'linux-x64-musl': { zig: 'x86_64-linux-musl', system: 'Linux', processor: 'x86_64', openssl: 'linux-x86_64', floor: 'musl' },
  'linux-arm64-musl': { zig: 'aarch64-linux-musl', system: 'Linux', processor: 'aarch64', openssl: 'linux-aarch64', floor: 'musl' },
  'win32-x64': { zig: 'x86_64-windows-gnu', system: 'Windows', processor: 'AMD64', openssl: 'mingw64', floor: 'Windows 10' },
  'darwin-arm64': { zig: 'aarch64-macos.11.0', system: 'Darwin', processor: 'arm64', openssl: 'darwin64-arm64', floor: 'macOS 11' },
  'darwin-x64': { zig: 'x86_64-macos.10.15', system: 'Darwin', processor: 'x86_64', openssl: 'darwin64-x86_64', floor: 'macOS 10.15' },
};

function target(tag) {
  const found = targets[tag];
  if (!found) throw new Error(`unknown target '${tag}'; the targets are: ${Object.keys(targets).join(', ')}`);
  return { tag, ...found };
}

module.exports = { targets, target, tags: Object.keys(targets) };
