import { describe, expect, it } from 'vitest';
import { checkCounterfactual, renderReport, runMatching } from '../src/index';
import { lrrtInput, lrrtParams } from './fixtures/lrrt';
import { vrtInput, vrtParams } from './fixtures/vrt';

describe('explanations a committee can read', () => {
  it('VRT: new librarians first, students wait for remaining capacity', async () => {
    const result = runMatching(vrtInput, vrtParams);
    await expect(renderReport(result)).toMatchFileSnapshot('./__snapshots__/vrt-report.txt');
    expect(result.unmatched.find((u) => u.menteeId === 'vrt-student-gus')?.text).toBe(
      'Students wait for remaining capacity: all 2 mentors who fit are full with new librarians.',
    );
    for (const u of result.unmatched) expect(checkCounterfactual(vrtInput, vrtParams, u.menteeId, u.reasons)).toBe(true);
  });

  it('LRRT: research topic, methodology and project need; fixed pairs kept', async () => {
    const result = runMatching(lrrtInput, lrrtParams);
    await expect(renderReport(result)).toMatchFileSnapshot('./__snapshots__/lrrt-report.txt');
    expect(result.unmatched.find((u) => u.menteeId === 'lrrt-mentee-4')?.text).toBe(
      'No eligible mentor with a free place shares a methodology (the one who does is full).',
    );
    for (const u of result.unmatched) expect(checkCounterfactual(lrrtInput, lrrtParams, u.menteeId, u.reasons)).toBe(true);
  });

  it('records the whole explanation as data, with the next-best alternative of every proposal', () => {
    const result = runMatching(vrtInput, vrtParams);
    expect(result.proposals.find((p) => p.menteeId === 'vrt-new-dana')).toMatchObject({
      mentorId: 'vrt-mentor-ada',
      fixed: false,
      alternative: { mentorId: 'vrt-mentor-ben', hasFreePlace: false },
    });
    expect(result.unmatched.find((u) => u.menteeId === 'vrt-student-ivy')?.reasons.map((r) => r.code)).toEqual(['ineligible', 'capacity']);
  });
});
