import { describe, expect, it } from 'vitest';
import { acceptsMime, sniffMime } from '../../domain/sniff.js';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)));

/** An ISO-BMFF file start: box size, `ftyp`, major brand, minor version. */
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'mif1');

describe('sniffMime', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 0x0d], 'IHDR'), 'image/png'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['HEIC (iPhone)', ftyp('heic'), 'image/heic'],
    ['HEIC sequence', ftyp('hevc'), 'image/heic'],
    ['HEIF', ftyp('mif1'), 'image/heif'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
  ])('recognises %s', (_name, content, mime) => {
    expect(sniffMime(content)).toBe(mime);
  });

  it.each([
    ['empty', bytes()],
    ['text that claims to be a JPEG', bytes('this is not an image.jpg')],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['a truncated JPEG marker', bytes([0xff, 0xd8])],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['AVIF (same box, other brand)', ftyp('avif')],
    ['MP4 video', ftyp('isom')],
    ['ftyp without a brand', bytes([0, 0, 0, 0x18], 'ftyp', 'he')],
    ['PDF magic not at the start', bytes(' %PDF-1.7')],
    ['ZIP (docx)', bytes('PK', [3, 4, 20, 0])],
  ])('rejects %s', (_name, content) => {
    expect(sniffMime(content)).toBeUndefined();
  });
});

describe('acceptsMime', () => {
  const IMAGES_AND_PDF = ['image/*', 'application/pdf'];

  it('matches exact types and type wildcards', () => {
    expect(acceptsMime(IMAGES_AND_PDF, 'application/pdf')).toBe(true);
    expect(acceptsMime(IMAGES_AND_PDF, 'image/heic')).toBe(true);
    expect(acceptsMime(['image/png'], 'image/png')).toBe(true);
  });

  it('refuses other types, near misses and unknown content', () => {
    expect(acceptsMime(['image/png'], 'image/jpeg')).toBe(false);
    expect(acceptsMime(['application/pdf'], 'image/png')).toBe(false);
    expect(acceptsMime(['image/*'], 'application/pdf')).toBe(false);
    expect(acceptsMime(['image/*'], 'imagex/png')).toBe(false);
    expect(acceptsMime(IMAGES_AND_PDF, undefined)).toBe(false);
    expect(acceptsMime([], 'image/png')).toBe(false);
  });
});
