import { describe, expect, it } from 'vitest';
import { labelSelectorString, labelSetString } from '../../../src/kube/labels.js';

describe('label selectors as apimachinery writes them', () => {
  it('labels.Set.String and LabelSelectorAsSelector().String(): requirements sorted by key, in/notin values sorted', () => {
    expect(labelSetString({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(labelSetString(undefined)).toBe('');
    expect(labelSelectorString({
      matchLabels: { tier: 'web', app: 'x' },
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['b', 'a'] }, { key: 'beta', operator: 'Exists' }, { key: 'old', operator: 'DoesNotExist' }, { key: 'env', operator: 'NotIn', values: ['dev'] }],
    })).toBe('app=x,beta,env notin (dev),!old,tier=web,zone in (a,b)');
    expect(labelSelectorString({})).toBe('');
    expect(labelSelectorString(undefined)).toBe('');
  });
});
