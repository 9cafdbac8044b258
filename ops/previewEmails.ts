/**
 * `npm run preview:emails`: renders one of each member email in zh-CN and en, as HTML and text,
 * into ./email-previews (open the .html files in a browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sampleContext, sampleNotifications } from '../shared/features/notifications/samples.js';
import { renderEmail } from '../shared/features/notifications/templates.js';

const out = resolve(process.argv[2] ?? 'email-previews');
mkdirSync(out, { recursive: true });
for (const [name, notification] of Object.entries(sampleNotifications)) {
  for (const locale of ['zh-CN', 'en'] as const) {
    const email = renderEmail(notification, sampleContext(locale));
    writeFileSync(join(out, `${name}.${locale}.html`), email.html);
    writeFileSync(join(out, `${name}.${locale}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
    console.log(`${join(out, `${name}.${locale}.html`)}  ${email.subject}`);
  }
}
