/**
 * Holds the policy in force and reloads it without a restart: when the file changes (fs.watch on
 * its folder, so that editors that replace the file are seen too) and on SIGHUP. A reload that
 * fails keeps the old policy and logs the precise problem (file:line), so a typo never opens or
 * closes the gates by accident.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { DistillguardError, isDistillguardError } from '../../errors.js';
import { builtInPolicy, loadPolicyFile } from './load.js';
import type { Policy } from './types.js';

/** The outcome of one reload attempt. */
export type ReloadResult =
  | { ok: true; changed: boolean; policy: Policy }
  | { ok: false; error: DistillguardError };

export interface PolicyHolderOptions {
  /** Path of the policy file; undefined: the built-in policy, never reloaded. */
  file: string | undefined;
  logger: Logger;
  /** Quiet period after a file event before reading (editors write in several steps). */
  debounceMs?: number;
}

/** The current policy and its reload machinery. */
export class PolicyHolder {
  private policy: Policy;
  private lastFailure: { at: string; error: DistillguardError } | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(policy: Policy) => void>();
  private readonly onSighup = (): void => {
    this.reload('SIGHUP');
  };

  /** Loads the file at once; throws POLICY_INVALID / POLICY_NOT_FOUND, so a bad policy stops the start. */
  constructor(private readonly options: PolicyHolderOptions) {
    this.policy = options.file ? loadPolicyFile(options.file) : builtInPolicy();
  }

  /** The policy in force. Cheap: the hot path calls it on every request. */
  get current(): Policy {
    return this.policy;
  }

  /** The last rejected reload, if it is newer than the last good one. */
  get lastError(): { at: string; message: string } | undefined {
    return this.lastFailure ? { at: this.lastFailure.at, message: this.lastFailure.error.describe() } : undefined;
  }

  get file(): string | undefined {
    return this.options.file;
  }

  /** Called with the new policy after each successful reload that changed it. */
  onChange(listener: (policy: Policy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the file. On failure the old policy stays in force and the error is logged. */
  reload(trigger = 'manual'): ReloadResult {
    const file = this.options.file;
    if (!file) return { ok: true, changed: false, policy: this.policy };
    try {
      const next = loadPolicyFile(file);
      this.lastFailure = undefined;
      if (next.version === this.policy.version) return { ok: true, changed: false, policy: this.policy };
      const previous = this.policy.version;
      this.policy = next;
      this.options.logger.info({ policy: file, version: next.version, previous, mode: next.mode, trigger }, 'enforcement policy reloaded');
      for (const listener of this.listeners) listener(next);
      return { ok: true, changed: true, policy: next };
    } catch (cause) {
      const error = isDistillguardError(cause)
        ? cause
        : new DistillguardError('POLICY_INVALID', `reloading the policy failed: ${(cause as Error).message}`, { cause, location: { file } });
      this.lastFailure = { at: new Date().toISOString(), error };
      this.options.logger.error({ policy: file, trigger, error: error.describe(), kept: this.policy.version },
        `enforcement policy reload rejected, the previous policy stays in force: ${error.describe()}`);
      return { ok: false, error };
    }
  }

  /** Starts watching the file and listening for SIGHUP. */
  watch(): void {
    const file = this.options.file;
    if (!file || this.watcher) return;
    const absolute = resolve(file);
    const name = basename(absolute);
    try {
      this.watcher = watch(dirname(absolute), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed.toString() !== name) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload('file change'), this.options.debounceMs ?? 100);
        this.timer.unref();
      });
      this.watcher.on('error', (error) => this.options.logger.error({ err: error, policy: file }, 'watching the policy file failed; SIGHUP still reloads it'));
    } catch (error) {
      this.options.logger.error({ err: error, policy: file }, 'cannot watch the policy file; SIGHUP still reloads it');
    }
    process.on('SIGHUP', this.onSighup);
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    process.off('SIGHUP', this.onSighup);
    this.listeners.clear();
  }
}
