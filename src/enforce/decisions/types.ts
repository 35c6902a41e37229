/**
 * How decisions travel: the detection engine and analysts publish verdicts, campaigns and actions;
 * every replica's decision cache applies them. The bus carries whole records (not ids), so that a
 * replica never has to query a store to act on a message.
 */
import type { CampaignRecord, Verification } from '../../records/types.js';
import type { StoredAction, StoredCampaign, StoredVerdict } from '../../store/types.js';

/** One change a replica must know about. */
export type DecisionMessage =
  | { kind: 'verdict'; verdict: StoredVerdict }
  /** A campaign as stored (its status included). */
  | { kind: 'campaign'; campaign: StoredCampaign }
  /** A new action, or one that was revoked (revokedAt set). */
  | { kind: 'action'; action: StoredAction }
  /** An account's verification level or programme changed (e.g. an admin verified it). */
  | { kind: 'account'; accountId: string; verification?: Verification; program?: string | null };

/** What a bus delivers: one or more messages from one replica. */
export interface DecisionEnvelope {
  /** Id of the publishing replica. */
  origin: string;
  /** Publication time (ms since epoch), to measure propagation. */
  sentAt: number;
  messages: DecisionMessage[];
}

/**
 * A publish/subscribe channel between replicas. Delivery is at-most-once (a replica that was away
 * resynchronises from the store, see `onResyncNeeded`); every subscriber on every connected
 * replica, the publisher's own included, receives each envelope, in publication order per publisher.
 * Implementations pass `describeDecisionBusContract` (bus.contract.ts).
 */
export interface DecisionBus {
  readonly kind: string;
  publish(envelope: DecisionEnvelope): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(handler: (envelope: DecisionEnvelope) => void): () => void;
  /** Called when messages may have been missed (a reconnection), so that the caller resyncs. */
  onResyncNeeded(listener: () => void): void;
  close(): Promise<void>;
}

/** How a publish call treats the store. */
export interface PublishOptions {
  /**
   * True when the caller has stored the verdicts or campaign itself (the live engine does): they
   * are then only distributed, and the campaign's status is read back from the store.
   */
  alreadyStored?: boolean;
}

/**
 * The interface the detection engine calls. Each call stores the record (unless `alreadyStored`),
 * records the countermeasures the policy takes because of it, and reaches every replica's decision
 * cache within a second.
 */
export interface DecisionPublisher {
  publishVerdict(verdict: StoredVerdict, options?: PublishOptions): Promise<void>;
  /** Many verdicts at once (one bus message), for engines that decide in batches. */
  publishVerdicts(verdicts: readonly StoredVerdict[], options?: PublishOptions): Promise<void>;
  publishCampaign(campaign: StoredCampaign | CampaignRecord, options?: PublishOptions): Promise<void>;
}
