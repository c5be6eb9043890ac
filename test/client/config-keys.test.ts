import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ClientConfig, type ConfigKey, type ConsumerConfigKey, type ProducerConfigKey } from 'rdkafka-napi';
import { packageRoot } from '../helpers';

// The property names are typed from the vendored librdkafka's reference: producers' and consumers' alike, each saying
// which clients use it. (The assignments below are checked when the suite compiles: a name missing from a type fails
// the build.)
describe('config keys', () => {
  it('name the consumer properties too, and say which clients use each property', () => {
    const consumerKeys: ConsumerConfigKey[] = ['group.id', 'enable.auto.commit', 'auto.offset.reset', 'isolation.level', 'bootstrap.servers'];
    const producerKeys: ProducerConfigKey[] = ['acks', 'linger.ms', 'transactional.id', 'enable.idempotence', 'bootstrap.servers'];
    const anyKeys: ConfigKey[] = [...consumerKeys, ...producerKeys];
    const config = new ClientConfig({ 'group.id': 'g', 'enable.auto.commit': false, acks: 'all' });
    assert.equal(config.get('group.id'), 'g');
    assert.equal(anyKeys.length, 10);

    const declarations = fs.readFileSync(path.join(packageRoot, 'dist', 'generated', 'config-keys.d.ts'), 'utf8');
    // The doc comment right before a property starts with who uses it.
    const scopeOf = (name: string) => {
      const at = declarations.indexOf(`'${name}'?:`);
      const comment = declarations.slice(declarations.lastIndexOf('/**', at), at);
      return /^\/\*\* (Producers and consumers|Producers only|Consumers only)\./.exec(comment)?.[1];
    };
    assert.equal(scopeOf('group.id'), 'Consumers only');
    assert.equal(scopeOf('acks'), 'Producers only');
    assert.equal(scopeOf('bootstrap.servers'), 'Producers and consumers');
  });
});
