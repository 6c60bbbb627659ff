import type { MatchingResult } from './types';

/**
 * A run as plain text for a committee member or an auditor: totals, each proposal with its
 * factors and next-best alternative, each unmatched mentee with the reasons.
 */
export function renderReport(result: MatchingResult): string {
  const { summary, params } = result;
  const lines: string[] = [];
  lines.push(`Match run (${result.engineVersion}), inputs ${result.inputsDigest.slice(0, 12)}`);
  lines.push(
    `Objective: ${params.objective === 'coverage' ? 'most people matched' : 'highest total score'}; tiers ${params.tiers ? 'on' : 'off'}; minimum score ${params.minScore}`,
  );
  lines.push(
    `${summary.matched} of ${summary.mentees} mentees matched (${summary.fixed} fixed) with ${summary.mentors} mentors holding ${summary.places} places; total score ${summary.totalScore}`,
  );
  for (const tier of summary.byTier) {
    lines.push(`  ${tier.label}: ${tier.matched} matched of ${tier.eligible} eligible (${tier.applicants} applied)`);
  }
  lines.push('', 'Proposals');
  for (const p of result.proposals) {
    lines.push(`- ${p.menteeId} with ${p.mentorId}: ${p.summary}`);
    for (const f of p.factors) {
      const value = f.applicable ? `${f.score}`.padStart(4) : ' n/a';
      lines.push(`    ${f.factor.padEnd(12)} ${value} ×${f.weight}  ${f.text}`);
    }
    lines.push(`    ${p.alternative === null ? 'no other mentor fits' : p.alternative.text}`);
  }
  lines.push('', 'Unmatched');
  if (result.unmatched.length === 0) lines.push('- none');
  for (const u of result.unmatched) {
    lines.push(`- ${u.menteeId}${u.tier === null ? '' : ` (tier ${u.tier})`}: ${u.text}`);
  }
  lines.push('', 'Places');
  for (const m of result.mentorPlaces) lines.push(`- ${m.mentorId}: ${m.taken} of ${m.capacity}`);
  return `${lines.join('\n')}\n`;
}
