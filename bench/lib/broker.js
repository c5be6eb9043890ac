'use strict';
// A mock Kafka cluster in a process of its own (bench/mock-broker.js), fresh for every measurement so
// that no run inherits another's log, and the count of what arrived, read back over the protocol.
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');

class Broker {
  #process;
  bootstrap = '';

  static async start(topic, partitions) {
    const broker = new Broker();
    broker.#process = spawn(process.execPath, [path.join(__dirname, '..', 'mock-broker.js'), '1', `${topic}:${partitions}`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: broker.#process.stdout });
    broker.bootstrap = await new Promise((resolve, reject) => {
      lines.once('line', resolve);
      broker.#process.once('exit', (code) => reject(new Error(`the mock broker exited (${code}) before it was ready`)));
    });
    return broker;
  }

  /** The sum of the partitions' high watermarks: how many messages the topic holds. */
  async messagesIn(topic, partitions) {
    const { BaseProducer } = require('../..');
    const client = new BaseProducer({ 'bootstrap.servers': this.bootstrap });
    try {
      let total = 0;
      for (let partition = 0; partition < partitions; partition++) {
        total += (await client.client.fetchWatermarks(topic, partition, 10_000)).high;
      }
      return total;
    } finally {
      client.close();
    }
  }

  async stop() {
    const exited = new Promise((resolve) => this.#process.once('exit', resolve));
    this.#process.stdin.end();
    await exited;
  }
}

module.exports = { Broker };
