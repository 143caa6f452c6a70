import { createHash } from 'node:crypto';
import type { Instance } from '../../instance.js';
import { messageOf } from '../../errors.js';

/**
 * What identifies the instance a thread built, part by part: hashes of its initial states'
 * encodings, its action instances' labels, its properties' kinds and names, and its state
 * encoding's layout. A worker thread builds its own instance from the model's module, so two
 * threads agree only when the model's build is deterministic.
 */
export interface InstanceSignature {
  readonly initial: string;
  readonly actions: string;
  readonly properties: string;
  readonly layout: string;
}

/** The signature of an instance. */
export function signatureOf(instance: Instance): InstanceSignature {
  const { codec, system } = instance;
  const words = new Uint32Array(codec.words);
  const encodingOf = (state: unknown): string => {
    try {
      codec.encode(state, words, 0);
      return words.join(',');
    } catch (error) {
      return `unencodable: ${messageOf(error)}`;
    }
  };
  const properties = [...instance.invariants, ...instance.reachability, ...instance.finalProperties, ...instance.liveness];
  return {
    initial: hash(system.init.map(encodingOf).join(';')),
    actions: hash(instance.actions.map((a) => a.label).join('\n')),
    properties: hash(properties.map((p) => `${p.kind} ${p.name}`).join('\n')),
    layout: hash(JSON.stringify(codec.shape)),
  };
}

const partWords: Record<keyof InstanceSignature, string> = {
  initial: 'different initial states',
  actions: 'different action instances',
  properties: 'different properties',
  layout: 'a different state schema',
};

/** What differs between two signatures, in words ("different initial states"), or undefined when they agree. */
export function signatureDifference(expected: InstanceSignature, actual: InstanceSignature): string | undefined {
  const part = (Object.keys(partWords) as (keyof InstanceSignature)[]).find((k) => expected[k] !== actual[k]);
  return part && partWords[part];
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
