/** Placeholder replaced by the generated document below once schemas are registered. */
export function openApiDocument(): unknown {
  return { openapi: '3.1.0', info: { title: 'Jifen loyalty API', version: '1' }, paths: {} };
}
