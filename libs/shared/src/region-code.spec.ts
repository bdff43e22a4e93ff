import { checkRegionCode, districtOf, isRegionWithin, tierOfRegion } from './region-code';
import { isTier, parentTier } from './tier';

describe('checkRegionCode', () => {
  it('accepts 6-digit codes for city and district and 9-digit codes for townships', () => {
    expect(checkRegionCode('city', '440100')).toBeNull();
    expect(checkRegionCode('district', '440117')).toBeNull();
    expect(checkRegionCode('township', '440117001')).toBeNull();
  });

  it('names the expected length and standard when the length is wrong', () => {
    expect(checkRegionCode('township', '440117')).toBe('must be 9 digits for a township (GB/T 10114), got 6');
    expect(checkRegionCode('city', '440117001')).toBe('must be 6 digits for a city (GB/T 2260), got 9');
  });

  it('refuses non-digits and codes without a province', () => {
    expect(checkRegionCode('city', '44010A')).toBe('must contain digits only');
    expect(checkRegionCode('city', '001000')).toBe('must start with a province code (not 00)');
  });
});

describe('isRegionWithin', () => {
  it('places a township in its district and a district in its city', () => {
    expect(isRegionWithin('440117', '440117001')).toBe(true);
    expect(isRegionWithin('440100', '440117')).toBe(true);
  });

  it('rejects other districts and the same code', () => {
    expect(isRegionWithin('440118', '440117001')).toBe(false);
    expect(isRegionWithin('440100', '440100')).toBe(false);
    expect(isRegionWithin('440100', '450117')).toBe(false);
  });
});

describe('tiers', () => {
  it('knows the three tiers and their parents', () => {
    expect(isTier('township')).toBe(true);
    expect(isTier('village')).toBe(false);
    expect(parentTier('township')).toBe('district');
    expect(parentTier('district')).toBe('city');
    expect(parentTier('city')).toBeNull();
  });
});

describe('districtOf', () => {
  it("is a township's first 6 digits, and a 6-digit code itself", () => {
    expect(districtOf('440117001')).toBe('440117');
    expect(districtOf('440117')).toBe('440117');
  });
});

describe('tierOfRegion', () => {
  it('reads 9 digits as a township, the known city code as the city, any other 6 digits as a district', () => {
    expect(tierOfRegion('440117001', '440100')).toBe('township');
    expect(tierOfRegion('440100', '440100')).toBe('city');
    expect(tierOfRegion('440117', '440100')).toBe('district');
  });

  it('reads a 6-digit code as a district when the city code is not known', () => {
    expect(tierOfRegion('440100', null)).toBe('district');
    expect(tierOfRegion('440117001', null)).toBe('township');
  });
});
