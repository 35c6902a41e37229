/**
 * distillguard upstream simulator: a local, deterministic, OpenAI- and Anthropic-compatible model
 * server used behind the gateway in the demo, the tests and the benchmarks. It is not a model.
 *
 * @example
 * const sim = await startUpstreamSimulator({ recordRequests: 10 });
 * const openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x' });
 * const anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'x' });
 * // ...
 * await sim.close();
 */
export { startUpstreamSimulator } from './server.js';
export type { RecordedRequest, UpstreamSim, UpstreamSimFaults, UpstreamSimOptions } from './types.js';
export { estimateTokens } from './text.js';
export { parseDirectives } from './prompt.js';
export { DEFAULT_MODELS } from './models.js';
export { SIM_NAME } from './wire.js';
