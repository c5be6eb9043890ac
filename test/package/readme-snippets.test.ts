import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../helpers';
import { codeBlocks } from '../support/code-blocks';
import { isRunnable, SnippetProject, type TypeCheck } from '../support/snippet-project';

// Every JavaScript and TypeScript block of the README is a whole program that runs as written: saved in a project
// that has installed this package, it type-checks under `strict` (JavaScript too), then runs with node and exits 0,
// in time and without a word on stderr. A block that imports, or awaits at the top level, is an ES module; one
// that only require()s is CommonJS. Shell blocks are not run.
describe('the README code blocks', function () {
  this.timeout(60_000);
  const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  let project: SnippetProject;
  let typeCheck: TypeCheck;

  before(() => {
    project = new SnippetProject(codeBlocks(readme), 'README.md', packageRoot);
    typeCheck = project.typeCheck();
  });
  after(() => project?.remove());

  it('include the quick start and the examples in TypeScript, all type-checked by one tsc run', () => {
    const langs = project.snippets.map((s) => s.block.lang);
    assert.ok(langs.includes('js') && langs.includes('ts'), `found only: ${langs.join(', ')}`);
    assert.deepEqual(typeCheck.other, [], 'tsc reported something outside the snippets');
  });

  // Found now, as mocha builds the suite: a block added to the README is a test.
  for (const block of codeBlocks(readme).filter(isRunnable)) {
    it(`the \`\`\`${block.lang} block at line ${block.line} type-checks and runs`, () => {
      const snippet = project.snippets.find((s) => s.block.line === block.line);
      assert.ok(snippet, 'not written to the project');
      const errors = typeCheck.errors.get(snippet.file) ?? [];
      assert.ok(errors.length === 0, `it does not type-check (as ${snippet.file}):\n${errors.join('\n')}`);

      const run = project.run(snippet, 20_000);
      const said = `\n--- stdout:\n${run.stdout}--- stderr:\n${run.stderr}`;
      assert.equal(run.signal, null, `killed (${run.signal}) after ${run.ms} ms: it did not finish in time${said}`);
      assert.equal(run.status, 0, `exit code ${run.status}${said}`);
      assert.equal(run.stderr, '', `it wrote to stderr${said}`);
    });
  }
});
