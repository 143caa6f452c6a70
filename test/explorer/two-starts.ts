import { z } from 'zod';
import { always, defineModel, holds, system } from 'interleave-check';

/** A switch that may start on or off: a model with two initial states, for the explorer's start picker. */
export default defineModel({
  name: 'two-starts',
  summary: 'a switch that starts either way',
  variants: { plain: { summary: 'flip it', source: 'test fixture', expect: holds() } },
  build: () =>
    system(z.object({ on: z.boolean() }), {
      init: [{ on: false }, { on: true }],
      actions: {
        flip: { actor: () => 'hand', effect: (s) => void (s.on = !s.on), describe: (_, b, a) => `the switch goes from ${b.on ? 'on' : 'off'} to ${a.on ? 'on' : 'off'}` },
      },
      properties: { 'a boolean': always((s) => typeof s.on === 'boolean') },
    }),
});
