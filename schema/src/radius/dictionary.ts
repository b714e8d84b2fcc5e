/**
 * RADIUS dictionaries in FreeRADIUS v3 format (`VENDOR`, `BEGIN-VENDOR`/`END-VENDOR`,
 * `ATTRIBUTE name number type [flags]`, `VALUE attribute name number`), parsed once into a
 * frozen structure that the codec and the handlers share.
 *
 * The files ship in `schema/src/radius/dictionaries/` (copied unchanged from Debian's freeradius-common,
 * see the README there). `loadDictionary()` reads them synchronously, once, when the process
 * starts; nothing in `protocol/` touches the file system after that, and `parseDictionary()`
 * does no I/O at all.
 *
 * What is understood: the data types used by the RFC and vendor files (including `octets[N]`,
 * `ipv6prefix`, `integer64`, `ifid`, `ether`), the flags `has_tag`, `encrypt=1|2|3`, `concat`
 * and `array`, an old-style vendor name as the fifth field, and attributes that share a number
 * (aliases such as MS-MPPE-Encryption-Type/-Types, which share their VALUEs). Children of `tlv`
 * attributes (`255.1`) are skipped: the parent decodes as opaque octets. Anything else (an
 * unknown keyword, type or flag, a VALUE for an unknown attribute, a vendor `format=`) is a
 * `DictionaryError` naming the file and line, so a bad dictionary fails at boot, not mid-packet.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The wire data types a dictionary attribute can have. */
export type DataType =
  | 'string'
  | 'octets'
  | 'ipaddr'
  | 'ipv4prefix'
  | 'ipv6addr'
  | 'ipv6prefix'
  | 'ifid'
  | 'integer'
  | 'integer64'
  | 'byte'
  | 'short'
  | 'signed'
  | 'date'
  | 'ether'
  | 'abinary'
  | 'combo-ip'
  | 'tlv'
  | 'vsa';

const DATA_TYPES: ReadonlySet<string> = new Set<DataType>([
  'string', 'octets', 'ipaddr', 'ipv4prefix', 'ipv6addr', 'ipv6prefix', 'ifid', 'integer',
  'integer64', 'byte', 'short', 'signed', 'date', 'ether', 'abinary', 'combo-ip', 'tlv', 'vsa',
]);

/** One attribute definition. `vendorId` is 0 for the standard (RFC) attribute space. */
export interface AttributeDef<T extends DataType = DataType> {
  readonly name: string;
  readonly vendorId: number;
  /** The attribute number in its space: the RFC type, or the vendor's sub-type inside a VSA. */
  readonly type: number;
  readonly dataType: T;
  /** From `octets[N]`: the only valid value length. */
  readonly fixedLength: number | undefined;
  /** RFC 2868 tag octet in front of the value. */
  readonly hasTag: boolean;
  /** 1: RFC 2865 §5.2 User-Password hiding; 2: RFC 2868 §3.5 / RFC 2548 §2.4.2 salted; 3: Ascend. */
  readonly encrypt: 0 | 1 | 2 | 3;
  /** Long values are split over consecutive attributes (EAP-Message). */
  readonly concat: boolean;
  /** VALUE names of an enumerated integer, both ways; shared by attributes that alias one number. */
  readonly values: ReadonlyMap<string, number>;
  readonly valueNames: ReadonlyMap<number, string>;
}

/** The parsed dictionaries: immutable, built once at start-up and passed down. */
export interface Dictionary {
  /** Every attribute by name (aliases included). */
  readonly attributes: ReadonlyMap<string, AttributeDef>;
  /** Vendor names to IANA enterprise numbers. */
  readonly vendors: ReadonlyMap<string, number>;
  /** The definition for a number in a vendor's space (0 = standard); the last alias defined wins. */
  byType(vendorId: number, type: number): AttributeDef | undefined;
  /**
   * The definition named `name`, asserting its data type when one is given. Throws
   * `DictionaryError` for an unknown name or a different type: call it at start-up, so a typo
   * fails the boot rather than a request.
   */
  attribute<T extends DataType>(name: string, dataType?: T): AttributeDef<T>;
  vendorName(vendorId: number): string | undefined;
}

/** A dictionary file that cannot be used, or a lookup of an attribute that does not exist. */
export class DictionaryError extends Error {
  override readonly name = 'DictionaryError';
}

/** One dictionary file's text and a name for error messages. */
export interface DictionarySource {
  readonly name: string;
  readonly text: string;
}

/** The files in `schema/src/radius/dictionaries/`, in load order (RFCs first, then vendors). */
export const DICTIONARY_FILES: readonly string[] = [
  'dictionary.rfc2865',
  'dictionary.rfc2866',
  'dictionary.rfc2868',
  'dictionary.rfc2869',
  'dictionary.rfc3162',
  'dictionary.rfc3576',
  'dictionary.rfc5176',
  'dictionary.rfc4679',
  'dictionary.microsoft',
  'dictionary.mikrotik',
  'dictionary.cisco',
  'dictionary.juniper',
  'dictionary.erx',
  'dictionary.huawei',
  'dictionary.wispr',
];

const DEFAULT_DIRECTORY = new URL('./dictionaries/', import.meta.url);

/**
 * Reads and parses the shipped dictionaries (or those in `directory`). Synchronous on purpose:
 * it runs once in `main.ts` before any socket opens.
 */
export function loadDictionary(directory: URL | string = DEFAULT_DIRECTORY): Dictionary {
  const base = typeof directory === 'string' ? pathToFileURL(directory.endsWith('/') ? directory : `${directory}/`) : directory;
  return parseDictionary(
    DICTIONARY_FILES.map((name) => ({ name, text: readFileSync(new URL(name, base), 'latin1') })),
  );
}

interface MutableDef {
  name: string;
  vendorId: number;
  type: number;
  dataType: DataType;
  fixedLength: number | undefined;
  hasTag: boolean;
  encrypt: 0 | 1 | 2 | 3;
  concat: boolean;
  values: Map<string, number>;
  valueNames: Map<number, string>;
}

interface Line {
  readonly file: string;
  readonly number: number;
  readonly fields: readonly string[];
  readonly vendorId: number;
}

/** Parses dictionary texts (no I/O). Throws `DictionaryError` on anything it does not understand. */
export function parseDictionary(sources: readonly DictionarySource[]): Dictionary {
  const vendors = new Map<string, number>();
  const attributeLines: Line[] = [];
  const valueLines: Line[] = [];

  // Pass 1: vendors, and which vendor block each line sits in. VALUEs may name attributes
  // from a later file (dictionary.rfc5176 adds Error-Cause values), so they wait for pass 2.
  for (const source of sources) {
    let vendorId = 0;
    const lines = source.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fields = (lines[i] ?? '').replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
      const keyword = fields[0];
      if (keyword === undefined) continue;
      const where = `${source.name}:${i + 1}`;
      switch (keyword) {
        case 'VENDOR': {
          const [, name, id, format] = fields;
          if (name === undefined || id === undefined || !/^\d+$/.test(id)) throw new DictionaryError(`${where}: bad VENDOR line`);
          if (format !== undefined && format !== 'format=1,1') {
            throw new DictionaryError(`${where}: vendor ${name} uses ${format}; only the RFC 2865 1,1 VSA format is supported`);
          }
          vendors.set(name, Number(id));
          break;
        }
        case 'BEGIN-VENDOR': {
          const id = vendors.get(fields[1] ?? '');
          if (id === undefined) throw new DictionaryError(`${where}: BEGIN-VENDOR for unknown vendor ${fields[1]}`);
          vendorId = id;
          break;
        }
        case 'END-VENDOR':
          vendorId = 0;
          break;
        case 'ATTRIBUTE':
          attributeLines.push({ file: source.name, number: i + 1, fields, vendorId });
          break;
        case 'VALUE':
          valueLines.push({ file: source.name, number: i + 1, fields, vendorId });
          break;
        default:
          throw new DictionaryError(`${where}: unsupported keyword ${keyword}`);
      }
    }
  }

  const byName = new Map<string, MutableDef>();
  const byType = new Map<number, MutableDef>();
  // Aliases of one number share their VALUE maps, so a VALUE given for either name applies to both.
  const valueMaps = new Map<number, { values: Map<string, number>; valueNames: Map<number, string> }>();

  for (const line of attributeLines) {
    const where = `${line.file}:${line.number}`;
    const [, name, number, typeField, ...rest] = line.fields;
    if (name === undefined || number === undefined || typeField === undefined) throw new DictionaryError(`${where}: bad ATTRIBUTE line`);
    if (/^\d+\.\d+/.test(number)) continue; // a TLV child: its parent decodes as octets
    if (!/^\d+$/.test(number) || Number(number) > 255) throw new DictionaryError(`${where}: bad attribute number ${number}`);
    let vendorId = line.vendorId;
    let flagField: string | undefined;
    for (const field of rest) {
      const vendor = vendors.get(field);
      if (vendor !== undefined && flagField === undefined) vendorId = vendor;
      else flagField = flagField === undefined ? field : `${flagField},${field}`;
    }
    const typeMatch = /^([a-z0-9-]+)(?:\[(\d+)\])?$/.exec(typeField.toLowerCase());
    const dataType = typeMatch?.[1];
    if (dataType === undefined || !DATA_TYPES.has(dataType)) throw new DictionaryError(`${where}: unsupported type ${typeField}`);
    const def: MutableDef = {
      name,
      vendorId,
      type: Number(number),
      dataType: dataType as DataType,
      fixedLength: typeMatch?.[2] === undefined ? undefined : Number(typeMatch[2]),
      hasTag: false,
      encrypt: 0,
      concat: false,
      values: new Map(),
      valueNames: new Map(),
    };
    for (const flag of flagField?.split(',').filter(Boolean) ?? []) {
      if (flag === 'has_tag') def.hasTag = true;
      else if (flag === 'concat') def.concat = true;
      else if (flag === 'array') continue; // several values in one attribute: read as octets by callers that need it
      else if (/^encrypt=[123]$/.test(flag)) def.encrypt = Number(flag.slice(8)) as 1 | 2 | 3;
      else throw new DictionaryError(`${where}: unsupported flag ${flag}`);
    }
    const key = vendorId * 256 + def.type;
    let shared = valueMaps.get(key);
    if (shared === undefined) {
      shared = { values: def.values, valueNames: def.valueNames };
      valueMaps.set(key, shared);
    }
    def.values = shared.values;
    def.valueNames = shared.valueNames;
    byName.set(name, def);
    byType.set(key, def);
  }

  for (const line of valueLines) {
    const where = `${line.file}:${line.number}`;
    const [, attributeName, valueName, number] = line.fields;
    if (attributeName === undefined || valueName === undefined || number === undefined) throw new DictionaryError(`${where}: bad VALUE line`);
    const def = byName.get(attributeName);
    if (def === undefined) throw new DictionaryError(`${where}: VALUE for unknown attribute ${attributeName}`);
    const value = /^0x[0-9a-f]+$/i.test(number) ? Number.parseInt(number, 16) : /^\d+$/.test(number) ? Number(number) : Number.NaN;
    if (!Number.isSafeInteger(value)) throw new DictionaryError(`${where}: bad value ${number}`);
    def.values.set(valueName, value);
    if (!def.valueNames.has(value)) def.valueNames.set(value, valueName);
  }

  const frozen = new Map<MutableDef, AttributeDef>();
  const freeze = (def: MutableDef): AttributeDef => {
    let result = frozen.get(def);
    if (result === undefined) {
      result = Object.freeze({ ...def, values: freezeMap(def.values), valueNames: freezeMap(def.valueNames) });
      frozen.set(def, result);
    }
    return result;
  };
  const attributes = freezeMap(new Map([...byName].map(([name, def]) => [name, freeze(def)])));
  const types = new Map([...byType].map(([key, def]) => [key, freeze(def)]));
  const vendorNames = new Map([...vendors].map(([name, id]) => [id, name]));
  const frozenVendors = freezeMap(vendors);

  return Object.freeze({
    attributes,
    vendors: frozenVendors,
    byType: (vendorId: number, type: number) => types.get(vendorId * 256 + type),
    attribute<T extends DataType>(name: string, dataType?: T): AttributeDef<T> {
      const def = attributes.get(name);
      if (def === undefined) throw new DictionaryError(`unknown attribute ${name}`);
      if (dataType !== undefined && def.dataType !== dataType) {
        throw new DictionaryError(`attribute ${name} is ${def.dataType}, not ${dataType}`);
      }
      return def as AttributeDef<T>;
    },
    vendorName: (vendorId: number) => vendorNames.get(vendorId),
  });
}

/** A Map whose mutators throw, so the frozen dictionary cannot be changed through a cast. */
function freezeMap<K, V>(map: Map<K, V>): ReadonlyMap<K, V> {
  Object.defineProperties(map, { set: { value: refuseMutation }, delete: { value: refuseMutation }, clear: { value: refuseMutation } });
  return Object.freeze(map);
}

function refuseMutation(): never {
  throw new TypeError('the RADIUS dictionary is immutable');
}
