// values.schema.json validation: gojsonschema's wording, each chart with its own values, Helm's header.
import { describe, it, expect } from 'vitest';
import { validateAgainstSingleSchema, validateAgainstSchema } from '../../../src/chart/schema.js';
import { Chart } from '../../../src/chart/types.js';
import { GoInt } from '../../../src/template/types.js';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const schema = enc({
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
    replicas: { type: 'integer', minimum: 1, maximum: 5 },
    ratio: { type: 'number' },
    service: { type: 'object', properties: { type: { enum: ['ClusterIP', 'NodePort'] } } },
    ports: { type: 'array', minItems: 1, items: { type: 'integer' } },
  },
});

function errOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'valid';
}

describe('values.schema.json', () => {
  it('accepts valid values, int64 and float64 alike', () => {
    expect(errOf(() => validateAgainstSingleSchema({ name: 'web', replicas: new GoInt(3n, 'int64'), ratio: 0.5, ports: [80] }, schema))).toBe('valid');
    expect(errOf(() => validateAgainstSingleSchema({ name: 'web', replicas: 2 }, schema))).toBe('valid');
  });

  it('words violations as gojsonschema does', () => {
    const msg = errOf(() => validateAgainstSingleSchema({ replicas: 9, ratio: 'x', service: { type: 'LB' }, ports: [], extra: 1 }, schema));
    const lines = msg.trimEnd().split('\n').sort();
    expect(lines).toEqual(
      [
        '- (root): name is required',
        '- (root): Additional property extra is not allowed',
        '- replicas: Must be less than or equal to 5',
        '- ratio: Invalid type. Expected: number, given: string',
        '- service.type: service.type must be one of the following: "ClusterIP", "NodePort"',
        '- ports: Array must have at least 1 items',
      ].sort(),
    );
    expect(errOf(() => validateAgainstSingleSchema({ name: 'A' }, schema)).trimEnd().split('\n').sort()).toEqual(
      ["- name: Does not match pattern '^[a-z]+$'", '- name: String length must be greater than or equal to 2'],
    );
  });

  it('validates each subchart with its own values, naming the charts', () => {
    const parent = new Chart();
    parent.metadata = { name: 'parent', version: '1.0.0' };
    parent.schema = enc({ type: 'object', properties: { a: { type: 'boolean' } } });
    const sub = new Chart();
    sub.metadata = { name: 'sub', version: '1.0.0' };
    sub.schema = enc({ type: 'object', required: ['x'] });
    parent.addDependency(sub);
    expect(errOf(() => validateAgainstSchema(parent, { a: 'no', sub: {} }))).toBe('parent:\n- a: Invalid type. Expected: boolean, given: string\nsub:\n- (root): x is required\n');
    expect(errOf(() => validateAgainstSchema(parent, { a: true, sub: { x: 1 } }))).toBe('valid');
  });

  it('a schema that is not JSON is reported, not thrown as a stack', () => {
    expect(errOf(() => validateAgainstSingleSchema({}, new TextEncoder().encode('{nope')))).toMatch(/^unable to validate schema: /);
  });
});
