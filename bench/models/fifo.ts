import { z } from 'zod';
import { always, atEnd, defineModel, holds, range, system } from 'interleave-check';

/**
 * A bounded FIFO channel (a ring buffer of K slots) between one producer and one consumer
 * (shared/bench/MODELS.md, model D). The producer sends the messages 1 to M in order; the
 * consumer takes each one out of the channel, then consumes it, checking the order. Once all
 * M messages are consumed nothing can move: the program has ended.
 */
export default defineModel({
  name: 'fifo',
  summary: 'Bounded FIFO channel between one producer and one consumer (benchmark model D)',
  params: z.object({
    k: z.number().int().min(1).max(16).default(4).describe('channel slots'),
    m: z.number().int().min(1).max(1_000_000).default(1000).describe('messages to send'),
  }),
  variants: {
    'ring-buffer': {
      summary: 'a ring buffer whose reads clear the slot they read',
      source: 'shared/bench/MODELS.md, model D',
      expect: holds(),
    },
  },
  build: ({ params: { k, m } }) => {
    // Messages are 1..m; 0 means an empty slot or nothing held.
    const Message = z.number().int().min(0).max(m);
    const Slot = z.number().int().min(0).max(k - 1);
    const Sequence = z.number().int().min(1).max(m + 1);
    const State = z.object({
      buf: z.array(Message).length(k),
      head: Slot, // the next slot to read
      tail: Slot, // the next slot to write
      count: z.number().int().min(0).max(k), // messages in the channel
      pNext: Sequence, // the next message the producer sends
      cNext: Sequence, // the next message the consumer expects
      cHeld: Message, // the message taken out but not yet consumed
    });
    const next = (slot: number) => (slot + 1) % k;

    return system(State, {
      init: { buf: range(k).map(() => 0), head: 0, tail: 0, count: 0, pNext: 1, cNext: 1, cHeld: 0 },
      actions: {
        send: {
          actor: () => 'producer',
          guard: (s) => s.pNext <= m && s.count < k,
          effect: (s) => {
            s.buf[s.tail] = s.pNext;
            s.tail = next(s.tail);
            s.count += 1;
            s.pNext += 1;
          },
          describe: (_, s) => `the producer puts message ${s.pNext} into slot ${s.tail}`,
        },
        receive: {
          actor: () => 'consumer',
          guard: (s) => s.cHeld === 0 && s.count > 0,
          effect: (s) => {
            s.cHeld = s.buf[s.head];
            s.buf[s.head] = 0;
            s.head = next(s.head);
            s.count -= 1;
          },
          describe: (_, s) => `the consumer takes message ${s.buf[s.head]} out of slot ${s.head}`,
        },
        consume: {
          actor: () => 'consumer',
          guard: (s) => s.cHeld !== 0,
          effect: (s) => {
            s.cNext += 1;
            s.cHeld = 0;
          },
          describe: (_, s) => `the consumer consumes message ${s.cHeld}`,
        },
      },
      properties: {
        'in-order delivery': always(
          (s) => s.cHeld === 0 || s.cHeld === s.cNext,
          (s) => `the consumer holds message ${s.cHeld} but expects message ${s.cNext}`,
        ),
        'every message is delivered': atEnd(
          (s) => s.cNext === m + 1 && s.count === 0,
          (s) => `nothing can move, but only ${s.cNext - 1} of ${m} messages were consumed`,
        ),
      },
      final: (s) => s.pNext === m + 1 && s.cNext === m + 1,
    });
  },
});
