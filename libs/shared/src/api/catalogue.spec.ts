import { ITEM_STATUSES } from '../catalogue/service-item';
import { ITEM_LIFECYCLE_ACTIONS, itemActionAllowed, type ItemLifecycleAction } from './catalogue';

describe('itemActionAllowed', () => {
  it('allows publish from a draft, suspend from published, resume from suspended, cancel from all but cancelled', () => {
    const from = Object.fromEntries(
      (Object.keys(ITEM_LIFECYCLE_ACTIONS) as ItemLifecycleAction[]).map((a) => [a, ITEM_STATUSES.filter((s) => itemActionAllowed(a, s))]),
    );
    expect(from).toEqual({
      publish: ['draft'],
      suspend: ['published'],
      resume: ['suspended'],
      cancel: ['draft', 'published', 'suspended'],
    });
  });
});
