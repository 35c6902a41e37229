/**
 * Where the live engine's changes go inside the gateway process: enforcement (decision caches),
 * metrics and the dashboard's live updates subscribe here, whichever thread the engine runs on.
 */

import type { DetectionUpdate } from './live.js';

export type DetectionListener = (update: DetectionUpdate) => void;

export class DetectionFeed {
  private readonly listeners: DetectionListener[] = [];
  /** Verdicts delivered so far (for metrics and tests). */
  verdicts = 0;

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: DetectionListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Delivers an update to every listener; a failing listener does not stop the others. */
  emit(update: DetectionUpdate, onListenerError?: (error: unknown) => void): void {
    this.verdicts += update.verdicts.length;
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        onListenerError?.(error);
      }
    }
  }
}
