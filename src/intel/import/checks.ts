/**
 * The first line of defence against a hostile bundle: size, nesting, string lengths and object
 * count, checked before anything else looks at its content.
 */
import { DistillguardError } from '../../errors.js';

/** Bounds on an imported bundle (config intel.limits). */
export interface BundleLimits {
  maxBundleBytes: number;
  maxObjects: number;
  maxStringLength: number;
}

/** Deepest nesting of arrays and objects accepted (STIX objects are shallow). */
export const MAX_DEPTH = 32;

/** Parses bundle text after checking its size. */
export function parseBundleText(text: string | Buffer, limits: BundleLimits, source: string): unknown {
  const bytes = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > limits.maxBundleBytes) {
    throw new DistillguardError('INTEL_BUNDLE_TOO_LARGE', `the bundle is ${bytes} bytes; at most ${limits.maxBundleBytes} are accepted`, {
      location: { file: source }, hint: 'ask the partner to split it, or raise intel.limits.maxBundleBytes', details: { bytes, limit: limits.maxBundleBytes },
    });
  }
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8')) as unknown;
  } catch (cause) {
    throw new DistillguardError('INTEL_BUNDLE_INVALID', `not valid JSON: ${(cause as Error).message}`, { location: { file: source }, hint: 'a STIX bundle is one JSON object', cause });
  }
}

/** Walks the parsed value without recursion: nesting depth, string and key lengths, object count. */
export function checkShape(value: unknown, limits: BundleLimits, source: string): void {
  const objects = (value as { objects?: unknown } | null)?.objects;
  if (Array.isArray(objects) && objects.length > limits.maxObjects) {
    throw new DistillguardError('INTEL_BUNDLE_TOO_LARGE', `the bundle has ${objects.length} objects; at most ${limits.maxObjects} are accepted`, {
      location: { file: source }, hint: 'ask the partner to split it, or raise intel.limits.maxObjects', details: { objects: objects.length, limit: limits.maxObjects },
    });
  }
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength) {
        throw new DistillguardError('INTEL_BUNDLE_TOO_LARGE', `a string of ${current.length} characters; at most ${limits.maxStringLength} are accepted`, {
          location: { file: source, path: path || '(root)' }, hint: 'raise intel.limits.maxStringLength if the partner\'s data is legitimate',
        });
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_DEPTH) {
      throw new DistillguardError('INTEL_BUNDLE_INVALID', `nested more than ${MAX_DEPTH} levels deep`, { location: { file: source, path } });
    }
    if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(current as Record<string, unknown>)) {
        if (key.length > 250) throw new DistillguardError('INTEL_BUNDLE_INVALID', 'a property name longer than 250 characters', { location: { file: source, path } });
        stack.push({ value: item, path: path === '' ? key : `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
}
