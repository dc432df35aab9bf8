// A minimal Helm-like rendering harness for engine tests: Helm's top-level objects, missingkey=zero, the
// function library, Helm's "<no value>" removal and parse-error rewriting. The real one lives in src/render.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { Template, TemplateError, ExecError } from '../../../src/template/index.js';
import { GoStruct, namedMap, GoInt, def, type FuncMap } from '../../../src/template/types.js';
import { funcMap } from '../../../src/funcs/index.js';

export const conformanceDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/conformance');
export const haveConformance = existsSync(resolve(conformanceDir, 'templates.json'));

class KubeVersion extends GoStruct {
  readonly goType = 'chartutil.KubeVersion';
  static override goMethods = ['String', 'GitVersion'];
  Version = 'v1.28.0';
  Major = '1';
  Minor = '28';
  String(): string {
    return this.Version;
  }
  GitVersion(): string {
    return this.Version;
  }
}

class APIVersions extends GoStruct {
  readonly goType = 'chartutil.VersionSet';
  static override goMethods = ['Has'];
  static goMethodSigs = { Has: { args: ['string'], ret: 'bool' } };
  constructor(readonly list: string[]) {
    super();
  }
  Has(s: string): boolean {
    return this.list.includes(s);
  }
}

class Release extends GoStruct {
  readonly goType = 'chartutil.ReleaseOptions';
  Name = 'release-name';
  Namespace = 'default';
  IsInstall = true;
  IsUpgrade = false;
  Revision = new GoInt(1n, 'int');
  Service = 'Helm';
}

class Metadata extends GoStruct {
  readonly goType = '*chart.Metadata';
  Name = 'conformance';
  Version = '0.1.0';
  AppVersion = '1.16.0';
  APIVersion = 'v2';
  Description = 'conformance case';
}

let parseYaml: ((s: string) => unknown) | undefined;
try {
  // Prefer the go-yaml compatible parser when the YAML engineer's module exists.
  const p = '../../../src/funcs/yaml.js';
  parseYaml = (await import(/* @vite-ignore */ p)).parseYaml;
} catch {
  parseYaml = undefined;
}
export const exactYaml = parseYaml !== undefined;

// Fallback when parseYaml is not there yet: js-yaml plus YAML 1.1's extra plain-scalar booleans (go-yaml v2).
const bool11 = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (d: string) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/.test(d),
  construct: (d: string) => /^(y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/.test(d),
});
const int11 = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (d: string) => /^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(d),
  construct: (d: string) => {
    const t = d.replace(/_/g, '');
    const neg = t.startsWith('-');
    const u = t.replace(/^[-+]/, '');
    const v = /^0[0-7]+$/.test(u) ? parseInt(u, 8) : Number(u);
    return neg ? -v : v;
  },
});
const schema11 = yaml.DEFAULT_SCHEMA.extend({ implicit: [bool11, int11] });

function loadValues(text: string): Record<string, unknown> {
  const v = parseYaml ? parseYaml(text) : yaml.load(text, { schema: schema11, json: true });
  return (v ?? {}) as Record<string, unknown>;
}

/** Render one template the way Helm's engine renders conformance/templates/case.yaml. */
export function renderCase(tpl: string, valuesYaml: string, extraFuncs: FuncMap = {}): string {
  const name = 'conformance/templates/case.yaml';
  const t = new Template('gotpl');
  t.option('missingkey=zero');
  t.funcs({ ...funcMap(), ...extraFuncs });
  t.funcs({
    include: def(['string', 'interface {}'], 'string', (n: string, data: unknown) => t.executeTemplate(n, data), { err: true }),
    tpl: def(['string', 'interface {}'], 'string', () => ''),
    required: def(['string', 'interface {}'], 'interface {}', (m: string, v: unknown) => {
      if (v === null || v === '') throw new Error(m);
      return v;
    }),
  });
  try {
    t.new(name).parse(tpl);
  } catch (e) {
    if (e instanceof TemplateError) {
      const tokens = e.message.split(': ');
      throw new Error(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
    }
    throw e;
  }
  const top = namedMap(
    {
      Values: namedMap(loadValues(valuesYaml), 'chartutil.Values'),
      Release: new Release(),
      Chart: new Metadata(),
      Capabilities: namedMap({ KubeVersion: new KubeVersion(), APIVersions: new APIVersions(['v1', 'apps/v1']) }, 'map[string]interface {}'),
      Files: {},
      Template: { Name: name, BasePath: 'conformance/templates' },
    },
    'chartutil.Values',
  );
  try {
    return t.executeTemplate(name, top).replaceAll('<no value>', '');
  } catch (e) {
    if (e instanceof ExecError) throw new Error(e.message);
    throw e;
  }
}
