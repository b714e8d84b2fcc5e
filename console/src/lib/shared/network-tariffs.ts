/** The tariff list and form: form ↔ input, MikroTik's rate limit, prices with VAT. Pure. */
import { formatKbps } from './format';
import { field, InputBuilder, type FormInput } from './network-form';
import { parseCursor, search, writeCursor, type Cursor } from './network-list';

export const TARIFF_PERIODS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type TariffPeriodValue = (typeof TARIFF_PERIODS)[number];

export interface Speeds {
  downloadKbps: number;
  uploadKbps: number;
  burstDownloadKbps: number | null;
  burstUploadKbps: number | null;
  burstThresholdDownKbps: number | null;
  burstThresholdUpKbps: number | null;
  burstTimeSeconds: number | null;
  priority: number;
}

export interface TariffRecord extends Speeds {
  name: string;
  price: string;
  vatRate: string;
  period: string;
  archived: boolean;
}

export interface TariffFormFields {
  name: string;
  downloadKbps: string;
  uploadKbps: string;
  /** Burst on: the five burst fields are sent; off: they are cleared. */
  burst: boolean;
  burstDownloadKbps: string;
  burstUploadKbps: string;
  burstThresholdDownKbps: string;
  burstThresholdUpKbps: string;
  burstTimeSeconds: string;
  priority: string;
  price: string;
  vatRate: string;
  period: TariffPeriodValue;
  archived: boolean;
}

export const EMPTY_TARIFF: TariffFormFields = {
  name: '',
  downloadKbps: '',
  uploadKbps: '',
  burst: false,
  burstDownloadKbps: '',
  burstUploadKbps: '',
  burstThresholdDownKbps: '',
  burstThresholdUpKbps: '',
  burstTimeSeconds: '',
  priority: '8',
  price: '',
  vatRate: '21',
  period: 'MONTH',
  archived: false,
};

/** The form's field keys, to tell the API's field errors apart from the rest. */
export const TARIFF_FORM_FIELDS = Object.keys(EMPTY_TARIFF);

const BURST_FIELDS = ['burstDownloadKbps', 'burstUploadKbps', 'burstThresholdDownKbps', 'burstThresholdUpKbps', 'burstTimeSeconds'] as const;

export function formFromTariff(t: TariffRecord): TariffFormFields {
  return {
    name: t.name,
    downloadKbps: field(t.downloadKbps),
    uploadKbps: field(t.uploadKbps),
    burst: BURST_FIELDS.some((k) => t[k] !== null),
    burstDownloadKbps: field(t.burstDownloadKbps),
    burstUploadKbps: field(t.burstUploadKbps),
    burstThresholdDownKbps: field(t.burstThresholdDownKbps),
    burstThresholdUpKbps: field(t.burstThresholdUpKbps),
    burstTimeSeconds: field(t.burstTimeSeconds),
    priority: field(t.priority),
    price: t.price,
    vatRate: t.vatRate,
    period: (TARIFF_PERIODS as readonly string[]).includes(t.period) ? (t.period as TariffPeriodValue) : 'MONTH',
    archived: t.archived,
  };
}

/**
 * TariffInput for create (`editing` false) or update. With burst off the burst fields are
 * cleared when editing and left out when creating.
 */
export function tariffInput(values: TariffFormFields, editing: boolean): FormInput {
  const b = new InputBuilder(editing ? 'null' : 'omit')
    .required('name', values.name)
    .int('downloadKbps', values.downloadKbps)
    .int('uploadKbps', values.uploadKbps)
    .int('priority', values.priority)
    .decimal('price', values.price)
    .decimal('vatRate', values.vatRate)
    .set('period', values.period)
    .set('archived', values.archived);
  for (const key of BURST_FIELDS) {
    if (values.burst) b.int(key, values[key]);
    else if (editing) b.set(key, null);
  }
  return b.build();
}

/**
 * A starting point when burst is switched on: half again the speed for 16 s while the average
 * stays under 80 % of it (the demo ISP's rule of thumb), rounded to whole kbit/s.
 */
export function suggestedBurst(downloadKbps: number, uploadKbps: number): Pick<TariffFormFields, (typeof BURST_FIELDS)[number]> {
  return {
    burstDownloadKbps: String(Math.round(downloadKbps * 1.5)),
    burstUploadKbps: String(Math.round(uploadKbps * 1.5)),
    burstThresholdDownKbps: String(Math.round(downloadKbps * 0.8)),
    burstThresholdUpKbps: String(Math.round(uploadKbps * 0.8)),
    burstTimeSeconds: '16',
  };
}

/**
 * The `Mikrotik-Rate-Limit` RADIUS sends for the tariff, as the server writes it (see
 * schema/src/radius/policy.ts `mikrotikRateLimit`; the test shares its example): from the
 * router's side, so rx (the subscriber's upload) comes first:
 * "rx/tx [burst-rx/burst-tx [threshold-rx/threshold-tx [time-rx/time-tx [priority]]]]".
 */
export function mikrotikRateLimit(t: Speeds): string {
  const pair = (up: number, down: number): string => `${up}k/${down}k`;
  const base = pair(t.uploadKbps, t.downloadKbps);
  if (!t.burstDownloadKbps || !t.burstUploadKbps) return base;
  const threshold = pair(t.burstThresholdUpKbps ?? t.uploadKbps, t.burstThresholdDownKbps ?? t.downloadKbps);
  const time = t.burstTimeSeconds ?? 0;
  return `${base} ${pair(t.burstUploadKbps, t.burstDownloadKbps)} ${threshold} ${time}/${time} ${t.priority}`;
}

/** The rate limit the form's values would give, or null while a speed is missing or not a number. */
export function rateLimitPreview(values: TariffFormFields): string | null {
  const int = (v: string): number | null => (/^\d{1,12}$/.test(v.trim()) ? Number(v.trim()) : null);
  const down = int(values.downloadKbps);
  const up = int(values.uploadKbps);
  if (!down || !up) return null;
  return mikrotikRateLimit({
    downloadKbps: down,
    uploadKbps: up,
    burstDownloadKbps: values.burst ? int(values.burstDownloadKbps) : null,
    burstUploadKbps: values.burst ? int(values.burstUploadKbps) : null,
    burstThresholdDownKbps: values.burst ? int(values.burstThresholdDownKbps) : null,
    burstThresholdUpKbps: values.burst ? int(values.burstThresholdUpKbps) : null,
    burstTimeSeconds: values.burst ? int(values.burstTimeSeconds) : null,
    priority: int(values.priority) ?? 8,
  });
}

/** Download / upload: "100 / 20 Mbit/s", or "1 Gbit/s / 500 Mbit/s" when the units differ. */
export function formatSpeeds(downloadKbps: number, uploadKbps: number): string {
  const down = formatKbps(downloadKbps);
  const up = formatKbps(uploadKbps);
  const unit = down.slice(down.lastIndexOf(' '));
  return up.endsWith(unit) ? `${down.slice(0, -unit.length)} / ${up}` : `${down} / ${up}`;
}

/** The burst in words: `{ rate: "150 / 30 Mbit/s", condition: "under 80 / 16 Mbit/s for 16 s" }`, or null. */
export function describeBurst(t: Speeds): { rate: string; condition: string } | null {
  if (!t.burstDownloadKbps || !t.burstUploadKbps) return null;
  const threshold = formatSpeeds(t.burstThresholdDownKbps ?? t.downloadKbps, t.burstThresholdUpKbps ?? t.uploadKbps);
  return { rate: formatSpeeds(t.burstDownloadKbps, t.burstUploadKbps), condition: `under ${threshold} for ${t.burstTimeSeconds ?? 0} s` };
}

/** `price` plus `vatRate` percent, rounded half up to cents; exact (no float maths). */
export function priceWithVat(price: string, vatRate: string): string {
  const scaled = (v: string, places: number): bigint => {
    const [whole = '0', fraction = ''] = v.split('.');
    return BigInt(whole + fraction.padEnd(places, '0').slice(0, places));
  };
  // price × 10^6 × (100 + vat) × 10^6 = gross × 10^14; cents are gross × 10^2.
  const gross = scaled(price, 6) * (scaled('100', 6) + scaled(vatRate, 6));
  const cents = (gross + 500_000_000_000n) / 1_000_000_000_000n;
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export interface TariffListParams {
  /** Archived tariffs too (they stay on the services that use them, but new services cannot pick them). */
  archived: boolean;
  cursor: Cursor;
}

export function parseTariffParams(query: URLSearchParams): TariffListParams {
  return { archived: query.get('archived') === '1', cursor: parseCursor(query) };
}

export function tariffQuery(params: TariffListParams): string {
  const query = new URLSearchParams();
  if (params.archived) query.set('archived', '1');
  writeCursor(query, params.cursor);
  return search(query);
}
