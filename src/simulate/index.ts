/**
 * The traffic simulator: scenarios of benign customers and distillation campaigns, generated as
 * spec v1 exchanges, accounts and ground-truth labels (docs/SIMULATION.md).
 *
 * ```ts
 * const scenario = scaleScenario(loadScenario('small'), 0.5);
 * const summary = await runSimulation({ scenario, seed: 1, outDir: 'sim/' });
 * ```
 */
export { ARCHETYPE_NAMES, ARCHETYPES } from './archetypes.js';
export type { Archetype, BehaviourParams, ModelPolicy, NetworkKind, Rhythm, SignupPattern } from './archetypes.js';
export { defaultWorkers, runSimulation } from './engine.js';
export type { SimulationOptions, SimulationSummary } from './engine.js';
export { ProgressBar, SILENT_PROGRESS } from './progress.js';
export type { ProgressSink } from './progress.js';
export { builtinScenarios, loadScenario, parseScenario, scaleScenario, SCENARIO_DIR } from './scenario.js';
export type { CampaignSpec, ModelSpec, PopulationSpec, ReasoningExposure, Scenario } from './scenario.js';
