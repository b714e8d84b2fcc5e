import { z } from 'zod';
import type { Db } from '@backhaul/prisma/db';
import type { RadiusTemplatePurpose, RouterVendor } from '@backhaul/prisma/enums';
import { change } from '../shared/changes.ts';
import type { ServiceContext } from '../shared/context.ts';
import { InputValidationError } from '../shared/errors.ts';
import { parseInput } from '../shared/validate.ts';
import { loadDictionary, type Dictionary } from './dictionary.ts';
import { TemplateError } from './radius.errors.ts';
import { parseRadiusSettings, RADIUS_SETTINGS_KEY, radiusSettingsSchema, type RadiusSettings } from './settings.ts';
import { defaultTemplate, parseTemplate, TEMPLATE_PURPOSES, TEMPLATE_VENDORS } from './templates.ts';

// Immutable and the same for every request: parsed once, on first use (not at import, so
// building the schema reads no files).
let dictionary: Dictionary | undefined;

/** The shipped attribute dictionaries, parsed on first use. */
export function radiusDictionary(): Dictionary {
  return (dictionary ??= loadDictionary());
}

/** Each setting optional and without its default: a partial update names only what changes. */
const settingsUpdateSchema = z.object(
  Object.fromEntries(Object.entries(radiusSettingsSchema.shape).map(([key, schema]) => [key, schema.unwrap().optional()])),
) as unknown as z.ZodType<Partial<RadiusSettings>>;

export type RadiusSettingsUpdate = Partial<RadiusSettings>;

/** The stored keys that are still valid settings: what the ISP chose, without the defaults. */
function chosenSettings(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'object' || stored === null) return {};
  const shape = radiusSettingsSchema.shape as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(stored).filter(([key, value]) => Object.hasOwn(shape, key) && shape[key]!.safeParse(value).success));
}

/**
 * Changes the settings named in `input`; the others keep their value (chosen or default). Only
 * chosen values are stored, so an unchanged setting follows a new default.
 */
export async function updateRadiusSettings(ctx: ServiceContext, input: RadiusSettingsUpdate): Promise<RadiusSettings> {
  const data = parseInput(settingsUpdateSchema, input);
  return change(ctx, async (tx, changes) => {
    const row = await tx.setting.findUnique({ where: { key: RADIUS_SETTINGS_KEY } });
    const before = parseRadiusSettings(row?.value);
    const value = { ...chosenSettings(row?.value), ...data };
    const after = radiusSettingsSchema.parse(value);
    await tx.setting.upsert({ where: { key: RADIUS_SETTINGS_KEY }, create: { key: RADIUS_SETTINGS_KEY, value }, update: { value } });
    await changes.audit({ action: 'radius.settings.update', entity: 'Setting', entityId: RADIUS_SETTINGS_KEY, before, after });
    return after;
  });
}

export interface TemplateView {
  vendor: RouterVendor;
  purpose: RadiusTemplatePurpose;
  attributes: string;
  /** No stored template: `attributes` is the built-in default. */
  isDefault: boolean;
  defaultAttributes: string;
  updatedAt: Date | null;
}

function view(vendor: RouterVendor, purpose: RadiusTemplatePurpose, row: { attributes: string; updatedAt: Date } | null): TemplateView {
  const defaults = defaultTemplate(vendor, purpose);
  return { vendor, purpose, attributes: row?.attributes ?? defaults, isDefault: row === null, defaultAttributes: defaults, updatedAt: row?.updatedAt ?? null };
}

/** Every vendor × purpose: the stored template, or the default where none is stored. */
export async function listTemplates(db: Pick<Db, 'radiusTemplate'>): Promise<TemplateView[]> {
  const rows = await db.radiusTemplate.findMany();
  return TEMPLATE_VENDORS.flatMap((vendor) =>
    TEMPLATE_PURPOSES.map((purpose) => view(vendor, purpose, rows.find((r) => r.vendor === vendor && r.purpose === purpose) ?? null)),
  );
}

/** The longest template accepted: a few dozen attributes fit many times over. */
export const MAX_TEMPLATE_LENGTH = 10_000;

/** Stores a template after checking every line against the dictionaries; problems name their lines. */
export async function updateTemplate(ctx: ServiceContext, vendor: RouterVendor, purpose: RadiusTemplatePurpose, attributes: string): Promise<TemplateView> {
  if (attributes.length > MAX_TEMPLATE_LENGTH) {
    throw new InputValidationError([{ field: 'attributes', message: `must be at most ${MAX_TEMPLATE_LENGTH} characters` }]);
  }
  const parsed = parseTemplate(attributes, radiusDictionary());
  if (!parsed.ok) throw new TemplateError(parsed.problems);
  if (parsed.lines.length === 0) throw new TemplateError([{ line: 1, message: 'the template sets no attribute' }]);
  return change(ctx, async (tx, changes) => {
    const before = await tx.radiusTemplate.findUnique({ where: { vendor_purpose: { vendor, purpose } } });
    const row = await tx.radiusTemplate.upsert({
      where: { vendor_purpose: { vendor, purpose } },
      create: { vendor, purpose, attributes },
      update: { attributes },
    });
    await changes.audit({ action: 'radius.template.update', entity: 'RadiusTemplate', entityId: `${vendor}/${purpose}`, before, after: row });
    return view(vendor, purpose, row);
  });
}

/** Goes back to the built-in template (deletes the stored one). */
export async function resetTemplate(ctx: ServiceContext, vendor: RouterVendor, purpose: RadiusTemplatePurpose): Promise<TemplateView> {
  return change(ctx, async (tx, changes) => {
    const before = await tx.radiusTemplate.findUnique({ where: { vendor_purpose: { vendor, purpose } } });
    if (before) {
      await tx.radiusTemplate.delete({ where: { id: before.id } });
      await changes.audit({ action: 'radius.template.reset', entity: 'RadiusTemplate', entityId: `${vendor}/${purpose}`, before });
    }
    return view(vendor, purpose, null);
  });
}
