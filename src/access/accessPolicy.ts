import type { JuheApi } from '../juhe/types.js';

/** Who may query which API. An unset list means everyone in the workspace may. */
export interface AccessPolicy {
  mayQuery(api: JuheApi, userId: string): boolean;
}

export function createAccessPolicy(lists: {
  allowedUserIds?: ReadonlySet<string>;
  financeAllowedUserIds?: ReadonlySet<string>;
}): AccessPolicy {
  return {
    mayQuery(api, userId) {
      const list = api === 'finance' ? lists.financeAllowedUserIds : lists.allowedUserIds;
      return list === undefined || list.has(userId);
    },
  };
}
