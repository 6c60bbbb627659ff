import { GraphQLJSON } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Application, Dashboard, MatchBoard, PageInfo, Program } from '../read/read.types';

@ObjectType({ description: 'One event of a round table’s log, as an auditor sees it.' })
export class AuditEvent {
  @Field(() => String, { description: 'The event id.' })
  eventId!: string;

  @Field(() => String, { description: 'The event type, e.g. PairConfirmed.' })
  type!: string;

  @Field(() => String, { description: 'The stream, e.g. vrt/program-2027.' })
  streamId!: string;

  @Field(() => Int, { description: 'Its 0-based revision in that stream.' })
  streamRevision!: number;

  @Field(() => Int, { description: 'Its 1-based place in the round table’s hash chain.' })
  tenantSequence!: number;

  @Field(() => String, { nullable: true, description: 'The program it concerns, when it concerns one.' })
  programId!: string | null;

  @Field(() => String, { description: 'Who caused it: an account id, `system`, or `public` for applicants.' })
  actor!: string;

  @Field(() => String, { description: 'The request or workflow it belongs to.' })
  correlationId!: string;

  @Field(() => String, { nullable: true, description: 'The event or command that caused it directly.' })
  causationId!: string | null;

  @Field(() => String, { description: 'When it happened in the domain (ISO 8601).' })
  occurredAt!: string;

  @Field(() => String, { description: 'When the store committed it (ISO 8601).' })
  recordedAt!: string;

  @Field(() => String, { description: 'Where it sits in the global log (opaque; compare as strings).' })
  checkpoint!: string;

  @Field(() => String, { nullable: true, description: 'sha256 over the previous hash, the envelope and the payload: recompute it to verify the chain.' })
  hash!: string | null;

  @Field(() => Int, { description: 'The version of the data shape.' })
  schemaVersion!: number;

  @Field(() => GraphQLJSON, { description: 'The event’s non-personal data.' })
  data!: unknown;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      'The personal part, as the viewer may see it: { personId, fields } decrypted for round-table readers (admins, coordinators, committee, auditors), { personId, erased: true } once the person’s key was erased, { personId, withheld: true } otherwise; null when the event carries none.',
  })
  personal!: unknown;
}

@ObjectType({ description: 'One event in a page.' })
export class AuditEventEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this event.' })
  cursor!: string;

  @Field(() => AuditEvent, { description: 'The event.' })
  node!: AuditEvent;
}

@ObjectType({ description: 'A page of events in log order.' })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge], { description: 'The events.' })
  edges!: AuditEventEdge[];

  @Field(() => PageInfo, { description: 'Paging.' })
  pageInfo!: PageInfo;

  /** Counts every event the list holds, on all pages (AuditEventConnection.totalCount; run only when asked for). */
  countAll!: () => Promise<number>;
}

@InputType({ description: 'Which events of a round table to list; every field narrows the list.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Only this stream, e.g. vrt/program-2027.' })
  streamId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this event type, e.g. PairConfirmed.' })
  type?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events caused by this actor (account id, system or public).' })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events of this program.' })
  programId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events recorded at or after this time (ISO 8601).' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events recorded at or before this time (ISO 8601).' })
  to?: string | null;
}

@ObjectType({ description: 'A program as it stood at a past moment: the same shapes the live queries return.' })
export class ProgramAsOf {
  @Field(() => String, { nullable: true, description: 'The last event included; null when the program had none yet.' })
  checkpoint!: string | null;

  @Field(() => Int, { description: 'How many of the program’s events were replayed.' })
  events!: number;

  @Field(() => Program, { nullable: true, description: 'The program; null if it did not exist yet.' })
  program!: Program | null;

  @Field(() => [Application], { description: 'Its applications, in submission order.' })
  applications!: Application[];

  @Field(() => MatchBoard, { description: 'Its match board.' })
  matchBoard!: MatchBoard;

  @Field(() => Dashboard, { description: 'Its figures.' })
  dashboard!: Dashboard;
}
