import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/services/ports.js';
import { apiClient, backoffMs, retryAfterMs } from '../../ops/cli/api.js';
import { checkHeader, compactBalances, rowFromCsv } from '../../ops/cli/importFile.js';
import { formatDuration, progressLine } from '../../ops/cli/progress.js';
import { yuan } from '../../ops/export.js';
import { defaultImportId } from '../../ops/import.js';

describe('the import file', () => {
  it('accepts the documented header in any spelling and refuses unknown columns', () => {
    expect(
      checkHeader([
        'member_id',
        'Enrolled At',
        'balance_1_points',
        'balance_1_earned_at',
        'qualifyingSpendFen',
      ]),
    ).toEqual([]);
    expect(checkHeader(['memberId', 'nickname'])).toEqual([
      'the header has no enrolled_at column',
      'unknown column "nickname"',
    ]);
  });

  it('turns a CSV record into a row, numbers and booleans typed, empty cells left out', () => {
    expect(
      rowFromCsv(
        {
          member_id: 'M-1',
          name: ' 张伟 ',
          email: '',
          enrolled_at: '2021-06-01',
          marketing_consent: 'yes',
          qualifying_spend_fen: '1250000',
          balance_2_points: '860',
          balance_2_earned_at: '2026-02-01',
          balance_1_points: '1200',
          balance_1_earned_at: '2025-03-15',
        },
        7,
      ),
    ).toEqual({
      row: 7,
      memberId: 'M-1',
      name: '张伟',
      enrolledAt: '2021-06-01',
      marketingConsent: true,
      qualifyingSpend: 1_250_000,
      balances: [
        { points: 1200, earnedAt: '2025-03-15' },
        { points: 860, earnedAt: '2026-02-01' },
      ],
    });
    // What is not a number goes as it is, for the API to report with the row.
    expect(rowFromCsv({ member_id: 'M-2', qualifying_spend_fen: '12.5' }, 1)).toMatchObject({
      qualifyingSpend: '12.5',
    });
  });

  it('reads balances written in one cell', () => {
    expect(compactBalances('1200@2025-03-15; 860@2026-02-01T10:00:00+08:00;')).toEqual([
      { points: 1200, earnedAt: '2025-03-15' },
      { points: 860, earnedAt: '2026-02-01T10:00:00+08:00' },
    ]);
  });

  it('names the import after the file', () => {
    expect(defaultImportId('/data/Members 2026.csv')).toBe('Members-2026');
  });
});

describe('the client', () => {
  it('reads Retry-After as seconds or a date, and backs off with jitter under a cap', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Thu, 26 Nov 2026 00:00:10 GMT', Date.parse('2026-11-26T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(backoffMs(1, 30_000, () => 1)).toBe(250);
    expect(backoffMs(20, 30_000, () => 1)).toBe(30_000);
  });

  it('retries 429 and 5xx, honouring Retry-After, and returns other answers as they are', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503, headers: {} },
      { status: 202, headers: {} },
      { status: 409, headers: {} },
    ];
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.headers.authorization}`);
      const answer = answers.shift()!;
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify({ status: answer.status }));
    });
    const port = await freePort();
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', () => listening()));
    try {
      const retries: string[] = [];
      const request = apiClient({
        baseUrl: `http://127.0.0.1:${port}`,
        key: 'jf_test',
        maxDelayMs: 10,
        onRetry: (reason) => retries.push(reason),
      });
      expect(await request('POST', '/x', { a: 1 })).toEqual({ status: 202, body: { status: 202 } });
      expect(retries).toEqual(['429', '503']);
      expect(seen).toEqual(['POST Bearer jf_test', 'POST Bearer jf_test', 'POST Bearer jf_test']);
      expect((await request('POST', '/x')).status).toBe(409);
    } finally {
      server.close();
    }
  });
});

describe('the progress line and the amounts', () => {
  it('shows the share, the rate and the time left', () => {
    expect(progressLine('import', { done: 500, total: 1000 }, 2000, 10)).toBe(
      'import [█████░░░░░] 50.0% 500/1,000 rows  250 rows/s  ETA 0:02',
    );
    expect(progressLine('export', { done: 1500 }, 3000)).toBe('export 1,500 rows  500 rows/s  0:03');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('writes fen as yuan exactly', () => {
    expect([12345, 5, -5, 0, 100].map(yuan)).toEqual(['123.45', '0.05', '-0.05', '0.00', '1.00']);
  });
});
