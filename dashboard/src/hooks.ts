/** Data loading for pages: loading, error and data states, refetched on live changes. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api.ts';
import { useLive } from './live.tsx';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True only for the first load; live refreshes keep the old data on screen. */
  loading: boolean;
  reload(): void;
}

export interface UseApiOptions {
  /** Refetch on live changes (default true). */
  live?: boolean;
  /** Refetch when this changes (for data that is not live but follows something that is). */
  version?: string | number;
}

/** GETs `path` now, whenever it changes, on reload(), and (unless `live: false`) on every live change. */
export function useApi<T>(path: string | null, options: UseApiOptions = {}): Resource<T> {
  const live = useLive();
  const tick = options.live === false ? 0 : live.tick;
  const [state, setState] = useState<{ data?: T; error?: Error; loadedPath?: string }>({});
  const [reloads, setReloads] = useState(0);
  const current = useRef(path);
  current.current = path;

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    getJson<T>(path, controller.signal).then(
      (data) => { if (current.current === path) setState({ data, loadedPath: path }); },
      (error: Error) => {
        if (error.name === 'AbortError' || current.current !== path) return;
        // on a failed live refresh keep showing the data we have, with the error beside it
        setState((previous) => ({ ...(previous.loadedPath === path ? { data: previous.data } : {}), error, loadedPath: path }));
      },
    );
    return () => controller.abort();
  }, [path, tick, reloads, options.version]);

  const fresh = state.loadedPath === path;
  return {
    data: fresh ? state.data : undefined,
    error: fresh ? state.error : undefined,
    loading: !fresh,
    reload: () => setReloads((n) => n + 1),
  };
}

/** Sets the document title (screen readers announce it on navigation). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · distillguard`;
  }, [title]);
}
