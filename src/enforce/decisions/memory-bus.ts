import type { DecisionBus, DecisionEnvelope } from './types.js';

/**
 * The in-process bus (single-node default). A hub stands for the network: every bus connected to
 * the same hub receives what any of them publishes. Delivery is asynchronous and serialised
 * through JSON, exactly like a real transport, so that no subscriber shares objects with the sender.
 */
export class MemoryBusHub {
  private readonly buses = new Set<MemoryDecisionBus>();

  connect(): MemoryDecisionBus {
    const bus = new MemoryDecisionBus(this);
    this.buses.add(bus);
    return bus;
  }

  /** @internal */
  deliver(text: string): void {
    for (const bus of this.buses) bus.receive(text);
  }

  /** @internal */
  disconnect(bus: MemoryDecisionBus): void {
    this.buses.delete(bus);
  }
}

export class MemoryDecisionBus implements DecisionBus {
  readonly kind = 'memory';
  private readonly handlers = new Set<(envelope: DecisionEnvelope) => void>();
  private closed = false;

  constructor(private readonly hub: MemoryBusHub) {}

  async publish(envelope: DecisionEnvelope): Promise<void> {
    if (this.closed) return;
    const text = JSON.stringify(envelope);
    setImmediate(() => this.hub.deliver(text));
  }

  /** @internal */
  receive(text: string): void {
    if (this.closed || this.handlers.size === 0) return;
    const envelope = JSON.parse(text) as DecisionEnvelope;
    for (const handler of this.handlers) handler(envelope);
  }

  subscribe(handler: (envelope: DecisionEnvelope) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  onResyncNeeded(): void {
    // nothing is ever missed in-process
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.hub.disconnect(this);
  }
}
