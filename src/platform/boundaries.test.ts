import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const platform = path.dirname(fileURLToPath(import.meta.url));
const src = path.dirname(platform);
const shared = path.join(src, 'shared');

const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(dir, entry.name);
  // Tests may use the test support, which sets up a whole application.
  return entry.isDirectory() ? sources(full) : /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
});

/** Every relative module a file names: static and dynamic imports, re-exports. */
function relativeSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(m[1]);
  return found;
}

const inside = (dir: string, file: string) => !path.relative(dir, file).startsWith('..');

/** What a file of platform/ imports outside platform/ and shared/ (the business modules). */
function businessImports(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  return relativeSpecifiers(text)
    .filter((specifier) => {
      const target = path.resolve(path.dirname(file), specifier);
      return !inside(platform, target) && !inside(shared, target);
    })
    .map((specifier) => `${path.relative(src, file)} → ${specifier}`);
}

describe('platform/ depends on no business module', () => {
  it('finds the imports of every form', () => {
    expect(relativeSpecifiers(`import { a } from '../../reference/x.js';\nexport * from "./y.js";\nimport './z.js';\nconst m = await import('../w.js');`))
      .toEqual(['../../reference/x.js', './y.js', './z.js', '../w.js']);
    const sample = `import { a } from '../../reference/x.js';\nimport { b } from '../../shared/money.js';\nimport { c } from '../http/errors.js';`;
    expect(businessImports(path.join(platform, 'identity', 'sample.ts'), sample)).toEqual(['platform/identity/sample.ts → ../../reference/x.js']);
  });

  it('imports nothing outside src/platform and src/shared', () => {
    const files = sources(platform);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => businessImports(file))).toEqual([]);
  });
});
