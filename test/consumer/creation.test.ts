import { strict as assert } from 'assert';
import { BaseConsumer, ClientConfig, KafkaError, StreamConsumer } from 'rdkafka-napi';

// C1 and librdkafka's creation rules: a bad configuration is refused when the consumer is made, with librdkafka's
// own words, and nothing is half-created.
describe('creating a consumer', () => {
  for (const Kind of [StreamConsumer, BaseConsumer]) {
    describe(Kind.name, () => {
      it('refuses max.poll.interval.ms=-1 with librdkafka\'s text (C1)', () => {
        assert.throws(
          () => new Kind({ 'group.id': 'g', 'max.poll.interval.ms': -1 }),
          (error: KafkaError) => {
            assert.ok(error instanceof KafkaError);
            assert.equal(error.kind, 'ClientConfig');
            assert.match(error.message, /Configuration property "max.poll.interval.ms" value -1 is outside allowed range 1\.\.86400000/);
            return true;
          },
        );
      });

      it('refuses max.poll.interval.ms below session.timeout.ms (ClientCreation)', () => {
        assert.throws(
          () => new Kind({ 'group.id': 'g', 'session.timeout.ms': 10_000, 'max.poll.interval.ms': 5_000 }),
          (error: KafkaError) => error.kind === 'ClientCreation' && /max.poll.interval.ms/.test(error.message),
        );
      });

      it('refuses session.timeout.ms with group.protocol=consumer (KIP-848, C29)', () => {
        assert.throws(
          () => new Kind({ 'group.id': 'g', 'group.protocol': 'consumer', 'session.timeout.ms': 6000 }),
          (error: KafkaError) => error.kind === 'ClientCreation' && /session.timeout.ms/.test(error.message),
        );
      });

      it('is made from a ClientConfig too, and by config.create', async () => {
        const config = new ClientConfig({ 'group.id': 'g' });
        const consumer = Kind === StreamConsumer ? config.create(StreamConsumer) : config.create(BaseConsumer);
        assert.ok(consumer instanceof Kind);
        await consumer.close();
        const direct = new Kind(config);
        await direct.close();
      });

      it('checks the context and its callbacks when it is made', () => {
        assert.throws(() => new Kind({}, 5 as never), TypeError);
        assert.throws(() => new Kind({}, { preRebalance: 'no' } as never), /context.preRebalance must be a function/);
        assert.throws(() => new Kind({}, { commitCallback: 1 } as never), /context.commitCallback must be a function/);
      });
    });
  }

  it('StreamConsumer checks maxBatchSize', () => {
    assert.throws(() => new StreamConsumer({}, undefined, { maxBatchSize: 0 }), RangeError);
    assert.throws(() => new StreamConsumer({}, undefined, { maxBatchSize: 1.5 }), TypeError);
  });
});

// C22: what librdkafka uses for a property, set or defaulted, through the client.
describe('a consumer\'s effective configuration', () => {
  it('reads defaults and set values; an unknown name is a ClientConfig error (C22)', async () => {
    const defaulted = new StreamConsumer({ 'group.id': 'g' });
    const set = new BaseConsumer({ 'group.id': 'g', 'session.timeout.ms': 42 });
    try {
      assert.equal(defaulted.client.configValue('session.timeout.ms'), '45000');
      assert.equal(set.client.configValue('session.timeout.ms'), '42');
      assert.throws(() => set.client.configValue('no.such.property'), (error: KafkaError) => error.kind === 'ClientConfig' && /Unknown configuration name/.test(error.message));
    } finally {
      await defaulted.close();
      await set.close();
    }
  });
});
