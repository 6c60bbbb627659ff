import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

export interface CertificateInput {
  menteeName: string;
  mentorName: string;
  programName: string;
  roundTableName: string;
  completedOn: string;
  presentationTitle?: string | null;
  signedBy: string;
  reference: string;
}

export interface LetterInput {
  mentorName: string;
  menteeName: string;
  programName: string;
  roundTableName: string;
  completedOn: string;
  checkInsHeld: number;
  outputs: string[];
  signedBy: string;
  reference: string;
}

const INK = rgb(0.12, 0.16, 0.22);
const ACCENT = rgb(0.12, 0.35, 0.55);

const longDate = (iso: string) => new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** Word-wraps `text` into lines that fit `width` at `size`. */
const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
};

const centered = (page: PDFPage, text: string, y: number, font: PDFFont, size: number, color = INK) => {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
};

// Standard fonts encode WinAnsi only: keep names printable rather than failing on a rare letter.
const printable = (text: string) => text.normalize('NFC').replace(/[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d]/g, '?');

/** The mentee's certificate of completion: landscape letter, text extractable. */
export const certificatePdf = async (input: CertificateInput): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Certificate of completion — ${printable(input.menteeName)}`);
  pdf.setAuthor(printable(input.roundTableName));
  pdf.setSubject(printable(input.programName));
  pdf.setCreationDate(new Date(input.completedOn));
  pdf.setModificationDate(new Date(input.completedOn));
  const page = pdf.addPage([792, 612]);
  const serif = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold);
  const italic = await pdf.embedFont(StandardFonts.TimesRomanItalic);
  page.drawRectangle({ x: 24, y: 24, width: 744, height: 564, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: 724, height: 544, borderColor: ACCENT, borderWidth: 0.75 });
  centered(page, printable(input.roundTableName), 520, bold, 18, ACCENT);
  centered(page, 'Certificate of Completion', 468, bold, 36);
  centered(page, 'This certifies that', 420, italic, 16);
  centered(page, printable(input.menteeName), 378, bold, 30);
  centered(page, `has successfully completed the ${printable(input.programName)}`, 336, serif, 16);
  centered(page, `as a mentee, mentored by ${printable(input.mentorName)}.`, 314, serif, 16);
  if (input.presentationTitle) centered(page, `Final presentation: "${printable(input.presentationTitle)}"`, 280, italic, 14);
  centered(page, `Completed ${longDate(input.completedOn)}`, 230, serif, 14);
  page.drawLine({ start: { x: 276, y: 150 }, end: { x: 516, y: 150 }, thickness: 0.75, color: INK });
  centered(page, printable(input.signedBy), 132, serif, 13);
  centered(page, `on behalf of the ${printable(input.programName)} Committee`, 114, italic, 11);
  page.drawText(`Reference ${input.reference}`, { x: 48, y: 46, size: 8, font: serif, color: rgb(0.4, 0.4, 0.4) });
  return pdf.save();
};

/** The mentor's letter of appreciation: portrait letter, text extractable. */
export const appreciationLetterPdf = async (input: LetterInput): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Letter of appreciation — ${printable(input.mentorName)}`);
  pdf.setAuthor(printable(input.roundTableName));
  pdf.setSubject(printable(input.programName));
  pdf.setCreationDate(new Date(input.completedOn));
  pdf.setModificationDate(new Date(input.completedOn));
  const page = pdf.addPage([612, 792]);
  const serif = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold);
  let y = 720;
  page.drawText(printable(input.roundTableName), { x: 72, y, size: 16, font: bold, color: ACCENT });
  y -= 18;
  page.drawText(printable(input.programName), { x: 72, y, size: 11, font: serif, color: INK });
  y -= 48;
  page.drawText(longDate(input.completedOn), { x: 72, y, size: 11, font: serif });
  y -= 36;
  page.drawText(`Dear ${printable(input.mentorName)},`, { x: 72, y, size: 12, font: serif });
  y -= 28;
  const outputs = input.outputs.length > 0 ? ` Together you produced ${input.outputs.map(printable).join('; ')}.` : '';
  const paragraphs = [
    `On behalf of the ${printable(input.programName)} Committee, thank you for mentoring ${printable(input.menteeName)} through the program, which was completed on ${longDate(input.completedOn)}.`,
    `Over the year you held ${input.checkInsHeld} check-in${input.checkInsHeld === 1 ? '' : 's'} with your mentee.${outputs} Your time and experience help early-career colleagues grow as researchers and enrich the knowledge base of our profession.`,
    'We are grateful for your contribution and hope you will mentor with us again.',
  ];
  for (const paragraph of paragraphs) {
    for (const line of wrap(paragraph, serif, 12, 468)) {
      page.drawText(line, { x: 72, y, size: 12, font: serif });
      y -= 17;
    }
    y -= 10;
  }
  y -= 20;
  page.drawText('With appreciation,', { x: 72, y, size: 12, font: serif });
  y -= 48;
  page.drawText(printable(input.signedBy), { x: 72, y, size: 12, font: bold });
  y -= 16;
  page.drawText(`${printable(input.programName)} Committee`, { x: 72, y, size: 11, font: serif });
  page.drawText(`Reference ${input.reference}`, { x: 72, y: 48, size: 8, font: serif, color: rgb(0.4, 0.4, 0.4) });
  return pdf.save();
};
