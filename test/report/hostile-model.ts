import { z } from 'zod';
import { always, defineModel, system, violates } from 'interleave-check';

/** Markup, entities, both quotes and a control character: what every model string must survive. */
export const hostile = `<img src=x onerror="window.pwned=1">&amp;'"</td>\u0001`;

/**
 * A model whose every string (name, summaries, variant, actor, sentences, state values,
 * property name and explanation) is hostile markup, for the renderers' escaping tests.
 */
export default defineModel({
  name: 'hostile<b>',
  summary: `a model made of markup: ${hostile}`,
  variants: {
    [`bad"<v>`]: { summary: hostile, source: hostile, expect: violates(`never <two>`) },
  },
  build: () =>
    system(z.object({ mode: z.enum(['idle', hostile]), n: z.number().int().min(0).max(2) }), {
      init: { mode: 'idle' as const, n: 0 },
      actions: {
        poke: {
          actor: () => `actor ${hostile}`,
          guard: (s) => s.n < 2,
          effect: (s) => {
            s.n += 1;
            s.mode = hostile;
          },
          describe: () => `pokes ${hostile}`,
        },
      },
      properties: {
        [`never <two>`]: always((s) => s.n < 2, (s) => `n is ${s.n} ${hostile}`),
      },
    }),
});
