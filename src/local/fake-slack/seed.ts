/** The fake workspace's fixed identities and default conversations. */

export const FAKE_WORKSPACE = {
  teamId: 'T0001',
  teamName: 'Fake Workspace',
  teamDomain: 'fake-workspace',
  workspaceUrl: 'https://fake-workspace.slack.com/',
  appId: 'A0FAKEAPP',
  botUserId: 'UBOT',
  botId: 'BBOT',
  botName: 'juhe-risk',
  /** Slack still sends the deprecated verification token in payloads; Bolt ignores it in HTTP mode. */
  verificationToken: 'fake-verification-token',
} as const;

export const SEED_IDS = {
  complianceChannel: 'C0COMPLIANCE',
  generalChannel: 'C0GENERAL',
  notMemberChannel: 'C0NOTMEMBER',
  analystDm: 'D0ANALYST',
  analyst: 'U0ANALYST',
  refused: 'U0REFUSED',
} as const;

export interface FakeUserSeed {
  id: string;
  /** the handle (`user_name` in slash commands) */
  name: string;
  realName: string;
  isBot?: boolean;
  locale?: string;
}

export interface FakeChannelSeed {
  id: string;
  name: string;
  /** whether the bot user is in the conversation (chat.postMessage needs it) */
  isMember: boolean;
  isCompliance?: boolean;
  isPrivate?: boolean;
  /** set for a DM: the human on the other side */
  imUser?: string;
  /** human members; the bot is added when isMember */
  members?: string[];
}

export const DEFAULT_USERS: readonly FakeUserSeed[] = [
  { id: SEED_IDS.analyst, name: 'ana.analyst', realName: 'Ana Analyst', locale: 'en-US' },
  { id: SEED_IDS.refused, name: 'rex.refused', realName: 'Rex Refused', locale: 'en-US' },
];

const EVERYONE = [SEED_IDS.analyst, SEED_IDS.refused];

export const DEFAULT_CHANNELS: readonly FakeChannelSeed[] = [
  {
    id: SEED_IDS.complianceChannel,
    name: 'compliance-screening',
    isMember: true,
    isCompliance: true,
    members: EVERYONE,
  },
  { id: SEED_IDS.generalChannel, name: 'general', isMember: true, members: EVERYONE },
  { id: SEED_IDS.notMemberChannel, name: 'random', isMember: false, members: EVERYONE },
  {
    id: SEED_IDS.analystDm,
    name: 'directmessage',
    isMember: true,
    imUser: SEED_IDS.analyst,
    members: [SEED_IDS.analyst],
  },
];
