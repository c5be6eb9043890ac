import { strict as assert } from 'assert';
import * as path from 'path';
// Const enums only: their values are inlined here, and nothing of ts/ is loaded at run time.
import { ClientEventKind, ConsumerEventKind, PurgeFlag, SendShape, TimestampType } from '../../ts/native';
import { packageRoot } from '../helpers';

// The numbers and names that cross the boundary are declared once on each side: C++ enums (exported by the addon as
// one table, src/vocabulary.cc) and TypeScript const enums (ts/native.ts). Each table below is typed by its enum, so a
// member added in TypeScript does not compile until it is listed; the comparison fails when the C++ side differs.
const dist = (file: string) => require(path.join(packageRoot, 'dist', file));
const vocabulary = dist('native.js').binding.vocabulary as {
  clientEventKinds: Record<string, number>;
  timestampTypes: Record<string, number>;
  sendShape: Record<string, number>;
  purgeFlags: Record<string, number>;
  consumerEventKinds: Record<string, number>;
  errorKinds: string[];
};

/** { name: value } from a table written value → name. */
function byName<V extends number>(names: Record<V, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(names).map(([value, name]) => [name as string, Number(value)]));
}

describe('the constants that cross between the addon and TypeScript', () => {
  it('client event kinds', () => {
    const names: Record<ClientEventKind, string> = {
      [ClientEventKind.Log]: 'Log',
      [ClientEventKind.Error]: 'Error',
      [ClientEventKind.Stats]: 'Stats',
      [ClientEventKind.FatalError]: 'FatalError',
    };
    assert.deepStrictEqual(vocabulary.clientEventKinds, byName(names));
  });

  it('timestamp types', () => {
    const names: Record<TimestampType, string> = {
      [TimestampType.NotAvailable]: 'NotAvailable',
      [TimestampType.CreateTime]: 'CreateTime',
      [TimestampType.LogAppendTime]: 'LogAppendTime',
    };
    assert.deepStrictEqual(vocabulary.timestampTypes, byName(names));
  });

  it("the bits of send()'s shape", () => {
    const names: Record<SendShape, string> = {
      [SendShape.Payload]: 'Payload',
      [SendShape.Key]: 'Key',
      [SendShape.Headers]: 'Headers',
      [SendShape.Timestamp]: 'Timestamp',
      [SendShape.PayloadString]: 'PayloadString',
      [SendShape.KeyString]: 'KeyString',
    };
    assert.deepStrictEqual(vocabulary.sendShape, byName(names));
  });

  it('consumer event kinds', () => {
    const names: Record<ConsumerEventKind, string> = {
      [ConsumerEventKind.Assign]: 'Assign',
      [ConsumerEventKind.Revoke]: 'Revoke',
      [ConsumerEventKind.RebalanceError]: 'RebalanceError',
      [ConsumerEventKind.ConsumerError]: 'ConsumerError',
    };
    assert.deepStrictEqual(vocabulary.consumerEventKinds, byName(names));
  });

  it('purge flags', () => {
    const names: Record<PurgeFlag, string> = {
      [PurgeFlag.Queue]: 'Queue',
      [PurgeFlag.Inflight]: 'Inflight',
      [PurgeFlag.NonBlocking]: 'NonBlocking',
    };
    assert.deepStrictEqual(vocabulary.purgeFlags, byName(names));
  });

  it('every kind of KafkaError the addon raises is a KafkaErrorKind', () => {
    const { isKafkaErrorKind } = dist('errors.js') as { isKafkaErrorKind(name: string): boolean };
    assert.ok(vocabulary.errorKinds.length > 0);
    assert.deepStrictEqual(vocabulary.errorKinds.filter((kind) => !isKafkaErrorKind(kind)), []);
  });
});
