import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { builtAddon } from '../helpers';

// Node exports its own OpenSSL (and zlib, and libstdc++ may differ): an addon that exports, or
// dynamically links, any of these ends up mixing two copies. Ours exports only its entry points.
describe('the built binary', () => {
  if (process.platform !== 'linux') return;

  it('exports nothing but the Node-API entry points', () => {
    const exported = execFileSync('nm', ['-D', '--defined-only', builtAddon], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
      .filter(Boolean);
    for (const prefix of ['SSL_', 'EVP_', 'rd_kafka_', 'CRYPTO_', 'deflate', 'inflate', '_ZNSt']) {
      assert.deepEqual(exported.filter((name) => name.startsWith(prefix)), [], `exports ${prefix}* symbols`);
    }
    assert.deepEqual(exported.sort(), ['napi_register_module_v1', 'node_api_module_get_api_version_v1']);
  });

  it('links OpenSSL, zlib and libstdc++ statically', () => {
    const needed = execFileSync('readelf', ['-d', builtAddon], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('(NEEDED)'))
      .map((line) => /\[(.*)\]/.exec(line)?.[1] ?? '');
    assert.ok(needed.length > 0, 'no NEEDED entries found');
    for (const library of needed) {
      assert.doesNotMatch(library, /libssl|libcrypto|libz\.|libstdc\+\+|librdkafka|libsasl|libcurl/, `depends on ${library}`);
    }
  });
});
