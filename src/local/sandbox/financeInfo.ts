import type { RequestParams, SandboxEndpoint } from './endpoint.js';
import { errorEnvelope, type JuheEnvelope, successEnvelope } from './envelope.js';
import { financeFaultFor } from './faults.js';
import { FINANCE_DOC_SUBJECT, type FinanceScores, financeScoresFor } from './fixtures/finance.js';
import { isPlausibleIdCard, isPlausibleMobile, isPlausiblePersonName } from './inputChecks.js';
import { financeInfoOrderId } from './orderId.js';

const BAD_ID_CARD = 281501;
const BAD_NAME = 281502;
const BAD_MOBILE = 281503;

function scoresEnvelope(scores: FinanceScores, params: RequestParams, typesSwapped: boolean): JuheEnvelope {
  const score = (value: string): string | number => (typesSwapped ? Number(value) : value);
  return successEnvelope(
    {
      orderid: financeInfoOrderId(params),
      range: score(scores.range),
      history: score(scores.history),
      stability: score(scores.stability),
    },
    typesSwapped,
  );
}

function answer(params: RequestParams): JuheEnvelope {
  // Juhe accepts a lower-case check character; fixtures are keyed by the upper-case form.
  const idcard = (params.idcard ?? '').trim().toUpperCase();
  if (!isPlausibleIdCard(idcard)) return errorEnvelope(BAD_ID_CARD);
  if (!isPlausiblePersonName(params.realname ?? '')) return errorEnvelope(BAD_NAME);
  if (!isPlausibleMobile((params.mobile ?? '').trim())) return errorEnvelope(BAD_MOBILE);
  return scoresEnvelope(financeScoresFor(idcard), params, false);
}

export const financeInfoEndpoint: SandboxEndpoint = {
  product: 'finance',
  faultFor: (params) => financeFaultFor((params.mobile ?? '').trim()),
  answer,
  // Fault answers carry the doc example's scores whatever the 身份证, so tests can use any id.
  faultPayload: (params, typesSwapped) => scoresEnvelope(FINANCE_DOC_SUBJECT.scores, params, typesSwapped),
  // scores of the wrong type (missing ones are tolerated, so they would not test the shape check)
  wrongShape: (params) =>
    successEnvelope({ range: [], history: {}, stability: true, orderid: financeInfoOrderId(params) }),
};
