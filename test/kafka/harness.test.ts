import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot, runNode } from '../helpers';
import { ownCluster } from './kafka';

// The harness that starts Kafka for the suite: it says clearly what it needs, skips only when told to, and leaves no
// JVM behind, even when the process that started the broker is killed.
describe('kafka: the harness', function () {
  this.timeout(60_000);
  const testKafka = path.join(packageRoot, 'scripts', 'test-kafka.js');

  it('without Java or Maven on the PATH, fails with one line naming what to install', () => {
    const result = runNode(`require(${JSON.stringify(testKafka)})`, { env: { ...process.env, PATH: '/nonexistent', RDKAFKA_NAPI_KAFKA: '' } });
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /needs Java 17 or newer and Maven .*RDKAFKA_NAPI_KAFKA=host:port.*RDKAFKA_NAPI_KAFKA=skip/);
  });

  it('RDKAFKA_NAPI_KAFKA=skip skips the suite, and says so loudly', () => {
    const result = runNode(`require(${JSON.stringify(testKafka)})`, { env: { ...process.env, RDKAFKA_NAPI_KAFKA: 'skip' } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /={20,}\nrdkafka-napi: RDKAFKA_NAPI_KAFKA=skip: the real-broker suite \(test\/kafka\) was NOT run\.\n={20,}/);
  });

  it('a broker does not outlive the process that started it, killed with SIGKILL', function () {
    if (!ownCluster) this.skip(); // needs Java and Maven here, not a cluster given by address
    const cluster = path.join(packageRoot, 'scripts', 'lib', 'kafka-cluster.js');
    const result = runNode(
      `require(${JSON.stringify(cluster)}).KafkaCluster.start({ brokers: 1 }).then((c) => { console.log(c.nodes[0].pid, c.dir); process.kill(process.pid, 'SIGKILL'); });`,
      { timeoutMs: 60_000 },
    );
    assert.equal(result.signal, 'SIGKILL', result.stderr);
    const [printedPid, dir] = result.stdout.trim().split(' ');
    const pid = Number(printedPid);
    assert.ok(pid > 0, `no pid printed: ${result.stdout} ${result.stderr}`);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    assert.equal(alive(), false, `the broker's JVM (pid ${pid}) outlived the process that started it`);
    fs.rmSync(dir, { recursive: true, force: true }); // what a killed process cannot clean up
  });
});
