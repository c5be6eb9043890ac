'use strict';
// The benchmark's results as an SVG bar chart (for the README): one group of bars per workload,
// one bar per contender, its length the median msgs/s, labelled with the ratio to the C floor.

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function colour(contender) {
  if (contender.floor) return '#7a7a7a';
  if (contender.peer) return '#e0904a';
  return '#2f6fb5';
}

function formatRate(rate) {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M/s` : `${Math.round(rate / 1e3)} k/s`;
}

/**
 * groups: [{ title, bars: [{ contender, value, label }] }], `label` written after the bar; returns the SVG text.
 */
function barChart({ title, subtitle, groups }) {
  const width = 960;
  const labelWidth = 390;
  const barArea = width - labelWidth - 150;
  const barHeight = 16;
  const gap = 4;
  const max = Math.max(...groups.flatMap((group) => group.bars.map((bar) => bar.value)), Number.MIN_VALUE);
  const parts = [];
  let y = 58;
  for (const group of groups) {
    parts.push(`<text x="10" y="${y + 12}" font-weight="bold">${escape(group.title)}</text>`);
    y += 20;
    for (const bar of group.bars) {
      const length = Math.max(1, Math.round((bar.value / max) * barArea));
      parts.push(`<text x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${escape(bar.contender.label)}</text>`);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${length}" height="${barHeight}" fill="${colour(bar.contender)}"/>`);
      parts.push(`<text x="${labelWidth + length + 6}" y="${y + 12}">${escape(bar.label)}</text>`);
      y += barHeight + gap;
    }
    y += 12;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escape(title)}</text>`,
    `<text x="10" y="42" fill="#555555">${escape(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

module.exports = { barChart, formatRate };
