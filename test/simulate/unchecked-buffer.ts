import { z } from 'zod';
import { always, defineModel, holds, system, violates } from 'interleave-check';

/**
 * A bounded buffer whose producer does not check that it is full and whose consumer does not
 * check that it is empty: two bugs, each its own property, for the swarm's --all-violations.
 * The checked variant waits on both conditions and holds.
 */
export default defineModel({
  name: 'unchecked-buffer',
  summary: 'a bounded buffer with a producer and a consumer, with and without the full and empty checks',
  params: z.object({ slots: z.number().int().min(1).max(4).default(2) }),
  variants: {
    unchecked: { summary: 'neither side checks the count', source: 'test fixture', expect: violates('no item is taken from an empty buffer') },
    checked: { summary: 'the producer waits while full, the consumer while empty', source: 'test fixture', expect: holds() },
  },
  build: ({ params: { slots }, variant }) => {
    const items = slots + 1;
    const State = z.object({
      count: z.number().int().min(-items).max(items),
      produced: z.number().int().min(0).max(items),
      consumed: z.number().int().min(0).max(items),
    });
    const checks = variant === 'checked';
    return system(State, {
      init: { count: 0, produced: 0, consumed: 0 },
      actions: {
        put: {
          actor: () => 'producer',
          guard: (s) => s.produced < items && (!checks || s.count < slots),
          effect: (s) => {
            s.count += 1;
            s.produced += 1;
          },
          describe: (_, __, after) => `the producer puts item ${after.produced}: ${after.count} in the buffer`,
        },
        take: {
          actor: () => 'consumer',
          guard: (s) => s.consumed < items && (!checks || s.count > 0),
          effect: (s) => {
            s.count -= 1;
            s.consumed += 1;
          },
          describe: (_, __, after) => `the consumer takes item ${after.consumed}: ${after.count} in the buffer`,
        },
      },
      properties: {
        'the buffer never holds more than its slots': always((s) => s.count <= slots, (s) => `${s.count} items in ${slots} slots`),
        'no item is taken from an empty buffer': always((s) => s.count >= 0, (s) => `the count is ${s.count}`),
      },
      final: (s) => s.produced === items && s.consumed === items,
    });
  },
});
