import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { connectionType, PageInfo } from './connection.types';

export { PageInfo };

@ObjectType({ description: 'A round table (tenant) and its committee.' })
export class RoundTable {
  @Field(() => ID, { description: 'The tenant id, e.g. "vrt".' })
  tenant!: string;

  @Field(() => String, { description: 'e.g. "VRT".' })
  abbreviation!: string;

  @Field(() => String, { description: 'e.g. "Video Round Table".' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'The round table’s website.' })
  website!: string | null;

  @Field(() => String, { nullable: true, description: 'The contact person (chair).' })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: 'The contact person’s email.' })
  contactEmail!: string | null;

  @Field(() => String, { description: 'When it was registered (ISO 8601).' })
  registeredAt!: string;
}

@ObjectType({ description: 'Someone on a round table’s mentorship committee.' })
export class CommitteeMember {
  @Field(() => ID, { description: 'Their account id.' })
  userId!: string;

  @Field(() => String, { description: 'chair, coordinator, member or auditor.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'Their name (null once erased).' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Their email (null once erased).' })
  email!: string | null;

  @Field(() => String, { description: 'When they were appointed.' })
  appointedAt!: string;
}

@ObjectType({ description: 'A program template and its latest version.' })
export class ProgramTemplate {
  @Field(() => ID, { description: 'The template id.' })
  templateId!: string;

  @Field(() => Int, { description: 'The latest version.' })
  latestVersion!: number;

  @Field(() => String, { description: 'Its name.' })
  name!: string;

  @Field(() => String, { description: 'What the program is about.' })
  summary!: string;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The whole definition: rules, tiers, weights, questions, cadence, completion, recognition, waitlist policy.',
  })
  definition!: unknown;
}

@ObjectType({ description: 'A conference a program is timed around.' })
export class Conference {
  @Field(() => String, { description: 'Its name.' })
  name!: string;

  @Field(() => String, { description: 'First day.' })
  startsOn!: string;

  @Field(() => String, { description: 'Last day.' })
  endsOn!: string;
}

@ObjectType({ description: 'A program cycle: its window, schedule and status.' })
export class Program {
  @Field(() => ID, { description: 'The program id.' })
  programId!: string;

  @Field(() => String, { description: 'The round table.' })
  tenant!: string;

  @Field(() => String, { description: 'e.g. "LRRT Virtual Mentorship 2026–27".' })
  title!: string;

  @Field(() => String, { description: 'drafted, open, closed, started or completed.' })
  status!: string;

  @Field(() => String, { description: 'The template it was drafted from.' })
  templateId!: string;

  @Field(() => Int, { description: 'The template version it pins.' })
  templateVersion!: number;

  @Field(() => String, { description: 'The template’s name.' })
  templateName!: string;

  @Field(() => Conference, { nullable: true, description: 'The conference it is timed around.' })
  conference!: Conference | null;

  @Field(() => String, { nullable: true, description: 'When the application window opens.' })
  opensAt!: string | null;

  @Field(() => String, { nullable: true, description: 'When it closes.' })
  closesAt!: string | null;

  @Field(() => String, { nullable: true, description: 'First day of the cohort.' })
  startsOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of the cohort.' })
  endsOn!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The check-in schedule derived at start: [{ index, dueOn, label, mode }].' })
  checkInSchedule!: unknown;

  @Field(() => Int, { description: 'Mentees per mentor unless a mentor offers otherwise.' })
  capacityDefault!: number;

  @Field(() => String, { description: 'When it was drafted.' })
  draftedAt!: string;

  @Field(() => String, { nullable: true, description: 'When it was completed.' })
  completedOn!: string | null;
}

@ObjectType({ description: 'An application to a program, with its screening and status.' })
export class Application {
  @Field(() => ID, { description: 'The application id.' })
  applicationId!: string;

  @Field(() => ID, { description: 'The applicant as a person: the id erasePerson takes.' })
  personId!: string;

  @Field(() => String, { description: 'The program.' })
  programId!: string;

  @Field(() => String, { description: 'mentor or mentee.' })
  role!: string;

  @Field(() => String, { description: 'submitted, eligible, ineligible, waitlisted, matched (eligible and in a confirmed pair), withdrawn.' })
  status!: string;

  @Field(() => [String], { description: 'The confirmed pairs it is in that have not ended; status is matched while there is one.' })
  pairIds!: string[];

  @Field(() => Int, { nullable: true, description: 'Priority tier (VRT: 1 new librarians, 2 students); null without tiers.' })
  tier!: number | null;

  @Field(() => String, { description: 'Career stage.' })
  careerStage!: string;

  @Field(() => Boolean, { description: 'Member of the round table.' })
  membership!: boolean;

  @Field(() => Int, { nullable: true, description: 'Mentors: mentees they take on.' })
  mentorCapacity!: number | null;

  @Field(() => [String], { description: 'Topics, methods and support chosen (the matching sources).' })
  topics!: string[];

  @Field(() => GraphQLJSON, {
    description: 'Every answer, keyed by question id: choices, numbers, yes/no and free text (free text is personal data: absent once erased).',
  })
  answers!: unknown;

  @Field(() => String, { description: 'Name ("(erased)" once the person’s data was erased).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Email.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Library, school or employer.' })
  affiliation!: string | null;

  @Field(() => String, { description: 'What the applicant wrote about their interests.' })
  interests!: string;

  @Field(() => String, { nullable: true, description: 'The template rule that decided the screening.' })
  screeningRule!: string | null;

  @Field(() => String, { nullable: true, description: 'The screening reason in words.' })
  screeningReason!: string | null;

  @Field(() => Boolean, { description: 'Let in outside the window by a committee override.' })
  windowOverride!: boolean;

  @Field(() => Boolean, { description: 'The waitlist reactor suggests promoting it.' })
  promotionSuggested!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is waitlisted, withdrawn…' })
  statusReason!: string | null;

  @Field(() => String, { description: 'When it was submitted.' })
  submittedAt!: string;
}

@ObjectType({ description: 'A pair on the match board: proposed, confirmed, declined, ended, forbidden or fixed.' })
export class MatchBoardEntry {
  @Field(() => ID, { description: 'The pair id (or the forbidden pair’s entry id).' })
  entryId!: string;

  @Field(() => String, { description: 'pair or forbidden.' })
  kind!: string;

  @Field(() => String, { description: 'proposed, confirmed, declined, ended (pairs) or forbidden.' })
  status!: string;

  @Field(() => Boolean, { description: 'Kept as it is by later match runs.' })
  fixed!: boolean;

  @Field(() => String, { description: 'The mentor’s application.' })
  mentorApplicationId!: string;

  @Field(() => String, { description: 'The mentee’s application.' })
  menteeApplicationId!: string;

  @Field(() => String, { nullable: true, description: 'The match run that proposed it.' })
  runId!: string | null;

  @Field(() => Float, { nullable: true, description: 'The compatibility score.' })
  score!: number | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The per-factor breakdown and the next-best alternative.' })
  explanation!: unknown;

  @Field(() => String, { nullable: true, description: 'The breakdown in one sentence.' })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded the mentor’s acceptance.' })
  acceptedByMentor!: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded the mentee’s acceptance.' })
  acceptedByMentee!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was declined, ended or forbidden.' })
  reason!: string | null;

  @Field(() => String, { description: 'When it changed last.' })
  updatedAt!: string;
}

@ObjectType({ description: 'A mentor’s places: offered, proposed, confirmed, free.' })
export class MentorCapacity {
  @Field(() => ID, { description: 'The mentor’s application.' })
  applicationId!: string;

  @Field(() => String, { description: 'The application’s status.' })
  applicationStatus!: string;

  @Field(() => Int, { description: 'Places offered.' })
  capacity!: number;

  @Field(() => Int, { description: 'Places held by proposals.' })
  proposed!: number;

  @Field(() => Int, { description: 'Places held by confirmed pairs.' })
  confirmed!: number;

  @Field(() => Int, { description: 'Places left.' })
  free!: number;
}

@ObjectType({ description: 'A completed match run: proposals with their reasons and the unmatched with theirs.' })
export class MatchRun {
  @Field(() => ID, { description: 'The run id.' })
  runId!: string;

  @Field(() => String, { description: 'requested, completed or adopted.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'coverage or score.' })
  objective!: string | null;

  @Field(() => String, { nullable: true, description: 'Digest of the inputs: an auditor re-running the engine gets the same proposals.' })
  inputsDigest!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The proposals with score breakdowns.' })
  proposals!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Applicants left unmatched, each with the binding reason.' })
  unmatched!: unknown;

  @Field(() => String, { description: 'Who asked for it.' })
  requestedBy!: string;

  @Field(() => String, { description: 'When.' })
  requestedAt!: string;
}

@ObjectType({ description: 'The match board of a program.' })
export class MatchBoard {
  @Field(() => [MatchBoardEntry], { description: 'Pairs proposed and awaiting acceptance.' })
  proposals!: MatchBoardEntry[];

  @Field(() => [MatchBoardEntry], { description: 'Confirmed pairs.' })
  confirmed!: MatchBoardEntry[];

  @Field(() => [MatchBoardEntry], { description: 'Declined pairs.' })
  declined!: MatchBoardEntry[];

  @Field(() => [MatchBoardEntry], { description: 'Pairs ended early.' })
  ended!: MatchBoardEntry[];

  @Field(() => [MatchBoardEntry], { description: 'Forbidden pairs (conflicts of interest).' })
  forbidden!: MatchBoardEntry[];

  @Field(() => [MatchBoardEntry], { description: 'Pairs the committee fixed.' })
  fixed!: MatchBoardEntry[];

  @Field(() => [MentorCapacity], { description: 'Each mentor’s free capacity.' })
  mentorCapacity!: MentorCapacity[];

  @Field(() => [MatchRun], { description: 'Match runs, newest first.' })
  runs!: MatchRun[];
}

@ObjectType({ description: 'Applications received in one ISO week.' })
export class WeeklyCount {
  @Field(() => String, { description: 'ISO week, e.g. 2026-W48.' })
  week!: string;

  @Field(() => Int, { description: 'Applications received.' })
  applications!: number;
}

@ObjectType({ description: 'Check-ins of one quarter: scheduled, held, missed.' })
export class QuarterCompliance {
  @Field(() => String, { description: 'e.g. 2027-Q1.' })
  quarter!: string;

  @Field(() => Int, { description: 'Check-ins due.' })
  scheduled!: number;

  @Field(() => Int, { description: 'Held.' })
  held!: number;

  @Field(() => Int, { description: 'Missed.' })
  missed!: number;

  @Field(() => Float, { nullable: true, description: 'Held ÷ due so far; null when none were due.' })
  rate!: number | null;
}

@ObjectType({ description: 'How many applications have one status.' })
export class StatusCount {
  @Field(() => String, { description: 'The status.' })
  status!: string;

  @Field(() => Int, { description: 'How many applications have it.' })
  count!: number;
}

@ObjectType({ description: 'A program’s figures at a glance.' })
export class Dashboard {
  @Field(() => [StatusCount], { description: 'Applications per status (submitted, eligible, waitlisted, ineligible, withdrawn…).' })
  applicationsByStatus!: StatusCount[];

  @Field(() => Int, { description: 'Applications received.' })
  applications!: number;

  @Field(() => [WeeklyCount], { description: 'Applications per week.' })
  applicationsPerWeek!: WeeklyCount[];

  @Field(() => Int, { description: 'Mentor applications.' })
  mentorApplications!: number;

  @Field(() => Int, { description: 'Mentee applications.' })
  menteeApplications!: number;

  @Field(() => Int, { description: 'Mentees eligible or waitlisted.' })
  menteePool!: number;

  @Field(() => Int, { description: 'Pairs proposed.' })
  pairsProposed!: number;

  @Field(() => Int, { description: 'Pairs confirmed.' })
  pairsConfirmed!: number;

  @Field(() => Int, { description: 'Pairs ended early.' })
  pairsEnded!: number;

  @Field(() => Float, { description: 'Confirmed pairs per mentee in the pool.' })
  matchRate!: number;

  @Field(() => [QuarterCompliance], { description: 'Check-in compliance per quarter.' })
  checkInCompliance!: QuarterCompliance[];
}

@ObjectType({ description: 'A check-in of a pair.' })
export class CheckIn {
  @Field(() => ID, { description: 'The check-in id.' })
  checkInId!: string;

  @Field(() => Int, { nullable: true, description: 'Its place in the schedule (1–4 for quarterly); null for extra ones.' })
  idx!: number | null;

  @Field(() => String, { description: 'When it is due.' })
  dueOn!: string;

  @Field(() => String, { description: 'The quarter it falls in.' })
  quarter!: string;

  @Field(() => String, { description: 'virtual, at the conference…' })
  mode!: string;

  @Field(() => String, { description: 'What it is.' })
  label!: string;

  @Field(() => String, { description: 'scheduled, held or missed.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'When it was held.' })
  heldOn!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'The mentor attended.' })
  mentorAttended!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'The mentee attended.' })
  menteeAttended!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why it was missed.' })
  missedReason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Notes of a held check-in: personal data of the mentee, null when none were taken or once the mentee’s data was erased.',
  })
  notes!: string | null;
}

@ObjectType({ description: 'A publication or presentation a program supported.' })
export class Output {
  @Field(() => ID, { description: 'The output id.' })
  outputId!: string;

  @Field(() => String, { description: 'The pair whose work it is.' })
  pairId!: string;

  @Field(() => String, { description: 'publication or presentation.' })
  kind!: string;

  @Field(() => String, { description: 'Its title.' })
  title!: string;

  @Field(() => String, { description: 'Journal, conference or venue.' })
  venue!: string;

  @Field(() => String, { description: 'When.' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'A link.' })
  url!: string | null;
}

@ObjectType({ description: 'A confirmed pair’s progress: check-ins, outputs, completion and recognition.' })
export class Pair {
  @Field(() => ID, { description: 'The pair id.' })
  pairId!: string;

  @Field(() => String, { description: 'The program.' })
  programId!: string;

  @Field(() => String, { description: 'The mentor’s application.' })
  mentorApplicationId!: string;

  @Field(() => String, { description: 'The mentee’s application.' })
  menteeApplicationId!: string;

  @Field(() => String, { nullable: true, description: 'The mentor’s name.' })
  mentorName!: string | null;

  @Field(() => String, { nullable: true, description: 'The mentee’s name.' })
  menteeName!: string | null;

  @Field(() => String, { description: 'active, completed or ended.' })
  status!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What completion requires (check-ins held, final presentation).' })
  requirements!: unknown;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'What the program recognises: { menteeCertificate, mentorLetter, publicOutputsList }, from the template when the pair started.',
  })
  recognition!: unknown;

  @Field(() => Int, { description: 'Check-ins held.' })
  checkInsHeld!: number;

  @Field(() => Int, { description: 'Check-ins missed.' })
  checkInsMissed!: number;

  @Field(() => String, { nullable: true, description: 'When the final presentation was delivered.' })
  finalPresentationOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Its title.' })
  finalPresentationTitle!: string | null;

  @Field(() => String, { nullable: true, description: 'When participation was completed.' })
  completedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The mentee’s certificate, once issued: GET /documents/{tenant}/pairs/{pairId}/certificate.pdf.' })
  certificateId!: string | null;

  @Field(() => String, { nullable: true, description: 'The mentor’s letter of appreciation, once issued: GET …/letter.pdf.' })
  letterId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it ended early.' })
  endedReason!: string | null;

  @Field(() => [CheckIn], { description: 'Its check-ins in date order.' })
  checkIns!: CheckIn[];

  @Field(() => [Output], { description: 'Its publications and presentations.' })
  outputs!: Output[];
}

@ObjectType({ description: 'An application form question (public).' })
export class FormQuestion {
  @Field(() => ID, { description: 'The answer key.' })
  id!: string;

  @Field(() => String, { description: 'The question.' })
  label!: string;

  @Field(() => String, { description: 'text, longText, singleChoice, multiChoice, number, boolean, date…' })
  type!: string;

  @Field(() => String, { description: 'mentor, mentee or both.' })
  appliesTo!: string;

  @Field(() => Boolean, { description: 'An answer is required.' })
  required!: boolean;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Choices: [{ value, label }].' })
  options!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Limits: maxLength, min, max, minChoices, maxChoices.' })
  limits!: unknown;

  @Field(() => String, { nullable: true, description: 'Help text.' })
  help!: string | null;
}

@ObjectType({ description: 'What the public form of an open program shows.' })
export class ApplicationForm {
  @Field(() => String, { description: 'The round table’s name.' })
  roundTableName!: string;

  @Field(() => String, { description: 'The program’s title.' })
  programTitle!: string;

  @Field(() => String, { description: 'What the program offers.' })
  summary!: string;

  @Field(() => Boolean, { description: 'Whether applications are accepted now.' })
  open!: boolean;

  @Field(() => String, { nullable: true, description: 'When the window closes.' })
  closesAt!: string | null;

  @Field(() => GraphQLJSON, { description: 'Core fields: careerStages [{ value, label }], membershipLabel, affiliationRequired, capacity { default, max }.' })
  core!: unknown;

  @Field(() => [FormQuestion], { description: 'The program’s questions.' })
  questions!: FormQuestion[];
}

export const ApplicationConnection = connectionType(Application, { one: 'application', many: 'applications', total: 'How many match the filter in all.' });
export const RoundTableConnection = connectionType(RoundTable, {
  one: 'round table',
  many: 'round tables',
  total: 'How many round tables you hold a role in (platform admins: all).',
});
export const CommitteeMemberConnection = connectionType(CommitteeMember, {
  one: 'committee member',
  many: 'committee members',
  total: 'How many sit on the committee.',
});
export const ProgramTemplateConnection = connectionType(ProgramTemplate, {
  one: 'program template',
  many: 'program templates',
  total: 'How many templates the round table has.',
});
export const ProgramConnection = connectionType(Program, { one: 'program', many: 'programs', total: 'How many programs the round table has.' });
export const PairConnection = connectionType(Pair, { one: 'confirmed pair', many: 'confirmed pairs', total: 'How many pairs the program has confirmed.' });
export const OutputConnection = connectionType(Output, {
  one: 'publication or presentation',
  many: 'publications and presentations',
  total: 'How many the program lists publicly.',
});
