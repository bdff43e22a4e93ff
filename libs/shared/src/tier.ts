/** The three tiers of 三级联动. A village station is not a node (see DOMAIN.md). */
export const TIERS = ['city', 'district', 'township'] as const;
export type Tier = (typeof TIERS)[number];

/** Chinese names shown in the UI and printed notices. */
export const TIER_NAMES_ZH: Readonly<Record<Tier, string>> = {
  city: '市',
  district: '区/县',
  township: '镇/街',
};

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** The tier directly above, or null for the city. */
export function parentTier(tier: Tier): Tier | null {
  switch (tier) {
    case 'city':
      return null;
    case 'district':
      return 'city';
    case 'township':
      return 'district';
  }
}
