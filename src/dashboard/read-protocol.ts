/** Messages between the gateway thread and the dashboard's read worker. */
import type { Store } from '../store/types.js';
import type { DashboardQueries } from './queries.js';

/** The store reads the dashboard's read models make. */
export type DashboardReadStore = Pick<Store,
  'getAccount' | 'listApiKeys' | 'countExchanges' | 'listRecentExchanges' | 'exchangeSeries' | 'listModelFirstSeen' | 'campaignTake' |
  'listVerdicts' | 'listLatestVerdicts' | 'getCampaign' | 'listCampaigns' | 'listActions' | 'listAudit'>;

/** The read models the worker computes: only the finished page data crosses back to the request thread. */
export const READ_MODELS = ['overview', 'campaigns', 'campaign', 'campaignGraph', 'account'] as const satisfies ReadonlyArray<keyof DashboardQueries>;
export type DashboardReadModels = Pick<DashboardQueries, (typeof READ_MODELS)[number]>;

export interface ReadWorkerData {
  path: string;
}

export interface ReadRequest {
  id: number;
  method: (typeof READ_MODELS)[number];
  args: unknown[];
  /** The caller's clock (ms), so that the worker's answers match the thread that asked. */
  nowMs: number;
}

export type ReadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { coded: boolean; code?: string | undefined; message: string; hint?: string | undefined; status?: number | undefined; details?: Record<string, unknown> | undefined } };
