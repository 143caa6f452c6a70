import { range, system, type System } from 'interleave-check';
import { domainActions } from './actions.js';
import type { Design } from './design.js';
import { memoryActions } from './gc.js';
import { properties } from './properties.js';
import { UNALLOCATED, blockIds, stateSchema, valueIds, type Params, type State } from './state.js';

/**
 * Builds the system for one runtime design: each variant builds its own (`DESIGNS`), and a
 * test may build a design with one mechanism switched off to see the checker catch it.
 */
export function buildSystem(params: Params, design: Design): System {
  const init: State = {
    domains: range(params.domains).map((d) => ({
      phase: d === 0 ? 'ocaml' : 'not started',
      tls: null,
      // The main thread's copy lives in its static TLS, never freed, outside the modelled
      // blocks; caml_init_callbacks registers it at startup.
      registered: d === 0 && design.code.where === 'thread-local' && design.registeredAtStartup,
      pushed: 0,
      applied: 0,
      closure: 'none',
    })),
    values: valueIds(params).ids.map(() => ({ ...UNALLOCATED })),
    codeFragments: blockIds(params).ids.map(() => null),
    sharedCodeArity: 0,
    gc: 'idle',
  };
  const { callBackN, ...domainSteps } = domainActions(params, design);
  return system(stateSchema(params), {
    init,
    // callBackN comes after the memory actions, so that among equally short traces the seed's
    // (a local variable promoted by a minor GC) is the one printed.
    actions: { ...domainSteps, ...memoryActions(params, design), callBackN },
    properties: properties(design),
  });
}
