import { strict as assert } from 'assert';
import { runNode } from './helpers';

describe('the package entry points', () => {
  const names = ['MockCluster', 'KafkaError', 'BaseProducer', 'ClientConfig', 'librdkafkaVersion', 'features', 'ApiKey'];

  it('works from require()', () => {
    const result = runNode(`const k = require('rdkafka-napi'); console.log(JSON.stringify(${JSON.stringify(names)}.map((n) => typeof k[n])))`);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), ['function', 'function', 'function', 'function', 'string', 'object', 'object']);
  });

  it('works from import, with named exports', () => {
    const result = runNode(
      `import { ${names.join(', ')} } from 'rdkafka-napi';\n` +
        `const cluster = new MockCluster(1); console.log(librdkafkaVersion, cluster.bootstrapServers.split(',').length); cluster.close();`,
      { esm: true },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\d+\.\d+\.\d+ 1$/m);
  });
});
