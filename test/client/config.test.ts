import { strict as assert } from 'assert';
import { BaseProducer, ClientConfig, type ConfigEntries, KafkaError, RDKafkaLogLevel, ThreadedProducer } from 'rdkafka-napi';

describe('ClientConfig', () => {
  it('sets, gets and removes properties as librdkafka strings, chainably', () => {
    const config = new ClientConfig({ 'linger.ms': 5 }).set('enable.idempotence', true).set('client.id', 'me').set('batch.size', 1000);
    assert.equal(config.get('linger.ms'), '5');
    assert.equal(config.get('enable.idempotence'), 'true');
    assert.equal(config.get('batch.size'), '1000');
    assert.equal(config.remove('client.id').get('client.id'), undefined);
    assert.equal(config.get('acks'), undefined, 'librdkafka defaults are not reported');
  });

  it('creates producers of any kind, with a context', async () => {
    const config = new ClientConfig({ 'client.id': 'made-by-create' });
    const base = config.create(BaseProducer, { delivery: () => {} });
    assert.ok(base instanceof BaseProducer);
    assert.match(base.client.name, /^made-by-create#producer-\d+$/);
    base.close();
    const threaded = config.create(ThreadedProducer);
    assert.ok(threaded instanceof ThreadedProducer);
    await threaded.close();
  });

  it('accepts an empty configuration', () => {
    new BaseProducer().close();
    new BaseProducer(new ClientConfig()).close();
  });

  it('rejects an unknown property at creation with librdkafka\'s words, and creates nothing', () => {
    assert.throws(
      () => new BaseProducer({ 'no.such.property': 1 }),
      (error: unknown) =>
        error instanceof KafkaError && error.kind === 'ClientConfig' && /No such configuration property: "no.such.property"/.test(error.message),
    );
  });

  it('rejects an invalid value at creation, naming the property', () => {
    assert.throws(
      () => new BaseProducer({ 'linger.ms': 'soon' }),
      (error: unknown) => error instanceof KafkaError && error.kind === 'ClientConfig' && /linger\.ms|queue\.buffering\.max\.ms/.test(error.message),
    );
    assert.throws(
      () => new BaseProducer({ acks: 5000 }),
      (error: unknown) => error instanceof KafkaError && error.kind === 'ClientConfig' && /acks|request\.required\.acks/.test(error.message),
    );
  });

  it('rejects values that are not strings, numbers or booleans, and non-object configs', () => {
    assert.throws(() => new ClientConfig({ 'linger.ms': null as unknown as string }), /config value of "linger.ms" must be a string, number or boolean/);
    assert.throws(() => new ClientConfig().set('', 'x'), TypeError);
    assert.throws(() => new BaseProducer('bootstrap.servers=x' as unknown as ConfigEntries), /config must be a ClientConfig or a plain object/);
  });

  it('has a log level: Warning by default, Debug when `debug` is set, or as set', () => {
    assert.equal(new ClientConfig().logLevel, RDKafkaLogLevel.Warning);
    assert.equal(new ClientConfig({ debug: 'msg' }).logLevel, RDKafkaLogLevel.Debug);
    assert.equal(new ClientConfig({ debug: 'msg' }).setLogLevel(RDKafkaLogLevel.Error).logLevel, RDKafkaLogLevel.Error);
    assert.throws(() => new ClientConfig().setLogLevel(9 as RDKafkaLogLevel), /log level/);
  });

  it('types property names for completion, and still takes unknown ones', () => {
    // Compile-time: a known key with its documentation, and any other string.
    const entries: ConfigEntries = { 'message.timeout.ms': 1000, 'some.future.property': 'x' };
    assert.equal(new ClientConfig(entries).get('some.future.property'), 'x');
  });

  it('refuses, naming the property, values librdkafka would misread', () => {
    const bad: Array<[string, unknown, RegExp]> = [
      ['linger.ms', NaN, /config value of "linger\.ms" must be a finite number, got number NaN/],
      ['linger.ms', Infinity, /"linger\.ms" must be a finite number/],
      ['linger.ms', '5abc', /config value of "linger\.ms" must be a finite number in decimal, got string "5abc"/],
      ['linger.ms', 'NaN', /"linger\.ms" must be a finite number in decimal/],
      ['batch.size', '0x10', /config value of "batch\.size" must be a whole number in decimal, got string "0x10"/],
      ['batch.size', '010', /"batch\.size" must be a whole number in decimal/],
      ['batch.size', 1.5, /config value of "batch\.size" must be a whole number, got number 1.5/],
      ['batch.size', 1e21, /"batch\.size" must be a whole number/],
      ['bootstrap.servers', 'x\0y', /config value of "bootstrap\.servers" must not contain NUL characters/],
      ['client.id\0', 'x', /config key "client\.id\\u0000" must not contain NUL characters/],
    ];
    for (const [key, value, message] of bad) {
      assert.throws(() => new ClientConfig().set(key, value as string), (e: unknown) => e instanceof TypeError && message.test((e as Error).message), `${key}=${String(value)}`);
      assert.throws(() => new BaseProducer({ [key]: value as string }), (e: unknown) => e instanceof TypeError && message.test((e as Error).message));
    }
    // Plain decimals, and names librdkafka maps to numbers itself, pass to librdkafka as they are.
    const good = new ClientConfig({ 'linger.ms': '0.5', 'batch.size': '-0', acks: 'all', 'message.timeout.ms': 1000, 'queue.buffering.max.ms': 2.5e3 });
    assert.equal(good.get('linger.ms'), '0.5');
    assert.equal(good.get('acks'), 'all');
    new BaseProducer(new ClientConfig({ 'linger.ms': '0.5', acks: 'all', 'batch.size': '1000' })).close();
  });
});
