import { parentPort, workerData } from 'node:worker_threads';
import { instantiate } from '../../instance.js';
import { withSymmetry } from '../../symmetry/reduction.js';
import { importModel } from '../../model-module.js';
import { isOutOfMemory, messageOf } from '../../errors.js';
import { Control, SharedTable } from '../../store/shared-table.js';
import { Expander } from '../expander.js';
import { signatureOf } from '../parallel/signature.js';
import { LevelRunner, noWork, storeLevel } from './level-runner.js';
import { threadCpuMs } from './thread-cpu.js';
import type { Order, Report, WorkerSetup } from './protocol.js';

// A worker thread of the shared-table search: builds the instance itself from the model's
// module, says which instance it built (it is given no work unless that is the main thread's),
// then expands its share of each level and inserts the successors into the shared table itself.
const setup = workerData as WorkerSetup;
const model = await importModel(setup.modelUrl, setup.modelUrl);
const instance = withSymmetry(instantiate(model, setup.variant, setup.params, setup.properties), setup.symmetry);
const expander = new Expander(instance, { deadlock: setup.deadlock, validate: setup.validate });
const port = parentPort!;
const send = (report: Report): void => port.postMessage(report);
let table: SharedTable | undefined;
let runner: LevelRunner | undefined;

/** The table is full: say so, and wait until the main thread has grown it. */
function waitForRoom(states: number): void {
  const control = table!.control;
  const epoch = Atomics.load(control, Control.Epoch);
  send({ full: states });
  Atomics.wait(control, Control.Epoch, epoch);
  table!.refresh();
}

port.on('message', (order: Order) => {
  try {
    if ('attach' in order) {
      table = new SharedTable(order.attach.words, order.attach);
      runner = new LevelRunner(table, expander, waitForRoom);
      runner.useFanout(order.fanout);
      return;
    }
    table!.addSegments(order.segments);
    table!.refresh();
    const work = noWork(instance.actions.length);
    // Timed here, per job, rather than per run: reading /proc costs tens of microseconds.
    const began = performance.now();
    const cpu = threadCpuMs();
    if ('level' in order) runner!.run(order.level, work);
    else storeLevel(table!, order.store);
    work.busyMs = performance.now() - began;
    if (cpu !== undefined) work.cpuMs = threadCpuMs()! - cpu;
    send({ done: work });
  } catch (error) {
    send({ error: messageOf(error), outOfMemory: isOutOfMemory(error) });
  }
});
send({ ready: signatureOf(instance) });
