// The JSON API's shared pieces for zod → OpenAPI routes: the error shape and the response and body
// helpers. Each feature keeps its own contract schemas (e.g. dossiers/schemas.ts).
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

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
