import type { SessionStore } from '../auth/session';

export type RecognitionKind = 'certificate' | 'letter';

/** Where the API serves a pair's recognition document (readers of the round table, bearer token). */
export const recognitionPath = (tenant: string, pairId: string, kind: RecognitionKind) =>
  `/documents/${encodeURIComponent(tenant)}/pairs/${encodeURIComponent(pairId)}/${kind}.pdf`;

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** e.g. `lrrt-certificate-priya-raman.pdf`; the pair id when the name was erased. */
export const recognitionFilename = (tenant: string, kind: RecognitionKind, person: string | null, pairId: string) => {
  const who = person && !person.startsWith('(') ? slug(person) : '';
  return `${tenant}-${kind}-${who || slug(pairId)}.pdf`;
};

/** The API's error body (`{ errors: [{ message, extensions: { code } }] }`) in the portal's words. */
const failureOf = async (response: Response): Promise<string> => {
  const body = (await response.json().catch(() => null)) as { errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  const first = body?.errors?.[0];
  if (!first?.message) return `Tandem could not send the document (HTTP ${response.status}). Try again in a moment.`;
  if (first.extensions?.code === 'FORBIDDEN') return `You may not do this: ${first.message}`;
  if (first.extensions?.code === 'INTERNAL_SERVER_ERROR') return 'Tandem could not build the document. Try again in a moment.';
  return first.message.charAt(0).toUpperCase() + first.message.slice(1);
};

/**
 * Fetches a recognition PDF with the session's access token (a plain link cannot send it) and
 * saves it under `filename`. Returns null when saved, else what to tell the person.
 */
export const downloadRecognition = async (session: SessionStore, path: string, filename: string): Promise<string | null> => {
  const token = await session.accessToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    return 'Tandem cannot be reached. Check your connection and try again.';
  }
  if (!response.ok) return failureOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started saving by now; keep the blob a little longer for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return null;
};
