/**
 * Test inputs shared by unit, HTTP and federation tests. Plain JSON, as a client would send it (the harness
 * depends on nothing of ours).
 */

/** 个体工商户设立登记: a commitment item with materials and no fee. */
export function sampleItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    baseCode: '000201001000',
    implCode: '114401170069401450000201001000',
    handleItemCode: null,
    name: '个体工商户设立登记',
    itemType: '07',
    exerciseLevel: '4',
    powerSource: '1',
    caseKind: 'commitment',
    statutoryLimitDays: 15,
    promisedLimitDays: 3,
    maxVisits: 1,
    online: true,
    handlingForms: ['1', '2', '3'],
    materials: [
      { name: '个体工商户设立登记申请书', required: true, originals: 1, copies: 0, toleranceAllowed: false, source: '申请人自备' },
      { name: '经营者身份证明', required: true, originals: 1, copies: 1, toleranceAllowed: true, source: '政府部门核发' },
    ],
    fees: [],
    acceptanceConditions: '申请材料齐全、符合法定形式',
    legalBasis: '《促进个体工商户发展条例》',
    handlingDepartment: 'SCJGJ',
    coDepartments: [],
    resultName: '营业执照',
    specialProcedures: [],
    ...overrides,
  };
}

/** A supertest `.parse()` that collects a binary response body (supertest buffers only text by default). */
export function binaryBody(res: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
