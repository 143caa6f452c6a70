import { parentPort, workerData } from 'node:worker_threads';
import { instantiate } from '../../instance.js';
import { withSymmetry } from '../../symmetry/reduction.js';
import { importModel } from '../../model-module.js';
import { isOutOfMemory, messageOf } from '../../errors.js';
import { Expander } from '../expander.js';
import { Successors } from '../successors.js';
import type { Job, Reply, WorkerMessage, WorkerSetup } from './protocol.js';
import { signatureOf } from './signature.js';

// A worker thread of a parallel search: builds the instance itself from the model's module,
// says which instance it built (the main thread expands nothing here unless it is the same),
// then expands the batches the main thread sends, exactly as the main thread would.
const setup = workerData as WorkerSetup;
const model = await importModel(setup.modelUrl, setup.modelUrl);
const instance = withSymmetry(instantiate(model, setup.variant, setup.params, setup.properties), setup.symmetry);
const expander = new Expander(instance, { deadlock: setup.deadlock, validate: setup.validate });
const port = parentPort!;

port.on('message', (job: Job) => {
  let reply: Reply;
  try {
    const out = new Successors(instance.codec.words, job.output ?? job.count * 8 * (1 + instance.codec.words));
    const expansion = expander.expand(job.states, 0, job.count, out, job.fire);
    reply = { id: job.id, expansion, successors: out.data, length: out.length, states: job.states };
    port.postMessage(reply, [out.data.buffer as ArrayBuffer, job.states.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { id: job.id, error: messageOf(error), outOfMemory: isOutOfMemory(error) };
    port.postMessage(reply);
  }
});
port.postMessage({ ready: signatureOf(instance) } satisfies WorkerMessage);
