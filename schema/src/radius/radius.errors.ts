import { DomainError } from '../shared/errors.ts';
import type { TemplateProblem } from './templates.ts';

/** A reply-attribute template that does not parse: each problem names its line. */
export class TemplateError extends DomainError {
  readonly code = 'INVALID_TEMPLATE';
  constructor(readonly problems: readonly TemplateProblem[], field = 'attributes') {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join('; '), field);
    this.name = 'TemplateError';
  }
}

/**
 * No RADIUS process reported the outcome of a CoA / Disconnect request in time: none is running,
 * or none is the leader. The request may still be carried out if one picks it up late.
 */
export class RadiusUnavailableError extends DomainError {
  readonly code = 'RADIUS_UNAVAILABLE';
  constructor(readonly waitedMs: number) {
    super(`no RADIUS process answered within ${Math.round(waitedMs / 100) / 10} s; check that the RADIUS service is running`);
    this.name = 'RadiusUnavailableError';
  }
}
