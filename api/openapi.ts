// HTTP contract schemas (zod → OpenAPI). Rows are never returned as they are: handlers map them.
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict with the current state', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Invalid input, with field paths', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/** A printed paper, shown inline by the browser's PDF viewer. */
export const pdfContent = (description: string) => ({ description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } });

const isoTime = z.string().openapi({ format: 'date-time' });

export const DossierSchema = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureVersion: z.number(),
    unitId: z.string(),
    state: z.string(),
    stateType: z.string(),
    stateLabel: z.string(),
    stateVersion: z.number().openapi({ description: 'Send back as expectedVersion when acting' }),
    outcome: z.string().optional(),
    submittedAt: isoTime.optional(),
    receivedAt: isoTime.optional(),
    dueAt: isoTime.optional().openapi({ description: 'Statutory due date (restarts after a supplement)' }),
    originalDueAt: isoTime.optional(),
    apologySentAt: isoTime.optional(),
    supplementCycles: z.number(),
    closedAt: isoTime.optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    task: z
      .object({
        state: z.string(),
        role: z.string(),
        assigneeId: z.string().optional(),
        assigneeName: z.string().optional(),
        dueAt: isoTime.optional(),
        escalated: z.boolean(),
        actions: z.array(z.object({ name: z.string(), label: z.string().optional(), requires: z.array(z.string()) })),
      })
      .optional(),
    branches: z
      .array(z.object({ branch: z.string(), label: z.string(), role: z.string(), status: z.enum(['open', 'approved', 'rejected']), dueAt: isoTime.optional() }))
      .optional(),
    appointment: z.object({ kind: z.string(), startsAt: isoTime.optional() }).optional(),
    awaiting: z.object({ event: z.string(), timeoutAt: isoTime }).optional(),
  })
  .openapi('Dossier');

export const DossierDetailSchema = DossierSchema.extend({
  applicant: z.record(z.string(), z.unknown()),
  formData: z.record(z.string(), z.unknown()),
}).openapi('DossierDetail');

export const TimelineEventSchema = z
  .object({
    seq: z.number(),
    type: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    action: z.string().nullable(),
    actor: z.record(z.string(), z.unknown()),
    data: z.record(z.string(), z.unknown()),
    at: z.string(),
  })
  .openapi('TimelineEvent');

export const DossierCodeParam = z.object({
  code: z
    .string()
    .regex(/^[A-Z0-9]+-\d{6}-\d{4}$/, { message: 'Mã hồ sơ có dạng <ĐƠN VỊ>-<YYMMDD>-<NNNN>' })
    .openapi({ param: { name: 'code', in: 'path' }, example: 'DHT-261128-0001' }),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const SlotsQuery = z.object({
  from: z.iso.date().optional().openapi({ description: 'First day (YYYY-MM-DD, Vietnam time); default today' }),
  days: z.coerce.number().int().min(1).max(31).default(7),
});

export const SlotSchema = z.object({ startsAt: z.string(), remaining: z.number() }).openapi('AppointmentSlot');

export const BookBody = z.object({ startsAt: z.iso.datetime({ offset: true }) }).strict().openapi('BookAppointment');
