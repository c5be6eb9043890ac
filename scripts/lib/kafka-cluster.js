'use strict';
// A real Apache Kafka cluster on loopback, for tests and benchmarks: 1 or 3 KRaft nodes, each broker and controller in
// one JVM, on free ports, with its data and logs in a temporary folder that stop() removes.
//
// No JVM outlives the Node process that started it, however that process ends: each JVM runs under a shell that
// holds a pipe from Node, and kills the JVM (-9) when the pipe closes, which the kernel does when Node dies. A test
// can still kill -9, stop (SIGSTOP) and restart a node: it has the JVM's own pid.
const crypto = require('crypto');
const { spawn, execFile } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { fetchKafka } = require('./kafka-fetch');

/**
 * `count` distinct ports free now on 127.0.0.1, picked by the OS (nothing fixed that could collide): each is held until
 * all are picked, so no two are the same.
 */
async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process exists and is not a zombie (on Linux, where /proc says; elsewhere, whether it exists). */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // "pid (name) state ...": the name may hold spaces and parentheses, the state follows the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function properties(node, nodes, dir) {
  const voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  const replicas = Math.min(nodes.length, 3);
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${path.join(dir, `node-${node.id}`, 'data')}`,
    `offsets.topic.replication.factor=${replicas}`,
    'offsets.topic.num.partitions=3',
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${Math.min(replicas, 2)}`,
    'transaction.state.log.num.partitions=3',
    `default.replication.factor=${replicas}`,
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // Leaders stay where failover put them (the fault tests check where they went), and a deleted topic's files go
    // at once (a benchmark deletes gigabytes, and the next measurement must not share the disk with their deletion).
    'auto.leader.rebalance.enable=false',
    'log.segment.delete.delay.ms=0',
    'file.delete.delay.ms=0',
    'num.partitions=1',
    // Small and quick: a test cluster, not a production one.
    'num.network.threads=2',
    'num.io.threads=4',
    'log.flush.interval.messages=9223372036854775807',
    '',
  ].join('\n');
}

function log4j(file) {
  return [
    'status=error',
    'appender.file.type=File',
    'appender.file.name=file',
    `appender.file.fileName=${file}`,
    'appender.file.layout.type=PatternLayout',
    'appender.file.layout.pattern=[%d] %p %m (%c)%n',
    'rootLogger.level=info',
    'rootLogger.appenderRef.file.ref=file',
    '',
  ].join('\n');
}

class KafkaNode {
  constructor(cluster, id, port, controllerPort) {
    this.cluster = cluster;
    this.id = id;
    this.port = port;
    this.controllerPort = controllerPort;
    this.dir = path.join(cluster.dir, `node-${id}`);
    this.logFile = path.join(this.dir, 'broker.log');
    this.pid = undefined;
    this.guard = undefined;
  }

  get bootstrap() {
    return `127.0.0.1:${this.port}`;
  }

  java(mainClass, args) {
    return ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${path.join(this.dir, 'log4j2.properties')}`, '-cp', path.join(this.cluster.libs, '*'), mainClass, ...args];
  }

  /** Formats the node's storage (once, before the first start). */
  format(clusterId) {
    return new Promise((resolve, reject) => {
      execFile('java', this.java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', path.join(this.dir, 'server.properties')]), (error, stdout, stderr) =>
        error ? reject(new Error(`formatting node ${this.id} failed: ${stderr || stdout || error.message}`)) : resolve());
    });
  }

  /** Starts the JVM under its guard shell, and resolves once the broker says it has started. */
  async start(timeoutMs = 60_000) {
    const logged = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
    // `cat` returns when the pipe from Node closes (Node stopped or died): the JVM goes with it, and is reaped. The
    // shell ignores SIGINT and SIGQUIT (as the JVM, started in the background, does), so that Ctrl-C, which reaches the
    // whole process group, cannot kill the guard and leave the JVM; and SIGPIPE, so that it lives on even if Node died
    // before reading the pid.
    const script = 'trap "" INT QUIT PIPE; java "$@" </dev/null >/dev/null 2>&1 & pid=$!; echo $pid; cat >/dev/null; kill -9 $pid 2>/dev/null; wait $pid';
    const guard = spawn('sh', ['-c', script, 'sh', ...this.java('kafka.Kafka', [path.join(this.dir, 'server.properties')])], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.guard = guard;
    this.pid = await new Promise((resolve, reject) => {
      guard.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
      guard.once('error', reject);
    });
    this.cluster.pids.add(this.pid);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (fs.existsSync(this.logFile) && fs.readFileSync(this.logFile).subarray(logged).toString().includes('Kafka Server started')) return;
      if (!this.alive()) throw new Error(`Kafka node ${this.id} exited while starting; the end of its log:\n${this.#logTail()}`);
      if (Date.now() > deadline) throw new Error(`Kafka node ${this.id} did not start within ${timeoutMs} ms; the end of its log:\n${this.#logTail()}`);
      await sleep(100);
    }
  }

  /** Whether the JVM runs (a zombie, dead but not yet reaped by its guard, does not). */
  alive() {
    return this.pid !== undefined && running(this.pid);
  }

  signal(name) {
    try {
      if (this.pid !== undefined) process.kill(this.pid, name);
    } catch {
      // already gone
    }
  }

  /** The log's last lines, for an error: the folder holding the log is removed when a failed start is cleaned up. */
  #logTail() {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n') : '(no log)';
  }

  /** kill -9: the broker dies at once, as in a crash. */
  async kill() {
    this.signal('SIGKILL');
    await this.#exited(10_000);
  }

  /** A stalled broker: SIGSTOP, later resume() (SIGCONT). */
  pause() {
    this.signal('SIGSTOP');
  }

  resume() {
    this.signal('SIGCONT');
  }

  /** A clean shutdown (SIGTERM), killed if it takes longer than `timeoutMs`. */
  async stop(timeoutMs = 20_000) {
    this.signal('SIGCONT'); // a paused JVM cannot shut down
    this.signal('SIGTERM');
    if (!(await this.#exited(timeoutMs))) await this.kill();
  }

  async #exited(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (this.alive()) {
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
    this.cluster.pids.delete(this.pid);
    this.guard?.stdin.destroy(); // its shell exits too
    this.pid = undefined;
    return true;
  }
}

class KafkaCluster {
  /** Fetches Kafka if need be, then starts `brokers` nodes and resolves once every one is up. */
  static async start({ brokers = 1, log = () => {} } = {}) {
    const { libs, version } = fetchKafka(log);
    const cluster = new KafkaCluster(libs, version);
    try {
      const ports = await freePorts(brokers * 2);
      for (let id = 1; id <= brokers; id++) cluster.nodes.push(new KafkaNode(cluster, id, ports[2 * id - 2], ports[2 * id - 1]));
      // As Kafka's Uuid.randomUuid: never one starting with '-', which a command line would read as an option.
      let clusterId;
      do clusterId = crypto.randomBytes(16).toString('base64url');
      while (clusterId.startsWith('-'));
      for (const node of cluster.nodes) {
        fs.mkdirSync(node.dir, { recursive: true });
        fs.writeFileSync(path.join(node.dir, 'server.properties'), properties(node, cluster.nodes, cluster.dir));
        fs.writeFileSync(path.join(node.dir, 'log4j2.properties'), log4j(node.logFile));
      }
      await Promise.all(cluster.nodes.map((node) => node.format(clusterId)));
      const started = Date.now();
      await Promise.all(cluster.nodes.map((node) => node.start()));
      cluster.startMs = Date.now() - started;
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  constructor(libs, version) {
    this.libs = libs;
    this.version = version;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-kafka-'));
    this.nodes = [];
    this.pids = new Set();
    this.startMs = 0;
    // Belt and braces with the guard shells: an orderly exit of this process kills what is left at once, and removes
    // the cluster's data.
    this.onExit = () => {
      for (const pid of this.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      fs.rmSync(this.dir, { recursive: true, force: true });
    };
    process.on('exit', this.onExit);
  }

  get bootstrapServers() {
    return this.nodes.map((node) => node.bootstrap).join(',');
  }

  node(id) {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no Kafka node ${id}`);
    return node;
  }

  /** Stops every node (cleanly, or killed after a timeout) and removes the cluster's folder. */
  async stop() {
    await Promise.all(this.nodes.map((node) => node.stop()));
    process.off('exit', this.onExit);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { KafkaCluster, running };
