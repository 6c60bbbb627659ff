import type { ComponentType } from 'react';
import { ApplicationsIcon, AuditIcon, DashboardIcon, MatchingIcon, PairsIcon, SettingsIcon } from './icons';

export interface Section {
  id: string;
  label: string;
  icon: ComponentType;
}

/** The admin portal's sections, in navigation order; each lives at /t/{round table}/{id}. */
export const SECTIONS = [
  { id: 'dashboard', label: 'Dashboard', icon: DashboardIcon },
  { id: 'applications', label: 'Applications', icon: ApplicationsIcon },
  { id: 'matching', label: 'Matching', icon: MatchingIcon },
  { id: 'pairs', label: 'Pairs', icon: PairsIcon },
  { id: 'audit', label: 'Audit', icon: AuditIcon },
  { id: 'settings', label: 'Settings', icon: SettingsIcon },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export const findSection = (id: string | undefined): Section | undefined => SECTIONS.find((section) => section.id === id);

export const sectionPath = (tenant: string, section: SectionId | string = 'dashboard'): string =>
  `/t/${encodeURIComponent(tenant)}/${encodeURIComponent(section)}`;
