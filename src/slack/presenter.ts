import type { ModalView } from '@slack/types';
import type { Locale } from '../i18n/catalog.js';
import { withSandboxMarker, withSandboxMarkerInView } from './blocks/sandboxMarker.js';
import type { SlackMessage } from './message.js';

/** The last step before anything reaches Slack: in sandbox mode every message and view gets the marker. */
export interface Presenter {
  message<M extends SlackMessage>(message: M): M;
  view(view: ModalView): ModalView;
}

export function createPresenter(locale: Locale, sandbox: boolean): Presenter {
  if (!sandbox) return { message: (message) => message, view: (view) => view };
  return {
    message: (message) => withSandboxMarker(locale, message),
    view: (view) => withSandboxMarkerInView(locale, view),
  };
}
