import type { TemplateDefinition } from '../template.types';

/**
 * The Video Round Table Mentorship program, from its call for participants (shared/seeds/000):
 * mentors are VRT members; new librarians are matched first and student members only while
 * mentors remain; matches are made quickly so pairs can meet before and at ALA Annual.
 */
export const VRT_TEMPLATE_ID = 'vrt-mentorship';

export const vrtTemplate: TemplateDefinition = {
  name: 'VRT Mentorship',
  summary:
    'Pairs new video and media librarians, and student VRT members while mentors remain, with seasoned VRT members who share career experience, trends in media librarianship and tips for the ALA conference.',
  core: {
    careerStages: [
      { value: 'student', label: 'Student (LIS program)' },
      { value: 'early-career', label: 'New librarian' },
      { value: 'mid-career', label: 'Experienced librarian' },
      { value: 'senior', label: 'Senior librarian or manager' },
    ],
    membershipLabel: 'I am a member of the ALA Video Round Table (VRT)',
    affiliationRequired: false,
  },
  questions: [
    {
      id: 'interests',
      label: 'Topics for the mentorship',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      minChoices: 1,
      maxChoices: 6,
      options: [
        { value: 'career-experience', label: 'Insight from career experience' },
        { value: 'media-trends', label: 'Trends and options within media librarianship' },
        { value: 'professional-plans', label: 'Developing and implementing professional plans' },
        { value: 'communication-networking', label: 'Communication and networking techniques' },
        { value: 'job-network', label: 'Access to a job-related network' },
        { value: 'conference-navigation', label: 'VRT, the conference and how to make the most of it' },
      ],
    },
    {
      id: 'meeting-modes',
      label: 'How you would like to meet',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      minChoices: 1,
      options: [
        { value: 'virtual', label: 'Online, as agreed between mentor and mentee' },
        { value: 'at-conference', label: 'Face to face at ALA Annual' },
        { value: 'conference-sessions', label: 'Attend a session, round table or exhibits together' },
        { value: 'vrt-dinner', label: 'Socialise at the VRT dinner' },
      ],
    },
    { id: 'attending-conference', label: 'Do you plan to attend ALA Annual?', type: 'boolean', appliesTo: 'both', required: true },
    { id: 'years-in-media', label: 'Years working with video or media collections', type: 'number', appliesTo: 'mentor', required: true, min: 0, max: 60 },
    {
      id: 'goals',
      label: 'What would you like to get from (or give to) the mentorship?',
      type: 'longText',
      appliesTo: 'both',
      required: false,
      maxLength: 2000,
    },
  ],
  eligibility: [
    {
      id: 'mentor-vrt-member',
      appliesTo: 'mentor',
      require: { field: 'membership', equals: true },
      message: 'Mentors must be VRT members; join the Video Round Table, then amend the application',
    },
    {
      id: 'mentee-new-librarian-or-student',
      appliesTo: 'mentee',
      require: { field: 'careerStage', in: ['early-career', 'student'] },
      message: 'The VRT program mentors new librarians and student VRT members',
    },
    {
      id: 'student-mentee-vrt-member',
      appliesTo: 'mentee',
      when: { field: 'careerStage', equals: 'student' },
      require: { field: 'membership', equals: true },
      message: 'Students take part as student VRT members; join the Video Round Table, then amend the application',
    },
  ],
  tiers: [
    { tier: 1, label: 'new librarians', when: { field: 'careerStage', equals: 'early-career' } },
    { tier: 2, label: 'students', when: { field: 'careerStage', equals: 'student' } },
  ],
  capacity: { default: 1, max: 3 },
  matching: {
    objective: 'coverage',
    weights: { topics: 60, meetingMode: 25, careerStage: 15 },
    sources: {
      topics: { mentee: 'interests', mentor: 'interests' },
      meetingMode: { mentee: 'meeting-modes', mentor: 'meeting-modes' },
    },
  },
  checkIns: { kind: 'as-agreed', suggestions: ['a meeting before ALA Annual', 'meeting face to face at ALA Annual', 'the VRT dinner'] },
  timeline: { kind: 'conference', matchByDaysBefore: 30 },
  completion: { checkInsHeld: 0, finalPresentation: false },
  recognition: { menteeCertificate: false, mentorLetter: false, publicOutputsList: false },
  waitlist: { policy: 'automatic', whenNoPlace: true },
};
