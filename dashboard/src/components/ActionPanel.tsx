/**
 * Analyst actions with a dry-run / enforce switch, a required reason, and a confirmation step
 * for enforced actions. The result (or the refusal) is announced to screen readers.
 */
import { useRef, useState } from 'preact/hooks';
import type { ActionResponse } from '../../../src/dashboard/api-types.ts';
import { ApiError, postJson } from '../api.ts';
import { actionLabel } from '../format.ts';

export interface ActionChoice {
  action: string;
  label: string;
  /** What happens, in one sentence, shown before confirming. */
  effect: string;
  /** Offer the dry-run switch (countermeasures); overrides are always recorded as they are. */
  dryRunnable: boolean;
}

export function ActionPanel({ endpoint, choices, targetLabel, onDone }: {
  endpoint: string;
  choices: ActionChoice[];
  targetLabel: string;
  onDone: () => void;
}) {
  const [action, setAction] = useState(choices[0]?.action ?? '');
  const [dryRun, setDryRun] = useState(false);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const choice = choices.find((c) => c.action === action) ?? choices[0];
  if (!choice) return null;
  const effectiveDryRun = choice.dryRunnable && dryRun;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setResult({ ok: false, text: 'Say why in the reason field: it goes to the audit log.' });
      reasonField.current?.focus();
      return;
    }
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    try {
      const response = await postJson<ActionResponse>(endpoint, { action: choice.action, reason: reason.trim(), dryRun: effectiveDryRun });
      setResult({ ok: true, text: `${actionLabel(response.action.kind)} ${response.action.dryRun ? 'recorded as a dry run' : 'done'} on ${targetLabel} by ${response.action.actor} (audit: ${response.audit}).` });
      setReason('');
      onDone();
    } catch (error) {
      const api = error instanceof ApiError ? error : undefined;
      setResult({ ok: false, text: `Not done: ${(error as Error).message}${api?.hint ? `. ${api.hint}` : ''}` });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <form class="panel actions-panel" onSubmit={submit} aria-labelledby="actions-title">
      <h2 id="actions-title">Act on {targetLabel}</h2>
      <fieldset>
        <legend>Action</legend>
        {choices.map((c) => (
          <label key={c.action} class="radio">
            <input type="radio" name="action" value={c.action} checked={c.action === action}
              onChange={() => { setAction(c.action); setConfirming(false); }} />
            {c.label}
          </label>
        ))}
      </fieldset>
      {choice.dryRunnable ? (
        <fieldset>
          <legend>Mode</legend>
          <label class="radio"><input type="radio" name="mode" value="enforce" checked={!dryRun} onChange={() => { setDryRun(false); setConfirming(false); }} /> Enforce now</label>
          <label class="radio"><input type="radio" name="mode" value="dry-run" checked={dryRun} onChange={() => { setDryRun(true); setConfirming(false); }} /> Dry run (record what would happen, change nothing)</label>
        </fieldset>
      ) : null}
      <label class="field">
        Reason (for the audit log)
        <textarea ref={reasonField} name="reason" rows={2} required maxLength={500} value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      </label>
      <p class="effect">{choice.effect}{effectiveDryRun ? ' As a dry run, only the record is written.' : ''}</p>
      {confirming ? (
        <p class="confirm" role="alert">
          {effectiveDryRun ? 'Record a dry run of' : 'Really'} “{choice.label}” on {targetLabel}?{' '}
          <button type="submit" class="danger" disabled={busy}>Confirm {choice.label.toLowerCase()}</button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </p>
      ) : (
        <p><button type="submit" class={effectiveDryRun ? '' : 'primary'} disabled={busy}>{choice.label}{effectiveDryRun ? ' (dry run)' : ''}…</button></p>
      )}
      <p class={`result ${result?.ok ? 'ok' : 'bad'}`} role="status" aria-live="polite">{result?.text ?? ''}</p>
    </form>
  );
}
