import type { Db } from '@backhaul/prisma/db';
import type { Dictionary } from '@backhaul/schema/radius/dictionary.ts';
import { loadRadiusSettings, DEFAULT_RADIUS_SETTINGS, type RadiusSettings } from '@backhaul/schema/radius/settings.ts';
import {
  defaultTemplate, parseTemplate, renderTemplate, TEMPLATE_PURPOSES, TEMPLATE_VENDORS,
  type RenderedAttribute, type TemplateLine, type TemplateValues,
} from '@backhaul/schema/radius/templates.ts';
import type { Log } from '@backhaul/schema/shared/log.ts';
import type { Nas } from './nas-table.ts';

type Purpose = 'ACCEPT' | 'BLOCKED';

/**
 * The reply templates per vendor and purpose, and the RADIUS settings, as stored (or their
 * defaults). Reloaded when staff change them (the process follows the audit log) and every
 * 30 s; a stored template that no longer parses falls back to the default, loudly.
 */
export class TemplateStore {
  private templates = new Map<string, readonly TemplateLine[]>();
  private current: RadiusSettings = DEFAULT_RADIUS_SETTINGS;

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
  }

  private parse(text: string | undefined, name: string): readonly TemplateLine[] | undefined {
    if (text === undefined) return undefined;
    const parsed = parseTemplate(text, this.dictionary);
    if (parsed.ok) return parsed.lines;
    this.log.error(`the RADIUS template ${name} does not parse; using the default`, { problems: parsed.problems });
    return undefined;
  }
}
