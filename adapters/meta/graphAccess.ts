/** How an adapter reaches Meta's Graph API: the seams tests (and careful operators) set. */
import type { GraphTimeouts } from './graphClient';
import type { RetryPolicy } from './retry';

export interface GraphAccessOptions {
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Timeouts of the calls to the platform (tests shorten them). */
  timeouts?: GraphTimeouts;
}
