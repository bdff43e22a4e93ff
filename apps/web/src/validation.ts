/** Client-side checks, the same rules as the node (libs/shared), with their messages in Chinese. */
import { checkCreditCode, checkResidentId } from '@liandong/shared';
import { today } from './format';
import { reasonZh } from './messages';

/** Resident id (GB 11643) or unified social credit code (GB 32100): null when valid, else the reason in Chinese. */
export function idNumberProblem(kind: 'person' | 'organisation', value: string): string | null {
  if (value.trim() === '') return kind === 'person' ? '请输入身份证号码' : '请输入统一社会信用代码';
  if (kind === 'person') {
    const r = checkResidentId(value, { today: today() });
    return r.ok ? null : `身份证号码${reasonZh(r.reason)}`;
  }
  const r = checkCreditCode(value);
  return r.ok ? null : `统一社会信用代码${reasonZh(r.reason)}`;
}

export const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;

/** Ant Design form rules for the applicant fields. */
export const applicantRules = {
  name: [{ required: true, whitespace: true, message: '请输入申请人姓名或单位名称' }, { max: 100, message: '最多100个字' }],
  phone: [
    { required: true, message: '请输入联系电话' },
    { pattern: PHONE_PATTERN, message: '联系电话应为5–20位数字（可含+、-或空格）' },
  ],
  idNumber: (kind: () => 'person' | 'organisation') => [
    {
      validator: async (_: unknown, value: string | undefined) => {
        const problem = idNumberProblem(kind(), value ?? '');
        if (problem !== null) throw new Error(problem);
      },
    },
  ],
};
