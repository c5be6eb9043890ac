import { strict as assert } from 'assert';
import { BaseProducer, KafkaError, ThreadedProducer } from 'rdkafka-napi';
import { uniqueTopic } from '../helpers';

// A native call settles its promise from a later turn of the event loop, where the error it rejects with is made:
// its stack would show nothing of the code that called. These calls start in functions with names of their own, and
// the error must lead back to them, and to this file.
const unreachable = { 'bootstrap.servers': '127.0.0.1:1', 'reconnect.backoff.ms': 10 };
const quiet = { log: () => {}, error: () => {} };

function assertCallerStack(error: unknown, caller: string): boolean {
  assert.ok(error instanceof KafkaError, `a KafkaError, got ${String(error)}`);
  const stack = String(error.stack);
  assert.ok(stack.startsWith(`KafkaError: ${error.message}\n`), `the stack starts with the error itself:\n${stack}`);
  assert.ok(stack.includes(caller), `the stack names ${caller}:\n${stack}`);
  assert.ok(stack.includes('native-errors-carry-stack.test'), `the stack names this file:\n${stack}`);
  return true;
}

describe('client: errors of native calls carry the caller’s stack', () => {
  it('fetchMetadata, rejected by a cluster that is not there', async () => {
    const producer = new BaseProducer(unreachable, quiet);
    try {
      const askForMetadataOfNowhere = () => producer.client.fetchMetadata(uniqueTopic('stack'), 200);
      await assert.rejects(askForMetadataOfNowhere(), (error: unknown) => error instanceof KafkaError && error.kind === 'MetadataFetch' && assertCallerStack(error, 'askForMetadataOfNowhere'));
    } finally {
      producer.close();
    }
  });

  it('fetchWatermarks, and a flush that times out (its error made after the native call resolved)', async () => {
    const producer = new ThreadedProducer(unreachable, quiet);
    try {
      const askForWatermarksOfNowhere = () => producer.client.fetchWatermarks(uniqueTopic('stack'), 0, 200);
      await assert.rejects(askForWatermarksOfNowhere(), (error: unknown) => assertCallerStack(error, 'askForWatermarksOfNowhere'));
      producer.send({ topic: uniqueTopic('stack'), payload: 'x' });
      const flushIntoNowhere = () => producer.flush(100);
      await assert.rejects(flushIntoNowhere(), (error: unknown) => error instanceof KafkaError && error.kind === 'Flush' && assertCallerStack(error, 'flushIntoNowhere'));
    } finally {
      await producer.close();
    }
  });
});
