import { strict as assert } from 'assert';
import { BaseProducer, MockCluster, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';
import { readBack } from '../support/kafka-reader';

// Strings are sent as their UTF-8, exactly as Buffer.from(string) encodes them, whatever their length: the addon
// reads short ones into room on its stack and longer ones at their exact size, and must not cut a character at
// the boundary between the two (2 048 bytes).
const strings: Array<[string, string]> = [
  ['empty', ''],
  ['one character', 'a'],
  ['100 ASCII characters', 'x'.repeat(100)],
  ['JSON with accents', JSON.stringify({ name: 'Zoë', city: 'Kraków', note: 'naïve café' })],
  ['emoji (surrogate pairs)', '🙂🚀'.repeat(20)],
  ['2 046 bytes ending in a 3-byte character', `${'x'.repeat(2043)}€`],
  ['2 047 bytes ending in a 2-byte character', `${'x'.repeat(2045)}é`],
  ['2 048 bytes ending in a 4-byte character', `${'x'.repeat(2044)}😀`],
  ['2 049 bytes', `${'x'.repeat(2045)}😀`],
  ['100 KB of 3-byte characters', '€'.repeat(34_000)],
  ['a lone surrogate (sent as U+FFFD, as Buffer.from does)', 'a\ud800b'],
];

for (const kind of ['BaseProducer', 'ThreadedProducer'] as const) {
  for (const how of ['send', 'sendMany'] as const) {
    describe(`${kind}.${how} with strings`, () => {
      let cluster: MockCluster;
      beforeEach(() => {
        cluster = new MockCluster(1);
      });
      afterEach(() => cluster.close());

      it('sends keys, payloads and header values as their exact UTF-8', async () => {
        const topic = uniqueTopic('strings');
        cluster.createTopic(topic, 1, 1);
        const records = strings.map(([name, text]) => ({ topic, key: text, payload: text, headers: [{ key: name, value: text }] }));
        const config = { 'bootstrap.servers': cluster.bootstrapServers, 'message.max.bytes': 1_000_000 };
        if (kind === 'BaseProducer') {
          const producer = new BaseProducer(config);
          if (how === 'send') for (const record of records) producer.send(record);
          else producer.sendMany(records);
          producer.flush(10_000);
          producer.close();
        } else {
          const producer = new ThreadedProducer(config);
          if (how === 'send') for (const record of records) producer.send(record);
          else producer.sendMany(records);
          await producer.flush(10_000);
          await producer.close();
        }
        const read = await readBack(cluster.bootstrapServers, topic, records.length);
        read.forEach((record, i) => {
          const [name, text] = strings[i];
          const utf8 = Buffer.from(text, 'utf8');
          assert.ok(record.key?.equals(utf8), `key: ${name}`);
          assert.ok(record.value?.equals(utf8), `payload: ${name}`);
          assert.equal(record.headers.length, 1);
          assert.equal(record.headers[0].key, name);
          assert.ok(record.headers[0].value?.equals(utf8), `header value: ${name}`);
        });
      });
    });
  }
}
