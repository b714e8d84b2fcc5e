import type { Db } from '@backhaul/prisma/db';
import type { Dictionary } from '@backhaul/schema/radius/dictionary.ts';
import { loadRadiusSettings, DEFAULT_RADIUS_SETTINGS, type RadiusSettings } from '@backhaul/schema/radius/settings.ts';
import {
  defaultTemplate, parseTemplate, renderTemplate, TEMPLATE_PURPOSES, TEMPLATE_VENDORS,
  type RenderedAttribute, type TemplateLine, type TemplateValues,
} from '@backhaul/schema/radius/templates.ts';
import { grant, type Grant, type Subscriber } from '@backhaul/schema/radius/policy.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { Nas } from './nas-table.ts';

type Purpose = 'ACCEPT' | 'BLOCKED';

/** What one subscriber gets, per vendor and state: computed once, until the subscriber, the templates or the settings change. */
interface CachedReply {
  readonly grant: Grant;
  readonly attributes: Map<string, RenderedAttribute[]>;
}

/**
 * The reply templates per vendor and purpose, and the RADIUS settings, as stored (or their
 * defaults). Reloaded when staff change them (the process follows the audit log) and every
 * 30 s; a stored template that no longer parses falls back to the default, loudly.
 * Replies are cached per subscriber object: the cache refreshes a subscriber by replacing it,
 * and a reload here starts a new cache.
 */
export class TemplateStore {
  private templates = new Map<string, readonly TemplateLine[]>();
  private current: RadiusSettings = DEFAULT_RADIUS_SETTINGS;
  private replies = [new WeakMap<Subscriber, CachedReply>(), new WeakMap<Subscriber, CachedReply>()] as const;

  constructor(
    private readonly db: Db,
    private readonly dictionary: Dictionary,
    private readonly log: Log,
  ) {
    for (const vendor of TEMPLATE_VENDORS) for (const purpose of TEMPLATE_PURPOSES) this.templates.set(`${vendor}/${purpose}`, this.parse(defaultTemplate(vendor, purpose), `${vendor}/${purpose} default`) ?? []);
  }

  settings(): RadiusSettings {
    return this.current;
  }

  render(vendor: Nas['vendor'], purpose: Purpose, values: TemplateValues): RenderedAttribute[] {
    return renderTemplate(this.templates.get(`${vendor}/${purpose}`) ?? [], values);
  }

  /** The rate limit and template values an accepted subscriber gets (blocked or not). */
  grant(subscriber: Subscriber, blocked: boolean): Grant {
    return this.cached(subscriber, blocked).grant;
  }

  /** The reply attributes for an accepted subscriber on a NAS of this vendor. */
  reply(vendor: Nas['vendor'], subscriber: Subscriber, blocked: boolean): RenderedAttribute[] {
    const cached = this.cached(subscriber, blocked);
    let attributes = cached.attributes.get(vendor);
    if (!attributes) cached.attributes.set(vendor, (attributes = this.render(vendor, blocked ? 'BLOCKED' : 'ACCEPT', cached.grant.values)));
    return attributes;
  }

  private cached(subscriber: Subscriber, blocked: boolean): CachedReply {
    const cache = this.replies[blocked ? 1 : 0];
    let cached = cache.get(subscriber);
    if (!cached) cache.set(subscriber, (cached = { grant: grant(subscriber, blocked, this.current), attributes: new Map() }));
    return cached;
  }

  async reload(): Promise<void> {
    const [rows, settings] = await Promise.all([this.db.radiusTemplate.findMany(), loadRadiusSettings(this.db)]);
    const stored = new Map(rows.map((r) => [`${r.vendor}/${r.purpose}`, r.attributes]));
    const next = new Map<string, readonly TemplateLine[]>();
    for (const vendor of TEMPLATE_VENDORS) {
      for (const purpose of TEMPLATE_PURPOSES) {
        const key = `${vendor}/${purpose}`;
        next.set(key, this.parse(stored.get(key), key) ?? this.parse(defaultTemplate(vendor, purpose), `${key} default`) ?? []);
      }
    }
    this.templates = next;
    this.current = settings;
    this.replies = [new WeakMap(), new WeakMap()];
  }

  private parse(text: string | undefined, name: string): readonly TemplateLine[] | undefined {
    if (text === undefined) return undefined;
    const parsed = parseTemplate(text, this.dictionary);
    if (parsed.ok) return parsed.lines;
    this.log.error(`the RADIUS template ${name} does not parse; using the default`, { problems: parsed.problems });
    return undefined;
  }
}
