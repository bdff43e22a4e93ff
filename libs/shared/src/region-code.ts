import type { Tier } from './tier';

/**
 * 行政区划代码. Cities and districts use the 6-digit county-level code of GB/T 2260;
 * townships use the 9-digit code of GB/T 10114 (the 6-digit code of their district plus 3 digits).
 */
export const REGION_CODE_LENGTH: Readonly<Record<Tier, number>> = {
  city: 6,
  district: 6,
  township: 9,
};

/** Returns null when `code` is a valid region code for `tier`, otherwise the reason in English. */
export function checkRegionCode(tier: Tier, code: string): string | null {
  const length = REGION_CODE_LENGTH[tier];
  if (!/^\d+$/.test(code)) {
    return 'must contain digits only';
  }
  if (code.length !== length) {
    const standard = tier === 'township' ? 'GB/T 10114' : 'GB/T 2260';
    return `must be ${length} digits for a ${tier} (${standard}), got ${code.length}`;
  }
  if (code.startsWith('00')) {
    return 'must start with a province code (not 00)';
  }
  return null;
}

/**
 * True when `child` lies inside `parent`: a township code starts with its district's code,
 * a district code shares its city's first 4 digits (GB/T 2260 prefecture level).
 */
export function isRegionWithin(parent: string, child: string): boolean {
  if (child.length === 9 && parent.length === 6) {
    return child.startsWith(parent);
  }
  if (child.length === 6 && parent.length === 6) {
    return child !== parent && child.slice(0, 4) === parent.slice(0, 4);
  }
  return false;
}

/**
 * The region code of a township's district: its first 6 digits (GB/T 10114 extends the district's GB/T 2260 code).
 * A 6-digit code (a district or the city) is returned unchanged.
 */
export function districtOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}

/**
 * The tier of the node holding `regionCode`: 9 digits are a township; a 6-digit code is the city when it is
 * `cityRegionCode` (pass null when the city's code is not known here), otherwise a district.
 */
export function tierOfRegion(regionCode: string, cityRegionCode: string | null): Tier {
  if (regionCode.length === REGION_CODE_LENGTH.township) return 'township';
  return cityRegionCode !== null && regionCode === cityRegionCode ? 'city' : 'district';
}
