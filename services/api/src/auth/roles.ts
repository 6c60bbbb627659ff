import type { CommitteeRole } from '@tandem/domain';
import type { Role } from './account-store';

/** The committee roles of the domain map onto the API's access roles. */
export const ACCESS_ROLE_OF: Record<CommitteeRole, Role> = {
  chair: 'admin',
  coordinator: 'coordinator',
  member: 'committee',
  auditor: 'auditor',
};

export const COMMITTEE_ROLE_OF: Record<Role, CommitteeRole> = {
  admin: 'chair',
  coordinator: 'coordinator',
  committee: 'member',
  auditor: 'auditor',
};
