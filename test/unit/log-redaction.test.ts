// Personal data and secrets never reach a log line, whatever object is logged by mistake.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../telemetry/log.js';
import { submitRequest, tamTruForm } from '../support/fixtures.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { logger: createLogger('test', { destination, level: 'info' }), lines };
}

/** Every string and number in `value`, however deep. */
function leaves(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [String(value)];
}

describe('log redaction', () => {
  const form = tamTruForm();
  const submission = submitRequest(form);
  const personal = [...leaves(submission.applicant), ...leaves(form)].filter((v) => v.length >= 4 && v !== 'new');

  it('logs a dossier, its stored row, a staff row and request headers without one personal value', () => {
    const { logger, lines } = capture();
    const row = { code: 'DHT-261208-0001', applicant: submission.applicant, form_data: form, search_text: 'nguyen thi lan 0901234567', unit: { id: 'ca-p-dong-hung-thuan' } };
    logger.info({ dossier: { ...submission, code: 'DHT-261208-0001' } }, 'submitted');
    logger.info({ row }, 'stored');
    logger.info({ input: { dossier: { applicant: { name: 'Nguyễn Thị Lan', phone: '0901234567', zaloUserId: '5912345678' } } } }, 'deep');
    logger.warn({ staff: { username: 'tiep.nv', full_name: 'Nguyễn Văn Tiếp', password_hash: '$argon2id$v=19$secret' }, headers: { authorization: 'Bearer abc.def', cookie: 'motcua_session=xyz' } }, 'login');
    logger.info({ oa: { access_token: 'AT-123456', refresh_token: 'RT-123456', app_secret: 'APPSECRET', oa_secret_key: 'OASECRET' } }, 'oa');
    const out = lines.join('');
    expect(lines).toHaveLength(5);
    for (const value of [...personal, '5912345678', 'Nguyễn Văn Tiếp', '$argon2id', 'abc.def', 'xyz', 'AT-123456', 'RT-123456', 'APPSECRET', 'OASECRET', 'nguyen thi lan']) {
      expect(out, value).not.toContain(value);
    }
    // What is not personal stays readable: the code, the unit, the procedure, the username.
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'test', msg: 'submitted', dossier: { code: 'DHT-261208-0001', procedureCode: 'TAM_TRU', applicant: '[redacted]', formData: '[redacted]' } });
    expect(JSON.parse(lines[1]!).row.unit).toEqual({ id: 'ca-p-dong-hung-thuan' });
    expect(JSON.parse(lines[3]!).staff.username).toBe('tiep.nv');
  });
});
