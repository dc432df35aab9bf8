// schemas/kustomization.schema.json: every kustomization we build against kubectl conforms; broken ones do not.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateAgainstSingleSchema } from '../../../src/chart/schema.js';
import { parseYaml } from '../../../src/funcs/yaml.js';

const root = resolve(__dirname, '../../..');
const schema = readFileSync(join(root, 'schemas/kustomization.schema.json'), 'utf8');

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, out);
    else if (e === 'kustomization.yaml') out.push(p);
  }
  return out;
}
const check = (v: unknown) => {
  try {
    validateAgainstSingleSchema(v as any, schema);
    return 'valid';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('kustomization.schema.json', () => {
  const all = [...files(join(root, 'test/fixtures/kustomize')), join(root, 'test/fixtures/kustomize-helm/kustomization.yaml')];
  it('finds the fixtures', () => expect(all.length).toBeGreaterThan(20));
  for (const f of all) {
    it(f.slice(root.length + 1), () => {
      expect(check(parseYaml(readFileSync(f, 'utf8')))).toBe('valid');
    });
  }
  it('rejects wrong types, unknown fields and bad enums', () => {
    expect(check({ replicas: [{ name: 'x', count: 'many' }] })).toMatch(/replicas\.0\.count/);
    expect(check({ resource: ['a.yaml'] })).not.toBe('valid');
    expect(check({ sortOptions: { order: 'random' } })).not.toBe('valid');
    expect(check({ images: [{ newTag: 'v1' }] })).not.toBe('valid');
    expect(check({ configMapGenerator: [{ name: 'x', behavior: 'append' }] })).not.toBe('valid');
  });
  it('the schema file exists where the loader reads it', () => expect(existsSync(join(root, 'schemas/kustomization.schema.json'))).toBe(true));
});
