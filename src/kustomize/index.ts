// The kustomize layer: `build` (what `kubectl kustomize` prints), post-rendering of a release's manifest through
// a kustomization, and the errors both raise.
export { build, emitResources, resourcesFromText } from './build.js';
export type { BuildOptions, BuildResult, HelmChartSpec } from './build.js';
export { KustomizeError } from './errors.js';
export { buildOver, buildVirtual } from './build.js';
export { kustomizePostRenderer } from './postrender.js';
export { parseImageArg } from './edit.js';
export type { KustomizePostRenderOptions } from './postrender.js';
