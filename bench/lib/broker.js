'use strict';
// Where a measurement produces to, and the count of what arrived, read back over the protocol. Either a mock
// Kafka cluster in a process of its own (bench/mock-broker.js), fresh for every measurement so that no run
// inherits another's log; or, with --kafka, a topic of its own on a real Apache Kafka started once for the run
// (scripts/lib/kafka-cluster.js), deleted afterwards.
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

  messagesIn(topic, partitions) {
    return messagesIn(this.bootstrap, topic, partitions);
  }

  async stop() {
    const exited = new Promise((resolve) => this.#process.once('exit', resolve));
    this.#process.stdin.end();
    await exited;
  }
}

/** The sum of the partitions' high watermarks: how many messages the topic holds. */
async function messagesIn(bootstrap, topic, partitions) {
  const { BaseProducer } = require('../..');
  const client = new BaseProducer({ 'bootstrap.servers': bootstrap });
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

/** A topic of its own on a real Kafka cluster, made with kafkajs's admin client (auto-creation is off there). */
class KafkaTopic {
  #admin;
  #topic;
  bootstrap = '';

  static async start(cluster, topic, partitions) {
    const { Kafka, logLevel } = require('kafkajs');
    const broker = new KafkaTopic();
    broker.bootstrap = cluster.bootstrapServers;
    broker.#topic = topic;
    broker.#admin = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).admin();
    await broker.#admin.connect();
    await broker.#admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return broker;
  }

  messagesIn(topic, partitions) {
    return messagesIn(this.bootstrap, topic, partitions);
  }

  /** Deletes the topic: a run writes gigabytes, and the next measurement must not share a disk with them. */
  async stop() {
    try {
      await this.#admin.deleteTopics({ topics: [this.#topic] });
    } finally {
      await this.#admin.disconnect();
    }
  }
}

module.exports = { Broker, KafkaTopic };
