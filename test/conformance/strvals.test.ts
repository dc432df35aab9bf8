// Every case of the corpus' strvals.json through the library's mergeValues (Helm's values.Options.MergeValues).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, haveCorpus, missingCorpusNote } from './corpus.js';
import { knownFailures } from './corpus.js';
import * as lib from '../../src/index.js';

interface Case {
  name: string;
  flags: [string, string][];
  values?: unknown;
  error?: string;
}

const cases: Case[] = haveCorpus ? JSON.parse(readFileSync(join(corpusDir, 'strvals.json'), 'utf8')) : [];
const group: Record<string, string> = {
  '--values': 'valueFiles',
  '-f': 'valueFiles',
  '--set': 'values',
  '--set-string': 'stringValues',
  '--set-json': 'jsonValues',
  '--set-file': 'fileValues',
  '--set-literal': 'literalValues',
};

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as any)[k])]));
  return v;
}

describe.skipIf(!haveCorpus)(`conformance: strvals.json${haveCorpus ? '' : ` (${missingCorpusNote})`}`, () => {
  for (const c of cases) {
    (knownFailures.has(`strvals/${c.name}`) ? it.fails : it)(c.name, async () => {
      const mergeValues = (lib as any).mergeValues as (o: Record<string, string[]>) => Promise<unknown>;
      expect(typeof mergeValues).toBe('function');
      const opts: Record<string, string[]> = {};
      for (const [f, v] of c.flags) (opts[group[f]] ??= []).push(v);
      let got: unknown;
      let err: string | undefined;
      try {
        got = await mergeValues(opts);
      } catch (e) {
        err = (e as Error)?.message ?? String(e);
      }
      if (c.error !== undefined) expect(err).toBe(c.error);
      else {
        expect(err).toBeUndefined();
        expect(JSON.stringify(sortKeys(got))).toBe(JSON.stringify(sortKeys(c.values)));
      }
    });
  }
});
