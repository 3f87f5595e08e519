import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The product stands apart from its local tools: biome.json's noRestrictedImports override refuses an
 * import of src/local/ from any product file (everything in src/ but src/local/, src/main.ts and tests).
 * Each case lints the fixture at a given path in a scratch project with the repo's own biome.json, so
 * the rule is tested as `npm run lint` applies it, without putting a violating file in the repo.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/lint/productImportsLocal.ts'), 'utf8');
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function lintFixtureAt(path: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lint-boundary-'));
  scratch.push(dir);
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
  mkdirSync(join(dir, 'src/local'), { recursive: true });
  writeFileSync(join(dir, 'src/local/localMode.ts'), 'export const startLocalMode = 1;\n');
  mkdirSync(join(dir, dirname(path)), { recursive: true });
  writeFileSync(join(dir, path), FIXTURE.replace("'../local/", `'${relativeToSrc(path)}local/`));
  const result = spawnSync(BIOME, ['lint', '--vcs-enabled=false', '--colors=off', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `./`, `../`, `../../`: from the file's folder back to src/, so its import still reaches src/local/. */
function relativeToSrc(path: string): string {
  const depth = path.split('/').length - 2;
  return depth === 0 ? './' : '../'.repeat(depth);
}

describe('product code may not import the local-mode tools', () => {
  it.each(['src/slack/leak.ts', 'src/slack/blocks/leak.ts', 'src/juhe/leak.ts'])(
    'npm run lint fails on %s importing src/local/',
    (path) => {
      const { status, output } = lintFixtureAt(path);
      expect(status).toBe(1);
      expect(output).toContain('lint/style/noRestrictedImports');
      expect(output).toContain('Product code must not import the local-mode tools');
    },
  );

  it('a product file at the top of src/ importing ./local/ fails too', () => {
    const { status, output } = lintFixtureAt('src/leak.ts');
    expect(status).toBe(1);
    expect(output).toContain('noRestrictedImports');
  });

  it.each(['src/main.ts', 'src/local/workbench/extra.ts', 'src/slack/leak.test.ts'])(
    '%s may import it (the entry point, the tools themselves, tests)',
    (path) => {
      const { status, output } = lintFixtureAt(path);
      expect(output).not.toContain('noRestrictedImports');
      expect(status).toBe(0);
    },
  );
});
