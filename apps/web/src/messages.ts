import { ApiError, NetworkError, type FieldProblem } from './api/client';

/**
 * Messages in Chinese: field labels, the translation of the node's English reasons (400 bodies, libs/shared checks)
 * and the one line shown for a failed request.
 */

/** Chinese labels of the API's field names (400 bodies name fields in English). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  implCode: '实施编码',
  'applicant.kind': '申请人类型',
  'applicant.name': '申请人姓名/名称',
  'applicant.idNumber': '证件号码',
  'applicant.phone': '联系电话',
  applicant: '申请人',
  outcome: '受理结果',
  missing: '需补正材料',
  reason: '理由',
  legalBasis: '法律依据',
  received: '收取材料',
  tolerated: '容缺材料',
  'tolerated.materials': '容缺材料',
  'tolerated.due': '容缺补交日期',
  draftId: '预审件',
  id: '编号',
  station: '代办站点',
  department: '部门',
  opinion: '意见',
  note: '说明',
  procedure: '特别程序',
  days: '延长天数',
  method: '出件方式',
  trackingNumber: '快递单号',
  currentPassword: '当前密码',
  newPassword: '新密码',
  items: '收费项目',
  code: '查询码',
  score: '评价',
  username: '用户名',
  password: '密码',
  body: '请求内容',
  mode: '方式',
  target: '下放对象',
  'target.kind': '下放对象',
  'target.regionCode': '区划代码',
  effectiveFrom: '生效日期',
};

/** English reasons of the API and of libs/shared, in Chinese; an unknown reason is shown as it is. */
const REASONS: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => string]> = [
  [/^is required$/, () => '必填'],
  [/^must not contain spaces$/, () => '不能包含空格'],
  [/^must be (\d+) characters \(got (\d+)\)$/, (m) => `应为${m[1]}位（当前${m[2]}位）`],
  [/^is a 15-digit legacy number/, () => '不受理15位旧身份证号码，请使用18位号码'],
  [/^must start with 17 digits$/, () => '前17位应为数字'],
  [/^use uppercase X as the check character$/, () => '校验位请使用大写X'],
  [/^check character must be a digit or X \(got (.+)\)$/, (m) => `校验位应为数字或X（当前为“${m[1]}”）`],
  [/^address code \(digits 1–6\) must not start with 00$/, () => '地址码（第1–6位）不能以00开头'],
  [/^birth date (\d+) \(digits 7–14\) is not a real date/, (m) => `出生日期${m[1]}（第7–14位）不是有效日期`],
  [/^birth date (\d+) \(digits 7–14\) is before/, (m) => `出生日期${m[1]}（第7–14位）早于1900年`],
  [/^birth date (\d+) \(digits 7–14\) is after today/, (m) => `出生日期${m[1]}（第7–14位）晚于今天`],
  [/^check character must be (.), got (.)$/, (m) => `校验位错误：应为${m[1]}，实为${m[2]}，请核对号码`],
  [/^must use uppercase letters/, () => '字母须大写'],
  [/cannot be "(.+)" \(I, O, Z, S and V are never used\)$/, (m) => `不能包含字母“${m[1]}”（统一社会信用代码不使用I、O、Z、S、V）`],
  [/^character (\d+) cannot be "(.+)"/, (m) => `第${m[1]}位不能是“${m[2]}”`],
  [/^phone must be/, () => '应为5–20位数字（可含+、-或空格）'],
  [/^implCode must be/, () => '应为1–36位数字或大写字母'],
  [/^trackingNumber must be/, () => '应为6–40位字母、数字或“-”'],
  [/^is required for express delivery/, () => '快递出件须填写快递单号'],
  [/^a refusal needs a reason and its legal basis/, () => '不予受理须写明理由和法律依据'],
  [/^list everything missing at once/, () => '请一次性列明全部需补正的材料'],
  [/^required material "(.+)" is missing/, (m) => `必要材料“${m[1]}”未收取：请一次性告知补正，或按容缺受理`],
  [/^"(.+)" is not a material of this item version$/, (m) => `“${m[1]}”不是本事项的申请材料`],
  [/^"(.+)" is not a material of this item that may be promised later/, (m) => `“${m[1]}”不允许容缺`],
  [/^must be a day after today$/, () => '应晚于今天'],
  [/^only an acceptance can be/, () => '只有受理才能容缺'],
  [/^must be the 8-digit query code$/, () => '应为8位数字查询码'],
  [/^code must be the 8-digit query code$/, () => '应为8位数字查询码'],
  [/^code must be the 12-character query code/, () => '查询码应为12位字母数字（如 ABCD-EFGH-JKMN），或旧的8位数字'],
  [/^is not the current password$/, () => '当前密码不正确'],
  [/^must differ from the current password$/, () => '新密码不能与当前密码相同'],
  [/^must be longer than or equal to (\d+) characters$/, (m) => `至少${m[1]}个字符`],
  [/^must be shorter than or equal to (\d+) characters$/, (m) => `最多${m[1]}个字符`],
  [/should not be empty$/, () => '不能为空'],
  [/^must be a UUID$/, () => '编号格式错误'],
  [/^department must be a department code$/, () => '应为部门代码'],
  [/must be one of the following values/, () => '取值无效'],
  [/^property .+ should not exist$/, () => '不允许的字段'],
  [/^malformed JSON$/, () => '请求格式错误'],
  [/^is not a valid date|must be a date YYYY-MM-DD/, () => '日期格式应为YYYY-MM-DD'],
  [/^must be an integer/, () => '应为整数'],
  [/^must not exceed the statutory limit \((\d+) working days\)/, (m) => `不能超过法定办结时限（${m[1]}个工作日）`],
  [/^must be 0 for an immediate item/, () => '即办件的承诺时限应为0'],
  [/^must be at least 1 working day for a commitment item/, () => '承诺件的承诺时限至少1个工作日'],
  [/^must be at most 1 for an immediate item/, () => '即办件到现场次数最多1次'],
  [/^must be from (\d+) to (\d+) \(got (.+)\)$/, (m) => `应在${m[1]}–${m[2]}之间（当前${m[3]}）`],
  [/^must be true or false/, () => '应为“是”或“否”'],
  [/^must be at most (\d+) characters/, (m) => `最多${m[1]}个字符`],
  [/^must be at least (\d+) characters/, (m) => `至少${m[1]}个字符`],
  [/^must be a name of 1–100 characters$/, () => '名称应为1–100个字符'],
  [/^must be a department code/, () => '应为部门代码（字母、数字、“-”或“_”）'],
  [/^has an invalid format$/, () => '格式错误'],
  [/^is required \(one of (.+)\)$/, (m) => `必填（可选：${m[1]}）`],
  [/^must list at least one handling form$/, () => '至少填写一种办理形式'],
  [/^a material needs at least one original or copy$/, () => '每项材料至少需要原件或复印件一份'],
  [/^an online item must offer PC \(2\) or mobile \(3\) handling$/, () => '网办事项须提供PC端或移动端办理'],
  [/^must not repeat the handling department$/, () => '不能与承办机构重复'],
  [/^repeats (.+)$/, (m) => `重复：${m[1]}`],
  [/^must not be less than (\d+)$/, (m) => `不能小于${m[1]}`],
  [/^must not be greater than (\d+)$/, (m) => `不能大于${m[1]}`],
  [/^must mix at least two of/, () => '须包含小写字母、大写字母、数字、其他字符中的至少两类'],
  [/^must not contain the user name$/, () => '不能包含用户名'],
  [/^must not repeat one character four times in a row$/, () => '不能有同一字符连续出现四次'],
  [/^is a well-known password$/, () => '过于常见，请换一个'],
  [/^a village assistant needs the village station/, () => '村(居)代办员须填写所属工作站'],
  [/^only a village assistant works for a village station$/, () => '只有村(居)代办员需要填写工作站'],
  [/^username must be 2–64 letters/, () => '用户名应为2–64位字母、数字、“.”、“_”或“-”'],
];

export function reasonZh(reason: string): string {
  // class-validator prefixes the property name ("name must be …"): drop it for the lookup.
  const bare = reason.replace(/^[a-zA-Z.[\]0-9]+ (?=must|should)/, '');
  for (const [pattern, zh] of REASONS) {
    const m = bare.match(pattern) ?? reason.match(pattern);
    if (m !== null) return zh(m);
  }
  return reason;
}

export function fieldLabel(field: string): string {
  const exact = FIELD_LABELS[field];
  if (exact !== undefined) return exact;
  const indexed = field.match(/^(.+)\[(\d+)\]$/);
  if (indexed !== null) return `${fieldLabel(indexed[1] as string)}第${Number(indexed[2]) + 1}项`;
  return field;
}

export function problemZh(p: FieldProblem): string {
  return `${fieldLabel(p.field)}：${reasonZh(p.reason)}`;
}

/** The Chinese part of a message like "办件不存在 (no case …)"; a message without Chinese is kept whole. */
export function messageZh(message: string): string {
  const chinese = message.replace(/\s*\([^()]*\)\s*$/, '');
  return /[\u4e00-\u9fff]/.test(chinese) ? chinese : message;
}

/** One line for a failed request, in Chinese. */
export function errorText(error: unknown): string {
  if (error instanceof NetworkError) return '无法连接服务器，请检查网络后重试';
  if (error instanceof ApiError) {
    if (error.problems.length > 0) return error.problems.map(problemZh).join('；');
    switch (error.status) {
      case 401:
        return /[\u4e00-\u9fff]/.test(error.message) ? messageZh(error.message) : '用户名或密码错误，或登录已过期';
      case 403:
        return /[\u4e00-\u9fff]/.test(error.message) ? messageZh(error.message) : '无权办理此操作';
      case 404:
        return /[\u4e00-\u9fff]/.test(error.message) ? messageZh(error.message) : '未找到';
      case 429:
        return /[\u4e00-\u9fff]/.test(error.message) ? messageZh(error.message) : '请求过于频繁，请稍后再试';
      default:
        return messageZh(error.message);
    }
  }
  return error instanceof Error ? error.message : String(error);
}
