import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { appreciationLetterPdf, certificatePdf } from '../src/documents/recognition.pdf';

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

const textOf = async (bytes: Uint8Array): Promise<string> => {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, standardFontDataUrl }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return parts.join('\n').replace(/\s+/g, ' ');
};

describe('recognition documents', () => {
  it('the certificate names the mentee, the mentor and the program, as extractable text', async () => {
    const text = await textOf(
      await certificatePdf({
        menteeName: 'Priya Raman',
        mentorName: 'Dr. Alma Quist',
        programName: 'LRRT Virtual Mentorship Program',
        roundTableName: 'Library Research Round Table',
        completedOn: '2027-06-28T00:00:00Z',
        presentationTitle: 'Citation patterns in LIS dissertations',
        signedBy: 'Karen R. Harker',
        reference: 'lrrt/pair-42',
      }),
    );
    expect(text).toContain('Certificate of Completion');
    expect(text).toContain('Priya Raman');
    expect(text).toContain('LRRT Virtual Mentorship Program');
    expect(text).toContain('Dr. Alma Quist');
    expect(text).toContain('June 28, 2027');
  });

  it('the letter thanks the mentor by name and counts the check-ins', async () => {
    const text = await textOf(
      await appreciationLetterPdf({
        mentorName: 'Dr. Alma Quist',
        menteeName: 'Priya Raman',
        programName: 'LRRT Virtual Mentorship Program',
        roundTableName: 'Library Research Round Table',
        completedOn: '2027-06-28T00:00:00Z',
        checkInsHeld: 4,
        outputs: ['the article "Citation patterns" (College & Research Libraries)'],
        signedBy: 'Karen R. Harker',
        reference: 'lrrt/pair-42',
      }),
    );
    expect(text).toContain('Dear Dr. Alma Quist');
    expect(text).toContain('thank you for mentoring Priya Raman');
    expect(text).toContain('4 check-ins');
    expect(text).toContain('Citation patterns');
  });
});
