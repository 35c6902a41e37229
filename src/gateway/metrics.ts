import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Recorder } from '../recording/recorder.js';

/** The gateway's Prometheus metrics, in a registry of its own (several gateways can share a process in tests). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'distillguard_requests_total',
    help: 'Model API requests answered, by endpoint and HTTP status',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'distillguard_request_duration_seconds',
    help: 'Time from request arrival to the last byte answered',
    labelNames: ['endpoint', 'stream'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly added = new Histogram({
    name: 'distillguard_gateway_added_seconds',
    help: 'Time the gateway added to an exchange: request duration minus the wait on the upstream (sent until its answer was complete); exchanges the upstream answered in full',
    labelNames: ['endpoint', 'stream'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: 'distillguard_upstream_errors_total',
    help: 'Upstream failures by upstream and kind',
    labelNames: ['upstream', 'kind'] as const,
    registers: [this.registry],
  });
  readonly admissionRejected = new Counter({
    name: 'distillguard_admission_rejected_total',
    help: 'Requests answered 503 because the recording queue stayed full',
    registers: [this.registry],
  });
  readonly recordsWritten = new Counter({
    name: 'distillguard_records_written_total',
    help: 'Exchange records written to the store',
    registers: [this.registry],
  });
  readonly recordWriteFailures = new Counter({
    name: 'distillguard_record_write_failures_total',
    help: 'Failed batch writes (retried; records stay queued)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'distillguard_' });
  }

  /** Adds the recording queue gauges, read at scrape time. */
  watchRecorder(recorder: Recorder): void {
    {
      new Gauge({
        name: 'distillguard_recording_queue_depth',
        help: 'Exchange records waiting to be written, plus slots reserved by in-flight requests',
        registers: [this.registry],
        collect() {
          const stats = recorder.stats();
          this.set(stats.queued + stats.reserved);
        },
      });
      new Gauge({
        name: 'distillguard_recording_queue_capacity',
        help: 'Capacity of the recording queue',
        registers: [this.registry],
        collect() {
          this.set(recorder.stats().capacity);
        },
      });
    }
  }
}
