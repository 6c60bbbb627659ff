import { Field, ObjectType } from 'type-graphql';
import { Application, Dashboard, MatchBoard } from '../read/read.types';

@ObjectType({ description: 'A program’s match board after a committed change: the same shape the matchBoard query returns.' })
export class MatchBoardChange {
  @Field(() => String, { description: 'The round table.' })
  tenant!: string;

  @Field(() => String, { description: 'The program.' })
  programId!: string;

  @Field(() => String, { description: 'The read models include the event log up to here: a refetch shows at least this state.' })
  checkpoint!: string;

  @Field(() => [String], { description: 'The types of the events that led to this update, e.g. PairProposed, PairConfirmed.' })
  eventTypes!: string[];

  @Field(() => MatchBoard, { description: 'The whole board as it stands now.' })
  board!: MatchBoard;
}

@ObjectType({ description: 'Applications of a program that were submitted or changed by one committed change.' })
export class ApplicationsChange {
  @Field(() => String, { description: 'The round table.' })
  tenant!: string;

  @Field(() => String, { description: 'The program.' })
  programId!: string;

  @Field(() => String, { description: 'The read models include the event log up to here.' })
  checkpoint!: string;

  @Field(() => [String], { description: 'The types of the events, e.g. ApplicationSubmitted, ApplicationScreened.' })
  eventTypes!: string[];

  @Field(() => [String], { description: 'The applications the events named.' })
  applicationIds!: string[];

  @Field(() => [Application], { description: 'Those applications as they stand now, in submission order.' })
  applications!: Application[];
}

@ObjectType({ description: 'A program’s dashboard figures after they changed.' })
export class DashboardChange {
  @Field(() => String, { description: 'The round table.' })
  tenant!: string;

  @Field(() => String, { description: 'The program.' })
  programId!: string;

  @Field(() => String, { description: 'The read models include the event log up to here.' })
  checkpoint!: string;

  @Field(() => Dashboard, { description: 'The figures as they stand now: the same shape the dashboard query returns.' })
  dashboard!: Dashboard;
}
