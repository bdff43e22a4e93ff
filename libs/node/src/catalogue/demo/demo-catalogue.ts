import type { Fee, ItemStatus, Material, ServiceItemContent } from '@liandong/shared';

/**
 * Demo item catalogues for the local federation (`npm start`): 广州市 (`gz-city`, 440100) and 从化区 (`conghua`,
 * 440117) with its townships 街口街道 (440117001) and 温泉镇 (440117100).
 *
 * The items are modelled on real Guangdong / Guangzhou service items, but the codes are invented: base codes are
 * 12-digit GB/T 39046-style codes, and an implementation code is the handling department's 18-character unified
 * social credit code (GB 32100, with a valid check character) followed by the base code.
 */

export interface DemoDepartment {
  readonly code: string;
  readonly name: string;
}

export interface DemoItem {
  readonly content: ServiceItemContent;
  readonly status: Extract<ItemStatus, 'draft' | 'published' | 'suspended'>;
}

export interface DemoDelegation {
  readonly implCode: string;
  readonly mode: 'devolved' | 'entrusted';
  readonly target: { readonly kind: 'township'; readonly regionCode: string } | { readonly kind: 'district'; readonly regionCode: string } | { readonly kind: 'all' };
  /** YYYY-MM-DD. */
  readonly effectiveFrom: string;
}

export interface DemoCatalogue {
  readonly departments: readonly DemoDepartment[];
  readonly items: readonly DemoItem[];
  readonly delegations: readonly DemoDelegation[];
}

const CONGHUA = '440117';
const JIEKOU = '440117001';
const WENQUAN = '440117100';

/** Department code → name and unified social credit code (invented, check character valid). */
const DEPARTMENTS = {
  // 广州市 (city node)
  SRSJ: { name: '广州市人力资源和社会保障局', creditCode: '11440100007503217C' },
  SGJJ: { name: '广州住房公积金管理中心', creditCode: '12440100455432870L' },
  SGAJ: { name: '广州市公安局', creditCode: '11440100007502193B' },
  SWJW: { name: '广州市卫生健康委员会', creditCode: '114401000075054668' },
  SSCJGJ: { name: '广州市市场监督管理局', creditCode: '11440100MB2C916804' },
  SGHZYJ: { name: '广州市规划和自然资源局', creditCode: '11440100MB2C73749G' },
  SZJJ: { name: '广州市住房和城乡建设局', creditCode: '114401000075046079' },
  SMZJ: { name: '广州市民政局', creditCode: '11440100007503743F' },
  SZSJ: { name: '广州市政务服务数据管理局', creditCode: '11440100MB2C03855L' },
  // 从化区 (district node)
  QRSJ: { name: '广州市从化区人力资源和社会保障局', creditCode: '11440117007486138H' },
  QSCJGJ: { name: '广州市从化区市场监督管理局', creditCode: '11440117MB2D417217' },
  QMZJ: { name: '广州市从化区民政局', creditCode: '11440117007485928N' },
  QWJJ: { name: '广州市从化区卫生健康局', creditCode: '11440117007486891R' },
  QGAFJ: { name: '广州市公安局从化区分局', creditCode: '114401170074854189' },
  QZJJ: { name: '广州市从化区住房和城乡建设局', creditCode: '114401170074873687' },
  QGHZYFJ: { name: '广州市规划和自然资源局从化区分局', creditCode: '11440117MB2D39576J' },
} as const;
type DepartmentCode = keyof typeof DEPARTMENTS;

function departments(codes: readonly DepartmentCode[]): DemoDepartment[] {
  return codes.map((code) => ({ code, name: DEPARTMENTS[code].name }));
}

/** Item content without the derived implementation code; lists that are usually empty may be left out. */
type ItemFields = Omit<ServiceItemContent, 'implCode' | 'handleItemCode' | 'handlingDepartment' | 'coDepartments' | 'fees' | 'specialProcedures'> & {
  readonly handlingDepartment: DepartmentCode;
  readonly coDepartments?: readonly DepartmentCode[];
  readonly fees?: readonly Fee[];
  readonly specialProcedures?: readonly string[];
};

function item(status: DemoItem['status'], fields: ItemFields): DemoItem {
  const { handlingDepartment, coDepartments = [], fees = [], specialProcedures = [], ...rest } = fields;
  return {
    status,
    content: {
      ...rest,
      implCode: `${DEPARTMENTS[handlingDepartment].creditCode}${rest.baseCode}`,
      handleItemCode: null,
      handlingDepartment,
      coDepartments,
      fees,
      specialProcedures,
    },
  };
}

/** A required material, one original unless told otherwise; `tolerated` marks 容缺. */
function material(name: string, source: string, options: { originals?: number; copies?: number; required?: boolean; tolerated?: boolean } = {}): Material {
  return {
    name,
    required: options.required ?? true,
    originals: options.originals ?? 1,
    copies: options.copies ?? 0,
    toleranceAllowed: options.tolerated ?? false,
    source,
  };
}

const SELF = '申请人自备';
const GOV = '政府部门核发';
const AGENCY = '中介机构出具';
const ID_CARD = material('申请人居民身份证', GOV);

// ---------------------------------------------------------------------------------------------------------------
// 广州市 (city)
// ---------------------------------------------------------------------------------------------------------------

const SOCIAL_SECURITY_CARD_REISSUE = item('published', {
  baseCode: '000420115000',
  name: '社会保障卡补领、换领',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '3'],
  materials: [ID_CARD, material('社会保障卡补换申请表', SELF), material('原社会保障卡', SELF, { required: false })],
  fees: [{ name: '社会保障卡补换卡工本费', amountFen: 2000, basis: '省价格、财政主管部门核定的收费标准(首次申领免费)', reducible: true }],
  acceptanceConditions: '已参加本市社会保险;社会保障卡遗失、损坏或信息变更需要补换',
  legalBasis: '《中华人民共和国社会保险法》第五十八条;《社会保障卡管理办法》(人社部发〔2011〕47号)',
  handlingDepartment: 'SRSJ',
  resultName: '社会保障卡',
});

const FLEXIBLE_EMPLOYMENT_PENSION = item('published', {
  baseCode: '000420103000',
  name: '灵活就业人员参加企业职工基本养老保险登记(社保)',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [ID_CARD, material('灵活就业人员参保登记表', SELF)],
  acceptanceConditions: '具有本市户籍或持有本市有效居住证的无雇工个体工商户、未在用人单位参保的非全日制从业人员及其他灵活就业人员',
  legalBasis: '《中华人民共和国社会保险法》第十条、第五十八条',
  handlingDepartment: 'SRSJ',
  resultName: '社会保险参保登记信息',
});

const UNEMPLOYMENT_BENEFIT = item('published', {
  baseCode: '000520101000',
  name: '失业保险金申领',
  itemType: '05',
  exerciseLevel: '7',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 5,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [ID_CARD, material('终止或者解除劳动关系的证明', SELF, { originals: 0, copies: 1, tolerated: true }), material('银行借记卡', SELF, { originals: 0, copies: 1, required: false })],
  acceptanceConditions: '失业前用人单位和本人已经缴纳失业保险费满一年;非因本人意愿中断就业;已经进行失业登记,并有求职要求',
  legalBasis: '《中华人民共和国社会保险法》第四十五条;《失业保险条例》第十四条',
  handlingDepartment: 'SRSJ',
  resultName: '失业保险金核定结果',
});

const EMPLOYMENT_AGENCY_LICENCE = item('suspended', {
  baseCode: '000120120000',
  name: '经营性人力资源服务机构从事职业中介活动许可',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '4'],
  materials: [
    material('人力资源服务许可申请书', SELF),
    material('营业执照', GOV, { originals: 0, copies: 1 }),
    material('经营场所使用证明', SELF, { originals: 0, copies: 1, tolerated: true }),
    material('专职工作人员从业资格证明', SELF, { originals: 0, copies: 1 }),
  ],
  acceptanceConditions: '有明确的章程和管理制度;有开展业务必备的固定场所、办公设施和一定数额的开办资金;有一定数量具备相应职业资格的专职工作人员',
  legalBasis: '《中华人民共和国就业促进法》第四十条;《人力资源市场暂行条例》第十八条',
  handlingDepartment: 'SRSJ',
  resultName: '人力资源服务许可证',
});

const CITIZEN_CARD = item('published', {
  baseCode: '002000301000',
  name: '市民卡申领',
  itemType: '20',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '3', '4'],
  materials: [ID_CARD, material('近期免冠彩色证件照片', SELF), material('监护人居民身份证', GOV, { required: false })],
  acceptanceConditions: '本市户籍人员或持有本市有效居住证的来穗人员;未满十六周岁的由监护人代为申请',
  legalBasis: '《国务院关于在线政务服务的若干规定》(国务院令第716号);《社会保障卡管理办法》(人社部发〔2011〕47号)',
  handlingDepartment: 'SZSJ',
  coDepartments: ['SRSJ'],
  resultName: '市民卡',
});

const CITIZEN_CARD_SENIOR = item('draft', {
  baseCode: '002000302000',
  name: '市民卡敬老优待功能开通',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '3'],
  materials: [ID_CARD, material('市民卡', GOV)],
  acceptanceConditions: '年满六十五周岁的本市户籍老年人或持有本市有效居住证的常住老年人',
  legalBasis: '《中华人民共和国老年人权益保障法》;《广东省老年人权益保障条例》',
  handlingDepartment: 'SZSJ',
  coDepartments: ['SMZJ'],
  resultName: '市民卡敬老优待功能',
});

const HOUSING_FUND_ACCOUNT_QUERY = item('published', {
  baseCode: '002000401000',
  name: '住房公积金个人账户信息查询',
  itemType: '20',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [ID_CARD],
  acceptanceConditions: '在广州住房公积金管理中心开立个人住房公积金账户的职工',
  legalBasis: '《住房公积金管理条例》',
  handlingDepartment: 'SGJJ',
  resultName: '住房公积金个人账户明细',
});

const HOUSING_FUND_RETIREMENT_WITHDRAWAL = item('published', {
  baseCode: '002000402000',
  name: '离休、退休提取住房公积金',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 3,
  promisedLimitDays: 0,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [ID_CARD, material('离休、退休证明', GOV, { originals: 0, copies: 1 }), material('本人银行借记卡', SELF, { originals: 0, copies: 1 })],
  acceptanceConditions: '职工已办理离休、退休手续',
  legalBasis: '《住房公积金管理条例》第二十四条、第二十五条',
  handlingDepartment: 'SGJJ',
  resultName: '住房公积金提取核准',
});

const HOUSING_FUND_PURCHASE_WITHDRAWAL = item('published', {
  baseCode: '002000403000',
  name: '购买自住住房提取住房公积金',
  itemType: '20',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 3,
  promisedLimitDays: 2,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [
    ID_CARD,
    material('商品房买卖合同或不动产权证书', GOV, { originals: 0, copies: 1 }),
    material('购房款付款凭证', SELF, { originals: 0, copies: 1, tolerated: true }),
    material('婚姻状况证明', GOV, { originals: 0, copies: 1, required: false }),
  ],
  acceptanceConditions: '职工本人或配偶在本市购买自住住房,且住房公积金账户状态正常',
  legalBasis: '《住房公积金管理条例》第二十四条',
  handlingDepartment: 'SGJJ',
  resultName: '住房公积金提取核准',
});

const HOUSEHOLD_MOVE_IN = item('published', {
  baseCode: '000120201000',
  name: '户籍迁入审批(夫妻投靠)',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 15,
  maxVisits: 2,
  online: true,
  handlingForms: ['1', '2'],
  materials: [
    material('户口迁入申请表', SELF),
    ID_CARD,
    material('居民户口簿', GOV),
    material('结婚证', GOV, { copies: 1 }),
    material('合法稳定住所证明', SELF, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '夫妻一方为本市户籍且结婚满规定年限,投靠方符合本市户籍迁入政策',
  legalBasis: '《中华人民共和国户口登记条例》第十条、第十三条',
  handlingDepartment: 'SGAJ',
  resultName: '准予迁入证明',
});

const BIRTH_REGISTRATION = item('published', {
  baseCode: '002000501000',
  name: '生育登记',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [material('夫妻双方居民身份证', GOV), material('结婚证', GOV, { required: false })],
  acceptanceConditions: '夫妻双方或一方为本市户籍,或女方现居住地在本市',
  legalBasis: '《中华人民共和国人口与计划生育法》第十八条;《广东省人口与计划生育条例》',
  handlingDepartment: 'SWJW',
  resultName: '生育登记服务信息',
});

const MEDICAL_INSTITUTION_REGISTRATION = item('published', {
  baseCode: '000120501000',
  name: '医疗机构执业登记',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 45,
  promisedLimitDays: 20,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '4'],
  materials: [
    material('医疗机构执业登记申请书', SELF),
    material('医疗机构用房产权证明或者使用证明', SELF, { originals: 0, copies: 1 }),
    material('医疗机构建筑设计平面图', AGENCY),
    material('卫生技术人员名录及资格证书', SELF, { originals: 0, copies: 1 }),
    material('医疗废物处置协议', SELF, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '符合医疗机构基本标准,有适合的名称、组织机构和场所,有与开展业务相适应的经费、设施、设备和专业卫生技术人员',
  legalBasis: '《医疗机构管理条例》第十五条、第十六条;《医疗机构管理条例实施细则》',
  handlingDepartment: 'SWJW',
  resultName: '医疗机构执业许可证',
  specialProcedures: ['现场审查', '专家评审'],
});

const COMPANY_REGISTRATION = item('published', {
  baseCode: '000720101000',
  name: '有限责任公司设立登记',
  itemType: '07',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 3,
  promisedLimitDays: 1,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3', '4'],
  materials: [
    material('公司登记(备案)申请书', SELF),
    material('公司章程', SELF),
    material('股东主体资格证明', SELF, { originals: 0, copies: 1 }),
    material('法定代表人、董事、监事和经理的任职文件', SELF),
    material('住所使用证明', SELF, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '名称经自主申报通过,申请材料齐全、符合法定形式',
  legalBasis: '《中华人民共和国公司法》第二十九条;《中华人民共和国市场主体登记管理条例》第十九条',
  handlingDepartment: 'SSCJGJ',
  coDepartments: ['SGAJ', 'SRSJ'],
  resultName: '营业执照',
});

const CONSTRUCTION_PLANNING_PERMIT = item('published', {
  baseCode: '000120801000',
  name: '建设工程规划许可证核发',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '4'],
  materials: [
    material('建设工程规划许可申请表', SELF),
    material('使用土地的有关证明文件', GOV, { originals: 0, copies: 1 }),
    material('建设工程设计方案总平面图', AGENCY),
    material('建筑工程设计方案文本', AGENCY, { originals: 2 }),
    material('建设项目用地规划条件', GOV, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '已取得用地规划许可或土地使用权证明,设计方案符合控制性详细规划和规划条件',
  legalBasis: '《中华人民共和国城乡规划法》第四十条;《广东省城乡规划条例》',
  handlingDepartment: 'SGHZYJ',
  coDepartments: ['SZJJ'],
  resultName: '建设工程规划许可证',
  specialProcedures: ['专家评审', '批前公示', '听证'],
});

const CONSTRUCTION_WORK_PERMIT = item('published', {
  baseCode: '000120901000',
  name: '建筑工程施工许可证核发',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 7,
  promisedLimitDays: 3,
  maxVisits: 0,
  online: true,
  handlingForms: ['2', '3'],
  materials: [
    material('建筑工程施工许可申请表', SELF),
    material('建设工程规划许可证', GOV, { originals: 0, copies: 1 }),
    material('中标通知书或直接发包证明', SELF, { originals: 0, copies: 1 }),
    material('建设资金已落实承诺书', SELF, { tolerated: true }),
  ],
  acceptanceConditions: '已办理用地批准手续,已取得建设工程规划许可证,施工场地已基本具备施工条件,已确定施工企业',
  legalBasis: '《中华人民共和国建筑法》第七条、第八条;《建筑工程施工许可管理办法》',
  handlingDepartment: 'SZJJ',
  resultName: '建筑工程施工许可证',
});

const PRESALE_PERMIT = item('suspended', {
  baseCode: '000120902000',
  name: '商品房预售许可',
  itemType: '01',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 10,
  promisedLimitDays: 7,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2'],
  materials: [
    material('商品房预售许可申请表', SELF),
    material('建设工程施工许可证', GOV, { originals: 0, copies: 1 }),
    material('投入开发建设的资金证明', AGENCY),
    material('商品房预售方案', SELF),
  ],
  acceptanceConditions: '已交付全部土地使用权出让金,取得土地使用权证书;持有建设工程规划许可证和施工许可证;投入开发建设的资金达到工程建设总投资的百分之二十五以上',
  legalBasis: '《中华人民共和国城市房地产管理法》第四十五条;《城市商品房预售管理办法》',
  handlingDepartment: 'SZJJ',
  resultName: '商品房预售许可证',
  specialProcedures: ['现场勘验'],
});

const SOCIAL_ORGANISATION_REGISTRATION = item('published', {
  baseCode: '000721001000',
  name: '社会团体成立登记',
  itemType: '07',
  exerciseLevel: '3',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 60,
  promisedLimitDays: 20,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '4'],
  materials: [
    material('社会团体成立登记申请书', SELF),
    material('业务主管单位批准文件', GOV),
    material('验资报告', AGENCY),
    material('住所使用权证明', SELF, { originals: 0, copies: 1, tolerated: true }),
    material('社会团体章程草案', SELF),
  ],
  acceptanceConditions: '有五十个以上的个人会员或者三十个以上的单位会员,有规范的名称、相应的组织机构、固定的住所和合法的资产',
  legalBasis: '《社会团体登记管理条例》第九条、第十条、第十二条',
  handlingDepartment: 'SMZJ',
  resultName: '社会团体法人登记证书',
  specialProcedures: ['实地核查'],
});

// ---------------------------------------------------------------------------------------------------------------
// 从化区 (district)
// ---------------------------------------------------------------------------------------------------------------

const SOLE_PROPRIETOR_REGISTRATION = item('published', {
  baseCode: '000201001000',
  name: '个体工商户设立登记',
  itemType: '07',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'commitment',
  statutoryLimitDays: 3,
  promisedLimitDays: 1,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [
    material('个体工商户登记(备案)申请书', SELF),
    material('经营者身份证明', GOV, { copies: 1 }),
    material('经营场所使用证明', SELF, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '有经营能力的自然人;经营范围不属于法律法规禁止个体经营的项目',
  legalBasis: '《促进个体工商户发展条例》;《中华人民共和国市场主体登记管理条例》第十九条',
  handlingDepartment: 'QSCJGJ',
  resultName: '营业执照',
});

const FOOD_BUSINESS_LICENCE = item('published', {
  baseCode: '000121101000',
  name: '食品经营许可(新办)',
  itemType: '01',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 10,
  promisedLimitDays: 5,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '3', '4'],
  materials: [
    material('食品经营许可申请书', SELF),
    material('营业执照', GOV, { originals: 0, copies: 1 }),
    material('经营场所平面布局图', SELF),
    material('食品安全管理制度', SELF),
    material('从业人员健康证明', GOV, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度',
  legalBasis: '《中华人民共和国食品安全法》第三十五条;《食品经营许可和备案管理办法》',
  handlingDepartment: 'QSCJGJ',
  resultName: '食品经营许可证',
  specialProcedures: ['现场核查'],
});

const RURAL_PENSION_ENROLMENT = item('published', {
  baseCode: '000420104000',
  name: '城乡居民基本养老保险参保登记(社保)',
  itemType: '20',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '3'],
  materials: [ID_CARD, material('居民户口簿', GOV), material('城乡居民基本养老保险参保登记表', SELF)],
  acceptanceConditions: '年满十六周岁(不含在校学生),非国家机关和事业单位工作人员及不属于职工基本养老保险覆盖范围的本区户籍居民',
  legalBasis: '《中华人民共和国社会保险法》第二十条、第二十二条;《国务院关于建立统一的城乡居民基本养老保险制度的意见》(国发〔2014〕8号)',
  handlingDepartment: 'QRSJ',
  resultName: '城乡居民基本养老保险参保登记信息',
});

const HARD_TO_EMPLOY_CERTIFICATION = item('published', {
  baseCode: '000720105000',
  name: '就业困难人员认定',
  itemType: '07',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 15,
  promisedLimitDays: 5,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [ID_CARD, material('就业困难人员认定申请表', SELF), material('残疾人证', GOV, { originals: 0, copies: 1, required: false })],
  acceptanceConditions: '已办理失业登记,且属于本省规定的就业困难人员类别',
  legalBasis: '《中华人民共和国就业促进法》第五十二条',
  handlingDepartment: 'QRSJ',
  resultName: '就业困难人员认定结果',
});

const MINIMUM_LIVING_ALLOWANCE = item('published', {
  baseCode: '000520301000',
  name: '最低生活保障审核确认',
  itemType: '05',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 30,
  promisedLimitDays: 20,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2'],
  materials: [
    material('最低生活保障申请书', SELF),
    material('家庭成员居民身份证', GOV, { originals: 0, copies: 1 }),
    material('居民户口簿', GOV, { originals: 0, copies: 1 }),
    material('家庭经济状况核对授权书', SELF, { tolerated: true }),
  ],
  acceptanceConditions: '共同生活的家庭成员人均收入低于当地最低生活保障标准,且符合当地最低生活保障家庭财产状况规定',
  legalBasis: '《社会救助暂行办法》第九条、第十一条;《国务院关于进一步加强和改进最低生活保障工作的意见》(国发〔2012〕45号)',
  handlingDepartment: 'QMZJ',
  resultName: '最低生活保障金领取证',
  specialProcedures: ['入户调查', '民主评议', '公示'],
});

const MARRIAGE_REGISTRATION = item('published', {
  baseCode: '000720301000',
  name: '内地居民结婚登记',
  itemType: '07',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 1,
  online: false,
  handlingForms: ['1'],
  materials: [
    material('男女双方居民身份证', GOV),
    material('男女双方居民户口簿', GOV, { required: false }),
    material('男女双方近期半身免冠合影照片', SELF, { originals: 3 }),
  ],
  acceptanceConditions: '男女双方自愿结婚,达到法定婚龄,均无配偶且不属于直系血亲或者三代以内旁系血亲',
  legalBasis: '《中华人民共和国民法典》第一千零四十九条;《婚姻登记条例》第四条、第五条',
  handlingDepartment: 'QMZJ',
  resultName: '结婚证',
});

const PUBLIC_PLACE_HYGIENE_LICENCE = item('published', {
  baseCode: '000121201000',
  name: '公共场所卫生许可(新办)',
  itemType: '01',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 5,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2', '4'],
  materials: [
    material('公共场所卫生许可申请表', SELF),
    material('营业执照', GOV, { originals: 0, copies: 1 }),
    material('公共场所地址方位示意图、平面图和卫生设施平面布局图', SELF),
    material('从业人员健康合格证明', GOV, { originals: 0, copies: 1, tolerated: true }),
  ],
  acceptanceConditions: '经营场所的卫生设施、设备符合卫生标准和要求,从业人员持有有效健康合格证明',
  legalBasis: '《公共场所卫生管理条例》第八条;《公共场所卫生管理条例实施细则》',
  handlingDepartment: 'QWJJ',
  resultName: '公共场所卫生许可证',
  specialProcedures: ['现场审查'],
});

const RESIDENCE_PERMIT_ENDORSEMENT = item('published', {
  baseCode: '000720401000',
  name: '居住证签注',
  itemType: '07',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'immediate',
  statutoryLimitDays: 0,
  promisedLimitDays: 0,
  maxVisits: 0,
  online: true,
  handlingForms: ['1', '2', '3'],
  materials: [material('居住证', GOV), material('连续居住证明', SELF, { tolerated: true })],
  acceptanceConditions: '居住证持有人在居住地连续居住,居住证有效期内每年签注一次',
  legalBasis: '《居住证暂行条例》;《广东省流动人口服务管理条例》',
  handlingDepartment: 'QGAFJ',
  resultName: '居住证签注',
});

const ID_CARD_RENEWAL = item('published', {
  baseCode: '000720402000',
  name: '居民身份证换领',
  itemType: '07',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 60,
  promisedLimitDays: 10,
  maxVisits: 1,
  online: false,
  handlingForms: ['1', '4'],
  materials: [material('原居民身份证', GOV), material('居民户口簿', GOV)],
  fees: [{ name: '居民身份证工本费', amountFen: 2000, basis: '《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》(发改价格〔2003〕2322号)', reducible: true }],
  acceptanceConditions: '居民身份证有效期满、证件损坏或登记项目变更',
  legalBasis: '《中华人民共和国居民身份证法》第八条、第十一条',
  handlingDepartment: 'QGAFJ',
  resultName: '居民身份证',
});

const SEWAGE_DISCHARGE_PERMIT = item('published', {
  baseCode: '000121301000',
  name: '城镇污水排入排水管网许可',
  itemType: '01',
  exerciseLevel: '4',
  powerSource: '1',
  caseKind: 'commitment',
  statutoryLimitDays: 15,
  promisedLimitDays: 7,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2'],
  materials: [
    material('城镇污水排入排水管网许可申请表', SELF),
    material('排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明', SELF),
    material('排水水质检测报告', AGENCY, { tolerated: true }),
  ],
  acceptanceConditions: '排放的污水符合国家或者地方规定的有关排放标准,按规定建设相应的预处理设施和水质、水量检测设施',
  legalBasis: '《城镇排水与污水处理条例》第二十一条;《城镇污水排入排水管网许可管理办法》',
  handlingDepartment: 'QZJJ',
  resultName: '城镇污水排入排水管网许可证',
  specialProcedures: ['现场勘查'],
});

const RURAL_HOUSING_PLANNING_PERMIT = item('published', {
  baseCode: '000120802000',
  name: '乡村建设规划许可证核发(农村村民住宅)',
  itemType: '01',
  exerciseLevel: '5',
  powerSource: '2',
  caseKind: 'commitment',
  statutoryLimitDays: 20,
  promisedLimitDays: 10,
  maxVisits: 1,
  online: true,
  handlingForms: ['1', '2'],
  materials: [
    material('农村村民住宅建设申请表', SELF),
    ID_CARD,
    material('村民委员会意见', SELF),
    material('宅基地批准文件', GOV, { originals: 0, copies: 1, tolerated: true }),
    material('住宅设计图', AGENCY, { required: false }),
  ],
  acceptanceConditions: '本集体经济组织成员,符合一户一宅规定,选址符合村庄规划',
  legalBasis: '《中华人民共和国城乡规划法》第四十一条;《中华人民共和国土地管理法》第六十二条',
  handlingDepartment: 'QGHZYFJ',
  coDepartments: ['QZJJ'],
  resultName: '乡村建设规划许可证',
  specialProcedures: ['现场踏勘', '批前公示'],
});

/** What `npm start` seeds at the city node and at the district node. */
export const DEMO_CATALOGUES: { readonly city: DemoCatalogue; readonly district: DemoCatalogue } = {
  city: {
    departments: departments(['SRSJ', 'SGJJ', 'SGAJ', 'SWJW', 'SSCJGJ', 'SGHZYJ', 'SZJJ', 'SMZJ', 'SZSJ']),
    items: [
      SOCIAL_SECURITY_CARD_REISSUE,
      FLEXIBLE_EMPLOYMENT_PENSION,
      UNEMPLOYMENT_BENEFIT,
      EMPLOYMENT_AGENCY_LICENCE,
      CITIZEN_CARD,
      CITIZEN_CARD_SENIOR,
      HOUSING_FUND_ACCOUNT_QUERY,
      HOUSING_FUND_RETIREMENT_WITHDRAWAL,
      HOUSING_FUND_PURCHASE_WITHDRAWAL,
      HOUSEHOLD_MOVE_IN,
      BIRTH_REGISTRATION,
      MEDICAL_INSTITUTION_REGISTRATION,
      COMPANY_REGISTRATION,
      CONSTRUCTION_PLANNING_PERMIT,
      CONSTRUCTION_WORK_PERMIT,
      PRESALE_PERMIT,
      SOCIAL_ORGANISATION_REGISTRATION,
    ],
    delegations: [
      { implCode: SOCIAL_SECURITY_CARD_REISSUE.content.implCode, mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2025-01-01' },
      { implCode: FLEXIBLE_EMPLOYMENT_PENSION.content.implCode, mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2025-01-01' },
      { implCode: HOUSING_FUND_RETIREMENT_WITHDRAWAL.content.implCode, mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2025-07-01' },
      { implCode: BIRTH_REGISTRATION.content.implCode, mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2025-03-01' },
      { implCode: CITIZEN_CARD.content.implCode, mode: 'entrusted', target: { kind: 'district', regionCode: CONGHUA }, effectiveFrom: '2026-01-01' },
    ],
  },
  district: {
    departments: departments(['QRSJ', 'QSCJGJ', 'QMZJ', 'QWJJ', 'QGAFJ', 'QZJJ', 'QGHZYFJ']),
    items: [
      SOLE_PROPRIETOR_REGISTRATION,
      FOOD_BUSINESS_LICENCE,
      RURAL_PENSION_ENROLMENT,
      HARD_TO_EMPLOY_CERTIFICATION,
      MINIMUM_LIVING_ALLOWANCE,
      MARRIAGE_REGISTRATION,
      PUBLIC_PLACE_HYGIENE_LICENCE,
      RESIDENCE_PERMIT_ENDORSEMENT,
      ID_CARD_RENEWAL,
      SEWAGE_DISCHARGE_PERMIT,
      RURAL_HOUSING_PLANNING_PERMIT,
    ],
    delegations: [
      { implCode: SOLE_PROPRIETOR_REGISTRATION.content.implCode, mode: 'devolved', target: { kind: 'township', regionCode: JIEKOU }, effectiveFrom: '2025-04-01' },
      { implCode: RESIDENCE_PERMIT_ENDORSEMENT.content.implCode, mode: 'devolved', target: { kind: 'township', regionCode: JIEKOU }, effectiveFrom: '2025-04-01' },
      { implCode: RURAL_PENSION_ENROLMENT.content.implCode, mode: 'devolved', target: { kind: 'township', regionCode: WENQUAN }, effectiveFrom: '2025-06-01' },
      { implCode: RURAL_HOUSING_PLANNING_PERMIT.content.implCode, mode: 'devolved', target: { kind: 'township', regionCode: WENQUAN }, effectiveFrom: '2026-01-01' },
      { implCode: MINIMUM_LIVING_ALLOWANCE.content.implCode, mode: 'entrusted', target: { kind: 'township', regionCode: WENQUAN }, effectiveFrom: '2025-09-01' },
    ],
  },
};
