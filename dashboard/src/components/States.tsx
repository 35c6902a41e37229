/** Loading, error and empty states: every list and page says what is going on, never a blank. */
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return <p class="state state-loading" role="status" aria-live="polite">Loading {what}…</p>;
}

export function ErrorState({ error, onRetry, what }: { error: Error; onRetry?: () => void; what: string }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div class="state state-error" role="alert">
      <p><strong>Could not load {what}.</strong> {error.message}{api ? <span class="code"> ({api.code})</span> : null}</p>
      {api?.hint ? <p class="hint">{api.hint}</p> : null}
      {onRetry ? <button type="button" onClick={onRetry}>Try again</button> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p><strong>{title}</strong></p>
      {children ? <p>{children}</p> : null}
    </div>
  );
}

/** Shows loading, error or the content of a resource. */
export function Loaded<T>({ resource, what, children }: {
  resource: { data: T | undefined; error: Error | undefined; loading: boolean; reload(): void };
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.data !== undefined) {
    return (
      <>
        {resource.error ? <p class="state state-stale" role="status">Showing earlier data: the last refresh failed ({resource.error.message}).</p> : null}
        {children(resource.data)}
      </>
    );
  }
  if (resource.error) return <ErrorState error={resource.error} what={what} onRetry={resource.reload} />;
  return <Loading what={what} />;
}
