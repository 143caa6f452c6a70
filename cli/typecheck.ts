import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { UsageError } from '../checker/errors.js';
import { bundled } from '../models/index.js';
import { modelFile } from './load-model.js';

/** The packages a model imports that the checker can lend it when its folder lacks them. */
const SHARED = ['interleave-check', 'zod'] as const;

/**
 * `check --typecheck <file>`: type-checks the model file `target` names (see `typecheckModel`).
 * A bundled model, or no model, is a UsageError: bundled models are compiled with the package.
 */
export async function typecheckTarget(target: string | undefined, color: boolean): Promise<void> {
  if (target === undefined) throw new UsageError('--typecheck type-checks a model file: give its path (interleave check ./my-model.ts --typecheck)');
  if (bundled.some((b) => b.model.name === target)) {
    throw new UsageError(`--typecheck type-checks a model file; ${target} is a bundled model, type-checked when the package was built`);
  }
  const file = modelFile(target);
  const errors = typecheckModel(await loadTypeScript(file), file, color);
  if (errors > 0) throw new UsageError(`${errors} type error${errors === 1 ? '' : 's'} in ${target}; the model was not checked`);
}

/**
 * Type-checks a model file (and what it imports) with TypeScript `compiler`, as `tsc --noEmit`
 * would, and prints the errors as tsc prints them on stderr. It uses the
 * tsconfig.json above the file when there is one, else strict options for an ES module; the
 * model folder's own `typescript`, else the checker's. Where the folder lacks `interleave-check`
 * or `zod`, their types come from the checker's installation, as the modules do when it runs.
 * Returns how many errors it found.
 */
function typecheckModel(compiler: typeof ts, file: string, color: boolean): number {
  const fromModel = createRequire(file);
  const fromChecker = createRequire(import.meta.url);
  const { options, errors } = compilerOptions(compiler, file);
  const lent = SHARED.filter((name) => !resolves(fromModel, name));
  const paths = Object.fromEntries(lent.map((name) => [name, [dirname(fromChecker.resolve(`${name}/package.json`))]]));
  const program = compiler.createProgram({ rootNames: [file], options: { ...options, noEmit: true, paths: { ...paths, ...options.paths } } });
  const diagnostics = [...errors, ...compiler.getPreEmitDiagnostics(program)];
  if (diagnostics.length === 0) return 0;
  const host: ts.FormatDiagnosticsHost = {
    getCurrentDirectory: () => process.cwd(),
    getCanonicalFileName: (name) => name,
    getNewLine: () => '\n',
  };
  const format = color ? compiler.formatDiagnosticsWithColorAndContext : compiler.formatDiagnostics;
  process.stderr.write(format(diagnostics, host));
  return diagnostics.filter((d) => d.category === compiler.DiagnosticCategory.Error).length;
}

/** The TypeScript of the model file's folder when it has one (its version, its behaviour), else the checker's own. */
async function loadTypeScript(file: string): Promise<typeof ts> {
  const fromModel = createRequire(file);
  const path = resolves(fromModel, 'typescript') ? fromModel.resolve('typescript') : createRequire(import.meta.url).resolve('typescript');
  return ((await import(pathToFileURL(path).href)) as { default: typeof ts }).default;
}

/** The tsconfig.json above the file, else strict options for an ES module importing `.ts` files. */
function compilerOptions(compiler: typeof ts, file: string): Pick<ts.ParsedCommandLine, 'options' | 'errors'> {
  const config = compiler.findConfigFile(dirname(file), compiler.sys.fileExists);
  if (config === undefined) {
    const options = {
      strict: true,
      target: compiler.ScriptTarget.ES2022,
      module: compiler.ModuleKind.ESNext,
      moduleResolution: compiler.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
    };
    return { options, errors: [] };
  }
  const host: ts.ParseConfigFileHost = {
    ...compiler.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new UsageError(`${config}: ${compiler.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    },
  };
  return compiler.getParsedCommandLineOfConfigFile(config, { noEmit: true }, host) ?? { options: {}, errors: [] };
}

/** Whether `name` resolves from where `from` was made. */
function resolves(from: NodeRequire, name: string): boolean {
  try {
    from.resolve(name);
    return true;
  } catch {
    return false;
  }
}
