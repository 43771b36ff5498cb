// Draws a Paper (papers.ts) as an A5 PDF, the size TT 01/2018 designs the one-stop forms for.
// The standard PDF fonts have no Vietnamese, and a server has no system fonts, so Be Vietnam Pro
// (OFL, from its npm package) is embedded: pdfkit subsets it and writes a ToUnicode map, so the
// text copies and extracts as typed.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Fact, Paper } from './papers.js';

const resolve = createRequire(import.meta.url).resolve;
/** Resolved in the installed package, so the app needs no font files of its own or of the system. */
const FONTS = {
  regular: resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  bold: resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
  italic: resolve('@expo-google-fonts/be-vietnam-pro/400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf'),
} as const;

const MARGIN = 36;
const BODY = 9.5;
const SMALL = 8;

export function renderPaper(paper: Paper, createdAt = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    margin: MARGIN,
    lang: 'vi-VN',
    // Without a font here pdfkit would load Helvetica from its own data files first.
    font: FONTS.regular,
    info: { Title: `${paper.title} ${paper.code}`, Author: paper.issuer.unit, Subject: paper.subject, CreationDate: createdAt },
    displayTitle: true,
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });
  draw(doc, paper);
  doc.end();
  return done;
}

type Doc = PDFKit.PDFDocument;

function draw(doc: Doc, paper: Paper): void {
  const width = doc.page.width - 2 * MARGIN;
  header(doc, paper, width);
  doc.moveDown(1.2);
  doc.font('bold').fontSize(12).text(paper.title, MARGIN, doc.y, { width, align: 'center' });
  doc.font('regular').fontSize(BODY).text(`Mã hồ sơ: ${paper.code}`, { width, align: 'center' });
  doc.moveDown(1);
  facts(doc, paper.facts, width);
  if (paper.list) {
    doc.moveDown(0.3);
    doc.font('bold').fontSize(BODY).text(`${paper.list.heading}:`, MARGIN, doc.y, { width });
    const items = paper.list.items.length > 0 ? paper.list.items.map((item, i) => `${i + 1}. ${item}`) : [paper.list.empty];
    for (const item of items) doc.font('regular').text(item, MARGIN + 10, doc.y, { width: width - 10 });
    doc.moveDown(0.3);
  }
  facts(doc, paper.afterList ?? [], width);
  signatures(doc, paper, width);
}

/** Issuing unit on the left, the national motto on the right (ND 30/2020 layout of official papers). */
function header(doc: Doc, paper: Paper, width: number): void {
  const top = MARGIN;
  const left = width * 0.46;
  const right = width - left;
  if (paper.formCode) doc.font('italic').fontSize(SMALL).text(`Mẫu ${paper.formCode}`, MARGIN, top - 14, { width, align: 'right' });
  doc.fontSize(SMALL);
  if (paper.issuer.parent) doc.font('regular').text(paper.issuer.parent, MARGIN, top, { width: left, align: 'center' });
  doc.font('bold').text(paper.issuer.unit, MARGIN, doc.y, { width: left, align: 'center' });
  const leftBottom = doc.y;
  rule(doc, MARGIN + left / 2, leftBottom + 2, left * 0.35);

  const x = MARGIN + left;
  doc.font('bold').fontSize(SMALL).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x, top, { width: right, align: 'center' });
  doc.font('bold').fontSize(SMALL + 0.5).text('Độc lập - Tự do - Hạnh phúc', x, doc.y, { width: right, align: 'center' });
  rule(doc, x + right / 2, doc.y + 2, right * 0.6);
  doc.font('italic').fontSize(SMALL).text(capitalise(paper.dated), x, doc.y + 8, { width: right, align: 'center' });
  doc.y = Math.max(doc.y, leftBottom + 6);
}

function rule(doc: Doc, centre: number, y: number, length: number): void {
  doc.moveTo(centre - length / 2, y).lineTo(centre + length / 2, y).lineWidth(0.6).stroke();
}

function facts(doc: Doc, list: Fact[], width: number): void {
  for (const fact of list) {
    doc.font('bold').fontSize(BODY).text(`${fact.label}: `, MARGIN, doc.y, { width, continued: true });
    doc.font('regular').text(fact.value);
    if (fact.note) doc.font('italic').fontSize(SMALL).text(fact.note, MARGIN + 10, doc.y, { width: width - 10 });
    doc.moveDown(0.25);
  }
}

function signatures(doc: Doc, paper: Paper, width: number): void {
  const blockHeight = 80;
  if (doc.y + blockHeight > doc.page.height - MARGIN) doc.addPage();
  const top = doc.y + 14;
  const column = width / paper.signatures.length;
  paper.signatures.forEach((sig, i) => {
    // A single signature sits on the right, where the signer's block goes on official papers.
    const x = paper.signatures.length === 1 ? MARGIN + width / 2 : MARGIN + i * column;
    const w = paper.signatures.length === 1 ? width / 2 : column;
    doc.font('bold').fontSize(BODY).text(sig.role, x, top, { width: w, align: 'center' });
    doc.font('italic').fontSize(SMALL).text('(Ký và ghi rõ họ tên)', x, doc.y, { width: w, align: 'center' });
    if (sig.name) doc.font('bold').fontSize(BODY).text(sig.name, x, top + 62, { width: w, align: 'center' });
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
