import { describe, it, expect } from 'vitest';
import { parseVersion, strictParseVersion, parseConstraint, sortVersions, satisfies, Version, semverFuncs } from '../../../src/funcs/semver.js';
import { GoInt } from '../../../src/template/types.js';

// [constraint, version, expected] — behaviour of Masterminds/semver v3.2.1 Check
const CHECK: [string, string, boolean][] = [
  ["*", "1.2.3", true],
  ["~0.0.0", "1.2.3", true],
  ["0.x.x", "1.2.3", false],
  ["0.0.x", "1.2.3", false],
  ["0.0.0", "1.2.3", false],
  ["*", "1.2.3", true],
  ["^0.0.0", "1.2.3", false],
  ["= 2.0", "1.2.3", false],
  ["= 2.0", "2.0.0", true],
  ["4.1", "4.1.0", true],
  ["4.1.x", "4.1.3", true],
  ["1.x", "1.4", true],
  ["!=4.1", "4.1.0", false],
  ["!=4.1-alpha", "4.1.0-alpha", false],
  ["!=4.1-alpha", "4.1.1-alpha", false],
  ["!=4.1-alpha", "4.1.0", true],
  ["!=4.1", "5.1.0", true],
  ["!=4.x", "5.1.0", true],
  ["!=4.x", "4.1.0", false],
  ["!=4.1.x", "4.2.0", true],
  ["!=4.2.x", "4.2.3", false],
  [">1.1", "4.1.0", true],
  [">1.1", "1.1.0", false],
  ["<1.1", "0.1.0", true],
  ["<1.1", "1.1.0", false],
  ["<1.1", "1.1.1", false],
  ["<1.x", "1.1.1", false],
  ["<1.x", "0.1.1", true],
  ["<1.x", "2.0.0", false],
  ["<1.1.x", "1.2.1", false],
  ["<1.1.x", "1.1.500", false],
  ["<1.1.x", "1.0.500", true],
  ["<1.2.x", "1.1.1", true],
  [">=1.1", "4.1.0", true],
  [">=1.1", "4.1.0-beta", false],
  [">=1.1", "1.1.0", true],
  [">=1.1", "0.0.9", false],
  ["<=1.1", "0.1.0", true],
  ["<=1.1", "0.1.0-alpha", false],
  ["<=1.1-a", "0.1.0-alpha", true],
  ["<=1.1", "1.1.0", true],
  ["<=1.x", "1.1.0", true],
  ["<=2.x", "3.0.0", false],
  ["<=1.1", "1.1.1", true],
  ["<=1.1.x", "1.2.500", false],
  ["<=4.5", "3.4.0", true],
  ["<=4.5", "3.7.0", true],
  ["<=4.5", "4.6.3", false],
  [">1.1, <2", "1.1.1", false],
  [">1.1, <2", "1.2.1", true],
  [">1.1, <3", "4.3.2", false],
  [">=1.1, <2, !=1.2.3", "1.2.3", false],
  [">1.1 <2", "1.1.1", false],
  [">1.1 <2", "1.2.1", true],
  [">1.1    <3", "4.3.2", false],
  [">=1.1    <2    !=1.2.3", "1.2.3", false],
  [">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true],
  [">=1.1, <2, !=1.2.3 || > 3", "3.1.2", false],
  [">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true],
  [">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false],
  [">=1.1 <2 !=1.2.3", "1.2.3", false],
  [">=1.1 <2 !=1.2.3 || > 3", "4.1.2", true],
  [">=1.1 <2 !=1.2.3 || > 3", "3.1.2", false],
  [">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", true],
  [">=1.1 <2 !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1 <2 !=1.2.3 || > 3", "1.2.3", false],
  ["> 1.1, <     2", "1.1.1", false],
  [">   1.1, <2", "1.2.1", true],
  [">1.1, <  3", "4.3.2", false],
  [">= 1.1, <     2, !=1.2.3", "1.2.3", false],
  ["> 1.1 < 2", "1.1.1", false],
  [">1.1 < 2", "1.2.1", true],
  ["> 1.1    <3", "4.3.2", false],
  [">=1.1    < 2    != 1.2.3", "1.2.3", false],
  [">= 1.1, <2, !=1.2.3 || > 3", "4.1.2", true],
  [">= 1.1, <2, != 1.2.3 || > 3", "3.1.2", false],
  [">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true],
  [">= 1.1, <2, !=1.2.3 || > 3", "3.0.0", false],
  [">= 1.1, <2, !=1.2.3 || > 3", "1.2.3", false],
  [">= 1.1 <2 != 1.2.3", "1.2.3", false],
  [">= 1.1 <2 != 1.2.3 || > 3", "4.1.2", true],
  [">= 1.1 <2 != 1.2.3 || > 3", "3.1.2", false],
  [">= 1.1 <2 != 1.2.3 || >= 3", "3.0.0", true],
  [">= 1.1 < 2 !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1 < 2 !=1.2.3 || > 3", "1.2.3", false],
  ["1.1 - 2", "1.1.1", true],
  ["1.5.0 - 4.5", "3.7.0", true],
  ["1.1-3", "4.3.2", false],
  ["^1.1", "1.1.1", true],
  ["^1.1", "4.3.2", false],
  ["^1.x", "1.1.1", true],
  ["^2.x", "1.1.1", false],
  ["^1.x", "2.1.1", false],
  ["^1.x", "1.1.1-beta1", false],
  ["^1.1.2-alpha", "1.2.1-beta1", true],
  ["^1.2.x-alpha", "1.1.1-beta1", false],
  ["^0.0.1", "0.0.1", true],
  ["^0.0.1", "0.3.1", false],
  ["~*", "2.1.1", true],
  ["~1", "2.1.1", false],
  ["~1", "1.3.5", true],
  ["~1", "1.4", true],
  ["~1.x", "2.1.1", false],
  ["~1.x", "1.3.5", true],
  ["~1.x", "1.4", true],
  ["~1.1", "1.1.1", true],
  ["~1.1", "1.1.1-alpha", false],
  ["~1.1-alpha", "1.1.1-beta", true],
  ["~1.1.1-beta", "1.1.1-alpha", false],
  ["~1.1.1-beta", "1.1.1", true],
  ["~1.2.3", "1.2.5", true],
  ["~1.2.3", "1.2.2", false],
  ["~1.2.3", "1.3.2", false],
  ["~1.1", "1.2.3", false],
  ["~1.3", "2.4.5", false],
  ["1.0.0 - 2.0.0 <=2.0.0", "1.5.0", true],
  ["1.0.0 - 2.0.0, <=2.0.0", "1.5.0", true],
];

describe('semver versions', () => {
  it('parses loose versions as NewVersion', () => {
    const v = parseVersion('v1.2');
    expect(v.toString()).toBe('1.2.0');
    expect(v.original).toBe('v1.2');
    expect(parseVersion('1.2.3-beta.1+build.5').prerelease).toBe('beta.1');
    expect(parseVersion('1.2.3-beta.1+build.5').metadata).toBe('build.5');
    expect(parseVersion('1').toString()).toBe('1.0.0');
  });
  it('rejects bad versions with Masterminds errors', () => {
    expect(() => parseVersion('not-a-version')).toThrow('Invalid Semantic Version');
    expect(() => parseVersion('')).toThrow('Invalid Semantic Version');
    expect(() => parseVersion('1.2.3.4')).toThrow('Invalid Semantic Version');
    expect(() => parseVersion('1.2.3-01')).toThrow('Version segment starts with 0');
    expect(() => parseVersion('99999999999999999999.0.0')).toThrow(
      'Error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range');
    expect(() => strictParseVersion('1.2')).toThrow('Invalid Semantic Version');
    expect(() => strictParseVersion('v1.2.3')).toThrow('Invalid characters in version');
    expect(() => strictParseVersion('01.2.3')).toThrow('Version segment starts with 0');
    expect(() => strictParseVersion('')).toThrow('Version string empty');
    expect(strictParseVersion('1.2.3-rc.1+x').toString()).toBe('1.2.3-rc.1+x');
  });
  it('compares with prerelease precedence', () => {
    const cmp = (a: string, b: string) => parseVersion(a).compare(parseVersion(b));
    expect(cmp('1.2.3', '1.3.0')).toBe(-1);
    expect(cmp('1.2.3', '1.2.3+meta')).toBe(0);
    expect(cmp('1.2.3-alpha', '1.2.3')).toBe(-1);
    expect(cmp('1.2.3-alpha.10', '1.2.3-alpha.9')).toBe(1);
    expect(cmp('1.2.3-alpha', '1.2.3-1')).toBe(1);
    expect(cmp('1.2.3-alpha', '1.2.3-alpha.1')).toBe(-1);
    expect(sortVersions(['1.10.0', '1.2.0', '1.2.0-rc1', '0.9'].map(parseVersion)).map(String)).toEqual(
      ['0.9.0', '1.2.0-rc1', '1.2.0', '1.10.0']);
  });
  it('Inc/Set keep the v prefix in Original', () => {
    const v = parseVersion('v1.2.3-pre');
    expect(v.incPatch().Original()).toBe('v1.2.3');
    expect(parseVersion('1.2.3').incPatch().toString()).toBe('1.2.4');
    expect(v.incMinor().toString()).toBe('1.3.0');
    expect(v.incMajor().Original()).toBe('v2.0.0');
    expect(() => v.setPrerelease('a_b')).toThrow('Invalid Prerelease string');
  });
});

describe('semver constraints', () => {
  it.each(CHECK)('%s against %s', (c, v, want) => {
    expect(parseConstraint(c).check(parseVersion(v))).toBe(want);
  });
  it('reports improper constraints', () => {
    expect(() => parseConstraint('>= bar')).toThrow('improper constraint: >= bar');
    expect(() => parseConstraint('BAR >= 1.2.3')).toThrow('improper constraint: BAR >= 1.2.3');
    expect(() => parseConstraint('12.3.4.1234')).toThrow('improper constraint: 12.3.4.1234');
    expect(() => parseConstraint('12.3.34~ 1.2.3')).toThrow('improper constraint');
    expect(() => parseConstraint('')).toThrow('improper constraint: ');
    expect(() => parseConstraint('>1 || ')).toThrow('improper constraint:  ');
  });
  it('prints constraints as Masterminds String()', () => {
    expect(parseConstraint('2.x,   >=1.2.3 || >4.5.6, < 5.7').toString()).toBe('2.x >=1.2.3 || >4.5.6 <5.7');
    expect(parseConstraint('1.1 - 2').toString()).toBe('>=1.1 <=2');
  });
  it('validate gives reasons', () => {
    const [ok, reasons] = parseConstraint('!= 1.2.5, ^2, <= 1.1.x').validate(strictParseVersion('1.2.3'));
    expect(ok).toBe(false);
    expect(reasons).toEqual(['1.2.3 is less than 2', '1.2.3 is greater than 1.1.x']);
    const cases: [string, string, string][] = [
      ['= 2.0', '1.2.3', '1.2.3 is less than 2.0'],
      ['!=4.x', '4.1.0', '4.1.0 is equal to 4.x'],
      ['>1.1', '1.1.0', '1.1.0 is less than or equal to 1.1'],
      ['<1.1', '1.1.1', '1.1.1 is greater than or equal to 1.1'],
      ['>=1.1, <2, !=1.2.3 || > 3', '3.0.0', '3.0.0 is greater than or equal to 2'],
      ['1.1 - 3', '4.3.2', '4.3.2 is greater than 3'],
      ['^0.2', '0.3.0', '0.3.0 does not have same minor version as 0.2. Expected minor versions to match when constraint major version is 0'],
      ['^0.0.3', '0.0.4', '0.0.4 does not equal 0.0.3. Expect version and constraint to equal when major and minor versions are 0'],
      ['~1.2.3', '1.3.2', '1.3.2 does not have same major and minor version as 1.2.3'],
      ['> 1.2.3', '1.2.3-beta.1', '1.2.3-beta.1 is a prerelease version and the constraint is only looking for release versions'],
    ];
    for (const [c, v, msg] of cases) expect(parseConstraint(c).validate(strictParseVersion(v))[1][0]).toBe(msg);
    expect(parseConstraint('>=1.0').validate(parseVersion('1.5.0'))).toEqual([true, []]);
  });
  it('handles typical Helm kubeVersion ranges', () => {
    expect(satisfies('1.28.0', '>=1.19.0-0')).toBe(true);
    expect(satisfies('v1.28.3-gke.100', '>= 1.19.0-0 < 1.29.0-0')).toBe(true);
    expect(satisfies('1.28.0', '>= 1.29.0-0')).toBe(false);
    expect(satisfies('1.28.0', '1.2 - 1.4.5 || ^1.28')).toBe(true);
  });
});

describe('sprig semver functions', () => {
  it('semver returns a *semver.Version with Go methods', () => {
    const v = semverFuncs.semver.fn('1.2.3-beta.1+build.5') as Version;
    expect(v.goType).toBe('*semver.Version');
    expect(v.Major()).toEqual(new GoInt(1n, 'uint64'));
    expect(v.Prerelease()).toBe('beta.1');
    expect(v.Metadata()).toBe('build.5');
    expect(v.Compare(parseVersion('1.3.0'))).toEqual(new GoInt(-1n, 'int'));
    expect(v.String()).toBe('1.2.3-beta.1+build.5');
    expect(Object.keys(v).filter((k) => k !== 'goType')).toEqual([]);
    expect((Version as any).goMethods).toContain('Major');
  });
  it('semverCompare', () => {
    expect(semverFuncs.semverCompare.fn('>=1.2.0', '1.3.0')).toBe(true);
    expect(semverFuncs.semverCompare.fn('^1.2.0', '2.0.0')).toBe(false);
    expect(() => semverFuncs.semverCompare.fn('>=1.2.0', 'not-a-version')).toThrow('Invalid Semantic Version');
    expect(() => semverFuncs.semverCompare.fn('>=x.y', '1.0.0')).toThrow('improper constraint: >=x.y');
    expect(semverFuncs.semverCompare).toMatchObject({ args: ['string', 'string'], ret: 'bool', err: true });
  });
});
