import { describe, expect, it } from 'vitest';
import { describeCoa } from './coa';

describe('CoA outcomes in words', () => {
  it('reports an ACK as done and a NAK with its Error-Cause', () => {
    expect(describeCoa({ action: 'DISCONNECT', result: 'ACK', attempts: 1 }).tone).toBe('ok');
    const nak = describeCoa({ action: 'RATE', result: 'NAK', attempts: 1, errorCause: 503, errorCauseName: 'Session-Context-Not-Found' });
    expect(nak).toEqual({ tone: 'error', message: 'Rate change refused by the NAS (CoA-NAK: Session-Context-Not-Found).' });
  });

  it('says nothing was sent when the session is gone or has no NAS', () => {
    expect(describeCoa({ action: 'DISCONNECT', result: 'NOT_ONLINE', attempts: 0 }).tone).toBe('warn');
    expect(describeCoa({ action: 'DISCONNECT', result: 'TIMEOUT', attempts: 3 }).message).toContain('any of 3 attempts');
  });
});
