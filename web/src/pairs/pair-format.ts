import type { PairFieldsFragment } from '../gql/graphql';
import { sectionPath } from '../shell/sections';

export type PairData = PairFieldsFragment;
export type CheckInData = PairData['checkIns'][number];

export interface Requirements {
  checkInsHeld: number;
  finalPresentation: boolean;
}

export interface Recognition {
  menteeCertificate: boolean;
  mentorLetter: boolean;
  publicOutputsList: boolean;
}

/** The template's check-in policy, as the API's `definition.checkIns` holds it. */
export type CheckInPolicy = { kind: 'as-agreed'; suggestions: string[] } | { kind: 'scheduled'; everyMonths: number; count: number; mode: string };

export const requirementsOf = (pair: Pick<PairData, 'requirements'>): Requirements => {
  const r = (pair.requirements ?? {}) as Partial<Requirements>;
  return { checkInsHeld: r.checkInsHeld ?? 0, finalPresentation: r.finalPresentation ?? false };
};

export const recognitionOf = (pair: Pick<PairData, 'recognition'>): Recognition => {
  const r = (pair.recognition ?? {}) as Partial<Recognition>;
  return { menteeCertificate: r.menteeCertificate ?? false, mentorLetter: r.mentorLetter ?? false, publicOutputsList: r.publicOutputsList ?? false };
};

export const policyOf = (definition: unknown): CheckInPolicy | null => {
  const policy = (definition as { checkIns?: CheckInPolicy } | null)?.checkIns;
  return policy?.kind === 'scheduled' || policy?.kind === 'as-agreed' ? policy : null;
};

const every = (months: number) => (months === 3 ? 'quarterly' : months === 1 ? 'monthly' : `every ${months} months`);

/** The cadence in words: "4 virtual check-ins, quarterly from the program’s start" or "as each pair agrees". */
export const cadenceText = (policy: CheckInPolicy | null): string => {
  if (!policy) return 'Check-ins as the program’s template sets them.';
  if (policy.kind === 'scheduled') {
    const mode = policy.mode === 'any' ? '' : `${policy.mode} `;
    return `${policy.count} ${mode}check-ins, ${every(policy.everyMonths)} from the program’s start.`;
  }
  return policy.suggestions.length ? `As each pair agrees, for example ${policy.suggestions.join(', ')}.` : 'As each pair agrees.';
};

/** A pair's status in the committee's words: an active pair is a confirmed one. */
export const pairStatus = (status: string) => (status === 'active' ? 'confirmed' : status);

/** A calendar date (YYYY-MM-DD) as written, whatever the browser's time zone. */
export const formatDay = (day: string | null | undefined): string =>
  day ? new Date(`${day.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }) : '—';

/** Today in the browser's time zone, as YYYY-MM-DD. */
export const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const pairPath = (tenant: string, pairId: string) => `${sectionPath(tenant, 'pairs')}/${encodeURIComponent(pairId)}`;

export const publicOutputsPath = (tenant: string, programId: string) => `/outputs/${encodeURIComponent(tenant)}/${encodeURIComponent(programId)}`;

/** The next check-in still to hold, by due date. */
export const nextCheckIn = (pair: PairData): CheckInData | null => pair.checkIns.find((c) => c.status === 'scheduled') ?? null;

/** Who attended a held check-in, in words. */
export const attendanceText = (c: Pick<CheckInData, 'mentorAttended' | 'menteeAttended'>): string =>
  c.mentorAttended && c.menteeAttended ? 'Mentor and mentee attended' : c.mentorAttended ? 'Only the mentor attended' : 'Only the mentee attended';
