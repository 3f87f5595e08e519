import type { HomeView, ModalView } from '@slack/types';
import type { Locale } from '../i18n/catalog.js';
import { withSandboxMarker, withSandboxMarkerInView } from './blocks/sandboxMarker.js';
import type { JuheDataMessage, JuheDataView, SlackMessage } from './message.js';

/**
 * The last step before anything reaches Slack, and the only place that knows the app answers from the
 * sandbox: messages and views that carry Juhe data get the marker there; nothing else does. Every path
 * to Slack (the outbox, ack bodies) goes through it, and it strips the formatter's flag.
 */
export interface Presenter {
  /**
   * The app answers from the sandbox. For what reaches Slack past message and view (files an export
   * shares, their comment), whose builders add the marker themselves.
   */
  readonly sandbox: boolean;
  message(message: SlackMessage | JuheDataMessage): SlackMessage;
  view(view: ModalView | JuheDataView): ModalView;
  /** the App Home tab: a summary of the analyst's own record, marked on the sandbox like its results */
  home(view: HomeView): HomeView;
}

export function createPresenter(locale: Locale, sandbox: boolean): Presenter {
  return {
    sandbox,
    message(message) {
      const { carriesJuheData, ...plain } = message as Partial<JuheDataMessage> & SlackMessage;
      return sandbox && carriesJuheData ? withSandboxMarker(locale, plain) : plain;
    },
    view(view) {
      const { carriesJuheData, ...plain } = view as Partial<JuheDataView> & ModalView;
      return sandbox && carriesJuheData ? withSandboxMarkerInView(locale, plain) : plain;
    },
    home(view) {
      return sandbox ? withSandboxMarkerInView(locale, view) : view;
    },
  };
}
