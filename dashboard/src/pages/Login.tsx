/** Login with the admin token; refusals are shown next to the field they concern. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LoginRequest, SessionInfo } from '../../../src/dashboard/api-types.ts';
import { ApiError, postJson } from '../api.ts';
import { useTitle } from '../hooks.ts';

export function Login({ onLogin, notice }: { onLogin: (session: SessionInfo) => void; notice?: string }) {
  useTitle('Log in');
  const [name, setName] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  useEffect(() => nameField.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: LoginRequest = { name: name.trim(), token };
      onLogin(await postJson<SessionInfo>('/login', body));
    } catch (caught) {
      const api = caught instanceof ApiError ? caught : undefined;
      const field = api?.param ?? (api?.code === 'DASHBOARD_LOGIN_FAILED' ? 'token' : undefined);
      setError({ text: `${(caught as Error).message}${api?.hint ? `. ${api.hint}.` : ''}`, ...(field ? { field } : {}) });
      (field === 'name' ? nameField : tokenField).current?.focus();
      if (field === 'token') setToken('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <h1>distillguard</h1>
      <p class="muted">Analyst dashboard. Log in with this gateway's admin token.</p>
      {notice ? <p class="state state-stale" role="status">{notice}</p> : null}
      <form onSubmit={submit} noValidate>
        <label class="field" for="login-name">Your name <span class="muted">(recorded in the audit log)</span></label>
        <input id="login-name" ref={nameField} name="name" autoComplete="username" required value={name}
          aria-invalid={error?.field === 'name'} aria-describedby={error ? 'login-error' : undefined}
          onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <label class="field" for="login-token">Admin token</label>
        <input id="login-token" ref={tokenField} name="token" type="password" autoComplete="current-password" required value={token}
          aria-invalid={error?.field === 'token'} aria-describedby={error ? 'login-error' : undefined}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        <p id="login-error" class="result bad" role="alert">{error?.text ?? ''}</p>
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </main>
  );
}
