import { strict as assert } from 'assert';
import * as fs from 'fs';
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { packageRoot, runNode } from '../helpers';
import { ownCluster } from './kafka';

const { running } = require(path.join(packageRoot, 'scripts', 'lib', 'kafka-cluster.js')) as { running(pid: number): boolean };

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
    // Maven is asked for only when Kafka is not in the cache yet.
    assert.match(lines[0], /needs Java 17 or newer( and Maven)? \(Debian\/Ubuntu: apt-get install [^)]*\); or set RDKAFKA_NAPI_KAFKA=host:port.*RDKAFKA_NAPI_KAFKA=skip/);
  });

  it('RDKAFKA_NAPI_KAFKA=skip skips the suite, and says so loudly', () => {
    const result = runNode(`require(${JSON.stringify(testKafka)})`, { env: { ...process.env, RDKAFKA_NAPI_KAFKA: 'skip' } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /={20,}\nrdkafka-napi: RDKAFKA_NAPI_KAFKA=skip: the real-broker suite \(test\/kafka\) was NOT run\.\n={20,}/);
  });

  /** Starts a 1-node cluster in a child of its own process group, which prints the JVM's pid and its folder. */
  function startInChild(): Promise<{ child: ChildProcess; pid: number; dir: string }> {
    const cluster = path.join(packageRoot, 'scripts', 'lib', 'kafka-cluster.js');
    const script = `require(${JSON.stringify(cluster)}).KafkaCluster.start({ brokers: 1 }).then((c) => console.log(c.nodes[0].pid, c.dir)); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      child.stdout?.once('data', (chunk) => {
        const [pid, dir] = String(chunk).trim().split(' ');
        resolve({ child, pid: Number(pid), dir });
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before its broker started`)));
    });
  }

  async function assertGone(pid: number, dir: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (running(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(running(pid), false, `the broker's JVM (pid ${pid}) outlived the process that started it`);
    fs.rmSync(dir, { recursive: true, force: true }); // what a killed process cannot clean up
  }

  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    it(`a broker does not outlive the process that started it, on ${signal} to its process group${signal === 'SIGINT' ? ' (Ctrl-C)' : ''}`, async function () {
      if (!ownCluster) this.skip(); // needs Java and Maven here, not a cluster given by address
      const { child, pid, dir } = await startInChild();
      assert.ok(pid > 0 && running(pid));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-(child.pid as number), signal);
      await exited;
      await assertGone(pid, dir);
    });
  }
});
