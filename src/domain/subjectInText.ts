import { looksLikePersonalId } from './personalId.js';
import { validatePersonName } from './personName.js';
import { validateUscc } from './uscc.js';

/**
 * What an ordinary message ("Please check 北京朝阳科技有限公司 李娜 before we sign") probably names: a
 * company to use as the /risk keyword and a person. A guess for a form the analyst then corrects, so it
 * prefers finding nothing to finding the wrong thing, and never proposes a 身份证 or a mobile.
 */
export interface SubjectInText {
  keyword?: string;
  realname?: string;
}

/** Endings of Chinese company and firm names, longest first so 股份有限公司 wins over 有限公司 and 公司. */
const COMPANY_ENDINGS = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '合伙企业',
  '事务所',
  '集团',
  '公司',
  '商行',
  '工作室',
  '合作社',
  '研究院',
  '中心',
  '厂',
];

/** Characters a company name is written in: Han, Latin letters and digits, brackets for a place (（北京）). */
const NAME_RUN = /[\p{Script=Han}A-Za-z0-9（）()·&]+/gu;
/** A 统一社会信用代码 standing alone: 18 of its characters, not inside a longer run. */
const USCC_CANDIDATE = /(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])/g;
/** Chinese personal names are two to four Han characters (a dot joins the parts of a transliterated one). */
const HAN_NAME = /^[\p{Script=Han}·]{2,8}$/u;
/** Words that read as two-to-four-character names but are ordinary words, or roles, in such messages. */
const NOT_NAMES = new Set(
  '核查 检查 查询 风险 合作 签约 客户 新客户 供应商 公司 集团 请查 帮忙 请帮忙 负责人 法人 法定代表人 联系人 经办人 股东 董事长 总经理 经理 代表 老板 对方 合同 签约方 身份证 电话 手机 代码 统一社会信用代码 注册号 谢谢'.split(
    ' ',
  ),
);

/**
 * Chinese needs no space before a name: "签约前请核查一下北京朝阳科技有限公司" is one run of characters. What
 * comes up to a request to check ("…核查一下", "…查询", "关于…") is the message, not the company.
 */
const LEAD_IN =
  /^[\p{Script=Han}]*?(?:核查|核实|查询|查一下|查查|筛查|审查|调查|了解|看看|看一下|关于|对于)(?:一下)?/u;

function withoutLeadIn(run: string, ending: string): string {
  const rest = run.replace(LEAD_IN, '');
  return rest !== run && rest.length > ending.length + 1 ? rest : run;
}

function companyIn(text: string): string | undefined {
  for (const candidate of text.matchAll(USCC_CANDIDATE)) {
    if (validateUscc(candidate[0]).ok && !looksLikePersonalId(candidate[0]))
      return candidate[0].toUpperCase();
  }
  for (const run of text.match(NAME_RUN) ?? []) {
    const ending = COMPANY_ENDINGS.find((end) => run.endsWith(end));
    // the ending alone ("公司") names no company
    if (ending !== undefined && run.length > ending.length + 1) return withoutLeadIn(run, ending);
  }
  return undefined;
}

/** Roles that introduce the person in such messages ("法人 顾敏", "联系人：王芳"): the name after one wins. */
const ROLES = new Set('法人 法定代表人 负责人 联系人 经办人 股东 董事长 总经理 经理 代表 老板'.split(' '));

function personIn(text: string, company: string | undefined): string | undefined {
  const rest = company === undefined ? text : text.replace(company, ' ');
  let first: string | undefined;
  let afterRole = false;
  for (const word of rest.split(/[\s,，。.;；:：!！?？、"“”'‘’()（）]+/u)) {
    if (word === '') continue;
    const introducesPerson = ROLES.has(word);
    const name = isCandidateName(word) ? validatePersonName(word) : undefined;
    if (name?.ok) {
      if (afterRole) return name.value;
      first ??= name.value;
    }
    afterRole = introducesPerson;
  }
  return first;
}

function isCandidateName(word: string): boolean {
  if (!HAN_NAME.test(word) || NOT_NAMES.has(word)) return false;
  if (COMPANY_ENDINGS.some((end) => word.endsWith(end))) return false;
  // the request left where the company was taken out ("麻烦查询", "关于") is no name
  if (word.replace(LEAD_IN, '') === '') return false;
  // a name has two to four characters; only a dotted (transliterated) one is longer
  return word.includes('·') || [...word].length <= 4;
}

export function findSubjectInText(text: string): SubjectInText {
  const keyword = companyIn(text);
  const realname = personIn(text, keyword);
  return { ...(keyword ? { keyword } : {}), ...(realname ? { realname } : {}) };
}
