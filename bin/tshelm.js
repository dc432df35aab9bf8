#!/usr/bin/env node
// tshelm entry point: the CLI lives in dist/cli/main.js (built by `npm run build`).
// The process ends as soon as the command is done and its output flushed: idle keep-alive sockets and timers of
// HTTP clients must not keep a finished command waiting.
const finish = (code) => {
  process.exitCode = code;
  let pending = 2;
  const done = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write('', done);
  process.stderr.write('', done);
};
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => finish(typeof code === 'number' ? code : 0))
  .catch((err) => {
    process.stderr.write(`Error: ${err?.message ?? err}\n`);
    finish(1);
  });
