/** Every detected campaign: score, size, take, when, what it targets, status and what was done. */
import { useState } from 'preact/hooks';
import type { CampaignsResponse, CampaignStatus } from '../../../src/dashboard/api-types.ts';
import { ActionsTaken, Chips, ScoreBar, StatusBadge } from '../components/Badges.tsx';
import { EmptyState, Loaded } from '../components/States.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';
import { hrefOf } from '../router.ts';

export function Campaigns() {
  useTitle('Campaigns');
  const [status, setStatus] = useState<CampaignStatus | ''>('');
  const campaigns = useApi<CampaignsResponse>(`/campaigns${status ? `?status=${status}` : ''}`);
  return (
    <section aria-labelledby="campaigns-title">
      <div class="page-head">
        <h1 id="campaigns-title">Campaigns</h1>
        <label class="inline-field">
          Status
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as CampaignStatus | '')}>
            <option value="">all</option>
            <option value="active">active</option>
            <option value="blocked">blocked</option>
            <option value="dismissed">dismissed</option>
          </select>
        </label>
      </div>
      <Loaded resource={campaigns} what="campaigns">
        {(data) => data.campaigns.length === 0 ? (
          <EmptyState title={status ? `No ${status} campaign.` : 'No campaign detected yet.'}>
            A campaign appears when the detection engine links accounts by shared infrastructure, payment or prompt templates.
          </EmptyState>
        ) : (
          <div class="table-scroll">
            <table class="data campaigns-table">
              <caption>{data.campaigns.length} {data.campaigns.length === 1 ? 'campaign' : 'campaigns'}, highest score first</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col">Accounts</th>
                  <th scope="col">Exchanges</th><th scope="col">First seen</th><th scope="col">Detected</th>
                  <th scope="col">Capabilities targeted</th><th scope="col">Actions taken</th>
                </tr>
              </thead>
              <tbody>
                {data.campaigns.map((c) => (
                  <tr key={c.campaignId} data-campaign={c.campaignId}>
                    <th scope="row"><a href={hrefOf.campaign(c.campaignId)}>{c.campaignId}</a><div class="summary">{c.summary}</div></th>
                    <td><StatusBadge status={c.status} /></td>
                    <td><ScoreBar score={c.score} /></td>
                    <td>{formatNumber(c.accounts)}</td>
                    <td>{formatNumber(c.exchanges)}</td>
                    <td>{formatTime(c.firstSeen)}</td>
                    <td>{formatTime(c.detectedAt)}</td>
                    <td><Chips items={c.capabilities} label="capabilities targeted" /></td>
                    <td><ActionsTaken actions={c.actions} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}
