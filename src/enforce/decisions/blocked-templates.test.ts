import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockedTemplateIndex, MIN_TEMPLATE_HITS, templateClustersOf } from './blocked-templates.js';

describe('blocked campaign templates', () => {
  it('matches a prompt that carries enough shingles of one cluster of a blocked campaign', () => {
    const index = new BlockedTemplateIndex();
    assert.equal(index.active, false);
    index.setCampaign('cmp_a', [{ template_id: 't_1', shingles: [10, 11, 12, 13], accounts: 40, exchanges: 300 }, { template_id: 't_2', shingles: [20, 21], accounts: 12, exchanges: 30 }], true);
    assert.equal(index.active, true);
    assert.deepEqual(index.match(Uint32Array.from([1, 10, 2, 11, 12])), { campaignId: 'cmp_a', templateId: 't_1' });
    assert.equal(index.match(Uint32Array.from([10, 11, 20])), undefined, `${MIN_TEMPLATE_HITS} of one cluster, not spread over two`);
    assert.deepEqual(index.match(Uint32Array.from([20, 21])), { campaignId: 'cmp_a', templateId: 't_2' }, 'all of a smaller cluster');
    assert.equal(index.match(Uint32Array.from([10, 10, 10])), undefined, 'a phrase repeated in one prompt counts once');
  });

  it('forgets a campaign once it is no longer blocked, and ignores one-shingle and little-used clusters', () => {
    const index = new BlockedTemplateIndex();
    index.setCampaign('cmp_a', [{ template_id: 't_1', shingles: [10, 11, 12], accounts: 40, exchanges: 300 }], true);
    index.setCampaign('cmp_b', [{ template_id: 't_9', shingles: [99], accounts: 40, exchanges: 300 }, { template_id: 't_8', shingles: [7, 8, 9], accounts: 7, exchanges: 7 }], true);
    assert.deepEqual(index.match(Uint32Array.from([99])), undefined);
    assert.deepEqual(index.match(Uint32Array.from([7, 8, 9])), undefined, 'a cluster few of the campaign\'s accounts used holds nobody');
    index.setCampaign('cmp_a', [{ template_id: 't_1', shingles: [10, 11, 12], accounts: 40, exchanges: 300 }], false);
    assert.equal(index.match(Uint32Array.from([10, 11, 12])), undefined);
    assert.equal(index.active, false);
  });

  it('rebuilds only when what holds requests changed, not at every refresh of a campaign', () => {
    const index = new BlockedTemplateIndex();
    const clusters = [{ template_id: 't_1', shingles: [10, 11, 12], accounts: 40, exchanges: 300 }];
    index.setCampaign('cmp_a', clusters, true);
    assert.equal(index.active, true);
    const dirty = () => (index as unknown as { dirty: boolean }).dirty;
    index.setCampaign('cmp_a', clusters.map((c) => ({ ...c, exchanges: 320 })), true);
    assert.equal(dirty(), false, 'the same template with more use: nothing to rebuild');
    index.setCampaign('cmp_b', [{ template_id: 't_5', shingles: [1, 2, 3], accounts: 2, exchanges: 2 }], true);
    assert.equal(dirty(), false, 'a blocked campaign without an established template changes nothing');
    index.setCampaign('cmp_a', [{ ...clusters[0]!, shingles: [10, 11, 12, 13] }], true);
    assert.equal(dirty(), true, 'a grown template is indexed again');
    assert.deepEqual(index.match(Uint32Array.from([11, 12, 13])), { campaignId: 'cmp_a', templateId: 't_1' });
  });

  it('reads clusters from campaign records, skipping malformed ones', () => {
    assert.deepEqual(templateClustersOf({ campaign_id: 'x' }), []);
    assert.deepEqual(templateClustersOf({ template_clusters: [{ template_id: 't_1', shingles: [1, -2, 'x', 2 ** 33, 5] }, { shingles: [1] }, null, 'nope'] }),
      [{ template_id: 't_1', shingles: [1, 5], accounts: 0, exchanges: 0 }]);
  });
});
