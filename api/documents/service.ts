// A dossier's printable papers as PDF: reads the facts (definition, unit, documents, history) and
// applies the rule of papers.ts. The caller has already checked who may see the dossier (staff scope,
// a resident's token or signed link): this module never decides access.
import type { Context } from 'hono';
import { localDate } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import type { ProcedureDefinition } from '../../domain/dsl/schema.js';
import type { Db } from '../../db/database.js';
import type { DossierRow } from '../../db/schema.js';
import { getVersion } from '../procedures/service.js';
import { timeline } from '../dossiers/timeline.js';
import { PDF_CSP } from './preview.js';
import { paperRefusal, receiptPaper, resultPaper, type PaperFacts, type PaperKind } from './papers.js';
import { renderPaper } from './pdf.js';

export interface PaperFile {
  filename: string;
  bytes: Buffer;
}

const FILE_PREFIX: Record<PaperKind, string> = { receipt: 'giay-tiep-nhan', result: 'thong-bao-ket-qua' };

/** The paper as a PDF, or a 409 saying why this dossier has none (not received yet, no result, a crime tip). */
export async function dossierPaper(db: Db, row: DossierRow, kind: PaperKind): Promise<PaperFile> {
  const facts = await paperFacts(db, row);
  const refusal = paperRefusal(kind, facts);
  if (refusal) throw new DomainError('INVALID_STATE', refusal);
  const paper = kind === 'receipt' ? receiptPaper(facts) : resultPaper(facts);
  return { filename: `${FILE_PREFIX[kind]}-${row.code}.pdf`, bytes: await renderPaper(paper) };
}

/** Whether the paper exists for the dossier, to offer its link (same rule, no I/O). */
export function hasPaper(row: DossierRow, kind: PaperKind): boolean {
  return paperRefusal(kind, { confidential: row.confidential, receivedAt: ms(row.received_at), outcome: row.outcome as PaperFacts['outcome'], closedAt: ms(row.closed_at) }) === undefined;
}

/** Shown in the browser's PDF viewer (inline), never cached (personal data), never sniffed as anything else. */
export function pdfResponse(c: Context, file: PaperFile): Response {
  return c.body(new Uint8Array(file.bytes), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${file.filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': PDF_CSP,
  });
}

const ms = (d: Date | null) => d?.getTime();

async function paperFacts(db: Db, row: DossierRow): Promise<PaperFacts> {
  const [body, unit, documents, events] = await Promise.all([
    getVersion(db, row.procedure_code, row.procedure_version),
    db
      .selectFrom('units as u')
      .leftJoin('units as p', 'p.id', 'u.parent_id')
      .select(['u.name', 'p.name as parentName'])
      .where('u.id', '=', row.unit_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('documents').select('doc_key as docKey').where('dossier_id', '=', row.id).orderBy('created_at').execute(),
    timeline(db, row.id),
  ]);
  if (!body) throw new Error(`definition ${row.procedure_code} v${row.procedure_version} missing`);
  const definition = body as ProcedureDefinition;
  const receivedAt = ms(row.received_at);
  const staffName = (e: (typeof events)[number]) => (e.actor.kind === 'staff' && typeof e.actor.name === 'string' ? e.actor.name : undefined);
  const lastName = (list: typeof events) => list.map(staffName).filter((n) => n !== undefined).at(-1);
  const applicant = row.applicant as { name?: string; phone?: string };
  const endState = row.state ? definition.states[row.state] : undefined;
  return {
    code: row.code,
    definition,
    confidential: row.confidential,
    channel: row.channel,
    unit: { name: unit.name, parentName: unit.parentName ?? undefined },
    applicant: { name: applicant.name, phone: applicant.phone },
    formData: row.form_data,
    submittedOn: localDate(row.submitted_at.getTime()),
    documents,
    receivedAt,
    dueAt: ms(row.due_at),
    originalDueAt: ms(row.original_due_at),
    apologySentAt: ms(row.apology_sent_at),
    waitingForApplicant: row.state_type === 'applicant',
    outcome: (row.outcome ?? undefined) as PaperFacts['outcome'],
    endLabel: endState?.type === 'end' ? endState.label.vi : undefined,
    closedAt: ms(row.closed_at),
    receivedBy: receivedAt === undefined ? undefined : lastName(events.filter((e) => e.at.getTime() <= receivedAt)),
    decidedBy: lastName(events),
    reason: events.map((e) => e.data.reason).filter((r): r is string => typeof r === 'string').at(-1),
  };
}
