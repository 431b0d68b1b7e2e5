// The UI's two languages. Words follow the glossary in DESIGN.md; the language is chosen from the
// browser the first time and remembered after a person switches.
import { useEffect, useState } from 'preact/hooks';

export type Lang = 'zh' | 'en';
export type Localized = { zh: string; en: string };

const en = {
  appName: 'Baton',
  skipToContent: 'Skip to main content',
  language: 'Language',
  navIntake: 'Report an issue',
  navTrack: 'Track an issue',
  navStaff: 'Staff console',
  navManager: 'Manager console',
  optional: '(optional)',
  required: '(required)',
  loading: 'Loading…',
  refresh: 'Refresh',
  close: 'Close',

  // The customer form
  intakeTitle: 'Tell us about your issue',
  intakeIntro: 'Fill in one form and you get a tracking code. Our sales, production and service departments pass your issue between them; you follow it in one place.',
  aboutYou: 'About you',
  yourIssue: 'Your issue',
  name: 'Name',
  email: 'Email',
  emailHint: 'With your tracking code, this email address lets you follow your issue.',
  phone: 'Phone',
  company: 'Company',
  category: 'What kind of issue is it?',
  chooseCategory: 'Choose…',
  subject: 'Subject',
  subjectHint: 'One line, for example “The pump stopped after two days”.',
  description: 'What happened?',
  descriptionHint: 'What you expected, what happened instead, and since when.',
  orderRef: 'Order reference',
  orderRefHint: 'From your order confirmation or invoice, if you have one.',
  submitIssue: 'Submit issue',
  submitting: 'Sending…',
  fixFields: 'Please check the fields marked below.',
  receivedTitle: 'We have your issue',
  yourTrackingCode: 'Your tracking code',
  trackingCodeHowTo: 'Keep this code. To see where your issue is, open the tracking page and enter this code together with the email address you gave: {email}.',
  trackingCodeNoEmail: 'We never show this code again, so write it down or copy it now.',
  copyCode: 'Copy code',
  copied: 'Copied.',
  trackNow: 'Track this issue',
  submitAnother: 'Submit another issue',
  attachedTitle: 'We added this to your open issue',
  attachedText: 'You already have an open issue about the same order, so we added your message to it. Follow it with the tracking code you received the first time.',

  // The tracking page
  trackTitle: 'Follow your issue',
  trackIntro: 'Enter the tracking code you received and the email address you used.',
  trackingCode: 'Tracking code',
  trackingCodeHint: 'It looks like ABCDE-FGHJK-LMNPQ.',
  showIssue: 'Show my issue',
  trackNotFound: 'No issue matches this tracking code and email address. Please check both and try again.',
  whereNow: 'Where it is now',
  withDepartmentSince: '{department}, since {time}',
  noHolder: 'Nobody holds it at this moment: it is between steps.',
  whatNext: 'What comes next',
  nextStepBy: '{step}, expected by {time}',
  nothingNext: 'Nothing more: your issue is closed.',
  timeline: 'Timeline',
  reply: 'Send us a message',
  replyHint: 'If we asked you a question, your answer goes straight back to the people working on your issue.',
  yourMessage: 'Your message',
  send: 'Send',
  messageSent: 'Your message was added to the timeline.',
  trackAnother: 'Look up another issue',
  'trackStatus.open': 'In progress',
  'trackStatus.waiting_customer': 'Waiting for your answer',
  'trackStatus.escalated': 'With a manager',
  'trackStatus.closed': 'Closed',
  'track.issue_submitted': 'You submitted the issue',
  'track.issue_closed': 'Your issue was closed',
  'track.fromCustomer': 'Your message',
  'track.fromStaff': 'Message from {department}',
  'track.fromStaffNoDepartment': 'Message from us',
  'track.update': 'Update',
  'track.correction': 'Correction of an earlier entry',
  waitingForYou: 'We are waiting for your answer. Please reply below.',

  // Statuses
  status: 'Status',
  'issueStatus.open': 'In progress',
  'issueStatus.waiting_customer': 'Waiting for the customer',
  'issueStatus.escalated': 'Escalated to a manager',
  'issueStatus.closed': 'Closed',
  'taskStatus.open': 'Open',
  'taskStatus.claimed': 'Claimed',
  'taskStatus.completed': 'Completed',
  'taskStatus.cancelled': 'Cancelled',
  'taskStatus.expired': 'SLA breached',

  // Departments
  'department.sales': 'Sales',
  'department.production': 'Production',
  'department.service': 'Service',
  'department.management': 'Management',
  'department.customer': 'Customer',

  // Sign-in
  signInTitle: 'Sign in',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {username}',
  demoUsers: 'Local mode: demo users sales, sales2, production, production2, service, service2 and manager, password “baton”.',
  loginFailed: 'Unknown username or wrong password.',
  sessionExpired: 'Your session has ended. Please sign in again.',

  // Consoles
  staffTitle: 'Staff console',
  managerTitle: 'Manager console',
  queue: 'Queue',
  queueOf: '{department} queue',
  escalations: 'Escalations',
  escalationsIntro: 'Breached SLAs and second reroutes come here for a manager’s decision.',
  notAManager: 'You are not in the managers group: you can read this queue, but only managers act on it.',
  view: 'View',
  'view.open': 'Open',
  'view.mine': 'Mine',
  'view.all': 'All',
  step: 'Step',
  issue: 'Issue',
  timeLeft: 'Time left (SLA)',
  holder: 'Holder',
  actions: 'Actions',
  noTasks: 'No tasks in this view.',
  loadMore: 'Load more',
  claim: 'Claim',
  release: 'Release',
  heldBy: 'Held by {username}',
  heldByYou: 'Held by you',
  claimed: 'You hold this task now.',
  released: 'The task is back in the queue.',
  completed: 'Task completed: {outcome}. The issue moves on to its next step.',
  slaLeft: '{duration} left',
  slaOverdue: 'Overdue by {duration}',
  dueAt: 'due {time}',
  selectTask: 'Choose a task to see the issue’s whole history.',
  deptOverview: 'Department queues now',
  deptOverviewIntro: 'Tasks waiting in each department’s queue, from the live queues.',
  openCount: 'Open',
  claimedCount: 'Claimed',
  overdueCount: 'Overdue',
  processMap: 'Process map',
  processMapOf: 'Process map: {flow}',
  flow: 'Flow',
  mapLegend: 'Each step shows its tasks now: open, claimed, and SLA breached. Dashed red: the manager decisions a step can lead to (breached SLA, second reroute, failure). Reroutes and questions to the customer return to the same step.',
  decisionsAt: 'Manager decisions: {step}',
  mapParallel: 'In parallel',
  mapEnd: 'Closed',
  sla: 'SLA',

  // The issue view
  issueId: 'Issue',
  createdAt: 'Submitted',
  customer: 'Customer',
  otherIssues: 'The customer’s other issues',
  noOtherIssues: 'No other issues.',
  holders: 'Held by',
  reroutes: 'Reroutes',
  bounces: 'Bounces',
  departmentClocks: 'Department clocks',
  latestPacket: 'Latest handoff packet',
  packetFrom: 'From {department} ({username}), {time}',
  packetFromCustomer: 'The customer’s reply, {time}',
  packetFromSystem: 'Noted by Baton, {time}',
  noPacket: 'No handoff yet.',
  tasks: 'Tasks',
  history: 'History',
  path: 'Path',
  internal: 'Internal',
  customerVisible: 'Customer-visible',
  correction: 'Correction of entry #{seq}',
  orderReference: 'Order reference',

  // Events
  'event.issue_submitted': 'The customer submitted the issue',
  'event.task_opened': '{step} opened for {department}',
  'event.task_claimed': '{username} claimed {step}',
  'event.task_released': '{username} released {step}',
  'event.task_completed': '{username} completed {step}: {outcome}',
  'event.sla_breached': 'SLA breached: {step}',
  'event.task_cancelled': '{step} was cancelled',
  'event.late_completion': 'Completion after the SLA, kept in the history: {step}',
  'event.issue_closed': 'The issue was closed',
  'event.other': '{type}',
  system: 'Baton',

  // Completing a task
  completeTitle: 'Complete: {step}',
  outcome: 'Outcome',
  outcomeHint: 'The first outcome is the step’s usual way forward.',
  handoffPacket: 'Handoff packet',
  handoffPacketHint: 'What the next department and the history need to know.',
  summary: 'Summary',
  done: 'What was done',
  promised: 'What was promised to the customer',
  note: 'Note (internal)',
  completeTask: 'Complete task',
  completing: 'Completing…',
  yes: 'Yes',
  chooseDepartment: 'Choose a department…',

  // Error codes from the API
  'error.required': 'Please fill this in.',
  'error.invalid_email': 'Please enter an email address such as name@example.com.',
  'error.too_long': 'This is too long (at most {max} characters).',
  'error.too_long_plain': 'This is too long.',
  'error.too_short': 'This is too short.',
  'error.invalid_format': 'This format is not accepted.',
  'error.invalid_format.phone': 'Use digits, spaces and + ( ) - . / only.',
  'error.invalid_value': 'Please choose one of the options.',
  'error.invalid_type': 'This value is not of the expected kind.',
  'error.invalid_date': 'Please enter a date.',
  'error.control_character': 'Please remove special control characters.',
  'error.unknown_field': 'This field is not accepted here.',
  'error.unknown_outcome': 'Please choose one of the outcomes.',
  'error.invalid_request': 'Please check the fields marked below.',
  'error.already_claimed': 'Someone else already holds this task. Choose another task from the queue.',
  'error.task_closed': 'This task is already closed (finished, or its SLA ran out). Anything you entered is kept in the issue’s history.',
  'error.not_claimed': 'You do not hold this task. Claim it first; only its holder can complete or release it.',
  'error.forbidden': 'Only this department’s staff or a manager may act on this task.',
  'error.unauthorized': 'Your session has ended. Please sign in again.',
  'error.not_found': 'We could not find this.',
  'error.rate_limited': 'Too many attempts in a short time. Please wait a moment and try again.',
  'error.payload_too_large': 'That is too much text for one submission.',
  'error.starting': 'Baton is starting. Please try again in a moment.',
  'error.idempotency_key_reused': 'This form was already sent with different content. Please reload the page and send it again.',
  'error.network': 'Baton could not be reached. Please check your connection and try again.',
  'error.unknown': 'Something went wrong on our side. Please try again.',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  appName: 'Baton',
  skipToContent: '跳到正文',
  language: '语言',
  navIntake: '提交问题',
  navTrack: '查询进度',
  navStaff: '员工工作台',
  navManager: '经理工作台',
  optional: '（选填）',
  required: '（必填）',
  loading: '正在加载…',
  refresh: '刷新',
  close: '关闭',

  intakeTitle: '告诉我们您遇到的问题',
  intakeIntro: '填写一张表单即可获得查询码。您的问题会在我们的销售、生产和服务部门之间流转，您在一个地方就能看到全部进度。',
  aboutYou: '您的信息',
  yourIssue: '问题内容',
  name: '姓名',
  email: '电子邮箱',
  emailHint: '凭这个邮箱和查询码即可查看问题进度。',
  phone: '电话',
  company: '公司',
  category: '问题类型',
  chooseCategory: '请选择…',
  subject: '主题',
  subjectHint: '一句话概括，例如“水泵用了两天就停了”。',
  description: '发生了什么？',
  descriptionHint: '您原本期望什么、实际发生了什么、从什么时候开始。',
  orderRef: '订单号',
  orderRefHint: '见订单确认或发票（如有）。',
  submitIssue: '提交问题',
  submitting: '正在提交…',
  fixFields: '请检查下面标出的字段。',
  receivedTitle: '我们已收到您的问题',
  yourTrackingCode: '您的查询码',
  trackingCodeHowTo: '请保存这个查询码。打开进度查询页面，输入查询码和您填写的邮箱（{email}），即可查看问题处理到了哪一步。',
  trackingCodeNoEmail: '查询码不会再次显示，请现在记下或复制。',
  copyCode: '复制查询码',
  copied: '已复制。',
  trackNow: '查询此问题进度',
  submitAnother: '再提交一个问题',
  attachedTitle: '已补充到您未结束的问题中',
  attachedText: '您已有一个关于同一订单、尚未结束的问题，我们已把这次的内容补充进去。请使用第一次收到的查询码查看进度。',

  trackTitle: '查询问题进度',
  trackIntro: '请输入您收到的查询码和提交时填写的邮箱。',
  trackingCode: '查询码',
  trackingCodeHint: '格式类似 ABCDE-FGHJK-LMNPQ。',
  showIssue: '查看进度',
  trackNotFound: '没有与该查询码和邮箱匹配的问题。请检查后重试。',
  whereNow: '当前位置',
  withDepartmentSince: '{department}，自 {time} 起',
  noHolder: '目前在环节之间流转，暂无部门处理。',
  whatNext: '下一步',
  nextStepBy: '{step}，预计 {time} 前完成',
  nothingNext: '没有后续环节：您的问题已结束。',
  timeline: '进度记录',
  reply: '给我们留言',
  replyHint: '如果我们向您提了问题，您的回复会直接送到处理该问题的同事手中。',
  yourMessage: '留言内容',
  send: '发送',
  messageSent: '您的留言已加入进度记录。',
  trackAnother: '查询其他问题',
  'trackStatus.open': '处理中',
  'trackStatus.waiting_customer': '等待您的回复',
  'trackStatus.escalated': '经理处理中',
  'trackStatus.closed': '已结束',
  'track.issue_submitted': '您提交了问题',
  'track.issue_closed': '您的问题已结束',
  'track.fromCustomer': '您的留言',
  'track.fromStaff': '来自{department}部门的消息',
  'track.fromStaffNoDepartment': '来自我们的消息',
  'track.update': '进展',
  'track.correction': '更正之前的记录',
  waitingForYou: '我们正在等待您的回复，请在下方留言。',

  status: '状态',
  'issueStatus.open': '处理中',
  'issueStatus.waiting_customer': '等待客户回复',
  'issueStatus.escalated': '已升级至经理',
  'issueStatus.closed': '已结束',
  'taskStatus.open': '待认领',
  'taskStatus.claimed': '已认领',
  'taskStatus.completed': '已完成',
  'taskStatus.cancelled': '已取消',
  'taskStatus.expired': '已超出时限',

  'department.sales': '销售',
  'department.production': '生产',
  'department.service': '服务',
  'department.management': '管理',
  'department.customer': '客户',

  signInTitle: '登录',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出登录',
  signedInAs: '已登录：{username}',
  demoUsers: '本地模式：演示用户 sales、sales2、production、production2、service、service2 和 manager，密码均为“baton”。',
  loginFailed: '用户名不存在或密码错误。',
  sessionExpired: '登录已失效，请重新登录。',

  staffTitle: '员工工作台',
  managerTitle: '经理工作台',
  queue: '队列',
  queueOf: '{department}队列',
  escalations: '升级队列',
  escalationsIntro: '超出时限和第二次转交他部门的客户问题会来到这里，由经理决定。',
  notAManager: '您不在经理组：可以查看此队列，但只有经理可以处理。',
  view: '视图',
  'view.open': '待认领',
  'view.mine': '我的',
  'view.all': '全部',
  step: '环节',
  issue: '客户问题',
  timeLeft: '时限剩余',
  holder: '处理人',
  actions: '操作',
  noTasks: '此视图中没有任务。',
  loadMore: '加载更多',
  claim: '认领',
  release: '放回',
  heldBy: '由 {username} 认领',
  heldByYou: '由您认领',
  claimed: '您已认领该任务。',
  released: '任务已放回队列。',
  completed: '任务已完成：{outcome}。客户问题将进入下一环节。',
  slaLeft: '剩余 {duration}',
  slaOverdue: '已超时 {duration}',
  dueAt: '截止 {time}',
  selectTask: '选择一个任务，查看该客户问题的完整历史。',
  deptOverview: '各部门队列概况',
  deptOverviewIntro: '各部门队列中正在等待的任务，数据来自实时队列。',
  openCount: '待认领',
  claimedCount: '已认领',
  overdueCount: '已超时',
  processMap: '流程全景图',
  processMapOf: '流程全景图：{flow}',
  flow: '流程',
  mapLegend: '每个环节显示当前任务数：待认领、已认领、超出时限。红色虚线：该环节可能交给经理决定的事项（超出时限、第二次转交他部门、故障）。转交他部门和询问客户后都会回到同一环节。',
  decisionsAt: '经理决定：{step}',
  mapParallel: '并行处理',
  mapEnd: '结束',
  sla: '时限',

  issueId: '客户问题',
  createdAt: '提交时间',
  customer: '客户',
  otherIssues: '该客户的其他问题',
  noOtherIssues: '没有其他问题。',
  holders: '当前处理部门',
  reroutes: '转交他部门次数',
  bounces: '踢皮球次数',
  departmentClocks: '部门计时',
  latestPacket: '最新交接单',
  packetFrom: '来自{department}（{username}），{time}',
  packetFromCustomer: '客户的回复，{time}',
  packetFromSystem: 'Baton 记录，{time}',
  noPacket: '尚无交接单。',
  tasks: '任务',
  history: '历史记录',
  path: '经过的环节',
  internal: '内部',
  customerVisible: '客户可见',
  correction: '更正第 {seq} 条记录',
  orderReference: '订单号',

  'event.issue_submitted': '客户提交了问题',
  'event.task_opened': '{department}的环节“{step}”已开始',
  'event.task_claimed': '{username} 认领了“{step}”',
  'event.task_released': '{username} 放回了“{step}”',
  'event.task_completed': '{username} 完成了“{step}”：{outcome}',
  'event.sla_breached': '超出时限：{step}',
  'event.task_cancelled': '“{step}”已取消',
  'event.late_completion': '超出时限后的完成记录（已保留在历史中）：{step}',
  'event.issue_closed': '客户问题已结束',
  'event.other': '{type}',
  system: 'Baton',

  completeTitle: '完成环节：{step}',
  outcome: '结论',
  outcomeHint: '第一个结论是该环节通常的下一步。',
  handoffPacket: '交接单',
  handoffPacketHint: '下一个部门和历史记录需要知道的内容。',
  summary: '摘要',
  done: '已完成的工作',
  promised: '对客户的承诺',
  note: '备注（内部）',
  completeTask: '完成任务',
  completing: '正在提交…',
  yes: '是',
  chooseDepartment: '请选择部门…',

  'error.required': '此项必填。',
  'error.invalid_email': '请输入有效的邮箱地址，例如 name@example.com。',
  'error.too_long': '内容过长（最多 {max} 个字符）。',
  'error.too_long_plain': '内容过长。',
  'error.too_short': '内容过短。',
  'error.invalid_format': '格式不正确。',
  'error.invalid_format.phone': '只能包含数字、空格和 + ( ) - . /。',
  'error.invalid_value': '请从选项中选择一项。',
  'error.invalid_type': '填写的内容类型不正确。',
  'error.invalid_date': '请输入日期。',
  'error.control_character': '请删除其中的特殊控制字符。',
  'error.unknown_field': '此处不接受该字段。',
  'error.unknown_outcome': '请选择一个结论。',
  'error.invalid_request': '请检查下面标出的字段。',
  'error.already_claimed': '该任务已被其他同事认领。请在队列中选择其他任务。',
  'error.task_closed': '该任务已结束（已完成或已超出时限）。您填写的内容都保留在客户问题的历史记录中。',
  'error.not_claimed': '您尚未认领该任务。请先认领；只有认领人才能完成或放回任务。',
  'error.forbidden': '只有该部门的员工或经理可以处理此任务。',
  'error.unauthorized': '登录已失效，请重新登录。',
  'error.not_found': '未找到相关内容。',
  'error.rate_limited': '短时间内尝试次数过多，请稍候再试。',
  'error.payload_too_large': '一次提交的文字太多了。',
  'error.starting': 'Baton 正在启动，请稍后再试。',
  'error.idempotency_key_reused': '此表单已用不同的内容提交过。请刷新页面后重新提交。',
  'error.network': '无法连接到 Baton。请检查网络后重试。',
  'error.unknown': '我们这边出了点问题，请重试。',
};

const messages: Record<Lang, Record<MessageKey, string>> = { en, zh };
const storageKey = 'baton.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage may be unavailable (private mode): fall back to the browser's language
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = (tag ?? '').toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();

export const lang = (): Lang => current;
export const locale = (): string => (current === 'zh' ? 'zh-CN' : 'en-GB');

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener(next);
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [value, setValue] = useState(current);
  useEffect(() => {
    listeners.add(setValue);
    return () => listeners.delete(setValue);
  }, []);
  return value;
}

export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Text the API gives in both languages (step names, outcome labels, field labels). */
export const pick = (text: Localized | undefined): string => (text ? text[current] || text.en : '');

export const departmentName = (department: string): string => {
  const key = `department.${department}`;
  return hasMessage(key) ? t(key) : department;
};

document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
