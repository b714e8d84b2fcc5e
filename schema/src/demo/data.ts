/**
 * Word lists for the demo ISP, a small Dutch regional provider on the rivers Waal and Linge:
 * the towns it serves (with their postcodes and the POP that serves them), and the names and
 * streets its subscribers are generated from.
 */

export type PopKey = 'tiel' | 'culemborg' | 'zaltbommel';

export interface Town {
  name: string;
  /** The four digits of the Dutch postcode; the two letters are generated. */
  postcode: number;
  /** Where the town's subscribers connect. */
  pop: PopKey;
  /** Relative size: how many subscribers live there. */
  weight: number;
}

export const TOWNS: readonly Town[] = [
  { name: 'Tiel', postcode: 4001, pop: 'tiel', weight: 30 },
  { name: 'Drumpt', postcode: 4004, pop: 'tiel', weight: 5 },
  { name: 'Zoelen', postcode: 4011, pop: 'tiel', weight: 3 },
  { name: 'Erichem', postcode: 4024, pop: 'tiel', weight: 2 },
  { name: 'Kapel-Avezaath', postcode: 4031, pop: 'tiel', weight: 3 },
  { name: 'Wadenoijen', postcode: 4033, pop: 'tiel', weight: 2 },
  { name: 'Culemborg', postcode: 4101, pop: 'culemborg', weight: 22 },
  { name: 'Beusichem', postcode: 4112, pop: 'culemborg', weight: 3 },
  { name: 'Buren', postcode: 4116, pop: 'culemborg', weight: 3 },
  { name: 'Geldermalsen', postcode: 4191, pop: 'culemborg', weight: 10 },
  { name: 'Zaltbommel', postcode: 5301, pop: 'zaltbommel', weight: 14 },
  { name: 'Brakel', postcode: 5306, pop: 'zaltbommel', weight: 3 },
  { name: 'Hedel', postcode: 5321, pop: 'zaltbommel', weight: 4 },
  { name: 'Ammerzoden', postcode: 5324, pop: 'zaltbommel', weight: 3 },
  { name: 'Kerkdriel', postcode: 5331, pop: 'zaltbommel', weight: 5 },
];

export const STREETS: readonly string[] = [
  'Kerkstraat', 'Dorpsstraat', 'Molenweg', 'Stationsweg', 'Julianastraat', 'Beatrixstraat',
  'Wilhelminastraat', 'Schoolstraat', 'Lingedijk', 'Waalbandijk', 'Kastanjelaan', 'Eikenlaan',
  'Populierenlaan', 'Esdoornstraat', 'Burgemeester Meslaan', 'Papesteeg', 'Havendijk',
  'Achterweg', 'Nieuwstraat', 'Veldstraat', 'Rijksstraatweg', 'Prins Bernhardstraat',
  'Oranjelaan', 'Hoogstraat', 'Kortestraat', 'Bloemenstraat', 'Tulpstraat', 'Rozenstraat',
  'Appelgaard', 'Kersenweg', 'Pruimengaard', 'Perenlaan', 'Uiterwaardenweg', 'Dijkstraat',
  'Vismarkt', 'Markt', 'Westluidensestraat', 'Zandweg', 'Meerstraat', 'Lingeweg',
];

export const FIRST_NAMES: readonly string[] = [
  'Jan', 'Sanne', 'Pieter', 'Emma', 'Kees', 'Lotte', 'Henk', 'Anouk', 'Wim', 'Femke', 'Bas',
  'Iris', 'Gerrit', 'Sophie', 'Johan', 'Eva', 'Dirk', 'Lisa', 'Maarten', 'Julia', 'Ruud',
  'Fleur', 'Thijs', 'Noor', 'Joost', 'Marieke', 'Sander', 'Esther', 'Daan', 'Linda', 'Bram',
  'Ingrid', 'Koen', 'Anne', 'Rob', 'Mirjam', 'Erik', 'Yvonne', 'Tim', 'Karin', 'Niels',
  'Saskia', 'Jeroen', 'Monique', 'Stefan', 'Petra', 'Martijn', 'Wendy', 'Ahmed', 'Fatima',
  'Mohamed', 'Yasmina', 'Mehmet', 'Ayse', 'Priya', 'Raj', 'Wei', 'Mei', 'Tomasz', 'Agnieszka',
  'Luca', 'Giulia', 'Carlos', 'Ana', 'Olga', 'Dmitri', 'Kofi', 'Ama', 'Sven', 'Ingeborg',
];

export const SURNAMES: readonly string[] = [
  'de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer',
  'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
  'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs',
  'de Haan', 'Vermeulen', 'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn',
  'de Jong', 'van Dijk', 'Janssen', 'van Beek', 'Hoekstra', 'Verhoeven', 'Koster', 'Prins',
  'Willems', 'Kuipers', 'Timmermans', 'Maas', 'Schouten', 'Wouters', 'Post', 'Huisman',
  'Kramer', 'van Wijk', 'Koning', 'Gerritsen', 'Bosman', 'Verbeek', 'van Rijn', 'Blom',
  'Scholten', 'Vink', 'Hermans', 'Sanders', 'van Gelder', 'Lingeman', 'van Zoelen', 'Bommel',
  'El Amrani', 'Yilmaz', 'Kaya', 'Nowak', 'Kowalski', 'Rossi', 'Garcia', 'Chen', 'Singh',
  'Mensah', 'Ivanova', 'Lindqvist', 'Murphy', "O'Brien",
];

/** Businesses among the subscribers (farms, shops, practices): the business tariffs go to them. */
export const BUSINESS_KINDS: readonly string[] = [
  'Bakkerij', 'Autobedrijf', 'Fruitteeltbedrijf', 'Huisartsenpraktijk', 'Installatiebedrijf',
  'Kapsalon', 'Tandartspraktijk', 'Loonbedrijf', 'Boomkwekerij', 'Camping', 'Administratiekantoor',
  'Fietsenmaker', 'Café', 'Hoveniersbedrijf', 'Transportbedrijf',
];

export const MAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org', 'mail.example', 'post.example'];

/** OUIs of the CPEs an ISP like this one hands out (MikroTik, Ubiquiti, TP-Link, AVM, ZTE). */
export const CPE_OUIS: readonly string[] = ['dc:2c:6e', '48:8f:5a', '24:a4:3c', '78:8a:20', 'f4:f2:6d', '50:c7:bf', '3c:a6:2f', 'c8:0e:14', '34:e8:94'];

export const BLOCK_REASONS = {
  debt: ['Unpaid invoices: balance below the minimum', 'Prepaid balance used up', 'Direct debit returned by the bank (twice)'],
  other: ['Abuse report: outgoing spam', 'Customer request: holiday suspension', 'Compromised CPE: scanning the network'],
} as const;

export const INACTIVE_REASONS: readonly string[] = ['Moved out of the service area', 'Contract ended', 'Switched to another provider', 'Deceased; account closed by the family'];

/** Lower-case ASCII letters only: `van der Meer` → `vandermeer`, `O'Brien` → `obrien`. */
export function compact(text: string): string {
  return text.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}
