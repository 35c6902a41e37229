/**
 * Server-sent events output: paced by tokens per second, or all at once, and optionally cut off
 * mid-stream to simulate a dropped connection.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { SIM_NAME } from './wire.js';

/** One serialised SSE event (`data: ...\n\n`, possibly with an `event:` line) and the tokens it carries. */
export interface SseFrame {
  readonly text: string;
  /** Output tokens this frame delivers (fractional is fine); 0 for bookkeeping events. */
  readonly tokens: number;
}

/** Frame constructor: the common case of a frame without tokens reads shorter. */
export function frame(text: string, tokens = 0): SseFrame {
  return { text, tokens };
}

/**
 * Every timer the simulator sets, so that `close()` can cancel them all at once and the process
 * does not wait for a paced stream or a latency delay to finish.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`, tracked until it fires or is cleared. */
  set(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  clear(t: NodeJS.Timeout): void {
    clearTimeout(t);
    this.timers.delete(t);
  }

  clearAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** How to send a stream. */
export interface StreamOptions {
  /** 0 or Infinity: everything in one write. */
  tokensPerSecond: number;
  /** Drop the connection after the start and a few content frames. */
  disconnect: boolean;
  timers: TimerSet;
  /** Extra response headers (request ids). */
  headers?: OutgoingHttpHeaders;
}

/** How many content frames reach the client before a simulated disconnect. */
const FRAMES_BEFORE_DISCONNECT = 3;

/** Index of the first frame not sent when disconnecting: after a few content frames, never the whole stream. */
function disconnectPoint(frames: readonly SseFrame[]): number {
  let content = 0;
  for (let i = 0; i < frames.length; i++) {
    if ((frames[i] as SseFrame).tokens > 0 && ++content === FRAMES_BEFORE_DISCONNECT) return Math.min(i + 1, frames.length - 2);
  }
  return Math.max(1, frames.length - 2);
}

/** Streams `frames` on `res` as `text/event-stream`. */
export function sendSse(res: ServerResponse, frames: readonly SseFrame[], opts: StreamOptions): void {
  if (res.destroyed) return;
  const headers: OutgoingHttpHeaders = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    server: SIM_NAME,
  };
  if (opts.headers) Object.assign(headers, opts.headers);
  res.writeHead(200, headers);
  const end = opts.disconnect ? disconnectPoint(frames) : frames.length;
  // Destroy only once the partial stream has been handed to the kernel, so the client sees it.
  const finish = (last: string): void => {
    if (opts.disconnect) res.write(last, () => res.destroy());
    else res.end(last);
  };

  const tps = opts.tokensPerSecond;
  if (!(tps > 0) || tps === Infinity) {
    let body = '';
    for (let i = 0; i < end; i++) body += (frames[i] as SseFrame).text;
    finish(body);
    return;
  }

  // Paced: frame i is due when the tokens up to and including it would have been generated. Timers
  // fire late under load, so each tick sends every frame already due instead of one per tick.
  const msPerToken = 1000 / tps;
  const start = performance.now();
  let i = 0;
  let tokens = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once('close', () => {
    if (timer) opts.timers.clear(timer);
  });
  const tick = (): void => {
    timer = undefined;
    if (res.destroyed) return;
    const elapsed = performance.now() - start;
    let chunk = '';
    while (i < end) {
      const f = frames[i] as SseFrame;
      if ((tokens + f.tokens) * msPerToken > elapsed) break;
      tokens += f.tokens;
      chunk += f.text;
      i++;
    }
    if (i >= end) return finish(chunk);
    if (chunk) res.write(chunk);
    const due = (tokens + (frames[i] as SseFrame).tokens) * msPerToken;
    timer = opts.timers.set(tick, Math.max(0, due - elapsed));
  };
  tick();
}
