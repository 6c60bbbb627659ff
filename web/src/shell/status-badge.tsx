const LABELS: Record<string, string> = {
  submitted: 'Awaiting screening',
  eligible: 'Eligible',
  ineligible: 'Ineligible',
  waitlisted: 'Waitlisted',
  matched: 'Matched',
  withdrawn: 'Withdrawn',
  proposed: 'Proposed',
  confirmed: 'Confirmed',
  declined: 'Declined',
  ended: 'Ended',
  forbidden: 'Forbidden',
  fixed: 'Fixed',
};

export const statusLabel = (status: string) => LABELS[status] ?? status.charAt(0).toUpperCase() + status.slice(1);

/** A status as a coloured label: the word carries the meaning, the colour only helps. */
export const StatusBadge = ({ status }: { status: string }) => <span className={`badge badge-${status}`}>{statusLabel(status)}</span>;
