/** The key of `Authorization: Bearer <key>`, or `null`; headers as API Gateway passes them (lower-cased). */
export function bearerToken(
  headers: Readonly<Record<string, string | undefined>> | undefined,
): string | null {
  const header = headers?.authorization ?? headers?.Authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}
