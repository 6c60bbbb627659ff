import type { TemplateDefinition } from '../template.types';

/**
 * The Library Research Round Table Virtual Mentorship program (shared/seeds/002): a year-long
 * cohort pairing novice researchers with experienced LIS researchers by topic, method or project
 * need; quarterly virtual check-ins; an end-of-year presentation of research in progress; a
 * certificate per mentee and a letter of appreciation per mentor; a public list of outputs.
 */
export const LRRT_TEMPLATE_ID = 'lrrt-virtual-mentorship';

export const lrrtTemplate: TemplateDefinition = {
  name: 'LRRT Virtual Mentorship',
  summary:
    'Matches novice researchers with mentors experienced in library and information science research methodologies for a year of virtual mentoring, ending with a presentation of research in progress.',
  core: {
    careerStages: [
      { value: 'student', label: 'Graduate student' },
      { value: 'early-career', label: 'Early-career librarian or novice researcher' },
      { value: 'mid-career', label: 'Mid-career librarian' },
      { value: 'senior', label: 'Senior librarian or faculty' },
    ],
    membershipLabel: 'I am a member of the Library Research Round Table (LRRT)',
    affiliationRequired: true,
  },
  questions: [
    {
      id: 'research-topics',
      label: 'Research topics',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      minChoices: 1,
      maxChoices: 5,
      options: [
        { value: 'information-literacy', label: 'Information literacy and instruction' },
        { value: 'scholarly-communication', label: 'Scholarly communication and open access' },
        { value: 'assessment', label: 'Library assessment and evaluation' },
        { value: 'user-experience', label: 'User experience and information behaviour' },
        { value: 'data-services', label: 'Research data services' },
        { value: 'dei', label: 'Diversity, equity and inclusion' },
        { value: 'collections', label: 'Collections and resource management' },
        { value: 'public-libraries', label: 'Public libraries and communities' },
        { value: 'digital-libraries', label: 'Digital libraries and archives' },
      ],
    },
    {
      id: 'methodologies',
      label: 'Research methodologies',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      minChoices: 1,
      maxChoices: 5,
      options: [
        { value: 'qualitative', label: 'Qualitative (interviews, focus groups)' },
        { value: 'quantitative', label: 'Quantitative and statistics' },
        { value: 'mixed-methods', label: 'Mixed methods' },
        { value: 'survey', label: 'Survey research' },
        { value: 'bibliometrics', label: 'Bibliometrics' },
        { value: 'content-analysis', label: 'Content analysis' },
        { value: 'case-study', label: 'Case study' },
        { value: 'action-research', label: 'Action research' },
      ],
    },
    {
      id: 'support',
      label: 'Support wanted (mentees) or offered (mentors)',
      type: 'multiChoice',
      appliesTo: 'both',
      required: true,
      minChoices: 1,
      options: [
        { value: 'research-design', label: 'Research design' },
        { value: 'publication-outlets', label: 'Identifying publication outlets' },
        { value: 'article-from-thesis', label: 'Creating articles from postgraduate research' },
        { value: 'data-analysis', label: 'Data analysis' },
        { value: 'grant-writing', label: 'Grant writing' },
        { value: 'presenting', label: 'Presenting research' },
      ],
    },
    {
      id: 'project',
      label: 'The research project or question you want to work on',
      type: 'longText',
      appliesTo: 'mentee',
      required: true,
      maxLength: 3000,
    },
    {
      id: 'research-experience',
      label: 'Your experience with LIS research',
      type: 'singleChoice',
      appliesTo: 'mentor',
      required: true,
      options: [
        { value: 'beginning', label: 'Beginning: no completed study yet' },
        { value: 'some', label: 'Some: one or two completed studies' },
        { value: 'experienced', label: 'Experienced: three or more peer-reviewed studies' },
        { value: 'extensive', label: 'Extensive: a sustained research record, editing or reviewing' },
      ],
    },
    { id: 'publications', label: 'Peer-reviewed publications', type: 'number', appliesTo: 'mentor', required: false, min: 0, max: 500 },
    { id: 'research-statement', label: 'Your research and mentoring interests', type: 'longText', appliesTo: 'mentor', required: false, maxLength: 3000 },
  ],
  eligibility: [
    {
      id: 'mentor-experienced-researcher',
      appliesTo: 'mentor',
      require: { field: 'answers.research-experience', in: ['experienced', 'extensive'] },
      message: 'Mentors are experienced LIS researchers (three or more peer-reviewed studies)',
    },
  ],
  tiers: [],
  capacity: { default: 1, max: 2 },
  matching: {
    objective: 'score',
    weights: { topics: 40, methodology: 30, support: 30 },
    sources: {
      topics: { mentee: 'research-topics', mentor: 'research-topics' },
      methodology: { mentee: 'methodologies', mentor: 'methodologies' },
      support: { mentee: 'support', mentor: 'support' },
    },
  },
  checkIns: { kind: 'scheduled', everyMonths: 3, count: 4, mode: 'virtual' },
  timeline: { kind: 'cohort', months: 12 },
  completion: { checkInsHeld: 4, finalPresentation: true },
  recognition: { menteeCertificate: true, mentorLetter: true, publicOutputsList: true },
  waitlist: { policy: 'suggest', whenNoPlace: true },
};
