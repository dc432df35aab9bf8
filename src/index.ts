// tshelm's library entry. The CLI is built on these exports; Node tools may use them directly.
export * from './template/types.js';
export { Template, TemplateError, ExecError } from './template/index.js';
export { loadChart } from './render/chart-api.js';
export { mergeValuesPlain as mergeValues, mergeValues as mergeGoValues, mergeMaps, type ValueOptions } from './chart/values.js';
export { parseInto, parseIntoString, parseJSON, parseIntoFile, parseLiteralInto, typedVal } from './chart/strvals.js';
export { renderChart, toRenderValues, releaseObject, type RenderChartOptions, type ReleaseOptions } from './render/render.js';
export { Engine, RenderError, type EngineOptions, type LookupFunction } from './render/engine.js';
export { Capabilities, KubeVersion, defaultCapabilities, parseKubeVersion, DEFAULT_API_VERSIONS } from './render/capabilities.js';
export { packageChart, saveChart, archiveBytes, type PackageOptions } from './chart/package.js';
export { runLint, lintAll, type LintResult, type LintMessage } from './chart/lint.js';
export { createChart, createChartFrom } from './chart/create.js';
export { DependencyManager, hashReq, type RepoFetcher } from './chart/dependency-manager.js';
