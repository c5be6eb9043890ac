import { strict as assert } from 'assert';
import { KafkaError, RDKafkaErrorCode, errorCodeName } from 'rdkafka-napi';
import { builtAddon } from '../helpers';

describe('errors', () => {
  it('RDKafkaErrorCode names every code the linked librdkafka defines', () => {
    const native = require(process.env.RDKAFKA_NAPI_BINARY || builtAddon) as { errorCodes(): Array<[number, string]> };
    const missing = native
      .errorCodes()
      .filter(([code, name]) => !['_BEGIN', '_END'].includes(name) && RDKafkaErrorCode[code] === undefined)
      .map(([code, name]) => `${code} ${name}`);
    assert.deepEqual(missing, []);
  });

  it('uses rust-rdkafka\'s names and messages', () => {
    assert.equal(RDKafkaErrorCode.QueueFull, -184);
    assert.equal(RDKafkaErrorCode.MessageTimedOut, -192);
    assert.equal(RDKafkaErrorCode.OperationTimedOut, -185);
    assert.equal(RDKafkaErrorCode.BrokerDestroy, -197);
    assert.equal(RDKafkaErrorCode.ProducerFenced, 90);
    assert.equal(errorCodeName(-152), 'PurgeQueue');
    assert.equal(new KafkaError('MessageProduction', RDKafkaErrorCode.QueueFull).message, 'Message production error: QueueFull (Local: Queue full)');
    assert.equal(new KafkaError('MessageProduction', RDKafkaErrorCode.PurgeQueue).message, 'Message production error: PurgeQueue (Local: Purged in queue)');
    assert.equal(new KafkaError('Flush', RDKafkaErrorCode.OperationTimedOut).message, 'Flush error: OperationTimedOut (Local: Timed out)');
  });

  it('are Errors with a kind, a code and flags', () => {
    const error = new KafkaError('Global', RDKafkaErrorCode.Fatal, { isFatal: true });
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'KafkaError');
    assert.equal(error.kind, 'Global');
    assert.equal(error.isFatal, true);
    assert.equal(error.isRetriable, false);
    assert.equal(error.txnRequiresAbort, false);
    assert.ok(!('record' in error) && !('owned' in error));
  });

  it('a send refused with the code Fatal (the producer hit a fatal error before) is isFatal', () => {
    assert.equal(new KafkaError('MessageProduction', RDKafkaErrorCode.Fatal).isFatal, true);
    assert.equal(new KafkaError('MessageProduction', RDKafkaErrorCode.QueueFull).isFatal, false);
  });
});
