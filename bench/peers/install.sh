#!/usr/bin/env bash
# Installs the benchmark's peer clients into bench/peers/node_modules with no network but the npm
# registry: both librdkafka-based clients are built here from the librdkafka source their npm
# packages ship. Takes several minutes on 2 cores (two librdkafka builds).
set -euo pipefail
cd "$(dirname "$0")"

# node-rdkafka builds its bundled librdkafka with `make libs install` inside node-gyp's make, a build
# that is not reliable under a parallel make: build it serially (a few minutes more).
export JOBS=1 MAKEFLAGS=-j1

# @confluentinc/kafka-javascript: never try the prebuilt binary (it is downloaded from GitHub; node-pre-gyp
# reads this variable, set to the one package it applies to, and npm 11 warns it does not know it), and
# link its bundled librdkafka dynamically: the default static build runs librdkafka's configure with
# --install-deps, which downloads OpenSSL, zstd, ... The dynamic build uses the system's libraries.
export npm_config_build_from_source=@confluentinc/kafka-javascript CKJS_LINKING=dynamic

# package.json's allowScripts approves the two packages whose install scripts build native code;
# strict-allow-scripts makes any other unreviewed install script an error rather than a notice.
npm ci --foreground-scripts --strict-allow-scripts "$@"
