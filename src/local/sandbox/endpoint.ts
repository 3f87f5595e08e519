import type { JuheEnvelope } from './envelope.js';
import type { Fault } from './faults.js';

export type RequestParams = Readonly<Record<string, string>>;

/** The sandbox's state that answers may depend on. */
export interface SandboxState {
  /** which generation of the records that change over time is served (0 at the start) */
  readonly generation: number;
}

/** What the server needs from one Juhe product to answer for it. */
export interface SandboxEndpoint {
  /** which of the sandbox's keys this product accepts */
  product: 'risk' | 'finance';
  faultFor(params: RequestParams): Fault | undefined;
  /** the normal answer: validation, fixtures, error codes */
  answer(params: RequestParams, state: SandboxState): JuheEnvelope;
  /** the success answer that faults deliver (late, trickled, truncated …); `typesSwapped` for the strings fault */
  faultPayload(params: RequestParams, typesSwapped: boolean): JuheEnvelope;
  /** error_code 0 with a result a strict client must reject */
  wrongShape(params: RequestParams): JuheEnvelope;
}
