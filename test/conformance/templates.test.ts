// Every case of the corpus' templates.json (groups `template` and `funcs`) through the library entry, exactly
// as ../shared/conformance/check.mjs runs them: a one-template chart, loadChart, renderChart.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { corpusDir, haveCorpus, missingCorpusNote } from './corpus.js';
import { knownFailures } from './corpus.js';
import { loadChart, renderChart } from '../../src/index.js';

interface Case {
  name: string;
  group: string;
  template: string;
  values: string;
  output?: string;
  error?: string;
  check?: string;
  shape?: string;
}

const cases: Case[] = haveCorpus ? JSON.parse(readFileSync(join(corpusDir, 'templates.json'), 'utf8')) : [];

describe.skipIf(!haveCorpus)(`conformance: templates.json${haveCorpus ? '' : ` (${missingCorpusNote})`}`, () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tshelm-conf-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  cases.forEach((c, i) => {
    (knownFailures.has(`templates/${c.group}/${c.name}`) ? it.fails : it)(`${c.group}/${c.name}`, async () => {
      const dir = join(tmp, String(i), 'conformance');
      mkdirSync(join(dir, 'templates'), { recursive: true });
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: conformance\nversion: 0.1.0\nappVersion: "1.16.0"\ndescription: conformance case\n');
      writeFileSync(join(dir, 'values.yaml'), c.values);
      writeFileSync(join(dir, 'templates', 'case.yaml'), c.template);
      let out: string | undefined;
      let err: string | undefined;
      try {
        const chart = await loadChart(dir);
        const files = await renderChart(chart, { releaseName: 'release-name', namespace: 'default' });
        out = files['conformance/templates/case.yaml'];
      } catch (e) {
        err = (e as Error)?.message ?? String(e);
      }
      if (c.error !== undefined) expect({ err, out }).toEqual({ err: c.error, out: undefined });
      else if (c.check === 'shape') {
        expect(err).toBeUndefined();
        expect(out).toMatch(new RegExp(c.shape!));
      } else expect({ err, out }).toEqual({ err: undefined, out: c.output });
    });
  });
});
