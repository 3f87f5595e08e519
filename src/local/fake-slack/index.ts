export {
  BLOCK_LIMITS,
  type BlockSurface,
  checkBlocks,
  checkHomeView,
  checkMessage,
  checkView,
  checkViewErrors,
} from './blockLimits.js';
export { LOGIN_PAGE_HTML } from './fileDownloads.js';
export { FILE_INPUT_MAX_BYTES, fileKind } from './fileObjects.js';
export * from './payloads.js';
export type { FakeChannelSeed, FakeUserSeed } from './seed.js';
export { DEFAULT_CHANNELS, DEFAULT_USERS, FAKE_WORKSPACE, SEED_IDS } from './seed.js';
export {
  FakeSlack,
  type FakeSlackOptions,
  type MessageFilter,
  startFakeSlack,
  type ViewAckOutcome,
  type ViewSubmissionAck,
} from './server.js';
export { type SlackSignatureHeaders, signSlackRequest } from './signing.js';
export { escapeSlackText } from './slackText.js';
export {
  FakeSocketMode,
  SOCKET_MODE_ACK_TIMEOUT_MS,
  SOCKET_MODE_MAX_CONNECTIONS,
  type SocketAttempt,
  type SocketConnectionInfo,
  type SocketDelivery,
  type SocketEnvelopeType,
  type SocketModeEnvelope,
  socketEnvelopeOfBody,
} from './socketMode.js';
export type {
  FakeCall,
  FakeChange,
  FakeChannel,
  FakeFile,
  FakeFileRef,
  FakeMessage,
  FakeUser,
  FakeView,
  FakeViolation,
  ResponseUrlContext,
  UserFileInput,
} from './store.js';
export { SUBMISSION_FAILED_TEXT, UserFileError } from './store.js';
