/**
 * The console's Content-Security-Policy: scripts, styles, images and fonts from its own origin
 * only (no inline script or style, nothing third-party), requests to its own origin and the API.
 * The local runtime sends it as a header (local/consoleAssets.ts); in AWS, CloudFront's response
 * headers policy does (infra/stateless/ConsoleSite.ts).
 */
export function consoleCsp(apiOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...apiOrigins].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers sent with every file of the console, locally and by CloudFront. */
export function consoleSecurityHeaders(apiOrigins: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(apiOrigins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** Where the console is served, locally and on CloudFront. */
export const consoleBasePath = '/console/';
