export interface ExportProgress {
  /** Events (lines) received so far. */
  events: number;
  bytes: number;
  /** How many events the whole export holds (the API's X-Event-Count); null when it did not say. */
  total: number | null;
}

/** An export the API refused or cut short, with its message for the person. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

const NEWLINE = 10;

const refusal = async (response: Response): Promise<ExportError> => {
  try {
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code ?? 'UNKNOWN';
      const message = first.message.charAt(0).toUpperCase() + first.message.slice(1);
      return new ExportError(code === 'FORBIDDEN' ? `You may not do this: ${first.message}` : message, code);
    }
  } catch {
    // Not JSON: fall through to the status.
  }
  return new ExportError(`Tandem refused the export (HTTP ${response.status}). Try again in a moment.`, 'HTTP');
};

/**
 * Downloads a round table's history (`GET /export/{tenant}.jsonl`, JSON Lines) with the access
 * token, reading the body as it streams so `onProgress` can count events and bytes against
 * the total the API announces. Resolves with the whole file as a Blob.
 */
export const downloadHistory = async ({
  tenant,
  token,
  signal,
  onProgress,
}: {
  tenant: string;
  token: string | null;
  signal?: AbortSignal;
  onProgress(progress: ExportProgress): void;
}): Promise<{ blob: Blob; progress: ExportProgress }> => {
  let response: Response;
  try {
    response = await fetch(`/export/${encodeURIComponent(tenant)}.jsonl`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal,
    });
  } catch {
    if (signal?.aborted) throw new ExportError('The export was cancelled.', 'CANCELLED');
    throw new ExportError('Tandem cannot be reached. Check your connection and try again.', 'NETWORK');
  }
  if (!response.ok) throw await refusal(response);
  const announced = response.headers.get('x-event-count');
  const progress: ExportProgress = { events: 0, bytes: 0, total: announced === null ? null : Number(announced) };
  onProgress({ ...progress });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const reader = response.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        progress.bytes += value.byteLength;
        for (let at = value.indexOf(NEWLINE); at !== -1; at = value.indexOf(NEWLINE, at + 1)) progress.events += 1;
        onProgress({ ...progress });
      }
    } catch {
      if (signal?.aborted) throw new ExportError('The export was cancelled.', 'CANCELLED');
      throw new ExportError('The export broke off before the end. Start it again.', 'INCOMPLETE');
    }
  }
  if (progress.total !== null && progress.events !== progress.total) {
    throw new ExportError(`The export ended after ${progress.events} of ${progress.total} events. Start it again.`, 'INCOMPLETE');
  }
  return { blob: new Blob(parts, { type: 'application/x-ndjson' }), progress };
};

/** Offers a Blob as a file download, as a link the person clicked would. */
export const saveFile = (blob: Blob, filename: string): string => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  return url;
};
