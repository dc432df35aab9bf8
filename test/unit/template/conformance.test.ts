import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { conformanceDir, haveConformance, renderCase } from './helmish.js';

interface Case {
  name: string;
  group: string;
  template: string;
  values: string;
  output?: string;
  error?: string;
}

const cases: Case[] = haveConformance
  ? (JSON.parse(readFileSync(resolve(conformanceDir, 'templates.json'), 'utf8')) as Case[]).filter((c) => c.group === 'template')
  : [];

function run(c: Case): { output?: string; error?: string } {
  try {
    return { output: renderCase(c.template, c.values) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe.skipIf(!haveConformance)('conformance: template group through the engine (needs ../shared/conformance)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = run(c);
      if (c.error !== undefined) expect(got).toEqual({ error: c.error });
      else expect(got).toEqual({ output: c.output });
    });
  }
});
