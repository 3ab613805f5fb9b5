/**
 * NANP area codes that are not one of the 50 United States or DC, and what they are. Every geographic area
 * code not listed here is treated as the United States.
 *
 * Source: the North American Numbering Plan Administrator (NANPA), "NPA reports" and the list of area codes
 * by location (https://www.nationalnanpa.com/area_codes/index.html); checked against its listing of the
 * Caribbean participants and of Canada, as of 2025. Canada's codes are assigned by the Canadian Numbering
 * Administrator (https://www.cnac.ca/area_code_maps/canadian_area_codes.htm). Update this file when NANPA
 * announces a new code outside the United States: a code missing here is dialled as a US number.
 *
 * Region names are ISO 3166 codes, plus `CA` for Canada and `US` for the 50 states and DC.
 */

export interface AreaRegion {
  readonly region: string;
  /** How a refusal names it: "Calls to Jamaica are not allowed from this line." */
  readonly name: string;
}

const region = (code: string, name: string, areaCodes: string[]) =>
  areaCodes.map((a) => [a, { region: code, name }] as const);

/** Canada, allowed by default. */
// prettier-ignore
const CANADA = region('CA', 'Canada', [
  '204', '226', '236', '249', '250', '257', '263', '289', '306', '343', '354', '365', '367', '368', '382',
  '387', '403', '416', '418', '428', '431', '437', '438', '450', '460', '468', '474', '506', '514', '519',
  '548', '579', '581', '584', '587', '604', '613', '639', '647', '672', '683', '705', '709', '742', '753',
  '778', '780', '782', '807', '819', '825', '867', '873', '879', '902', '905', '942',
]);

/** US territories: billed like international calls by many carriers; allowed only when the admin adds them. */
const US_TERRITORIES = [
  ...region('PR', 'Puerto Rico', ['787', '939']),
  ...region('VI', 'the U.S. Virgin Islands', ['340']),
  ...region('GU', 'Guam', ['671']),
  ...region('MP', 'the Northern Mariana Islands', ['670']),
  ...region('AS', 'American Samoa', ['684']),
];

/** The other NANP countries: international calls with a +1 number (the one-ring and premium-fraud targets). */
const OTHER_COUNTRIES = [
  ...region('AI', 'Anguilla', ['264']),
  ...region('AG', 'Antigua and Barbuda', ['268']),
  ...region('BS', 'the Bahamas', ['242']),
  ...region('BB', 'Barbados', ['246']),
  ...region('BM', 'Bermuda', ['441']),
  ...region('VG', 'the British Virgin Islands', ['284']),
  ...region('KY', 'the Cayman Islands', ['345']),
  ...region('DM', 'Dominica', ['767']),
  ...region('DO', 'the Dominican Republic', ['809', '829', '849']),
  ...region('GD', 'Grenada', ['473']),
  ...region('JM', 'Jamaica', ['876', '658']),
  ...region('MS', 'Montserrat', ['664']),
  ...region('KN', 'Saint Kitts and Nevis', ['869']),
  ...region('LC', 'Saint Lucia', ['758']),
  ...region('VC', 'Saint Vincent and the Grenadines', ['784']),
  ...region('SX', 'Sint Maarten', ['721']),
  ...region('TT', 'Trinidad and Tobago', ['868']),
  ...region('TC', 'the Turks and Caicos Islands', ['649']),
];

export const AREA_REGIONS: ReadonlyMap<string, AreaRegion> = new Map([
  ...CANADA,
  ...US_TERRITORIES,
  ...OTHER_COUNTRIES,
]);

/** Toll-free codes in service: free to the caller, always allowed. */
export const TOLL_FREE: ReadonlySet<string> = new Set(['800', '833', '844', '855', '866', '877', '888']);

export type ServiceKind = 'premium' | 'personal' | 'special';

/**
 * Non-geographic service codes that are never dialled: 900 (premium-rate), the 5XX personal communications
 * services codes, 700 (carrier services), 710 (US government), 456 (inbound international), 600 and 622
 * (Canadian non-geographic services) and the 88X codes set aside for future toll-free use.
 */
// prettier-ignore
const PERSONAL = [
  '500', '521', '522', '523', '524', '525', '526', '527', '528', '529', '532', '533', '535', '538', '542',
  '543', '544', '545', '546', '547', '549', '550', '552', '553', '554', '556', '558', '566', '569', '577',
  '578', '588', '589',
];
// prettier-ignore
const SPECIAL = ['700', '710', '456', '600', '622', '822', '880', '881', '882', '883', '884', '885', '886', '887', '889'];

export const SERVICE_CODES: ReadonlyMap<string, ServiceKind> = new Map<string, ServiceKind>([
  ['900', 'premium'],
  ...PERSONAL.map((a) => [a, 'personal'] as [string, ServiceKind]),
  ...SPECIAL.map((a) => [a, 'special'] as [string, ServiceKind]),
]);

/** Exchanges (the 3 digits after the area code) that are premium-rate wherever they are: 976 ("dial-it"). */
export const PREMIUM_EXCHANGES: ReadonlySet<string> = new Set(['976']);

/** Regions allowed when the admin lists none: the 50 states and DC, and Canada. */
export const DEFAULT_REGIONS: readonly string[] = ['US', 'CA'];

/** Every region this file names, for checking what an admin lists. */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'US',
  ...[...AREA_REGIONS.values()].map((r) => r.region),
]);
