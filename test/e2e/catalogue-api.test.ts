// Every published procedure of the catalogue, end to end over HTTP: submitted through the API and
// driven to a happy end by clerks of the competent unit — tasks, parallel reviews, appointments
// (a free slot booked, then attended) and events from other systems — with a real worker.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROCEDURES } from '../../domain/procedures/index.js';
import { ProcedureDefinition } from '../../domain/dsl/schema.js';
import type { StaffRole } from '../../domain/roles.js';
import { useApiStack } from '../support/api-stack.js';
import { createStaff, waitFor, WARD, type TestStaff } from '../support/fixtures.js';
import { sampleForm } from '../../domain/dsl/sample-form.js';

const s = useApiStack();
const staff = new Map<string, TestStaff>();

/** One clerk per role and unit, created when first needed. */
async function clerk(role: StaffRole, unitId: string): Promise<TestStaff> {
  const key = `${role}@${unitId}`;
  if (!staff.has(key)) staff.set(key, await createStaff(s.db, `Cán bộ ${role}`, [{ role, unitId }]));
  return staff.get(key)!;
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
  return json;
}

/** Actions that move a dossier forward, in order of preference; else anything that does not fail or loop. */
const FORWARD = ['accept', 'approve', 'conclude', 'attended', 'handover', 'deliver', 'issue', 'confirm', 'complete'];
const BACKWARD = /reject|supplement|return|withdraw|transfer|noShow|extend|refuse/i;

function forwardAction(actions: Array<{ name: string; requires: string[] }>) {
  return FORWARD.map((n) => actions.find((a) => a.name === n)).find((a) => a !== undefined) ?? actions.find((a) => !BACKWARD.test(a.name)) ?? actions[0]!;
}

/** Form values that choose the path ending in the procedure's result (a sample takes the first option). */
const HAPPY_PATH_FORM: Record<string, Record<string, unknown>> = {
  CON_DAU: { entityType: 'localStateBody' },
};

const INPUTS = { reason: 'Lý do kiểm thử', note: 'Ghi chú kiểm thử', missingDocuments: ['ct01'] } as const;

describe('the catalogue over the HTTP API', () => {
  const published = BUILT_IN_PROCEDURES.map((d) => ProcedureDefinition.parse(d));

  it.each(published.map((d) => [d.code, d] as const))('%s: submitted and driven to a happy end by clerks', async (_code, def) => {
    const submitted = await call('POST', '/api/dossiers', undefined, {
      procedureCode: def.code,
      unitId: WARD,
      channel: 'web',
      applicant: { name: 'Nguyễn Văn Kiểm Thử', phone: '0901234567' },
      formData: { ...sampleForm(def, Date.now()), ...HAPPY_PATH_FORM[def.code] },
    });
    const code = submitted.code as string;
    const integration = await clerk('integration', 'ca-tphcm');

    for (let step = 0; step < 30; step++) {
      const row = await waitFor(async () => {
        const r = await s.db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
        return r?.state && r.state_type !== 'system' && r.state_type !== 'choice' ? r : undefined;
      }, `${code} to rest`);
      if (row.state_type === 'end') {
        expect(row.outcome).toBe('approved');
        return;
      }
      const unit = row.unit_id;
      const anyone = await clerk(def.confidential ? 'investigator' : 'receiver', unit);
      const view = await call('GET', `/api/staff/dossiers/${code}`, anyone.token);
      const st = def.states[row.state!]!;
      if (st.type === 'parallel') {
        let version = row.state_version;
        for (const [branch, b] of Object.entries(st.branches)) {
          const res = await call('POST', `/api/staff/dossiers/${code}/actions`, (await clerk(b.role as StaffRole, unit)).token, { action: 'approve', branch, expectedVersion: version });
          version = res.stateVersion as number;
        }
        continue;
      }
      if (st.type === 'external') {
        await call('POST', '/api/integrations/events', integration.token, { dossierCode: code, event: st.event });
        continue;
      }
      if (st.type === 'appointment' && !view.appointment?.startsAt) {
        const worker = await clerk(st.role as StaffRole, unit);
        const slots = (await call('GET', `/api/staff/dossiers/${code}/slots?days=10`, worker.token)) as unknown as Array<{ startsAt: string; remaining: number }>;
        const free = slots.find((s) => s.remaining > 0);
        expect(free, 'a free slot').toBeDefined();
        await call('POST', `/api/staff/dossiers/${code}/appointment`, worker.token, { startsAt: free!.startsAt });
        continue;
      }
      if (st.type !== 'task' && st.type !== 'appointment') throw new Error(`${code}: cannot drive a ${st.type} state`);
      const actor = await clerk(st.role as StaffRole, unit);
      const action = forwardAction(view.task.actions as Array<{ name: string; requires: string[] }>);
      const inputs = Object.fromEntries(action.requires.map((r) => [r, INPUTS[r as keyof typeof INPUTS]]));
      await call('POST', `/api/staff/dossiers/${code}/actions`, actor.token, { action: action.name, expectedVersion: row.state_version, ...inputs });
    }
    throw new Error(`${code} did not reach an end in 30 steps`);
  });
});
