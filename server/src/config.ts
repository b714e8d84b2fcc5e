import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting of the server process, from the environment (documented in README and .env.example). */
const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
  SERVER_KEY: z.string().min(32, 'must be at least 32 characters (encrypts secrets at rest)'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  /** Browser origins allowed to call the API (the console and the portal), comma-separated. */
  CORS_ORIGINS: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /** Trust X-Forwarded-For from a reverse proxy for the client address. */
  TRUST_PROXY: bool.default(false),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** How long disconnectSession / changeSessionRate wait for the RADIUS process to report the NAS's answer. */
  COA_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type ServerConfig = z.output<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once; one error names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
