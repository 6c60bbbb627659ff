import type { Command } from '../core/command';
import type { Event } from '../core/event';
import type { CheckInPolicy, CompletionRequirements, Recognition } from '../template/template.types';

export type OutputKind = 'publication' | 'presentation';

/**
 * A confirmed pair's own stream: its check-ins, outputs, completion and recognition. It starts in
 * the same transaction as `PairConfirmed` in the program stream, with the template's completion
 * requirements and recognition copied in, so its rules need nothing else.
 */
export type PairEvent =
  | Event<
      'PairStarted',
      {
        pairId: string;
        programId: string;
        templateId: string;
        templateVersion: number;
        mentorApplicationId: string;
        menteeApplicationId: string;
        mentorPersonId: string;
        menteePersonId: string;
        requirements: CompletionRequirements;
        recognition: Recognition;
        checkIns: CheckInPolicy;
      }
    >
  | Event<'CheckInScheduled', { checkInId: string; index: number | null; dueOn: string; mode: string; label: string; scheduledBy: string }>
  /** Notes are free text: they travel in the personal part, under the mentee's key. */
  | Event<'CheckInHeld', { checkInId: string; heldOn: string; attendance: { mentor: boolean; mentee: boolean }; recordedBy: string }>
  | Event<'CheckInMissed', { checkInId: string; reason: string; recordedBy: string }>
  | Event<
      'OutputRecorded',
      {
        outputId: string;
        kind: OutputKind;
        /** Citation facts meant for the public list of supported publications and presentations. */
        title: string;
        venue: string;
        date: string;
        url: string | null;
        listedPublicly: boolean;
        recordedBy: string;
      }
    >
  | Event<'FinalPresentationDelivered', { deliveredOn: string; title: string; recordedBy: string }>
  | Event<'ParticipationCompleted', { completedOn: string; checkInsHeld: number; finalPresentation: boolean; recordedBy: string }>
  | Event<'CertificateIssued', { certificateId: string; menteePersonId: string; issuedOn: string; issuedBy: string }>
  | Event<'AppreciationLetterIssued', { letterId: string; mentorPersonId: string; issuedOn: string; issuedBy: string }>
  | Event<'PairEnded', { pairId: string; reason: string; endedBy: string }>;

export type PairCommand =
  | Command<'ScheduleCheckIn', { pairId: string; checkInId: string; dueOn: string; label?: string; mode?: string }>
  | Command<'RecordCheckInHeld', { pairId: string; checkInId: string; heldOn: string; attendance: { mentor: boolean; mentee: boolean }; notes?: string | null }>
  | Command<'RecordCheckInMissed', { pairId: string; checkInId: string; reason: string }>
  | Command<'RecordOutput', { pairId: string; outputId: string; kind: OutputKind; title: string; venue: string; date: string; url?: string | null }>
  | Command<'RecordFinalPresentation', { pairId: string; deliveredOn: string; title: string }>
  | Command<'CompleteParticipation', { pairId: string }>
  | Command<'IssueCertificate', { pairId: string; certificateId: string }>
  | Command<'IssueAppreciationLetter', { pairId: string; letterId: string }>;

export const pairStreamId = (tenant: string, pairId: string) => `${tenant}/pair-${pairId}`;

/** The id of the n-th (0-based) check-in of a derived schedule. */
export const scheduledCheckInId = (index: number) => `checkin-${index + 1}`;
