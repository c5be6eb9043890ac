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

/** A port free now on 127.0.0.1 (the OS picks it; nothing fixed that could collide). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
    // `cat` returns when the pipe from Node closes (Node stopped or died): the JVM goes with it. SIGPIPE is ignored so
    // that the shell lives on to do that even if Node died before reading the pid.
    const script = 'trap "" PIPE; java "$@" </dev/null >/dev/null 2>&1 & echo $!; cat >/dev/null; kill -9 $! 2>/dev/null';
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
      if (fs.existsSync(this.logFile) && fs.readFileSync(this.logFile, 'utf8').slice(logged).includes('Kafka Server started')) return;
      if (!this.alive()) throw new Error(`Kafka node ${this.id} exited while starting; its log: ${this.logFile}`);
      if (Date.now() > deadline) throw new Error(`Kafka node ${this.id} did not start within ${timeoutMs} ms; its log: ${this.logFile}`);
      await sleep(100);
    }
  }

  alive() {
    if (this.pid === undefined) return false;
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  signal(name) {
    if (this.alive()) process.kill(this.pid, name);
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
      const ports = [];
      for (let i = 0; i < brokers * 2; i++) ports.push(await freePort());
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
    // Belt and braces with the guard shells: an orderly exit of this process kills what is left at once.
    this.onExit = () => {
      for (const pid of this.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
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

module.exports = { KafkaCluster };
