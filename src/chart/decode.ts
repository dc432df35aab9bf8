// Decoding Chart.yaml / Chart.lock / requirements.* into Helm's structs as sigs.k8s.io/yaml.Unmarshal does:
// YAML → JSON (numbers and bools become strings where the Go field is a string), then encoding/json into the
// struct (case-insensitive field names, unknown fields ignored, type mismatches reported as Go words them).

import { parseYaml } from '../funcs/yaml.js';
import { formatFloat } from '../template/fmt.js';
import { isGoMap, type GoMap, type GoValue } from '../template/types.js';
import type { Dependency, Lock, Maintainer, Metadata } from './types.js';

/** An error of sigs.k8s.io/yaml.Unmarshal into a struct. */
export class UnmarshalError extends Error {}

type FieldType = 'string' | '[]string' | 'bool' | 'map[string]string' | '[]interface {}' | 'time' | { slice: StructSpec } ;
interface StructSpec {
  goName: string; // e.g. "Metadata"
  goType: string; // e.g. "chart.Metadata"
  fields: [json: string, type: FieldType][];
}

const MAINTAINER: StructSpec = {
  goName: 'Maintainer',
  goType: 'chart.Maintainer',
  fields: [
    ['name', 'string'],
    ['email', 'string'],
    ['url', 'string'],
  ],
};
const DEPENDENCY: StructSpec = {
  goName: 'Dependency',
  goType: 'chart.Dependency',
  fields: [
    ['name', 'string'],
    ['version', 'string'],
    ['repository', 'string'],
    ['condition', 'string'],
    ['tags', '[]string'],
    ['enabled', 'bool'],
    ['import-values', '[]interface {}'],
    ['alias', 'string'],
  ],
};
const METADATA: StructSpec = {
  goName: 'Metadata',
  goType: 'chart.Metadata',
  fields: [
    ['name', 'string'],
    ['home', 'string'],
    ['sources', '[]string'],
    ['version', 'string'],
    ['description', 'string'],
    ['keywords', '[]string'],
    ['maintainers', { slice: MAINTAINER }],
    ['icon', 'string'],
    ['apiVersion', 'string'],
    ['condition', 'string'],
    ['tags', 'string'],
    ['appVersion', 'string'],
    ['deprecated', 'bool'],
    ['annotations', 'map[string]string'],
    ['kubeVersion', 'string'],
    ['dependencies', { slice: DEPENDENCY }],
    ['type', 'string'],
  ],
};
const LOCK: StructSpec = {
  goName: 'Lock',
  goType: 'chart.Lock',
  fields: [
    ['generated', 'time'],
    ['digest', 'string'],
    ['dependencies', { slice: DEPENDENCY }],
  ],
};

function jsonKind(v: GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** sigs.k8s.io/yaml: a YAML scalar decoded for a Go string target becomes its text. */
function scalarToString(v: GoValue): GoValue {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
    return formatFloat(v, 'g', -1, 32);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

class Ctx {
  err?: UnmarshalError;
  fail(kind: string, struct: string, path: string[], type: string): void {
    // encoding/json records the first type error and keeps decoding.
    this.err ??= new UnmarshalError(`json: cannot unmarshal ${kind} into Go struct field ${struct}.${path.join('.')} of type ${type}`);
  }
}

function findField(spec: StructSpec, key: string): [string, FieldType] | undefined {
  const exact = spec.fields.find(([n]) => n === key);
  if (exact) return exact;
  const lower = key.toLowerCase();
  return spec.fields.find(([n]) => n.toLowerCase() === lower);
}

function decodeStruct(obj: GoMap, spec: StructSpec, ctx: Ctx, path: string[], structName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // json.Marshal of the converted map sorts keys; the decoder then sees them in that order.
  for (const key of Object.keys(obj).sort()) {
    const f = findField(spec, key);
    if (!f) continue;
    const [name, type] = f;
    const v = obj[key];
    const p = [...path, name];
    const struct = path.length === 0 ? spec.goName : structName;
    const dv = decodeField(v, type, ctx, p, struct);
    if (dv !== undefined) out[name] = dv;
  }
  return out;
}

function decodeField(v: GoValue, type: FieldType, ctx: Ctx, path: string[], struct: string): unknown {
  if (v === null) return undefined; // JSON null leaves the Go zero value
  if (type === 'string' || type === 'time') {
    const s = scalarToString(v);
    if (typeof s === 'string') return s;
    ctx.fail(jsonKind(v), struct, path, type === 'time' ? 'time.Time' : 'string');
    return undefined;
  }
  if (type === 'bool') {
    if (typeof v === 'boolean') return v;
    ctx.fail(jsonKind(v), struct, path, 'bool');
    return undefined;
  }
  if (type === '[]string') {
    if (!Array.isArray(v)) {
      ctx.fail(jsonKind(v), struct, path, '[]string');
      return undefined;
    }
    const out: string[] = [];
    for (const e of v) {
      const s = e === null ? '' : scalarToString(e);
      if (typeof s === 'string') out.push(s);
      else {
        ctx.fail(jsonKind(e), struct, path, 'string');
        out.push('');
      }
    }
    return out;
  }
  if (type === '[]interface {}') {
    if (!Array.isArray(v)) {
      ctx.fail(jsonKind(v), struct, path, '[]interface {}');
      return undefined;
    }
    return v;
  }
  if (type === 'map[string]string') {
    if (!isGoMap(v)) {
      ctx.fail(jsonKind(v), struct, path, 'map[string]string');
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, e] of Object.entries(v)) {
      const s = e === null ? '' : scalarToString(e);
      if (typeof s === 'string') out[k] = s;
      else ctx.fail(jsonKind(e), struct, path, 'string');
    }
    return out;
  }
  // slice of *struct
  const spec = type.slice;
  if (!Array.isArray(v)) {
    ctx.fail(jsonKind(v), struct, path, `[]*${spec.goType}`);
    return undefined;
  }
  return v.map((e) => {
    if (e === null) return null; // a nil pointer: Validate reports it
    if (!isGoMap(e)) {
      ctx.fail(jsonKind(e), struct, path, spec.goType);
      return {};
    }
    return decodeStruct(e, spec, ctx, path, spec.goName);
  });
}

function unmarshalStruct(text: string, spec: StructSpec): Record<string, unknown> {
  const v = parseYaml(text); // throws "error converting YAML to JSON: yaml: line N: ..."
  if (v === null) return {};
  const ctx = new Ctx();
  if (!isGoMap(v)) throw new UnmarshalError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${spec.goType}`);
  const out = decodeStruct(v, spec, ctx, [], spec.goName);
  if (ctx.err) throw new UnmarshalError(`error unmarshaling JSON: while decoding JSON: ${ctx.err.message}`);
  return out;
}

/** yaml.Unmarshal(data, *chart.Metadata), merged into `into` as Go does (fields present replace). */
export function decodeMetadata(text: string, into: Metadata = {}): Metadata {
  return Object.assign(into, unmarshalStruct(text, METADATA)) as Metadata;
}

/** yaml.Unmarshal(data, *chart.Lock) */
export function decodeLock(text: string): Lock {
  const l = unmarshalStruct(text, LOCK) as Partial<Lock>;
  return { generated: l.generated ?? '', digest: l.digest ?? '', dependencies: l.dependencies ?? [] };
}

/** yaml.Unmarshal(data, &map[string]interface{}) for values files. */
export function decodeValues(text: string): GoMap {
  const v = parseYaml(text);
  if (v === null) return {};
  if (!isGoMap(v)) {
    throw new UnmarshalError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type map[string]interface {}`);
  }
  return v;
}

export type { Maintainer, Dependency };
