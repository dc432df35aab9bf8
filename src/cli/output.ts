// Output helpers shared by every command: Helm's `-o table|json|yaml`, uitable-style tables, colour on a TTY.
// Machine output (json/yaml) goes to stdout alone; progress and warnings go to stderr.
import { CliError } from './errors.js';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** Parse an `-o/--output` value as Helm does ("table", "json", "yaml"). */
export function parseOutputFormat(v: string | undefined): OutputFormat {
  const f = (v ?? 'table').toLowerCase();
  if (f === 'table' || f === 'json' || f === 'yaml') return f;
  throw new CliError(`invalid format type "${v}": allowed formats are table, json and yaml`);
}

/** The display width of a string (East Asian wide characters count 2, as go-runewidth). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0) continue;
    if (c < 32 || (c >= 0x7f && c < 0xa0)) continue;
    if (/\p{Mn}|\p{Me}/u.test(ch)) continue;
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  }
  return w;
}

function truncate(s: string, max: number): string {
  if (max <= 0 || displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 3) break;
    out += ch;
    w += cw;
  }
  return out + '...';
}

export interface TableOptions {
  /** Cells wider than this are cut with "..." (Helm: 60 for most tables; 0 = no limit). */
  maxColWidth?: number;
  /** Column separator (uitable's default "\t"). */
  separator?: string;
}

/** A table as gosuri/uitable prints it for Helm: every cell padded with spaces to its column's width, cells
 *  joined by a tab, rows by newlines, a trailing newline. */
export function formatTable(rows: Array<Array<string | number>>, opts: TableOptions = {}): string {
  const sep = opts.separator ?? '\t';
  const max = opts.maxColWidth ?? 60;
  const cells = rows.map((r) => r.map((c) => truncate(String(c), max)));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return cells.map((r) => r.map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c))).join(sep)).join('\n') + '\n';
}

/** Write `data` in the chosen format: json (Go encoding/json, one line), yaml (sigs.k8s.io/yaml), or the table
 *  text `table()` builds. opts.struct: the objects stand for Go structs, whose JSON keeps the field order. */
export async function writeOutput(
  format: OutputFormat,
  data: unknown,
  table: () => string,
  out: (s: string) => void = (s) => void process.stdout.write(s),
  opts: { struct?: boolean } = {},
): Promise<void> {
  if (format === 'json') {
    const { marshalJson, serializeJson, toJsonNode, JsonObject } = await import('../funcs/json.js');
    if (!opts.struct) {
      out(marshalJson(data) + '\n');
      return;
    }
    // Go structs: fields in declaration order (the objects' own key order), not sorted as map keys are
    const node = (v: unknown): any => {
      if (Array.isArray(v)) return v.map(node);
      if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return new JsonObject(Object.entries(v).map(([k, x]) => [k, node(x)]));
      return toJsonNode(v);
    };
    out(serializeJson(node(data)) + '\n');
  } else if (format === 'yaml') {
    const { toYaml } = await import('../funcs/yaml.js');
    out(toYaml(data) + '\n');
  } else out(table());
}

/** Colour is used only on a TTY and never when NO_COLOR is set (to anything). */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}

export function colour(code: number, s: string, stream: NodeJS.WriteStream = process.stdout): string {
  return useColour(stream) ? `\x1b[${code}m${s}\x1b[0m` : s;
}
