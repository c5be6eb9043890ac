import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot, runNode } from '../helpers';

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

  it('fails to load with a message that says what to do when no binary fits', () => {
    // The compiled library without any binary beside it: no prebuilt, no local build.
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-bare-'));
    try {
      fs.cpSync(path.join(packageRoot, 'dist'), path.join(bare, 'dist'), { recursive: true });
      const env = { ...process.env };
      delete env.RDKAFKA_NAPI_BINARY;
      const result = runNode(`require(${JSON.stringify(path.join(bare, 'dist', 'index.js'))})`, { env });
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /no usable native binary for linux-x64/);
      assert.match(result.stderr, /npm run build:from-source/);
      assert.match(result.stderr, /apt-get install cmake g\+\+ libssl-dev zlib1g-dev/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
