// What an uploaded file really is, from its first bytes. The declared Content-Type and the file
// name come from the resident's device and can say anything, so they are never consulted.

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));

// ISO-BMFF major brands (the 4 bytes after `ftyp`) of HEIF images; AVIF and video share the box.
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);

/** The MIME type of JPEG, PNG, GIF, WebP, HEIC/HEIF and PDF content; undefined for anything else. */
export function sniffMime(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && ascii(bytes, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 4, 'ftyp') && bytes.length >= 12) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (HEIC_BRANDS.has(brand)) return 'image/heic';
    if (HEIF_BRANDS.has(brand)) return 'image/heif';
  }
  if (ascii(bytes, 0, '%PDF-')) return 'application/pdf';
  return undefined;
}

/** Whether `mime` matches one of the accepted types, where `image/*` stands for any image. */
export function acceptsMime(accept: readonly string[], mime: string | undefined): boolean {
  if (mime === undefined) return false;
  const type = mime.split('/')[0];
  return accept.some((a) => a === mime || (a.endsWith('/*') && a.slice(0, -2) === type));
}
