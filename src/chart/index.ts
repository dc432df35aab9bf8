// The chart layer: loading charts, values (strvals, merging, coalescing), dependencies and schema checks.
export * from './types.js';
export { loadChart, loadDir, loadFile, loadArchive, loadArchiveFiles, loadFiles, readDirFiles, validateMetadata, isValidSemver, sanitizeString } from './load.js';
export { IgnoreRules, filepathMatch } from './ignore.js';
