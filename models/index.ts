import type { Model } from '../spec/model.js';
import { builtCopy } from '../checker/built-copy.js';
import { importModel } from '../checker/model-module.js';

/** The bundled models' modules, in the order `interleave list` and `check --all` show them. */
const modules = [
  './peterson/peterson.js',
  './philosophers/philosophers.js',
  './ocaml-callback-fragments/ocaml-callback-fragments.js',
  './ctypes-keepalive/ctypes-keepalive.js',
  './stop-the-world/stop-the-world.js',
  './osv-fpu-syscall/osv-fpu-syscall.js',
  './lucet-unwind/lucet-unwind.js',
  './spinlock/spinlock.js',
];

/** A bundled model and the URL of its module (which worker threads import). */
export interface BundledModel {
  /** The model. */
  readonly model: Model;
  /** The module whose default export it is. */
  readonly url: string;
}

/** Every bundled model with its module URL. */
export const bundled: readonly BundledModel[] = await Promise.all(
  modules.map(async (path) => {
    const url = new URL(path, import.meta.url);
    // From the sources (the tests), ./x.js is x.ts: worker threads load the build's copy when it is up to date.
    return { model: await importModel(url.href, path), url: (builtCopy(url) ?? url).href };
  }),
);

/** Every bundled model, in order. */
export const bundledModels: readonly Model[] = bundled.map((b) => b.model);
