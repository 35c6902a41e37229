import { Counter, Histogram, type Registry } from 'prom-client';

/** Enforcement's Prometheus metrics, registered beside the gateway's. */
export class EnforcementMetrics {
  readonly outcomes: Counter<'outcome'>;
  readonly propagation: Histogram;
  readonly reloads: Counter<'result'>;
  readonly backendErrors: Counter<'backend'>;

  constructor(registry: Registry) {
    this.outcomes = new Counter({
      name: 'distillguard_enforcement_requests_total',
      help: 'Model requests by what enforcement did: pass, denied_<code>, rate_limited, reasoning_summary, reasoning_none, dry_run',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.propagation = new Histogram({
      name: 'distillguard_enforcement_propagation_seconds',
      help: 'Delay from another replica publishing a decision to this replica applying it',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.reloads = new Counter({
      name: 'distillguard_enforcement_policy_reloads_total',
      help: 'Policy reload attempts by result (applied, unchanged, rejected)',
      labelNames: ['result'] as const,
      registers: [registry],
    });
    this.backendErrors = new Counter({
      name: 'distillguard_enforcement_backend_errors_total',
      help: 'Failures of a shared enforcement backend (rate limits, bus) by backend',
      labelNames: ['backend'] as const,
      registers: [registry],
    });
  }
}
