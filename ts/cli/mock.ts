// rdkafka-napi mock: a mock Kafka cluster for other clients (and `produce --brokers`), until Ctrl-C.
import { MockCluster } from '../mock-cluster';
import { type Command, UsageError, parse, parseWholeNumberFlag } from './usage';
import { count } from './words';

const help = `Usage: rdkafka-napi mock [-b N] [-t NAME[:PARTITIONS] ...]

Starts librdkafka's mock Kafka cluster in this process, prints its bootstrap servers on the first line
of stdout, and serves until Ctrl-C (SIGINT) or SIGTERM. Any Kafka client can use it. Topics not
created up front are created with 4 partitions when first used.

Options:
  -b, --brokers N                  how many brokers (default 1)
  -t, --topic NAME[:PARTITIONS]    create a topic (default 1 partition; repeatable)
  -h, --help                       this text

Example:
  rdkafka-napi mock -b 3 -t orders:6
  rdkafka-napi produce -b 127.0.0.1:PORT -t orders < lines.txt`;

export const mock: Command = {
  name: 'mock',
  summary: 'run a mock Kafka cluster and print its bootstrap servers, until Ctrl-C',
  help,
  async run(args) {
    const { values } = parse(args, { brokers: { type: 'string', short: 'b' }, topic: { type: 'string', short: 't', multiple: true } });
    const brokers = parseWholeNumberFlag(values.brokers, '--brokers', 1, 1, 64);
    const topics = (values.topic ?? []).map((spec) => {
      const [name, partitions, ...rest] = spec.split(':');
      if (name === '' || rest.length > 0) throw new UsageError(`--topic expects NAME or NAME:PARTITIONS, got "${spec}"`);
      return { name, partitions: parseWholeNumberFlag(partitions, '--topic partitions', 1, 1, 100_000) };
    });
    const cluster = new MockCluster(brokers);
    for (const { name, partitions } of topics) cluster.createTopic(name, partitions, Math.min(brokers, 3));
    // Listening before the address is printed: whoever reads it may stop the cluster straight away.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    // Signal listeners alone do not keep Node running: a timer does, until a signal comes.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    process.stdout.write(`${cluster.bootstrapServers}\n`);
    process.stderr.write(`rdkafka-napi mock: ${count(brokers, 'broker')} at ${cluster.bootstrapServers}; Ctrl-C to stop\n`);
    await stopped;
    clearInterval(keepAlive);
    cluster.close();
    return 0;
  },
};
