'use strict';
// Apache Kafka's broker, as jars from Maven Central, in the cache: fetched once per machine (Maven checks each
// download against Central's checksums, strictly), then recorded with their SHA-256 in a manifest that every
// later use checks, so a jar that changed or went missing is fetched again rather than run.
const crypto = require('crypto');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, cacheDir } = require('./paths');

const pin = require(path.join(root, 'deps', 'kafka.json'));

/** Thrown when Java or Maven is missing: one line, naming what to install and the ways around it. */
class MissingTool extends Error {}

function toolVersion(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return `${result.stdout}${result.stderr}`;
}

/** Java 17 or newer, and Maven; a MissingTool error otherwise. */
function checkTools() {
  const java = toolVersion('java', ['-version']);
  const major = java && Number((/version "(\d+)/.exec(java) ?? [])[1]);
  const missing = [];
  if (!java || !(major >= 17)) missing.push(java ? `Java 17 or newer (found ${major})` : 'Java 17 or newer');
  if (!toolVersion('mvn', ['-v'])) missing.push('Maven');
  if (missing.length > 0) {
    throw new MissingTool(
      `rdkafka-napi: the real-broker suite needs ${missing.join(' and ')} (Debian/Ubuntu: apt-get install openjdk-17-jre-headless maven); ` +
        'or set RDKAFKA_NAPI_KAFKA=host:port to use a running cluster, or RDKAFKA_NAPI_KAFKA=skip to skip it',
    );
  }
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

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

/** Whether `dir` holds exactly the jars its manifest lists, unchanged. */
function verified(dir) {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return false;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  if (JSON.stringify(manifest.artifacts) !== JSON.stringify(pin.artifacts)) return false;
  return Object.entries(manifest.jars).every(([jar, digest]) => {
    const file = path.join(dir, 'libs', jar);
    return fs.existsSync(file) && sha256(file) === digest;
  });
}

/** The folder of the pinned Kafka's jars (`<dir>/libs`), fetched first if need be. Logs what it does to `log`. */
function fetchKafka(log = () => {}) {
  checkTools();
  const dir = path.join(cacheDir(), 'kafka', `kafka-${pin.version}`);
  if (verified(dir)) return { dir, libs: path.join(dir, 'libs'), version: pin.version };
  log(`rdkafka-napi: fetching Apache Kafka ${pin.version} with Maven into ${dir}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-kafka-fetch-'));
  try {
    fs.writeFileSync(path.join(work, 'pom.xml'), pom());
    const libs = path.join(work, 'libs');
    execFileSync('mvn', ['-B', '-q', '-Dstyle.color=never', '--strict-checksums', 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'], {
      cwd: work,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const jars = Object.fromEntries(fs.readdirSync(libs).sort().map((jar) => [jar, sha256(path.join(libs, jar))]));
    fs.writeFileSync(path.join(work, 'manifest.json'), `${JSON.stringify({ artifacts: pin.artifacts, jars }, null, 2)}\n`);
    fs.rmSync(path.join(work, 'pom.xml'));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(work, dir); // whole or not at all
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (!verified(dir)) throw new Error(`rdkafka-napi: the jars fetched into ${dir} do not match their manifest`);
  return { dir, libs: path.join(dir, 'libs'), version: pin.version };
}

module.exports = { fetchKafka, checkTools, MissingTool, kafkaVersion: pin.version };
