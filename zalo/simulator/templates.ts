// ZNS/ZBS templates (reference §5.2–§5.4): the OA's approved templates with their parameter
// rules, shared by the phone channel (business.openapi.zalo.me) and the UID channel (§2.9).
import { z } from 'zod';
import type { Sim, ZnsTemplate } from './state.js';

export const templateInput = z.object({
  template_id: z.string().min(1),
  name: z.string().min(1).default('Mẫu thông báo'),
  status: z.enum(['ENABLE', 'PENDING_REVIEW', 'REJECT', 'DISABLE']).default('ENABLE'),
  params: z
    .array(
      z.object({
        name: z.string().min(1),
        require: z.boolean().default(true),
        type: z.string().default('STRING'),
        max_length: z.number().int().positive().default(100),
        min_length: z.number().int().nonnegative().default(0),
        accept_null: z.boolean().default(false),
      }),
    )
    .default([]),
  buttons: z.array(z.object({ type: z.number().int(), title: z.string().min(1), content: z.string() })).default([]),
});

export function registerTemplate(sim: Sim, input: z.infer<typeof templateInput>): ZnsTemplate {
  const template: ZnsTemplate = {
    template_id: input.template_id,
    name: input.name,
    status: input.status,
    params: input.params.map((p) => ({ name: p.name, require: p.require, type: p.type, maxLength: p.max_length, minLength: p.min_length, acceptNull: p.accept_null })),
    buttons: input.buttons,
    created_at: sim.clock.now(),
  };
  sim.store.templates.set(template.template_id, template);
  return template;
}

type TemplateDataProblem = 'empty' | 'missing' | 'format' | 'too_long';

/** Checks `template_data` against the template's listParams; the first problem found, or null. */
export function templateDataProblem(template: ZnsTemplate, data: unknown): TemplateDataProblem | null {
  if (data === undefined || (isRecord(data) && Object.keys(data).length === 0)) return template.params.length > 0 ? 'empty' : null;
  if (!isRecord(data)) return 'format';
  for (const param of template.params) {
    const value = data[param.name];
    if (value === undefined || value === '') {
      if (param.require && !param.acceptNull) return 'missing';
      continue;
    }
    if (typeof value !== 'string') return 'format';
    if ([...value].length > param.maxLength) return 'too_long';
  }
  return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `GET /template/info/v2` data (§5.3). */
export const templateInfo = (t: ZnsTemplate) => ({
  templateId: t.template_id,
  templateName: t.name,
  status: t.status,
  listParams: t.params,
  listButtons: t.buttons,
  timeout: 7_200_000,
  previewUrl: '',
  templateQuality: 'UNDEFINED',
  templateTag: 'TRANSACTION',
  price: '300.0',
});
