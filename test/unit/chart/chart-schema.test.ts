// schemas/chart.schema.json describes Chart.yaml: our charts and the corpus' real charts conform; broken
// metadata does not.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateAgainstSingleSchema } from '../../../src/chart/schema.js';
import { parseYaml } from '../../../src/funcs/yaml.js';

const root = resolve(__dirname, '../../..');
const schema = readFileSync(join(root, 'schemas', 'chart.schema.json'));

function chartYamls(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) chartYamls(p, out);
    else if (e === 'Chart.yaml') out.push(p);
  }
  return out;
}

function check(values: unknown): string {
  try {
    validateAgainstSingleSchema(values as any, schema);
    return 'valid';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('schemas/chart.schema.json', () => {
  const files = [...chartYamls(join(root, 'charts')), ...chartYamls(resolve(root, '../shared/conformance/charts'))];
  it('our charts (and the corpus charts, when present) conform', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(`${f}: ${check(parseYaml(readFileSync(f, 'utf8')))}`).toBe(`${f}: valid`);
  });
  it('refuses metadata Helm refuses', () => {
    expect(check({ name: 'x' })).toBe('- (root): version is required\n');
    expect(check({ name: 'x', version: '1.0.0.0' })).toMatch(/^- version: Does not match pattern/);
    expect(check({ name: 'a/b', version: '1.0.0' })).toMatch(/^- name: Does not match pattern/);
    expect(check({ name: 'x', version: '1.0.0', apiVersion: 'v3' })).toBe('- apiVersion: apiVersion must be one of the following: "v1", "v2"\n');
    expect(check({ name: 'x', version: '1.0.0', dependencies: [{ version: '1' }] })).toBe('- dependencies.0: name is required\n');
  });
});
