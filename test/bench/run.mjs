// Runs every test/bench/*.bench.mjs in turn (each imports the built dist/; run `npx tsc -p .` first).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  try {
    const mod = await import(pathToFileURL(join(here, f)).href);
    if (typeof mod.default === 'function') await mod.default();
  } catch (e) {
    failed++;
    console.error(`${f} failed: ${e && e.message ? e.message : e}`);
  }
}
if (failed) process.exit(1);
