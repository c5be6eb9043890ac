'use strict';
// Apache Kafka's broker, as jars from Maven Central, in the cache: fetched once per machine with Maven, and checked,
// then and at every use, against the SHA-256 of each jar pinned in deps/kafka.json: exactly those jars, no other
// (the broker's classpath is the whole folder).
const crypto = require('crypto');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root, cacheDir } = require('./paths');

const pinFile = path.join(root, 'deps', 'kafka.json');
const pin = JSON.parse(fs.readFileSync(pinFile, 'utf8'));

/** Thrown when the suite cannot have a broker here (no Java or Maven, Maven failing): one line, saying what to do. */
class MissingTool extends Error {}

const waysAround = 'or set RDKAFKA_NAPI_KAFKA=host:port to use a running cluster, or RDKAFKA_NAPI_KAFKA=skip to skip it';

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.error || result.status !== 0 ? null : `${result.stdout}${result.stderr}`;
}

/** Java 17 or newer (the broker runs on it), and, when `maven`, Maven (to fetch it); a MissingTool error otherwise. */
function checkTools({ maven }) {
  const java = output('java', ['-version']);
  // "17.0.15", or "1.8.0_402" for Java 8.
  const [, first, second] = /version "(\d+)(?:\.(\d+))?/.exec(java ?? '') ?? [];
  const major = Number(first) === 1 ? Number(second) : Number(first);
  const missing = [];
  if (!java) missing.push('Java 17 or newer');
  else if (!(major >= 17)) missing.push(`Java 17 or newer (found Java ${major})`);
  if (maven && !output('mvn', ['-v'])) missing.push('Maven');
  if (missing.length > 0) {
    throw new MissingTool(`rdkafka-napi: the real-broker suite needs ${missing.join(' and ')} (Debian/Ubuntu: apt-get install openjdk-17-jre-headless maven); ${waysAround}`);
  }
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** { jar: sha256 } of a folder of jars. */
function digests(libs) {
  return Object.fromEntries(fs.readdirSync(libs).sort().map((jar) => [jar, sha256(path.join(libs, jar))]));
}

/** Whether `libs` holds exactly the pinned jars, unchanged. */
function verified(libs) {
  if (!fs.existsSync(libs)) return false;
  return JSON.stringify(digests(libs)) === JSON.stringify(pin.jars);
}

function pom() {
  const dependencies = pin.artifacts
    .map((coordinates) => {
      const [groupId, artifactId, version] = coordinates.split(':');
      return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
    })
    .join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>rdkafka-napi</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>${pin.version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies}
  </dependencies>
</project>
`;
}

/** Runs Maven in `work`, copying the artifacts and their runtime dependencies into `work/libs`. */
function mavenCopy(work) {
  fs.writeFileSync(path.join(work, 'pom.xml'), pom());
  const args = ['-B', '-q', '-Dstyle.color=never', '--strict-checksums', `${pin.plugin}:copy-dependencies`, `-DoutputDirectory=${path.join(work, 'libs')}`, '-DincludeScope=runtime'];
  try {
    execFileSync('mvn', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
  } catch (error) {
    const said = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new MissingTool(`rdkafka-napi: Maven could not fetch Apache Kafka ${pin.version} (${said || error.message}); ${waysAround}`);
  }
}

/**
 * The folder of the pinned Kafka's jars, fetched first if need be; logs what it does to `log`. With `updatePin`,
 * records the fetched jars' digests in deps/kafka.json instead of checking them (after changing the artifacts).
 */
function fetchKafka(log = () => {}, { updatePin = false } = {}) {
  const dir = path.join(cacheDir(), 'kafka', `kafka-${pin.version}`);
  const libs = path.join(dir, 'libs');
  if (!updatePin && verified(libs)) {
    checkTools({ maven: false });
    return { dir, libs, version: pin.version };
  }
  checkTools({ maven: true });
  log(`rdkafka-napi: fetching Apache Kafka ${pin.version} with Maven into ${dir}`);
  // Staged next to where it goes (a rename across filesystems would fail), then moved into place whole.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dir), '.fetch-'));
  try {
    mavenCopy(work);
    if (updatePin) {
      pin.jars = digests(path.join(work, 'libs'));
      fs.writeFileSync(pinFile, `${JSON.stringify(pin, null, 2)}\n`);
      log(`rdkafka-napi: pinned ${Object.keys(pin.jars).length} jars in deps/kafka.json`);
    } else if (!verified(path.join(work, 'libs'))) {
      throw new Error(`rdkafka-napi: the jars Maven fetched for Apache Kafka ${pin.version} are not the ones pinned in deps/kafka.json`);
    }
    fs.rmSync(path.join(work, 'pom.xml'));
    // Another process may have fetched it meanwhile: its copy is as good as this one, and may be in use.
    if (verified(libs)) return { dir, libs, version: pin.version };
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(work, dir);
    } catch (error) {
      if (!verified(libs)) throw error;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { dir, libs, version: pin.version };
}

module.exports = { fetchKafka, checkTools, MissingTool, kafkaVersion: pin.version };
