#!/usr/bin/env node
// npm run test-cluster -- --kubeconfig PATH [--port N] [--tls] [--token T] [--ready-delay-ms MS]
// Starts the in-memory Kubernetes API test server, writes a kubeconfig for it and serves until stopped.
import { startTestCluster } from './server.mjs';

const usage = 'usage: npm run test-cluster -- --kubeconfig PATH [--port N] [--host ADDR] [--tls] [--token TOKEN] [--ready-delay-ms MS] [--namespace NS] [--data DIR]';
const args = process.argv.slice(2);
const opts = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => {
    const v = inline ?? args[++i];
    if (v === undefined || v === '') { console.error(`Error: flag ${flag} needs a value\n${usage}`); process.exit(1); }
    return v;
  };
  const num = (v) => {
    if (!/^\d+$/.test(v)) { console.error(`Error: invalid value "${v}" for ${flag}: not a number\n${usage}`); process.exit(1); }
    return Number(v);
  };
  switch (flag) {
    case '--kubeconfig': opts.kubeconfigPath = value(); break;
    case '--port': opts.port = num(value()); break;
    case '--host': opts.host = value(); break;
    case '--tls': opts.tls = true; break;
    case '--token': opts.token = value(); break;
    case '--data': opts.dataDir = value(); break;
    case '--ready-delay-ms': opts.readyDelayMs = num(value()); break;
    case '--namespace': case '-n': opts.namespace = value(); break;
    case '-h': case '--help': console.log(usage); process.exit(0); break;
    default: console.error(`Error: unknown flag: ${a}\n${usage}`); process.exit(1);
  }
}
if (!opts.kubeconfigPath) { console.error(`Error: --kubeconfig PATH is required\n${usage}`); process.exit(1); }

let server;
try {
  server = await startTestCluster(opts);
} catch (e) {
  console.error(`Error: cannot start the test cluster: ${e.message}`);
  process.exit(1);
}
console.log(`tshelm test cluster serving at ${server.url}`);
console.log(`kubeconfig written to ${server.kubeconfigPath}`);
console.log(`use it with:  tshelm --kubeconfig ${server.kubeconfigPath} install NAME CHART`);
console.log(`          or: kubectl --kubeconfig ${server.kubeconfigPath} get namespaces`);
console.log(opts.dataDir ? `state is kept in ${opts.dataDir}; press Ctrl-C to stop` : 'state is in memory; press Ctrl-C to stop');
console.log('ready');
const stop = async () => { await server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
