// Idempotency fingerprints hold what the request held, a crime reporter's sealed identity included:
// they are keyed (HMAC), so a database reader cannot confirm a guessed name or phone (issue 11 #9).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestFingerprint, type SubmitRequest } from '../../api/dossiers/submit.js';
import { canonicalJson } from '../../domain/canonical-json.js';

const tip: SubmitRequest = {
  procedureCode: 'TO_GIAC',
  unitId: 'ca-p-dong-hung-thuan',
  channel: 'web',
  applicant: { name: 'Lê Thị Kín Đáo', phone: '0912345678' },
  formData: { category: 'to_giac', place: 'Chợ', content: 'Nội dung', reporterName: 'Lê Thị Kín Đáo', reporterPhone: '0912345678' },
};

describe('requestFingerprint', () => {
  it('is keyed: not the plain hash of the request, and different under another secret', () => {
    const fp = requestFingerprint('secret-a-0123456789abcdef0123456789', tip);
    expect(fp).not.toBe(createHash('sha256').update(canonicalJson(tip)).digest('hex'));
    expect(requestFingerprint('secret-b-0123456789abcdef0123456789', tip)).not.toBe(fp);
  });

  it('still tells a retry (same content, any key order) from another request', () => {
    const secret = 'secret-a-0123456789abcdef0123456789';
    const reordered = { formData: tip.formData, applicant: tip.applicant, channel: tip.channel, unitId: tip.unitId, procedureCode: tip.procedureCode };
    expect(requestFingerprint(secret, reordered as SubmitRequest)).toBe(requestFingerprint(secret, tip));
    expect(requestFingerprint(secret, { ...tip, formData: { ...tip.formData, reporterPhone: '0912345679' } })).not.toBe(requestFingerprint(secret, tip));
  });
});
