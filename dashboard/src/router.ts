/**
 * Hash routes (`#/campaigns/cmp_1`): the server serves one page, and every view has a URL an
 * analyst can bookmark or paste into an incident channel.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview' }
  | { page: 'campaigns' }
  | { page: 'campaign'; campaignId: string }
  | { page: 'account'; accountId: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  if (parts.length === 0) return { page: 'overview' };
  if (parts[0] === 'campaigns' && parts.length === 1) return { page: 'campaigns' };
  if (parts[0] === 'campaigns' && parts.length === 2) return { page: 'campaign', campaignId: parts[1]! };
  if (parts[0] === 'accounts' && parts.length === 2) return { page: 'account', accountId: parts[1]! };
  return { page: 'not-found', path };
}

export const hrefOf = {
  overview: () => '#/',
  campaigns: () => '#/campaigns',
  campaign: (id: string) => `#/campaigns/${encodeURIComponent(id)}`,
  account: (id: string) => `#/accounts/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
