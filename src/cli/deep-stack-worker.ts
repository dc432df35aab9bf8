// The worker side of deep-stack.ts: runs the command line once and reports its exit code.
import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main.js';

const code = await main((workerData as { argv: string[] }).argv);
parentPort?.postMessage({ code });
