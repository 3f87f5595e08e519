import { maskPersonalDataInText } from '../domain/textMasking.js';
import type { RiskPage, RiskRecord, RiskRelation } from '../juhe/types.js';

/*
 * Juhe's records are court data, and courts write 身份证 and phone numbers into names, case texts and
 * statuses. They are masked once, here, as a page arrives: every surface (lists, overviews, parent
 * messages) and the page cache then only ever hold the masked text. Each record is rebuilt field by field
 * rather than spread, so a string field added to RiskRecord fails typecheck here until it is masked too.
 */

function maskRelation(relation: RiskRelation): RiskRelation {
  return {
    type: maskPersonalDataInText(relation.type),
    description: maskPersonalDataInText(relation.description),
    fulfilment: maskPersonalDataInText(relation.fulfilment),
  };
}

function maskRecord(record: RiskRecord): RiskRecord {
  return {
    caseNo: maskPersonalDataInText(record.caseNo),
    publishedDate: record.publishedDate,
    court: maskPersonalDataInText(record.court),
    id: maskPersonalDataInText(record.id),
    personName: maskPersonalDataInText(record.personName),
    relations: record.relations.map(maskRelation),
  };
}

/** The page with every 身份证 and mobile in its records masked (see maskPersonalDataInText). */
export function maskRiskPage(page: RiskPage): RiskPage {
  return { ...page, records: page.records.map(maskRecord) };
}
