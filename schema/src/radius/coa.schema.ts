import { builder } from '../builder.ts';
import { DomainErrorInterface, INPUT_ERRORS } from '../shared/errors.schema.ts';
import { requestCoa, rateLimitFor, type CoaOutcome } from './coa.service.ts';
import { RadiusUnavailableError } from './radius.errors.ts';
import { radiusDictionary } from './settings.service.ts';
import { RadiusSession } from './sessions.schema.ts';

const CoaActionEnum = builder.enumType('CoaAction', { values: ['DISCONNECT', 'RATE'] as const });

const CoaResultEnum = builder.enumType('CoaResult', {
  description: 'What the NAS answered a Disconnect- or CoA-Request.',
  values: {
    ACK: { description: 'Done.' },
    NAK: { description: 'Refused; see errorCause.' },
    TIMEOUT: { description: 'The NAS did not answer any attempt.' },
    NOT_ONLINE: { description: 'The session is no longer online; nothing was sent.' },
    NO_NAS: { description: 'The session has no known NAS to send to.' },
  } as const,
});

const CoaOutcomeRef = builder.objectRef<CoaOutcome>('CoaOutcome').implement({
  description: 'What became of a Disconnect or rate change. A NAK or a timeout is an outcome, not an error.',
  fields: (t) => ({
    requestId: t.exposeString('requestId', { nullable: true, description: 'Null when nothing was sent.' }),
    action: t.expose('action', { type: CoaActionEnum }),
    result: t.expose('result', { type: CoaResultEnum }),
    errorCause: t.exposeInt('errorCause', { nullable: true, description: 'RFC 5176 Error-Cause of a NAK, when the NAS sent one.' }),
    errorCauseName: t.string({
      nullable: true,
      description: 'The Error-Cause by name, e.g. Session-Context-Not-Found.',
      resolve: (o) => (o.errorCause === null ? null : (radiusDictionary().attributes.get('Error-Cause')?.valueNames.get(o.errorCause) ?? null)),
    }),
    attempts: t.exposeInt('attempts', { description: 'Packets sent to the NAS (0: none).' }),
    rateLimit: t.exposeString('rateLimit', { nullable: true, description: 'The rate limit asked for (RATE).' }),
    session: t.prismaField({
      type: RadiusSession,
      nullable: true,
      description: 'The session as it is now.',
      resolve: (query, o, _a, ctx) => ctx.db.radiusSession.findUnique({ ...query, where: { id: o.sessionId } }),
    }),
  }),
});

builder.objectType(RadiusUnavailableError, {
  name: 'RadiusUnavailableError',
  interfaces: [DomainErrorInterface],
  fields: (t) => ({ waitedMs: t.exposeInt('waitedMs') }),
});

const write = { permission: 'sessions:write' } as const;
const errors = { types: [...INPUT_ERRORS, RadiusUnavailableError] };

builder.mutationFields((t) => ({
  disconnectSession: t.field({
    type: CoaOutcomeRef,
    description: 'Disconnects a session: the RADIUS server sends the NAS a Disconnect-Request and this returns its answer.',
    authScopes: write,
    errors,
    args: { id: t.arg.globalID({ required: true, for: RadiusSession }) },
    resolve: (_p, { id }, ctx) => requestCoa(ctx, id.id, 'DISCONNECT', null),
  }),
  changeSessionRate: t.field({
    type: CoaOutcomeRef,
    description: "Changes an online session's speed (CoA) until it reconnects; the tariff decides the speed of the next session.",
    authScopes: write,
    errors,
    args: {
      id: t.arg.globalID({ required: true, for: RadiusSession }),
      downloadKbps: t.arg.int({ required: true }),
      uploadKbps: t.arg.int({ required: true }),
    },
    resolve: (_p, args, ctx) => requestCoa(ctx, args.id.id, 'RATE', rateLimitFor(args)),
  }),
}));
