#!/usr/bin/env node
'use strict';
// Runs one of examples/*.ts: `npm run example <name>` (compiles the examples first).
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { root } = require('./lib/paths');

const name = (process.argv[2] ?? '').replace(/\.ts$/, '');
const available = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!available.includes(name)) {
  console.error(`usage: npm run example <name>, one of: ${available.join(', ')}`);
  process.exit(2);
}
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.test.json')], { stdio: 'inherit' });
const result = spawnSync(process.execPath, [path.join(root, '.test-dist', 'examples', `${name}.js`)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
