import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../spec/model.js';
import { UsageError } from '../checker/errors.js';
import { didYouMean } from '../checker/did-you-mean.js';
import { importModel } from '../checker/model-module.js';
import { bundled } from '../models/index.js';

/** A model and the URL of the module it came from. */
export interface LoadedModel {
  /** The model. */
  readonly model: Model;
  /** The URL of its module, for worker threads. */
  readonly url: string;
  /** The file it was loaded from, when it is not a bundled model. */
  readonly file?: string;
}

/**
 * Finds a model by the name of a bundled model, or loads it from a file path
 * (`./my-model.ts`, TypeScript or JavaScript) whose default export is a model.
 */
export async function loadModel(nameOrPath: string): Promise<LoadedModel> {
  const found = bundled.find((b) => b.model.name === nameOrPath);
  if (found) return found;
  const file = modelFile(nameOrPath);
  const url = pathToFileURL(file).href;
  return { model: await importModel(url, nameOrPath), url, file };
}

/**
 * The absolute path of the model file `path` names (`./my-model.ts`). Throws a UsageError when
 * it does not look like a path (listing the bundled models) or the file does not exist.
 */
export function modelFile(path: string): string {
  const looksLikePath = /[\\/]|\.(m?[jt]s|cts|cjs)$/.test(path);
  if (!looksLikePath) {
    const names = bundled.map((b) => b.model.name);
    throw new UsageError(
      `there is no bundled model named "${path}". ${didYouMean(path, names)}Bundled models: ${names.join(', ')}. To check a model file, give its path (./my-model.ts).`,
    );
  }
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`model file ${path} does not exist`);
  return file;
}
