import { InterleaveError } from '../../checker/errors.js';
import type { Instance } from '../../checker/instance.js';
import { startWorker } from '../../checker/search/parallel/start-worker.js';
import type { Trace } from '../../checker/trace/trace.js';
import { pathOfTrace, type ExplorePath } from './path.js';

/** What the counterexample worker checks. */
export interface CounterexampleJob {
  readonly modelUrl: string;
  readonly variant: string;
  readonly params: Record<string, unknown>;
  readonly properties?: readonly string[];
  readonly deadlock: boolean;
  /** Stop the search, as incomplete, past this many distinct states. */
  readonly maxStates?: number;
}

/** The worker's answer: the check's headline and its trace, or what went wrong. */
export type CounterexampleReply = { readonly headline: string; readonly trace?: Trace } | { readonly error: string };

/** The shortest counterexample as the page shows it: the check's headline, and the path to walk. */
export interface Counterexample {
  readonly headline: string;
  readonly path?: ExplorePath;
}

/**
 * The explored variant's shortest counterexample, found by the checker on a worker thread and
 * found once: the search is deterministic, so later requests get the same answer.
 */
export class CounterexampleSearch {
  private answer: Promise<Counterexample> | undefined;
  private running: ReturnType<typeof startWorker> | undefined;

  constructor(
    private readonly instance: Instance,
    private readonly job: CounterexampleJob,
  ) {}

  /** Starts the search, or joins the one under way. */
  find(): Promise<Counterexample> {
    this.answer ??= new Promise<Counterexample>((resolve, reject) => {
      const worker = startWorker(import.meta.url, './counterexample-worker', this.job);
      this.running = worker;
      worker.once('message', (reply: CounterexampleReply) => {
        this.running = undefined;
        if ('error' in reply) return reject(new InterleaveError(reply.error));
        resolve(reply.trace ? { headline: reply.headline, path: pathOfTrace(this.instance, reply.trace) } : { headline: reply.headline });
      });
      worker.once('error', (error) => reject(new InterleaveError(`the counterexample search failed: ${error.message}`)));
      worker.once('exit', () => reject(new InterleaveError('the counterexample search was stopped')));
    });
    return this.answer;
  }

  /** Stops a search under way. */
  async stop(): Promise<void> {
    await this.running?.terminate();
  }
}
