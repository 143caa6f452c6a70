import { parentPort, workerData } from 'node:worker_threads';
import { check } from '../../checker/check.js';
import { messageOf } from '../../checker/errors.js';
import { importModel } from '../../checker/model-module.js';
import { renderHeadline } from '../../checker/report/text.js';
import type { CounterexampleJob, CounterexampleReply } from './counterexample.js';

// Checks the explored variant off the server's thread, so that the page stays responsive
// while a large model is searched, and sends back the headline and the trace.
const job = workerData as CounterexampleJob;
let reply: CounterexampleReply;
try {
  const model = await importModel(job.modelUrl, job.modelUrl);
  const result = check(model, { variant: job.variant, params: job.params, properties: job.properties, deadlock: job.deadlock, maxStates: job.maxStates });
  const o = result.outcome;
  reply = { headline: renderHeadline(result), ...('trace' in o && o.trace ? { trace: o.trace } : {}) };
} catch (error) {
  reply = { error: messageOf(error) };
}
parentPort!.postMessage(reply);
