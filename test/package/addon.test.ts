import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { KafkaError, MockCluster, features, librdkafkaVersion } from 'rdkafka-napi';
import { packageRoot } from '../helpers';

describe('the native addon', () => {
  it('reports the pinned librdkafka version', () => {
    const pin = JSON.parse(fs.readFileSync(path.join(packageRoot, 'deps', 'librdkafka.json'), 'utf8'));
    assert.equal(librdkafkaVersion, pin.version);
  });

  it('reports the features it was built with', () => {
    for (const feature of ['gzip', 'snappy', 'ssl', 'lz4', 'sasl_plain', 'sasl_scram', 'sasl_oauthbearer']) {
      assert.ok(features.includes(feature), `missing ${feature} in ${features.join(',')}`);
    }
    // No Cyrus SASL is linked in, so GSSAPI must not be claimed (see deps/patches).
    assert.ok(!features.includes('sasl_gssapi'), `claims sasl_gssapi: ${features.join(',')}`);
    assert.ok(Object.isFrozen(features));
  });

  it('turns native failures into KafkaError objects', () => {
    const cluster = new MockCluster(1);
    try {
      cluster.createTopic('dup', 1, 1);
      assert.throws(
        () => cluster.createTopic('dup', 1, 1),
        (error: unknown) =>
          error instanceof KafkaError && error.kind === 'MockCluster' && error.code === 36 && /already exists/i.test(error.message),
      );
    } finally {
      cluster.close();
    }
  });
});
