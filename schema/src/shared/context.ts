import type { Db } from '@backhaul/prisma/db';
import type { PubSub } from '../events/pubsub.ts';
import type { Principal } from './principal.ts';
import type { SecretBox } from './secrets.ts';

/** What domain services need from a request; the GraphQL context extends it. */
export interface ServiceContext {
  db: Db;
  pubsub: PubSub;
  secrets: SecretBox;
  principal: Principal | null;
  ip: string | null;
}
