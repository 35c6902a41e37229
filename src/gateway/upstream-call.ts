import { errors, type Dispatcher } from 'undici';

/** Response headers the gateway reads from an upstream (lower-case names). */
const KEPT_HEADERS = new Set(['content-type', 'retry-after', 'retry-after-ms']);

/** What a body consumer is handed: each chunk as it arrives, then the end (with the error, if the body broke off). */
export interface BodySink {
  /** Returns false to pause the upstream until `UpstreamCall.resume()` (backpressure). */
  onChunk(chunk: Buffer): boolean;
  onEnd(error: Error | undefined): void;
}

/**
 * One request to an upstream through undici's `dispatch`, the layer under `pool.request`. The
 * gateway reads every answer once and relays it, so it skips what `request` adds for general use:
 * a Readable stream per body, an AbortController and signal listeners per request, and promise
 * turns per chunk. Chunks are handed over synchronously (streams), or gathered into one buffer.
 *
 * Errors reach the caller exactly as undici reports them (same codes as `pool.request`), so that
 * the gateway's error mapping is unchanged.
 */
export class UpstreamCall implements Dispatcher.DispatchHandler {
  statusCode = 0;
  /** The headers in KEPT_HEADERS, first value of each. */
  readonly headers: Record<string, string> = {};
  private abortFn: ((reason?: Error) => void) | undefined;
  private resumeFn: (() => void) | undefined;
  private abortRequested = false;
  private headSettle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly head: Promise<void>;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes kept when gathering (the rest is read and dropped): error bodies are bounded. */
  private limit = Number.POSITIVE_INFINITY;
  private sink: BodySink | undefined;
  private ended = false;
  private endError: Error | undefined;
  private gathered: { resolve: (body: Buffer) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    this.head = new Promise<void>((resolve, reject) => {
      this.headSettle = { resolve, reject };
    });
  }

  /** Starts the request on `dispatcher`; resolves when the response's status and headers have arrived. */
  start(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    dispatcher.dispatch(options, this);
    return this.head;
  }

  /** Cancels the request (the client is gone). Safe at any point, also before the connection is assigned. */
  abort(): void {
    if (this.abortRequested) return;
    this.abortRequested = true;
    this.abortFn?.(new errors.RequestAbortedError());
  }

  /** True once `abort()` was called. */
  get aborted(): boolean {
    return this.abortRequested;
  }

  /** Lets a paused body flow again. */
  resume(): void {
    this.resumeFn?.();
  }

  /** The whole body, or its first `limit` bytes (the rest is still read, then dropped). */
  body(limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
    this.limit = limit;
    if (this.size > limit) this.truncate();
    if (this.ended) return this.endError ? Promise.reject(this.endError) : Promise.resolve(this.concat());
    return new Promise<Buffer>((resolve, reject) => {
      this.gathered = { resolve, reject };
    });
  }

  /** Hands the body to `sink`: first what arrived before, then each chunk as it comes. */
  pipe(sink: BodySink): void {
    this.sink = sink;
    const early = this.chunks;
    this.chunks = [];
    this.size = 0;
    for (const chunk of early) sink.onChunk(chunk);
    if (this.ended) sink.onEnd(this.endError);
  }

  // ------------------------------------------------------------------ undici's handler interface

  onConnect(abort: (reason?: Error) => void): void {
    this.abortFn = abort;
    if (this.abortRequested) abort(new errors.RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    this.statusCode = statusCode;
    this.resumeFn = resume;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString('latin1').toLowerCase();
      if (KEPT_HEADERS.has(name) && this.headers[name] === undefined) this.headers[name] = rawHeaders[i + 1]!.toString('latin1');
    }
    this.headSettle?.resolve();
    this.headSettle = undefined;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.sink) return this.sink.onChunk(chunk);
    if (this.size < this.limit) this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  onComplete(): void {
    this.finish(undefined);
  }

  onError(error: Error): void {
    if (this.headSettle) {
      this.headSettle.reject(error);
      this.headSettle = undefined;
    }
    this.finish(error);
  }

  private finish(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    if (this.sink) {
      this.sink.onEnd(error);
    } else if (this.gathered) {
      if (error) this.gathered.reject(error);
      else this.gathered.resolve(this.concat());
      this.gathered = undefined;
    }
  }

  private truncate(): void {
    let kept = 0;
    const chunks: Buffer[] = [];
    for (const chunk of this.chunks) {
      if (kept >= this.limit) break;
      const part = chunk.length <= this.limit - kept ? chunk : chunk.subarray(0, this.limit - kept);
      chunks.push(part);
      kept += part.length;
    }
    this.chunks = chunks;
  }

  private concat(): Buffer {
    if (this.size > this.limit) this.truncate();
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }
}
