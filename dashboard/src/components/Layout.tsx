/** The frame of every page: skip link, navigation, account search, live status, log out. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionInfo } from '../../../src/dashboard/api-types.ts';
import { formatAgo } from '../format.ts';
import { useLive } from '../live.tsx';
import { hrefOf, navigate, type Route } from '../router.ts';

function LiveStatus() {
  const { connected, lastChange, paused, setPaused } = useLive();
  const [, setNow] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setNow((n) => n + 1), 5000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div class="live">
      <span class={`live-dot ${connected && !paused ? 'on' : 'off'}`} aria-hidden="true" />
      <span>{paused ? 'Live updates paused' : connected ? 'Live' : 'Reconnecting…'}{lastChange ? ` · data changed ${formatAgo(new Date(lastChange).toISOString())}` : ''}</span>
      <button type="button" class="link" onClick={() => setPaused(!paused)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</button>
    </div>
  );
}

export function Layout({ route, session, onLogout, children }: { route: Route; session: SessionInfo; onLogout: () => void; children: ComponentChildren }) {
  const main = useRef<HTMLElement>(null);
  const [accountId, setAccountId] = useState('');
  const first = useRef(true);
  // move focus to the new page's content on navigation, so screen readers start reading there
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    main.current?.focus();
  }, [JSON.stringify(route)]);
  const current = (page: Route['page'] | Route['page'][]) => ((Array.isArray(page) ? page : [page]).includes(route.page) ? 'page' : undefined);

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>Skip to content</a>
      <header class="topbar">
        <span class="brand">distillguard</span>
        <nav aria-label="Main">
          <a href={hrefOf.overview()} aria-current={current('overview')}>Overview</a>
          <a href={hrefOf.campaigns()} aria-current={current(['campaigns', 'campaign'])}>Campaigns</a>
        </nav>
        <form class="account-search" role="search" onSubmit={(e) => { e.preventDefault(); if (accountId.trim()) navigate(hrefOf.account(accountId.trim())); }}>
          <label for="account-search">Account</label>
          <input id="account-search" type="search" placeholder="account id" value={accountId} onInput={(e) => setAccountId((e.target as HTMLInputElement).value)} />
          <button type="submit">Open</button>
        </form>
        <LiveStatus />
        <span class="who">{session.actor}</span>
        <button type="button" onClick={onLogout}>Log out</button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>{children}</main>
    </>
  );
}
