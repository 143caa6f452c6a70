import { z } from 'zod';
import { always, defineModel, holds, scalarset, sometimes, system } from 'interleave-check';

/**
 * A stop-the-world garbage collector's safepoint handshake (shared/bench/MODELS.md, model C).
 * The collector requests a stop; each mutator thread, at its next safepoint poll, stops and
 * acknowledges; once every thread has acknowledged the collector marks, then withdraws the
 * request and waits until every thread has resumed. The mutators are interchangeable (a
 * scalarset): MODELS.md's unreduced counts are those of `--no-symmetry`.
 */
export default defineModel({
  name: 'gc-stw',
  summary: 'Stop-the-world GC handshake between N mutator threads and a collector (benchmark model C)',
  params: z.object({
    n: z.number().int().min(1).max(24).default(8).describe('number of mutator threads'),
  }),
  variants: {
    handshake: {
      summary: 'mutators stop at safepoint polls and acknowledge; the collector marks only once all have acknowledged',
      source: 'shared/bench/MODELS.md, model C',
      expect: holds(),
    },
  },
  build: ({ params: { n } }) => {
    const Mutator = scalarset('mutator', n);
    const mutators = Mutator.ids;
    const thread = (i: number) => `mutator ${i}`;
    const collector = () => 'collector';
    // RUN: executing code; POLL: at a safepoint poll; STOPPED: parked for the collector.
    const MutatorPhase = z.enum(['RUN', 'POLL', 'STOPPED']);
    const CollectorPhase = z.enum(['IDLE', 'WAIT', 'MARK', 'RESUME']);
    const State = z.object({
      mut: Mutator.array(MutatorPhase),
      ack: Mutator.array(z.boolean()),
      stopRequested: z.boolean(),
      gc: CollectorPhase,
    });

    return system(State, {
      init: {
        mut: mutators.map(() => 'RUN' as const),
        ack: mutators.map(() => false),
        stopRequested: false,
        gc: 'IDLE',
      },
      actions: {
        mutPoll: {
          over: mutators,
          actor: thread,
          guard: (s, i) => s.mut[i] === 'RUN',
          effect: (s, i) => {
            s.mut[i] = 'POLL';
          },
          describe: (i) => `${thread(i)} reaches a safepoint poll`,
        },
        mutContinue: {
          over: mutators,
          actor: thread,
          guard: (s, i) => s.mut[i] === 'POLL' && !s.stopRequested,
          effect: (s, i) => {
            s.mut[i] = 'RUN';
          },
          describe: (i) => `${thread(i)} finds no stop requested and runs on`,
        },
        mutStop: {
          over: mutators,
          actor: thread,
          guard: (s, i) => s.mut[i] === 'POLL' && s.stopRequested,
          effect: (s, i) => {
            s.mut[i] = 'STOPPED';
            s.ack[i] = true;
          },
          describe: (i) => `${thread(i)} sees the stop request, parks and acknowledges`,
        },
        mutResume: {
          over: mutators,
          actor: thread,
          guard: (s, i) => s.mut[i] === 'STOPPED' && !s.stopRequested,
          effect: (s, i) => {
            s.mut[i] = 'RUN';
            s.ack[i] = false;
          },
          describe: (i) => `${thread(i)} sees the request withdrawn, clears its acknowledgement and runs`,
        },
        gcRequestStop: {
          actor: collector,
          guard: (s) => s.gc === 'IDLE',
          effect: (s) => {
            s.stopRequested = true;
            s.gc = 'WAIT';
          },
          describe: () => 'the collector requests a stop of the world',
        },
        gcAllStopped: {
          actor: collector,
          guard: (s) => s.gc === 'WAIT' && s.ack.every((acknowledged) => acknowledged),
          effect: (s) => {
            s.gc = 'MARK';
          },
          describe: () => 'every mutator has acknowledged: the collector starts marking',
        },
        gcMarkDone: {
          actor: collector,
          guard: (s) => s.gc === 'MARK',
          effect: (s) => {
            s.stopRequested = false;
            s.gc = 'RESUME';
          },
          describe: () => 'the collector finishes marking and withdraws the stop request',
        },
        gcAllResumed: {
          actor: collector,
          guard: (s) => s.gc === 'RESUME' && s.ack.every((acknowledged) => !acknowledged),
          effect: (s) => {
            s.gc = 'IDLE';
          },
          describe: () => 'every mutator has resumed: the collector goes idle',
        },
      },
      properties: {
        'marking only while the world is stopped': always(
          (s) => s.gc !== 'MARK' || s.mut.every((phase) => phase === 'STOPPED'),
          (s) => {
            const running = mutators.filter((i) => s.mut[i] !== 'STOPPED').map((i) => `${thread(i)} (${s.mut[i]})`);
            return `the collector marks while ${running.join(', ')} still runs`;
          },
        ),
        'the collector marks': sometimes((s) => s.gc === 'MARK'),
      },
    });
  },
});
