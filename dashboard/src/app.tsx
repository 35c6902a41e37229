/** The app: session check, login, and the page of the current route. */
import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../src/dashboard/api-types.ts';
import { ApiError, getJson, postJson, setSessionLostHandler } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { ErrorState, Loading } from './components/States.tsx';
import { LiveProvider } from './live.tsx';
import { Account } from './pages/Account.tsx';
import { Campaign } from './pages/Campaign.tsx';
import { Campaigns } from './pages/Campaigns.tsx';
import { Login } from './pages/Login.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Overview } from './pages/Overview.tsx';
import { useRoute, type Route } from './router.ts';

type SessionState = { state: 'checking' } | { state: 'out'; notice?: string } | { state: 'in'; session: SessionInfo } | { state: 'error'; error: Error };

function Page({ route, session }: { route: Route; session: SessionInfo }) {
  switch (route.page) {
    case 'overview': return <Overview />;
    case 'campaigns': return <Campaigns />;
    case 'campaign': return <Campaign campaignId={route.campaignId} />;
    case 'account': return <Account accountId={route.accountId} keepText={session.keepText} />;
    default: return <NotFound path={route.path} />;
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const check = () => {
    getJson<SessionInfo>('/session').then(
      (info) => setSession({ state: 'in', session: info }),
      (error: Error) => setSession(error instanceof ApiError && error.status === 401 ? { state: 'out' } : { state: 'error', error }),
    );
  };
  useEffect(() => {
    setSessionLostHandler(() => setSession({ state: 'out', notice: 'Your session has ended; log in again.' }));
    check();
  }, []);

  if (session.state === 'checking') return <main id="main"><Loading what="your session" /></main>;
  if (session.state === 'error') return <main id="main"><ErrorState error={session.error} what="the dashboard" onRetry={check} /></main>;
  if (session.state === 'out') return <Login notice={session.notice} onLogin={(info) => setSession({ state: 'in', session: info })} />;
  const logout = async () => {
    await postJson('/logout', {}).catch(() => undefined);
    setSession({ state: 'out', notice: 'You are logged out.' });
  };
  return (
    <LiveProvider onSessionEnded={() => setSession({ state: 'out', notice: 'Your session has ended; log in again.' })}>
      <Layout route={route} session={session.session} onLogout={logout}>
        <Page route={route} session={session.session} />
      </Layout>
    </LiveProvider>
  );
}
