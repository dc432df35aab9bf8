// The work of `tshelm show` (action.Show.Run). Loaded lazily by ./show.ts.
import { CliError } from '../errors.js';
import { locateChartRef } from './template-run.js';
import { loadChart } from '../../chart/load.js';
import { marshalMetadata } from '../../chart/package.js';
import { isGoMap, type GoValue } from '../../template/types.js';
import { formatValue } from '../../template/fmt.js';
import { marshalJson } from '../../funcs/json.js';

const README_NAMES = ['readme.md', 'readme.txt', 'readme'];
const dec = new TextDecoder();

/** A small subset of kubectl's JSONPath: {.a.b}, {.a[0]}, {.a[*].b}, {.a['k.x']}, {.*}; values printed as kubectl
 *  prints them (strings raw, others as JSON), several results separated by spaces. */
export function jsonPath(expr: string, data: GoValue): string {
  const m = /^\{(.*)\}$/s.exec(expr.trim());
  if (!m) throw new Error(`error parsing jsonpath ${expr}, unrecognized character in action: U+0000`);
  let path = m[1].trim();
  if (path.startsWith('$')) path = path.slice(1);
  const steps: (string | number | '*')[] = [];
  const re = /\.([^.[\]]+)|\[(\d+|\*|'[^']*'|"[^"]*")\]|\.(?=\[)/gy;
  let mm: RegExpExecArray | null;
  while (re.lastIndex < path.length && (mm = re.exec(path))) {
    if (mm[1] !== undefined) steps.push(mm[1] === '*' ? '*' : mm[1]);
    else if (mm[2] !== undefined) {
      const s = mm[2];
      steps.push(s === '*' ? '*' : /^\d+$/.test(s) ? Number(s) : s.slice(1, -1));
    }
  }
  if (re.lastIndex !== path.length && path !== '' && path !== '.') throw new Error(`error parsing jsonpath ${expr}, unrecognized identifier ${path}`);
  let cur: GoValue[] = [data];
  for (const st of steps) {
    const next: GoValue[] = [];
    for (const v of cur) {
      if (st === '*') {
        if (Array.isArray(v)) next.push(...v);
        else if (isGoMap(v)) for (const k of Object.keys(v).sort()) next.push(v[k]);
      } else if (typeof st === 'number') {
        if (Array.isArray(v) && st < v.length) next.push(v[st]);
        else throw new Error(`array index out of bounds: index ${st}, length ${Array.isArray(v) ? v.length : 0}`);
      } else if (isGoMap(v) && Object.hasOwn(v, st)) next.push(v[st]);
      else throw new Error(`${st} is not found`);
    }
    cur = next;
  }
  return cur.map((v) => (typeof v === 'string' ? v : isGoMap(v) || Array.isArray(v) ? marshalJson(v) : formatValue(v))).join(' ');
}

export async function runShow(format: 'all' | 'chart' | 'values' | 'readme' | 'crds', ref: string, opts: Record<string, any>, globals: Record<string, any> = {}): Promise<string> {
  const path = await locateChartRef(ref, opts, globals);
  const chart = await loadChart(path);
  let out = '';
  if (format === 'chart' || format === 'all') out += marshalMetadata(chart.metadata) + '\n';
  if ((format === 'values' || format === 'all') && chart.raw.some((f) => f.name === 'values.yaml')) {
    if (format === 'all') out += '---\n';
    if (opts.jsonpath) {
      try {
        out += jsonPath(opts.jsonpath, chart.values);
      } catch (e) {
        throw new CliError(`error parsing jsonpath ${opts.jsonpath}: ${(e as Error).message}`);
      }
    } else {
      for (const f of chart.raw) if (f.name === 'values.yaml') out += dec.decode(f.data) + '\n';
    }
  }
  if (format === 'readme' || format === 'all') {
    const readme = chart.files.find((f) => README_NAMES.includes(f.name.toLowerCase()));
    if (readme) {
      if (format === 'all') out += '---\n';
      out += dec.decode(readme.data) + '\n';
    }
  }
  if (format === 'crds' || format === 'all') {
    const crds = chart.crdObjects();
    if (crds.length > 0) {
      if (format === 'all' && !dec.decode(crds[0].file.data).startsWith('---')) out += '---\n';
      for (const c of crds) out += dec.decode(c.file.data) + '\n';
    }
  }
  return out;
}
