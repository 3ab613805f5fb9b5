/**
 * Which country's inventory an area code's local numbers come from. The North American Numbering Plan spans the
 * US, Canada and Caribbean countries; Amazon Chime SDK offers local numbers in the US and Canada only
 * (SearchAvailablePhoneNumbers takes `Country` "US" or "CA" for them), so a Caribbean area code is refused.
 */

/** Canadian geographic and non-geographic area codes (Canadian Numbering Administrator, 2025). */
const CANADA = new Set(
  (
    '204 226 236 249 250 257 263 289 306 343 354 365 367 368 382 387 403 416 418 428 431 437 438 450 460 468 ' +
    '474 506 514 519 548 579 581 584 587 600 604 613 622 639 647 672 683 705 709 742 753 778 780 782 807 819 ' +
    '825 867 873 879 902 905 942'
  ).split(' '),
);

/** NANP area codes of countries outside the US and Canada (the Caribbean and Bermuda). */
const ELSEWHERE = new Set(
  '242 246 264 268 284 345 441 473 649 658 664 721 758 767 784 809 829 849 868 869 876'.split(' '),
);

export type NumberCountry = 'US' | 'CA';

/** `206` → US, `416` → CA; throws, naming the area code, for one that is not a US or Canadian area code. */
export function countryOfAreaCode(areaCode: string): NumberCountry {
  if (!/^[2-9]\d{2}$/.test(areaCode)) {
    throw new Error(`AreaCode "${areaCode}" is not a three-digit North American area code`);
  }
  if (CANADA.has(areaCode)) return 'CA';
  if (ELSEWHERE.has(areaCode)) {
    throw new Error(
      `Area code ${areaCode} is outside the US and Canada; Amazon Chime SDK offers local numbers only there`,
    );
  }
  return 'US';
}
