import { describe, it, expect } from 'vitest';
import { matchesSelector, parseSelector } from '../../../src/release/selector.js';

describe('label selectors (labels.Parse)', () => {
  const m = (sel: string, labels: Record<string, string>) => matchesSelector(parseSelector(sel), labels);
  it('matches =, ==, !=, in, notin, exists, !exists, gt, lt', () => {
    const l = { app: 'web', tier: 'front', n: '5' };
    expect(m('', {})).toBe(true);
    expect(m('app=web', l)).toBe(true);
    expect(m('app==web,tier=front', l)).toBe(true);
    expect(m('app=web, tier=back', l)).toBe(false);
    expect(m('app!=db', l)).toBe(true);
    expect(m('missing!=x', l)).toBe(true);
    expect(m('tier in (front, back)', l)).toBe(true);
    expect(m('tier notin (front)', l)).toBe(false);
    expect(m('app', l)).toBe(true);
    expect(m('!app', l)).toBe(false);
    expect(m('!other,app', l)).toBe(true);
    expect(m('n>4,n<6', l)).toBe(true);
    expect(m('app=', { app: '' })).toBe(true);
    expect(m('example.com/team=a', { 'example.com/team': 'a' })).toBe(true);
  });
  it('refuses malformed selectors', () => {
    for (const s of ['a=b=c', 'a in b', 'a in ()', ',', 'a,', '-a=b', 'a=b c', 'a=-b', 'n>x']) expect(() => parseSelector(s), s).toThrow();
    // NewRequirement names the offending value by its index in the set
    expect(() => parseSelector('a in (x,-b)')).toThrow(/^values\[1\]: Invalid value: "-b": /);
  });
});
