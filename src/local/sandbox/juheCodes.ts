/**
 * Every error_code the two vendor docs list, with the reason text Juhe sends for it.
 * The sandbox answers with these exact strings so clients are exercised against the vendor's wording.
 */
export const JUHE_REASONS: ReadonlyMap<number, string> = new Map<number, string>([
  [0, '成功'],
  // system codes, shared by both products
  [10001, '错误的请求KEY'],
  [10002, '该KEY无请求权限'],
  [10003, 'KEY过期'],
  [10004, '错误的OPENID'],
  [10005, '应用未审核超时，请提交认证'],
  [10007, '未知的请求源'],
  [10008, '被禁止的IP'],
  [10009, '被禁止的KEY'],
  [10011, '当前IP请求超过限制'],
  [10012, '请求超过次数限制'],
  [10013, '测试KEY超过请求限制'],
  [10014, '系统内部异常(调用充值类业务时，请务必联系客服或通过订单查询接口检测订单，避免造成损失)'],
  [10020, '接口维护'],
  [10021, '接口停用'],
  // personRisk
  [240101, '网络错误'],
  [240102, '查无记录'],
  [240103, '参数异常'],
  [240104, '查询失败'],
  // financeInfo
  [281501, '身份证号格式错误'],
  [281502, '姓名格式错误'],
  [281503, '手机号格式错误'],
  [281504, '网络异常'],
  [281505, '查询失败'],
]);

/** The error codes (non-zero) a fault trigger may ask for. */
export const JUHE_ERROR_CODES: readonly number[] = [...JUHE_REASONS.keys()].filter((code) => code !== 0);

export function juheReason(code: number): string {
  return JUHE_REASONS.get(code) ?? '未知错误';
}
