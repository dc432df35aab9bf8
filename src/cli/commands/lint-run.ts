// The work of `tshelm lint` (cmd/helm/lint.go's RunE). Loaded lazily by ./lint.ts.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { userValuesFrom } from './template.js';
import { settingsNamespace } from './template-run.js';
import { runLint, hasWarningsOrErrors, formatLintMessage, InfoSev, type LintRender, type SchemaValidator } from '../../chart/lint.js';
import { prepareRender } from '../../render/render.js';
import type { GoMap } from '../../template/types.js';

/** filepath.Walk of PATH/charts: chart directories (by their Chart.yaml) and archives, in lexical order. */
function subchartPaths(p: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base === 'Chart.yaml') out.push(dirname(path));
    else if (path.endsWith('.tgz') || path.endsWith('.tar.gz')) out.push(path);
    if (st.isDirectory()) for (const n of readdirSync(path).sort()) walk(join(path, n));
  };
  walk(join(p, 'charts'));
  return out;
}

export const lintRender: LintRender = (chart, values, namespace) => {
  const { top, engine, view } = prepareRender(chart, { releaseName: 'test-release', namespace, values, lintMode: true });
  return engine.render(view, top);
};

async function schemaValidator(): Promise<SchemaValidator | undefined> {
  const schemaModule = '../../chart/schema.js';
  try {
    const m = await import(schemaModule);
    const f = m.validateAgainstSingleSchema ?? m.validateAgainstSchemaBytes ?? m.validateSingleSchema;
    return typeof f === 'function' ? (vals: GoMap, schema: Uint8Array) => f(vals, schema) : undefined;
  } catch {
    return undefined;
  }
}

export async function runLintCommand(args: string[], opts: Record<string, any>, globals: Record<string, any>): Promise<void> {
  let paths = args.length > 0 ? [...args] : ['.'];
  if (opts.withSubcharts) {
    for (const p of [...paths]) paths.push(...subchartPaths(p));
  }
  const namespace = settingsNamespace(globals);
  const vals = await userValuesFrom(opts);
  const validateSchema = await schemaValidator();
  let message = '';
  let failed = 0;
  let errorsOrWarnings = 0;
  for (const path of paths) {
    const result = await runLint([path], vals, { namespace, strict: !!opts.strict, render: lintRender, validateSchema });
    const hw = hasWarningsOrErrors(result);
    if (hw) errorsOrWarnings++;
    if (opts.quiet && !hw) continue;
    message += `==> Linting ${path}\n`;
    if (result.messages.length === 0) for (const e of result.errors) message += `Error ${e.message}\n`;
    for (const m of result.messages) if (!opts.quiet || m.severity > InfoSev) message += `${formatLintMessage(m)}\n`;
    if (result.errors.length !== 0) failed++;
    message += '\n';
  }
  process.stdout.write(message);
  const summary = `${paths.length} chart(s) linted, ${failed} chart(s) failed`;
  if (failed > 0) throw new CliError(summary);
  if (!opts.quiet || errorsOrWarnings > 0) process.stdout.write(summary + '\n');
}
