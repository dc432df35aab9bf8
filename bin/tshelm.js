#!/usr/bin/env node
// tshelm entry point: the CLI lives in dist/cli/main.js (built by `npm run build`).
// `tshelm version [--short]` and the root help are answered by dist/cli/fast-start.js without loading commander
// and the command modules (TSHELM_NO_FAST_START=1 turns that off); everything else goes to main().
// The process ends as soon as the command is done and its output flushed: idle keep-alive sockets and timers of
// HTTP clients must not keep a finished command waiting.
const finish = (code) => {
  process.exitCode = code;
  let pending = 2;
  const done = () => { if (--pending === 0) process.exit(code); };
  process.stdout.write('', done);
  process.stderr.write('', done);
};
const argv = process.argv.slice(2);
const fast = argv.length <= 2 && !process.env.TSHELM_NO_FAST_START
  ? import('../dist/cli/fast-start.js').then((m) => m.fastStart(argv), () => undefined)
  : Promise.resolve(undefined);
fast
  .then((code) => code ?? import('../dist/cli/main.js').then((m) => m.main(argv)))
  .then((code) => finish(typeof code === 'number' ? code : 0))
  .catch((err) => {
    process.stderr.write(`Error: ${err?.message ?? err}\n`);
    finish(1);
  });
