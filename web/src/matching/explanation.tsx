/** A factor of a pair's score, as the matching engine explains it. */
export interface Factor {
  factor: string;
  weight: number;
  applicable: boolean;
  score: number;
  text: string;
}

export interface Explanation {
  factors: Factor[];
  alternative: { text: string; score?: number } | null;
}

const FACTOR_LABELS: Record<string, string> = {
  topics: 'Topics',
  methodology: 'Methodology',
  support: 'Help wanted',
  careerStage: 'Career stage',
  meetingMode: 'Way to meet',
};

export const factorLabel = (factor: string) => FACTOR_LABELS[factor] ?? factor.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** The explanation JSON: a list of factors, or `{ factors, alternative }`. */
export const readExplanation = (json: unknown): Explanation => {
  if (Array.isArray(json)) return { factors: json as Factor[], alternative: null };
  if (json && typeof json === 'object') {
    const value = json as { factors?: Factor[]; alternative?: { text: string; score?: number } | null };
    return { factors: value.factors ?? [], alternative: value.alternative ?? null };
  }
  return { factors: [], alternative: null };
};

/** Each factor: its weight, its score out of 1000 as a bar, and the engine's sentence. */
export const FactorBreakdown = ({ explanation }: { explanation: Explanation }) => (
  <>
    <ul className="factors">
      {explanation.factors.map((f) => (
        <li key={f.factor} className={f.applicable ? undefined : 'factor-na'}>
          <span className="factor-name">
            {factorLabel(f.factor)} <span className="muted">· weight {f.weight}</span>
          </span>
          <span className="factor-bar" aria-hidden="true">
            <span style={{ width: `${f.applicable ? f.score / 10 : 0}%` }} />
          </span>
          <span className="factor-score">{f.applicable ? `${f.score} / 1000` : 'not applicable'}</span>
          <span className="factor-text">{f.text}</span>
        </li>
      ))}
    </ul>
    <p className="muted small alternative">{explanation.alternative ? `Next best: ${explanation.alternative.text}` : null}</p>
  </>
);
