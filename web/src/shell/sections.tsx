import type { ComponentType } from 'react';
import { ApplicationsIcon, AuditIcon, DashboardIcon, MatchingIcon, PairsIcon, SettingsIcon } from './icons';

export interface Section {
  id: string;
  label: string;
  icon: ComponentType;
  /** What the section will hold, shown until its page is built. */
  upcoming: { summary: string; points: string[]; next: string };
}

/** The admin portal's sections, in navigation order; each lives at /t/{round table}/{id}. */
export const SECTIONS = [
  {
    id: 'dashboard',
    label: 'Dashboard',
    icon: DashboardIcon,
    upcoming: {
      summary: 'An overview of the current program cycle at a glance.',
      points: [
        'The application window and how many days are left',
        'Applications received, screened and waitlisted',
        'Matching progress and pairs awaiting confirmation',
      ],
      next: 'Program figures appear here once the program pages are added.',
    },
  },
  {
    id: 'applications',
    label: 'Applications',
    icon: ApplicationsIcon,
    upcoming: {
      summary: 'Every application to this round table’s programs, updated as they arrive.',
      points: [
        'Screen applicants as eligible or ineligible, with the rule that decided',
        'Priority tiers and the waitlist',
        'Amendments and withdrawals, with their history',
      ],
      next: 'When a program opens its application window, new applications will be listed here.',
    },
  },
  {
    id: 'matching',
    label: 'Matching',
    icon: MatchingIcon,
    upcoming: {
      summary: 'The live matching board for mentors and mentees.',
      points: ['Run matching and see every proposal with its factor scores', 'Why an applicant is unmatched', 'Fix, forbid or swap pairs, then confirm them'],
      next: 'Matching opens here once applications have been screened.',
    },
  },
  {
    id: 'pairs',
    label: 'Pairs',
    icon: PairsIcon,
    upcoming: {
      summary: 'Confirmed mentor–mentee pairs through the program year.',
      points: ['Acceptances and declines', 'Check-ins held or missed, publications and presentations', 'Completion, certificates and letters of appreciation'],
      next: 'Pairs appear here after the committee confirms them on the matching board.',
    },
  },
  {
    id: 'audit',
    label: 'Audit',
    icon: AuditIcon,
    upcoming: {
      summary: 'The full, tamper-evident history of this round table’s programs.',
      points: ['Who did what, and when', 'The state of a program as of any date', 'Verification that no event was altered or removed'],
      next: 'Auditors and coordinators will replay program history here.',
    },
  },
  {
    id: 'settings',
    label: 'Settings',
    icon: SettingsIcon,
    upcoming: {
      summary: 'How this round table runs its mentorship program.',
      points: [
        'The round table’s profile and committee members',
        'Program templates: questions, eligibility, tiers and matching weights',
        'Check-in cadence and recognition',
      ],
      next: 'Admins will manage the committee and program templates here.',
    },
  },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export const findSection = (id: string | undefined): Section | undefined => SECTIONS.find((section) => section.id === id);

export const sectionPath = (tenant: string, section: SectionId | string = 'dashboard'): string =>
  `/t/${encodeURIComponent(tenant)}/${encodeURIComponent(section)}`;
