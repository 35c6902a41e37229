import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` beside the caller (`callerUrl`: the caller's
 * `import.meta.url`): `name.js` in the build, `name.ts` when the caller itself runs from sources
 * (tests, `node --import tsx`). Node 20 does not apply `--import` loaders to a worker's entry
 * module, so from sources the worker first registers tsx (a development dependency; the build
 * needs nothing of the sort) and then imports its module.
 */
export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
