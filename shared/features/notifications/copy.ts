/**
 * The words of the member emails, in zh-CN and en: greetings, subjects, paragraphs and labels of
 * each notification (templates.ts lays them out as HTML and text).
 */

export const copy = {
  'zh-CN': {
    greeting: (name: string | null) => (name ? `${name}，您好：` : '尊敬的会员，您好：'),
    footer: '此邮件由系统自动发送，请勿直接回复。',
    unsubscribe: '退订会员邮件',
    welcomeSubject: '欢迎加入会员计划',
    welcomeBody: (points: string) => `感谢您的加入！我们已向您的账户赠送 ${points} 积分，现在即可使用。`,
    tierUpSubject: (tier: string) => `恭喜升级为${tier}`,
    tierDownSubject: (tier: string) => `您的会员等级已调整为${tier}`,
    tierBody: (from: string, to: string, reason: string) => `您的会员等级已由${from}调整为${to}。${reason}`,
    reasons: {
      upgrade: '感谢您的支持，新等级的权益即刻生效。',
      below_threshold: '原因：近12个月的消费金额低于当前等级的要求。',
      below_maintenance: '原因：消费金额未达到当前等级的保级要求。',
      inactive: '原因：近6个月内没有消费记录。',
    },
    birthdaySubject: '生日快乐！您的专属生日优惠券已到账',
    birthdayBody: (days: number) =>
      days > 0
        ? `距离您的生日还有${days}天，请查收专属生日优惠券。`
        : '今天是您的生日，请查收专属生日优惠券。',
    couponCode: '券码',
    couponValue: '面值',
    couponValid: '有效期至',
    byRuleTitle: '本月购物积分明细',
    ruleNames: { base: '基础积分', tier: '等级加成', birthday: '生日月加倍', threshold: '满额奖励' },
    reminderSubject: (points: string, date: string) => `您有 ${points} 积分将于${date}过期`,
    reminderBody: (points: string, date: string) => `您有 ${points} 积分将于${date}零点过期，请尽快使用。`,
    statementSubject: (period: string) => `${period}积分对账单`,
    statementTitle: (period: string) => `${period}积分对账单`,
    opening: '期初余额',
    earned: '本期获得',
    redeemed: '本期使用',
    expired: '本期过期',
    reversals: '退款及冲正',
    adjustments: '调整',
    closing: '期末余额',
    expiringSoon: '未来90天内将过期的积分',
    noneExpiring: '未来90天内没有将过期的积分。',
    tier: '会员等级',
    progress: (spend: string, next: string, needed: string) =>
      `近12个月消费 ${spend}，再消费 ${needed} 即可升级为${next}。`,
    topTier: (spend: string) => `近12个月消费 ${spend}，您已是最高等级。`,
    points: '积分',
    codeSubject: '您的会员码',
    codeBody: (code: string, time: string) =>
      `您的会员码是 ${code}，在 ${time} 前有效，仅可使用一次。请在收银台出示此码以使用积分。`,
    codeNotYou: '如非本人操作，请忽略此邮件，不要将会员码告诉任何人。',
    contactSubject: '您的会员联系方式已变更',
    contactFields: { email: '邮箱地址', phone: '手机号码' },
    contactBody: (fields: string, time: string) => `您会员账户的${fields}已于 ${time} 变更。`,
    contactNotYou: '如非本人操作，请立即联系客服，以免积分被他人使用。',
  },
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Dear member,'),
    footer: 'This email was sent automatically; please do not reply.',
    unsubscribe: 'Unsubscribe from member emails',
    welcomeSubject: 'Welcome to the member programme',
    welcomeBody: (points: string) =>
      `Thank you for joining! We have added ${points} points to your account, ready to use now.`,
    tierUpSubject: (tier: string) => `Congratulations: you are now ${tier}`,
    tierDownSubject: (tier: string) => `Your tier is now ${tier}`,
    tierBody: (from: string, to: string, reason: string) =>
      `Your tier changed from ${from} to ${to}. ${reason}`,
    reasons: {
      upgrade: 'Thank you: the benefits of your new tier apply from now on.',
      below_threshold: 'Reason: your spending over the last 12 months is below what your tier needs.',
      below_maintenance: 'Reason: your spending did not reach what keeping your tier needs.',
      inactive: 'Reason: no purchase in the last 6 months.',
    },
    birthdaySubject: 'Happy birthday: your birthday coupon is here',
    birthdayBody: (days: number) =>
      days > 0
        ? `Your birthday is ${days} day${days === 1 ? '' : 's'} away: here is your birthday coupon.`
        : 'Today is your birthday: here is your birthday coupon.',
    couponCode: 'Coupon code',
    couponValue: 'Value',
    couponValid: 'Valid until',
    byRuleTitle: 'Purchase points this month, by rule',
    ruleNames: {
      base: 'Base points',
      tier: 'Tier bonus',
      birthday: 'Birthday month',
      threshold: 'Threshold bonus',
    },
    reminderSubject: (points: string, date: string) => `${points} points expire on ${date}`,
    reminderBody: (points: string, date: string) =>
      `${points} of your points expire at midnight on ${date}. Use them before then.`,
    statementSubject: (period: string) => `Your points statement for ${period}`,
    statementTitle: (period: string) => `Points statement, ${period}`,
    opening: 'Opening balance',
    earned: 'Earned',
    redeemed: 'Redeemed',
    expired: 'Expired',
    reversals: 'Refunds and reversals',
    adjustments: 'Adjustments',
    closing: 'Closing balance',
    expiringSoon: 'Points expiring in the next 90 days',
    noneExpiring: 'No points expire in the next 90 days.',
    tier: 'Tier',
    progress: (spend: string, next: string, needed: string) =>
      `You spent ${spend} over the last 12 months; spend ${needed} more to reach ${next}.`,
    topTier: (spend: string) => `You spent ${spend} over the last 12 months; you are in the top tier.`,
    points: 'points',
    codeSubject: 'Your member code',
    codeBody: (code: string, time: string) =>
      `Your member code is ${code}. It is valid until ${time} and can be used once: show it at the till to pay with your points.`,
    codeNotYou: 'If you did not ask for it, ignore this email and never share the code.',
    contactSubject: 'Your member contact details were changed',
    contactFields: { email: 'email address', phone: 'phone number' },
    contactBody: (fields: string, time: string) =>
      `The ${fields} of your member account ${fields.includes(' and ') ? 'were' : 'was'} changed on ${time}.`,
    contactNotYou:
      'If you did not make this change, contact us at once so that no one else can use your points.',
  },
} as const;
