/**
 * The one Powertools logger of the handlers (JSON lines with `service: jifen`). Each invocation
 * logs through a child of it that carries the invocation's own keys (`httpFunction`,
 * `queueConsumer`): locally, many invocations of one function run at once in one process, so
 * keys appended to a shared logger would leak from one request into another's lines.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'jifen' });

const emailAddress = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
/** Phone numbers, member codes, card-like numbers; not the digits inside an id such as `p-4016-1764`. */
const longNumber = /(?<![\w-])\+?\d{7,}(?![\w-])/g;

/**
 * An error as a log may show it: its name and message, without a stack and without personal
 * data. A SyntaxError's message quotes the text it failed to parse (a message body), so it is
 * withheld; email addresses (SES quotes recipients) and long numbers are masked.
 */
export function errorSummary(error: unknown): { name: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: '' };
  const message =
    error instanceof SyntaxError
      ? 'The text could not be parsed (withheld: it may quote the message body).'
      : error.message.replace(emailAddress, '<email>').replace(longNumber, '<number>');
  return { name: error.name, message: message.length > 500 ? `${message.slice(0, 500)}…` : message };
}
