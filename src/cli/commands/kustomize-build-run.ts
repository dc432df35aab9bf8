// The action of `tshelm kustomize build`.
import { mkdirSync, writeFileSync, existsSync, statSync, renameSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { CliError } from '../errors.js';
import { build, KustomizeError, emitResources } from '../../kustomize/index.js';
import { inflateHelmChart } from './kustomize-helm.js';

export async function runBuild(dir: string, opts: Record<string, any>): Promise<void> {
  const restrictor = opts.loadRestrictor ?? 'LoadRestrictionsRootOnly';
  if (restrictor !== 'LoadRestrictionsRootOnly' && restrictor !== 'LoadRestrictionsNone') {
    throw new CliError(`invalid argument "${restrictor}" for "--load-restrictor" flag: must be one of LoadRestrictionsRootOnly, LoadRestrictionsNone`);
  }
  let result;
  try {
    result = build(dir, {
      loadRestrictor: restrictor,
      enableHelm: !!opts.enableHelm,
      inflateHelm: inflateHelmChart,
      warn: (m) => process.stderr.write(m + '\n'),
    });
  } catch (e) {
    if (e instanceof KustomizeError) throw new CliError(e.message.replace(/\n/g, ' '));
    throw e;
  }
  if (!opts.output) {
    process.stdout.write(result.yaml);
    return;
  }
  const out: string = opts.output;
  const isDir = existsSync(out) && statSync(out).isDirectory();
  if (!isDir) {
    mkdirSync(dirname(out) || '.', { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    writeFileSync(tmp, result.yaml);
    renameSync(tmp, out);
    return;
  }
  // one file per object: <group>_<version>_<kind>_<name>.yaml, lower case, as kustomize names them
  for (const o of result.resources) {
    const [g, v] = String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/') : ['', String(o.apiVersion ?? '')];
    const name = [g, v, o.kind, o.metadata?.name].filter((x) => x).join('_').toLowerCase().replace(/[/:]/g, '_') + '.yaml';
    writeFileSync(join(out, name), emitResources([o]));
  }
}
