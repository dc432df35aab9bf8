#!/usr/bin/env node
// tshelm entry point: the CLI lives in dist/cli/main.js (built by `npm run build`).
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => { if (typeof code === 'number') process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`Error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  });
