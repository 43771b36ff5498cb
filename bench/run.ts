// Benchmarks (npx tsx bench/run.ts): each figure comes with a baseline measured in the same run.
//   1. read-model writes: recordEvent of real TAM_TRU events vs one plain insert into dossier_events
//   2. the interpreter: a whole TAM_TRU happy path in DossierMachine vs structuredClone of its input
//   3. working-day arithmetic: statutoryDueAt and addWorkingHours vs localDate
// Uses its own database (dropped and recreated at the start, dropped at the end) on loopback.
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDossierActivities } from '../activities/dossier.activities.js';
import { getPublished } from '../api/procedures/service.js';
import { dossierCode } from '../api/dossiers/submit.js';
import { unitCalendar } from '../api/holidays/unit-calendar.js';
import type { Db } from '../db/database.js';
import { addWorkingHours, localDate, localDateTime, statutoryDueAt } from '../domain/calendar.js';
import type { DossierEvent, DossierInput, StaffActor } from '../domain/contracts/dossier.js';
import { DossierMachine } from '../domain/dossier-machine.js';
import { formDataSchema } from '../domain/dsl/form.js';
import { submitRequest, tamTruForm } from '../test/support/fixtures.js';
import { workflowIdFor } from '../workflows/dossier.messages.js';
import { withBenchDatabase } from './database.js';
import { Latencies, measureSync, printMachine, printPostgres, printTable, type Row } from './harness.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/motcua_bench';
const WARMUP_DOSSIERS = 40;
const DOSSIERS = 300; // × 5 events each, per variant

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
/** A Tuesday morning; its 3-year calendar slice holds every seeded holiday from Dec 2025 on. */
const SUBMITTED_AT = localDateTime('2025-12-02', '09:00');
const ISSUED_AT = new Date(SUBMITTED_AT + DAY + 2 * HOUR + SECOND).toISOString();

interface Team {
  receiver: StaffActor;
  officer: StaffActor;
  chief: StaffActor;
}

async function main(): Promise<void> {
  const started = performance.now();
  printMachine();
  await withBenchDatabase(DATABASE_URL, async (db) => {
    await printPostgres(db);
    const input = await loadSnapshot(db);
    const team = await createTeam(db, input.unit.id);
    const end = happyPath(input, team);
    if (end.current().type !== 'end' || end.pending.length !== 5) throw new Error('the TAM_TRU happy path no longer ends in 5 events');
    console.log(
      `snapshot: DossierInput ${(JSON.stringify(input).length / 1024).toFixed(1)} KB as JSON, ` +
        `${input.calendar.daysOff.length + input.calendar.workingWeekends.length} calendar entries\n`,
    );

    const rows = [...(await benchReadModels(db, input, team)), ...benchInterpreter(input, team), ...benchCalendar(input)];
    console.log();
    printTable(rows);
  });
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// ---- 1. read-model writes ----

async function benchReadModels(db: Db, input: DossierInput, team: Team): Promise<Row[]> {
  const { recordEvent } = createDossierActivities(db);
  const total = WARMUP_DOSSIERS + DOSSIERS;
  // Separate dossiers for the baseline: both variants write fresh (dossier, seq) keys.
  const plainEvents = (await insertDossiers(db, input, 0, total)).map((d) => happyPath(d, team).pending);
  const recordedEvents = (await insertDossiers(db, input, total, total)).map((d) => happyPath(d, team).pending);

  const plain = new Latencies();
  const recorded = new Latencies();
  const again = new Latencies();
  // Interleaved dossier by dossier, so table growth, autovacuum and checkpoints hit all three alike.
  for (let i = 0; i < total; i++) {
    const warm = i >= WARMUP_DOSSIERS;
    for (const e of plainEvents[i]!) await plain.time(warm, () => db.insertInto('dossier_events').values(eventRow(e)).execute());
    for (const e of recordedEvents[i]!) await recorded.time(warm, () => recordEvent(e));
    for (const e of recordedEvents[i]!) await again.time(warm, () => recordEvent(e)); // a retried or replayed activity
  }
  // Each dossier's outbox rows are the messages its events carry (the pure machine decides them).
  const messagesPerDossier = recordedEvents[0]!.reduce((n, e) => n + e.messages.length, 0);
  await checkReadModels(db, total, messagesPerDossier);
  console.log(`read models: ${recorded.count} events per variant (${DOSSIERS} dossiers × 5), after ${WARMUP_DOSSIERS} warm-up dossiers`);

  const baseline = 'insert dossier_events';
  return [
    { name: baseline, figures: plain.figures() },
    { name: 'recordEvent (new event)', figures: recorded.figures(), baseline },
    { name: 'recordEvent (already recorded)', figures: again.figures(), baseline },
  ];
}

/** The dossier_events row recordEvent writes, for the baseline's plain insert. */
function eventRow(e: DossierEvent) {
  const actor = e.actor.kind === 'staff' ? { kind: 'staff', staffId: e.actor.staffId, name: e.actor.name } : { kind: e.actor.kind };
  return {
    dossier_id: e.dossierId,
    seq: e.seq,
    type: e.type,
    from_state: e.from ?? null,
    to_state: e.to ?? null,
    action: e.action ?? null,
    actor: JSON.stringify(actor),
    data: JSON.stringify(e.data),
    at: new Date(e.at),
  };
}

/** Dossier rows as submitDossier stores them; returns the workflow input of each. */
async function insertDossiers(db: Db, input: DossierInput, from: number, count: number): Promise<DossierInput[]> {
  const inputs = Array.from({ length: count }, (_, k) => ({ ...input, dossierId: randomUUID(), code: dossierCode('DHT', '251202', from + k + 1) }));
  const request = submitRequest(input.formData, input.unit.id);
  const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  await db
    .insertInto('dossiers')
    .values(
      inputs.map((d) => ({
        id: d.dossierId,
        code: d.code,
        workflow_id: workflowIdFor(d.code),
        idempotency_key: randomUUID(),
        request_fingerprint: fingerprint,
        procedure_code: d.definition.code,
        procedure_version: d.definition.version,
        unit_id: d.unit.id,
        channel: d.channel,
        applicant: JSON.stringify(d.applicant),
        form_data: JSON.stringify(d.formData),
        submitted_at: new Date(d.submittedAt),
        workflow_started_at: new Date(d.submittedAt),
      })),
    )
    .execute();
  return inputs;
}

/** The writes really happened: a benchmark of silent no-ops would look very fast. */
async function checkReadModels(db: Db, dossiers: number, messagesPerDossier: number): Promise<void> {
  const count = async (table: 'dossier_events' | 'tasks' | 'messages') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const done = await db.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'done').where('last_seq', '=', 5).executeTakeFirstOrThrow();
  const found = { events: await count('dossier_events'), tasks: await count('tasks'), messages: await count('messages'), done: Number(done.n) };
  const expected = { events: 2 * 5 * dossiers, tasks: 3 * dossiers, messages: messagesPerDossier * dossiers, done: dossiers };
  if (JSON.stringify(found) !== JSON.stringify(expected)) {
    throw new Error(`read models: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
  }
}

// ---- 2. the interpreter ----

function benchInterpreter(input: DossierInput, team: Team): Row[] {
  const [clone, machine] = measureSync([() => structuredClone(input), () => happyPath(input, team)]);
  const baseline = 'structuredClone(DossierInput)';
  return [
    { name: baseline, figures: clone },
    { name: 'DossierMachine happy path', figures: machine, baseline },
  ];
}

/**
 * TAM_TRU submitted, accepted, approved twice and issued (5 events), as the workflow drives the
 * machine: each clerk action is checked, then applied, and the next timer is computed when it rests.
 */
function happyPath(input: DossierInput, team: Team, t0 = SUBMITTED_AT): DossierMachine {
  const m = new DossierMachine(input, t0);
  m.nextTimer();
  act(m, team.receiver, 'accept', t0 + HOUR);
  m.nextTimer();
  act(m, team.officer, 'approve', t0 + DAY);
  m.nextTimer();
  act(m, team.chief, 'approve', t0 + DAY + 2 * HOUR);
  const issued = t0 + DAY + 2 * HOUR + SECOND;
  m.completeSystemStep({ document: 'CT08', number: `CT08-${input.code}`, issuedAt: ISSUED_AT }, issued); // what issueResult returns
  m.nextTimer();
  return m;
}

function act(m: DossierMachine, actor: StaffActor, action: string, now: number): void {
  const input = { actor, action, expectedVersion: m.snapshot.stateVersion };
  m.checkAct(input);
  m.act(input, now);
}

// ---- 3. working-day arithmetic ----

function benchCalendar(input: DossierInput): Row[] {
  const cal = input.calendar;
  // Instants at shifting times of day over ten months: office hours, evenings, weekends, Tết.
  const at = Array.from({ length: 256 }, (_, k) => SUBMITTED_AT + k * (DAY + 3 * HOUR + 7 * 60 * SECOND));
  const pick = (i: number) => at[i & 255]!;
  const [local, due, hours] = measureSync([
    (i) => localDate(pick(i)),
    (i) => statutoryDueAt(pick(i), 3, cal),
    (i) => addWorkingHours(pick(i), 8, cal),
  ]);
  const baseline = 'localDate';
  return [
    { name: baseline, figures: local },
    { name: 'statutoryDueAt (3 working days)', figures: due, baseline },
    { name: 'addWorkingHours (8 h)', figures: hours, baseline },
  ];
}

// ---- set-up ----

/** The workflow input startDossierWorkflow builds for a web submission of the test fixture form. */
async function loadSnapshot(db: Db): Promise<DossierInput> {
  const request = submitRequest(tamTruForm(SUBMITTED_AT));
  const definition = await getPublished(db, request.procedureCode);
  if (!definition) throw new Error(`${request.procedureCode} is not published`);
  const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', request.unitId).executeTakeFirstOrThrow();
  const from = localDate(SUBMITTED_AT);
  return {
    dossierId: randomUUID(),
    code: dossierCode('DHT', '251202', 1),
    unit: { id: unit.id, name: unit.name },
    definition,
    calendar: await unitCalendar(db, unit.id, from),
    applicant: request.applicant,
    channel: request.channel,
    formData: formDataSchema(definition, from).parse(request.formData),
    submittedAt: SUBMITTED_AT,
  };
}

/** Real staff rows: tasks.completed_by references staff. */
async function createTeam(db: Db, unitId: string): Promise<Team> {
  const member = async (role: 'receiver' | 'officer' | 'chief', name: string): Promise<StaffActor> => {
    const { id } = await db.insertInto('staff').values({ username: `bench.${role}`, full_name: name }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('staff_roles').values({ staff_id: id, role, unit_id: unitId }).execute();
    return { kind: 'staff', staffId: id, name, grants: [{ role, unitId }] };
  };
  return {
    receiver: await member('receiver', 'Nguyễn Văn Tiếp'),
    officer: await member('officer', 'Trần Thị Xử Lý'),
    chief: await member('chief', 'Phạm Trưởng Phường'),
  };
}



await main();
