import type { ReactNode } from 'react';

/**
 * Small hand-made SVG charts. Each is a <figure>: the drawing is hidden from assistive
 * technology, and a visually hidden table beside it carries the same figures.
 */

const Figure = ({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: ReactNode }) => (
  <figure className="chart">
    <figcaption className="chart-caption">
      <span className="chart-title">{title}</span>
      <span className="chart-summary">{summary}</span>
    </figcaption>
    <div aria-hidden="true">{children}</div>
    <div className="visually-hidden">{table}</div>
  </figure>
);

const DataTable = ({ caption, headings, rows }: { caption: string; headings: string[]; rows: (string | number)[][] }) => (
  <table>
    <caption>{caption}</caption>
    <thead>
      <tr>
        {headings.map((h) => (
          <th key={h} scope="col">
            {h}
          </th>
        ))}
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr key={String(row[0])}>
          <th scope="row">{row[0]}</th>
          {headings.slice(1).map((heading, i) => (
            <td key={heading}>{row[i + 1]}</td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);

/** "2026-W47" → "W47". */
const shortWeek = (week: string) => week.replace(/^\d{4}-/, '');

/** Vertical bars, one per ISO week. */
export const WeeklyBarChart = ({ weeks }: { weeks: { week: string; applications: number }[] }) => {
  const total = weeks.reduce((sum, w) => sum + w.applications, 0);
  const max = Math.max(1, ...weeks.map((w) => w.applications));
  const width = 560;
  const height = 180;
  const top = 18;
  const bottom = 26;
  const slot = width / Math.max(weeks.length, 1);
  const bar = Math.min(48, slot * 0.6);
  const busiest = weeks.reduce<{ week: string; applications: number } | null>((best, w) => (!best || w.applications > best.applications ? w : best), null);
  const summary = weeks.length
    ? `${total} applications over ${weeks.length} week${weeks.length === 1 ? '' : 's'}; most in ${busiest?.week} (${busiest?.applications}).`
    : 'No applications yet.';
  return (
    <Figure
      title="Applications per week"
      summary={summary}
      table={<DataTable caption="Applications per week" headings={['Week', 'Applications']} rows={weeks.map((w) => [w.week, w.applications])} />}
    >
      <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} role="presentation" preserveAspectRatio="xMidYMid meet">
        <line x1="0" x2={width} y1={height - bottom} y2={height - bottom} className="chart-axis" />
        {weeks.map((w, i) => {
          const h = ((height - top - bottom) * w.applications) / max;
          const x = i * slot + (slot - bar) / 2;
          const y = height - bottom - h;
          return (
            <g key={w.week}>
              <rect x={x} y={y} width={bar} height={Math.max(h, 1)} rx="3" className="chart-bar" />
              <text x={x + bar / 2} y={y - 5} textAnchor="middle" className="chart-value">
                {w.applications}
              </text>
              <text x={x + bar / 2} y={height - 8} textAnchor="middle" className="chart-label">
                {shortWeek(w.week)}
              </text>
            </g>
          );
        })}
      </svg>
    </Figure>
  );
};

/** A donut: the share of mentees in the pool with a confirmed pair. */
export const RateDonut = ({ rate, confirmed, pool }: { rate: number; confirmed: number; pool: number }) => {
  const percent = Math.round(Math.max(0, Math.min(1, rate)) * 100);
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const summary = pool ? `${confirmed} of ${pool} mentees in the pool have a confirmed pair (${percent} %).` : 'No mentees in the pool yet.';
  return (
    <Figure
      title="Match rate"
      summary={summary}
      table={
        <DataTable
          caption="Match rate"
          headings={['Measure', 'Value']}
          rows={[
            ['Mentees in the pool', pool],
            ['Confirmed pairs', confirmed],
            ['Match rate', `${percent} %`],
          ]}
        />
      }
    >
      <svg className="chart-donut" viewBox="0 0 140 140" role="presentation">
        <circle cx="70" cy="70" r={radius} className="donut-track" />
        <circle
          cx="70"
          cy="70"
          r={radius}
          className="donut-value"
          strokeDasharray={`${(circumference * percent) / 100} ${circumference}`}
          transform="rotate(-90 70 70)"
        />
        <text x="70" y="70" textAnchor="middle" dominantBaseline="central" className="donut-text">
          {percent} %
        </text>
      </svg>
    </Figure>
  );
};

/** Horizontal bars per quarter: held, missed and still open among the check-ins due. */
export const ComplianceBars = ({ quarters }: { quarters: { quarter: string; scheduled: number; held: number; missed: number; rate?: number | null }[] }) => {
  const summary = quarters.length
    ? quarters.map((q) => `${q.quarter}: ${q.held} of ${q.scheduled} held`).join('; ')
    : 'No check-ins are scheduled yet: they start when pairs are confirmed.';
  return (
    <Figure
      title="Check-in compliance"
      summary={summary}
      table={
        <DataTable
          caption="Check-ins per quarter"
          headings={['Quarter', 'Scheduled', 'Held', 'Missed', 'Rate']}
          rows={quarters.map((q) => [
            q.quarter,
            q.scheduled,
            q.held,
            q.missed,
            q.rate === null || q.rate === undefined ? '—' : `${Math.round(q.rate * 100)} %`,
          ])}
        />
      }
    >
      <div className="hbars">
        {quarters.map((q) => {
          const total = Math.max(q.scheduled, q.held + q.missed, 1);
          const open = Math.max(0, q.scheduled - q.held - q.missed);
          return (
            <div className="hbar-row" key={q.quarter}>
              <span className="hbar-label">{q.quarter}</span>
              <span className="hbar-track">
                <span className="hbar-seg seg-held" style={{ width: `${(q.held / total) * 100}%` }} />
                <span className="hbar-seg seg-missed" style={{ width: `${(q.missed / total) * 100}%` }} />
                <span className="hbar-seg seg-open" style={{ width: `${(open / total) * 100}%` }} />
              </span>
              <span className="hbar-value">
                {q.held}/{q.scheduled}
              </span>
            </div>
          );
        })}
      </div>
      {quarters.length ? (
        <p className="legend">
          <span className="key seg-held" /> held <span className="key seg-missed" /> missed <span className="key seg-open" /> not yet
        </p>
      ) : null}
    </Figure>
  );
};

/** Horizontal bars of counts, e.g. applications by status; each label may link somewhere. */
export const CountBars = ({ title, items }: { title: string; items: { label: string; count: number; href?: ReactNode }[] }) => {
  const max = Math.max(1, ...items.map((i) => i.count));
  const summary = items.map((i) => `${i.label}: ${i.count}`).join(', ');
  return (
    <figure className="chart">
      <figcaption className="chart-caption">
        <span className="chart-title">{title}</span>
        <span className="visually-hidden">{summary}</span>
      </figcaption>
      <ul className="hbars count-bars">
        {items.map((item) => (
          <li className="hbar-row" key={item.label}>
            <span className="hbar-label">{item.href ?? item.label}</span>
            <span className="hbar-track" aria-hidden="true">
              <span className="hbar-seg seg-count" style={{ width: `${(item.count / max) * 100}%` }} />
            </span>
            <span className="hbar-value">{item.count}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
};
