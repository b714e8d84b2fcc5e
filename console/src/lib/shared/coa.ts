/** A Disconnect or rate change's outcome in words, with a tone for its banner. Pure. */

export interface CoaOutcomeLike {
  action: 'DISCONNECT' | 'RATE';
  result: 'ACK' | 'NAK' | 'NOT_ONLINE' | 'NO_NAS' | 'TIMEOUT';
  attempts: number;
  errorCause?: number | null;
  errorCauseName?: string | null;
  rateLimit?: string | null;
}

export function describeCoa(outcome: CoaOutcomeLike): { tone: 'ok' | 'warn' | 'error'; message: string } {
  const what = outcome.action === 'DISCONNECT' ? 'Disconnect' : 'Rate change';
  switch (outcome.result) {
    case 'ACK':
      return {
        tone: 'ok',
        message:
          outcome.action === 'DISCONNECT'
            ? 'Disconnected: the NAS acknowledged (Disconnect-ACK).'
            : `Rate changed${outcome.rateLimit ? ` to ${outcome.rateLimit}` : ''}: the NAS acknowledged (CoA-ACK).`,
      };
    case 'NAK': {
      const cause = outcome.errorCauseName ?? (outcome.errorCause != null ? `Error-Cause ${outcome.errorCause}` : 'no reason given');
      return { tone: 'error', message: `${what} refused by the NAS (${outcome.action === 'DISCONNECT' ? 'Disconnect' : 'CoA'}-NAK: ${cause}).` };
    }
    case 'TIMEOUT':
      return { tone: 'error', message: `${what} not confirmed: the NAS did not answer ${outcome.attempts === 1 ? 'the request' : `any of ${outcome.attempts} attempts`}.` };
    case 'NOT_ONLINE':
      return { tone: 'warn', message: 'The session is no longer online; nothing was sent.' };
    case 'NO_NAS':
      return { tone: 'warn', message: 'The session has no known NAS to send to; nothing was sent.' };
  }
}
