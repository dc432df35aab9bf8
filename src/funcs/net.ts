import type { FuncMap } from '../template/types.js';

export const netFuncs: FuncMap = {};
