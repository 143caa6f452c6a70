import { parentPort, workerData } from 'node:worker_threads';
import { instantiate } from '../instance.js';
import { importModel } from '../model-module.js';
import { messageOf } from '../errors.js';
import { instanceHash } from './instance-hash.js';
import type { SwarmJob } from './job.js';
import { runJob } from './run-job.js';
import type { ThreadReply, ThreadSetup } from './threads.js';

// A swarm's worker thread: builds the instance from the model's module, says it is ready with
// the instance's hash, then runs the jobs it is sent, one at a time, each until it ends or its
// stop flag (shared with the main thread) is raised.
const setup = workerData as ThreadSetup;
const port = parentPort!;
const reply = (message: ThreadReply): void => port.postMessage(message);
try {
  const model = await importModel(setup.modelUrl, setup.modelUrl);
  const instance = instantiate(model, setup.variant, setup.params, setup.properties);
  const options = { deadlock: setup.deadlock, validate: setup.validate };
  port.on('message', ({ job, stop }: { job: SwarmJob; stop: SharedArrayBuffer }) => {
    const flag = new Int32Array(stop);
    try {
      reply({ result: runJob(instance, options, job, () => Atomics.load(flag, 0) !== 0) });
    } catch (error) {
      reply({ error: messageOf(error) });
    }
  });
  reply({ ready: instanceHash(instance, options) });
} catch (error) {
  reply({ error: messageOf(error) });
}
