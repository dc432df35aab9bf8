import { describe, expect, it } from 'vitest';
import { checkOwnership, existingResourceConflicts, setOwnership } from '../../../src/kube/ownership.js';
import type { KObject, KubeClient } from '../../../src/kube/types.js';

const cm = (labels?: Record<string, string>, annotations?: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', labels, annotations } });

describe("ownership (Helm's checkOwnership / setMetadataVisitor)", () => {
  it('accepts own objects, words refusals as Helm does', () => {
    const own = setOwnership([cm()], 'rel', 'ns')[0];
    expect(own.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'Helm' });
    expect(checkOwnership(own, 'rel', 'ns')).toBeNull();
    expect(checkOwnership(cm(), 'rel', 'ns')).toBe(
      'invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "rel"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "ns"',
    );
    expect(checkOwnership(own, 'other', 'ns')).toBe('invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "other": current value is "rel"');
  });
  it('existingResourceConflicts refuses a foreign object unless takeOwnership', async () => {
    const live = setOwnership([cm()], 'someone-else', 'ns')[0];
    const fake = { get: async () => live } as unknown as KubeClient;
    await expect(existingResourceConflicts(fake, [cm()], 'rel', 'ns')).rejects.toThrow(
      'ConfigMap "c" in namespace "ns" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "rel": current value is "someone-else"',
    );
    expect(await existingResourceConflicts(fake, [cm()], 'rel', 'ns', true)).toEqual([cm()]);
    const none = { get: async () => null } as unknown as KubeClient;
    expect(await existingResourceConflicts(none, [cm()], 'rel', 'ns')).toEqual([]);
  });
});
