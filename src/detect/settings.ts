/**
 * The detection engine's settings as a configuration file gives them: one mapping for every place
 * that starts an engine (`distillguard scan`, the gateway's live engine, and the recording worker it
 * runs in), so that a setting added to `detection:` reaches all of them.
 */

import type { DistillguardConfig } from '../config/schema.js';
import type { DetectionConfig } from './types.js';

/**
 * Engine settings that cross a worker boundary as structured-clone data: the allowlist as an array
 * (the engine takes a Set), and no partner-indicator matcher (each thread builds its own).
 */
export type PortableDetectionConfig = Omit<Partial<DetectionConfig>, 'allowlist' | 'intel'> & { allowlist?: string[] };

/** The engine settings of a configuration (`detection:` and `retention.keepText`). */
export function detectionConfigOf(config: Pick<DistillguardConfig, 'detection' | 'retention'>): PortableDetectionConfig {
  const detection = config.detection;
  return {
    flagThreshold: detection.flagThreshold,
    ...(detection.classifierThreshold === undefined ? {} : { classifierThreshold: detection.classifierThreshold }),
    allowlist: detection.allowlist,
    keepSamples: config.retention.keepText,
    publicText: detection.publicText,
    sharedEgressAccounts: detection.sharedEgressAccounts,
  };
}

/** Portable settings as the engine takes them (the allowlist as a Set). */
export function engineConfigOf(portable: PortableDetectionConfig): Partial<DetectionConfig> {
  const { allowlist, ...rest } = portable;
  return { ...rest, allowlist: new Set(allowlist ?? []) };
}
