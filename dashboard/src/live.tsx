/**
 * Live updates: one EventSource on /dashboard/api/events; each `change` event bumps a counter that
 * pages use as a dependency to refetch. Bursts (a replay sends many batches a second) are merged
 * so that a page refetches at most every REFRESH_MS.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { API_BASE } from './api.ts';

const REFRESH_MS = 2000;

export interface LiveState {
  /** Increments when the data may have changed. */
  tick: number;
  connected: boolean;
  /** When the last change arrived (ms since epoch), or null. */
  lastChange: number | null;
  paused: boolean;
  setPaused(paused: boolean): void;
}

const LiveContext = createContext<LiveState>({ tick: 0, connected: false, lastChange: null, paused: false, setPaused: () => {} });

export function LiveProvider({ children, onSessionEnded }: { children: ComponentChildren; onSessionEnded: () => void }) {
  const [tick, setTick] = useState(0);
  const [connected, setConnected] = useState(false);
  const [lastChange, setLastChange] = useState<number | null>(null);
  const [paused, setPaused] = useState(false);
  const pending = useRef<number | undefined>(undefined);
  const lastBump = useRef(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const source = new EventSource(`${API_BASE}/events`);
    const bump = () => {
      setLastChange(Date.now());
      if (pausedRef.current || pending.current !== undefined) return;
      const wait = Math.max(0, lastBump.current + REFRESH_MS - Date.now());
      pending.current = window.setTimeout(() => {
        pending.current = undefined;
        lastBump.current = Date.now();
        setTick((t) => t + 1);
      }, wait);
    };
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('change', bump);
    source.addEventListener('session', () => {
      source.close();
      onSessionEnded();
    });
    return () => {
      source.close();
      if (pending.current !== undefined) window.clearTimeout(pending.current);
    };
  }, []);

  useEffect(() => {
    if (!paused) setTick((t) => t + 1);
  }, [paused]);

  return <LiveContext.Provider value={{ tick, connected, lastChange, paused, setPaused }}>{children}</LiveContext.Provider>;
}

export const useLive = (): LiveState => useContext(LiveContext);
