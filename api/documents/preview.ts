// Which uploads a clerk may look at in the browser, and the CSP they are served with. Only types
// the bytes prove (domain/sniff.ts) and every browser renders: common images and PDF. HEIC photos
// (iPhones) render in Safari only, so they stay downloads.
import { sniffMime } from '../../domain/sniff.js';

const PREVIEWABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);

/** Whether a stored document (by the type sniffed at upload) gets a preview on the dossier page. */
export const canPreview = (storedMime: string) => PREVIEWABLE.has(storedMime);

/** The type to serve a preview with, sniffed again from the bytes; undefined when it gets none. */
export function previewType(bytes: Uint8Array): string | undefined {
  const mime = sniffMime(bytes);
  return mime && PREVIEWABLE.has(mime) ? mime : undefined;
}

/** An image opened on its own: nothing may load or run, and it is sandboxed as a document. */
export const IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/**
 * PDFs (uploads and the papers we print): nothing may load. No sandbox, which would stop the
 * browser's PDF viewer; the viewer runs no script in the app's origin.
 */
export const PDF_CSP = "default-src 'none'; object-src 'self'; base-uri 'none'; form-action 'none'";
