import { describe, expect, it } from 'vitest';
import {
  describeBurst,
  EMPTY_TARIFF,
  formatSpeeds,
  formFromTariff,
  mikrotikRateLimit,
  parseTariffParams,
  priceWithVat,
  rateLimitPreview,
  suggestedBurst,
  tariffInput,
  tariffQuery,
} from './network-tariffs';

const home100 = {
  name: 'Home 100',
  downloadKbps: 100_000,
  uploadKbps: 20_000,
  burstDownloadKbps: 150_000,
  burstUploadKbps: 30_000,
  burstThresholdDownKbps: 80_000,
  burstThresholdUpKbps: 16_000,
  burstTimeSeconds: 16,
  priority: 5,
  price: '32.23',
  vatRate: '21',
  period: 'MONTH',
  archived: false,
};

describe('tariff rate limit', () => {
  // The same example as the server's mikrotikRateLimit test (schema/src/radius/policy.test.ts).
  it('writes the rate limit RADIUS sends, upload first, with the burst', () => {
    expect(mikrotikRateLimit(home100)).toBe('20000k/100000k 30000k/150000k 16000k/80000k 16/16 5');
    expect(mikrotikRateLimit({ ...home100, burstDownloadKbps: null, burstUploadKbps: null })).toBe('20000k/100000k');
  });

  it('previews the rate limit while typing, and nothing while a speed is missing', () => {
    const values = formFromTariff(home100);
    expect(rateLimitPreview(values)).toBe('20000k/100000k 30000k/150000k 16000k/80000k 16/16 5');
    expect(rateLimitPreview({ ...values, burst: false })).toBe('20000k/100000k');
    expect(rateLimitPreview({ ...values, uploadKbps: '' })).toBeNull();
  });

  it('describes speeds and the burst in few words', () => {
    expect(formatSpeeds(100_000, 20_000)).toBe('100 / 20 Mbit/s');
    expect(formatSpeeds(1_000_000, 500_000)).toBe('1 Gbit/s / 500 Mbit/s');
    expect(describeBurst(home100)).toEqual({ rate: '150 / 30 Mbit/s', condition: 'under 80 / 16 Mbit/s for 16 s' });
    expect(describeBurst({ ...home100, burstDownloadKbps: null })).toBeNull();
  });

  it('suggests a burst that follows the MikroTik rules', () => {
    expect(suggestedBurst(100_000, 20_000)).toEqual({
      burstDownloadKbps: '150000',
      burstUploadKbps: '30000',
      burstThresholdDownKbps: '80000',
      burstThresholdUpKbps: '16000',
      burstTimeSeconds: '16',
    });
  });
});

describe('tariff form → input', () => {
  it('sends the burst fields only with burst on, and clears them when switched off while editing', () => {
    const values = { ...EMPTY_TARIFF, name: ' Home 50 ', downloadKbps: '50000', uploadKbps: '10000', price: '24,79' };
    expect(tariffInput(values, false).input).toEqual({ name: 'Home 50', downloadKbps: 50_000, uploadKbps: 10_000, priority: 8, price: '24.79', vatRate: '21', period: 'MONTH', archived: false });
    expect(tariffInput(values, true).input).toMatchObject({ burstDownloadKbps: null, burstTimeSeconds: null });
    expect(tariffInput({ ...values, burst: true, ...suggestedBurst(50_000, 10_000) }, false).input).toMatchObject({ burstDownloadKbps: 75_000, burstTimeSeconds: 16 });
  });

  it('names a speed that is not a whole number', () => {
    expect(tariffInput({ ...EMPTY_TARIFF, downloadKbps: '50.5' }, false).errors).toEqual({ downloadKbps: 'must be a whole number' });
  });
});

describe('tariff prices', () => {
  it('adds VAT exactly, rounding half up to cents', () => {
    expect(priceWithVat('24.79', '21.00')).toBe('30.00');
    expect(priceWithVat('10', '0')).toBe('10.00');
    expect(priceWithVat('0.05', '10')).toBe('0.06');
    expect(priceWithVat('99.99', '8.875')).toBe('108.86');
  });
});

describe('tariff list URL', () => {
  it('keeps "show archived" and the page', () => {
    const params = parseTariffParams(new URLSearchParams('archived=1&after=c&from=51'));
    expect(params).toEqual({ archived: true, cursor: { after: 'c', before: null, from: 51 } });
    expect(tariffQuery(params)).toBe('?archived=1&after=c&from=51');
    expect(tariffQuery(parseTariffParams(new URLSearchParams('archived=yes')))).toBe('');
  });
});
