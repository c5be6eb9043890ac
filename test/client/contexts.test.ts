import { strict as assert } from 'assert';
import { BaseProducer, ClientConfig, FutureProducer, KafkaError, MockCluster, RDKafkaErrorCode, RDKafkaLogLevel, type Statistics, ThreadedProducer } from 'rdkafka-napi';
import { runNode, uniqueTopic } from '../helpers';

describe('contexts', () => {
  it('log: librdkafka\'s lines at the configured level reach context.log, served by poll', () => {
    const lines: Array<[number, string, string]> = [];
    const config = new ClientConfig({ debug: 'generic' }).setLogLevel(RDKafkaLogLevel.Debug);
    const producer = new BaseProducer(config, { log: (level, facility, message) => lines.push([level, facility, message]) });
    try {
      assert.equal(lines.length, 0, 'a BaseProducer that is not polled emits nothing');
      producer.poll(200);
      assert.ok(lines.length > 0, 'no log lines');
      assert.ok(lines.every(([level]) => level >= 0 && level <= 7));
      assert.ok(lines.some(([level]) => level === RDKafkaLogLevel.Debug));
    } finally {
      producer.close();
    }
  });

  it('error: each global error reaches context.error once, with its reason', async () => {
    const cluster = new MockCluster(1);
    cluster.setBrokerDown(1);
    const errors: Array<[KafkaError, string]> = [];
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, { error: (e, reason) => errors.push([e, reason]), log: () => {} });
    try {
      const deadline = Date.now() + 5000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(errors.length > 0, 'no error event');
      const [error, reason] = errors[0];
      assert.equal(error.kind, 'Global');
      assert.ok([RDKafkaErrorCode.BrokerTransportFailure, RDKafkaErrorCode.AllBrokersDown].includes(error.code), error.message);
      assert.match(reason, /Connect to .* failed|brokers are down/);
      // rust-rdkafka 0.38 calls the error callback twice per event; we do not.
      for (let i = 1; i < errors.length; i++) assert.notEqual(errors[i][1] + errors[i][0].code, errors[i - 1][1] + errors[i - 1][0].code, 'the same error twice in a row');
    } finally {
      await producer.close();
      cluster.close();
    }
  });

  it('stats: statistics.interval.ms delivers parsed, typed statistics', async () => {
    const cluster = new MockCluster(1);
    const topic = uniqueTopic('stats');
    const stats: Statistics[] = [];
    const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers, 'statistics.interval.ms': 100 }, { stats: (s) => stats.push(s) });
    try {
      producer.send({ topic, payload: 'x' });
      await producer.flush(5000);
      const deadline = Date.now() + 5000;
      while (stats.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const last = stats[stats.length - 1];
      assert.ok(last, 'no statistics');
      assert.equal(last.type, 'producer');
      assert.equal(typeof last.ts, 'number');
      assert.ok(Object.keys(last.brokers).length > 0);
      assert.equal(typeof last.txmsgs, 'number');
    } finally {
      await producer.close();
      cluster.close();
    }
  });

  // rust-rdkafka test_fatal_errors
  it('fatal errors: reported by client.fatalError(), and every later send fails with Fatal', () => {
    const fatal: KafkaError[] = [];
    const producer = new BaseProducer({ 'enable.idempotence': true }, { error: (e) => fatal.push(e), log: () => {} });
    try {
      assert.equal(producer.client.fatalError(), null);
      // librdkafka's test hook; internal, not in the published types.
      (producer.client as unknown as { testFatalError(code: number, reason: string): void }).testFatalError(
        RDKafkaErrorCode.OutOfOrderSequenceNumber,
        'fake error',
      );
      assert.deepEqual(producer.client.fatalError(), { code: RDKafkaErrorCode.OutOfOrderSequenceNumber, reason: 'test_fatal_error: fake error' });
      assert.throws(() => producer.send({ topic: 't', payload: 'x' }), (e: unknown) => e instanceof KafkaError && e.code === RDKafkaErrorCode.Fatal);
      producer.poll(100);
      assert.ok(fatal.some((e) => e.isFatal), 'the fatal error event did not reach context.error with isFatal');
    } finally {
      producer.close();
    }
  });

  it('a callback that is not a function is refused at construction, naming it, for every producer', () => {
    const cases: Array<[object, RegExp]> = [
      [{ delivery: 42 }, /context\.delivery must be a function, got number 42/],
      [{ log: 'x' }, /context\.log must be a function, got string "x"/],
      [{ error: {} }, /context\.error must be a function, got an object \(Object\)/],
      [{ stats: null }, /context\.stats must be a function, got null/],
    ];
    for (const [context, message] of cases) {
      assert.throws(() => new BaseProducer({}, context as never), (e: unknown) => e instanceof TypeError && message.test((e as Error).message), JSON.stringify(context));
      assert.throws(() => new ThreadedProducer({}, context as never), (e: unknown) => e instanceof TypeError && message.test((e as Error).message));
      // A FutureProducer settles promises instead of calling delivery: only the client's callbacks are checked.
      if (!('delivery' in context)) {
        assert.throws(() => new FutureProducer({}, context as never), (e: unknown) => e instanceof TypeError && message.test((e as Error).message));
      }
    }
  });

  it('without context.log, what `debug` asks for is printed on stderr', function () {
    this.timeout(30_000);
    const result = runNode(`
      const { BaseProducer } = require('rdkafka-napi');
      const producer = new BaseProducer({ debug: 'generic' });
      producer.poll(300);
      producer.close();
    `);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^rdkafka-napi rdkafka#producer-1 \[Debug\] \w+: /m);
  });

  it('a broker failure reaches the user once: through context.error (or stderr), not also as a log line', function () {
    this.timeout(30_000);
    const script = (context: string) => `
      const { MockCluster, ThreadedProducer } = require('rdkafka-napi');
      const cluster = new MockCluster(1);
      cluster.setBrokerDown(1);
      const producer = new ThreadedProducer({ 'bootstrap.servers': cluster.bootstrapServers }, ${context});
      setTimeout(() => producer.close().then(() => cluster.close()), 1500);
    `;
    const withError = runNode(script(`{ error: (e, reason) => console.log('error:', reason) }`));
    assert.equal(withError.status, 0, withError.stderr);
    assert.match(withError.stdout, /error: .*Connect to .* failed/);
    assert.equal(withError.stderr, '', 'the failure was printed again as a log line');
    const withNothing = runNode(script('{}'));
    assert.equal(withNothing.status, 0, withNothing.stderr);
    const failures = withNothing.stderr.split('\n').filter((line) => /Connect to .* failed/.test(line));
    assert.ok(failures.length > 0, 'nothing printed');
    assert.ok(failures.every((line) => line.includes('Global error')), `printed as a log line too:\n${withNothing.stderr}`);
  });
});

