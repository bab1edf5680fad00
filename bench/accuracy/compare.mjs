// Side-by-side accuracy: thaw vs VADER (compound) vs AFINN (comparative) on
// the gold corpus. Each baseline's score is mapped to a label with a
// symmetric neutral band |s| < t, t chosen to maximise macro-F1 on the TUNING
// part, then applied unchanged to the held-out parts. thaw's labels are its own
// (its band is a constant in lib/src/rules.hpp, also set on the tuning part).
//
// "thaw --model" is thaw with its learned stance layer, which is TRAINED on
// the tuning part: its tuning row is in-sample and says nothing of accuracy.
//
// usage: node compare.mjs TUNE.jsonl THAW_TUNE.jsonl THAW_MODEL_TUNE.jsonl TEST.jsonl THAW_TEST.jsonl THAW_MODEL_TEST.jsonl [...]
import { basename } from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const vader = require('vader-sentiment');
const Sentiment = require('sentiment');
const afinn = new Sentiment();

const LABELS = ['warm', 'neutral', 'cold'];
const readJsonl = (p) => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

function macroF1(gold, pred) {
  let sum = 0;
  for (const c of LABELS) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / LABELS.length;
}

function ranks(v) {
  const idx = v.map((x, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
function pearson(x, y) {
  const n = x.length, mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
const spearman = (x, y) => pearson(ranks(x), ranks(y));
const band = (s, t) => (s >= t ? 'warm' : s <= -t ? 'cold' : 'neutral');

function tuneBand(scores, gold) {
  // Candidate thresholds: every |score| seen, plus 0.
  const cands = [...new Set([0, ...scores.map((s) => Math.abs(s))])].sort((a, b) => a - b);
  let best = { t: 0, f1: -1 };
  for (const t of cands) {
    const t2 = t + 1e-9;
    const f1 = macroF1(gold, scores.map((s) => band(s, t2)));
    if (f1 > best.f1) best = { t: t2, f1 };
  }
  return best.t;
}

// Arguments: GOLD.jsonl THAW_SCORED.jsonl THAW_MODEL_SCORED.jsonl triples,
// the tuning part first; each part is named after its file ("tune", "test"...).
const args = process.argv.slice(2);
const parts = [];
for (let i = 0; i + 2 < args.length; i += 3)
  parts.push({ name: basename(args[i], '.jsonl'), gold: readJsonl(args[i]), thaw: readJsonl(args[i + 1]),
               model: readJsonl(args[i + 2]) });
// With two or more held-out parts, also all of them together: one figure over
// every statement nobody tuned on.
if (parts.length > 2) {
  const held = parts.slice(1);
  parts.push({ name: 'held-out (' + held.map((p) => p.name).join(' + ') + ')',
               gold: held.flatMap((p) => p.gold), thaw: held.flatMap((p) => p.thaw), model: held.flatMap((p) => p.model) });
}
const tune = parts[0].gold;
const scorers = {
  VADER: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound,
  AFINN: (t) => afinn.analyze(t).comparative,
};
const rows = [];
const fmt = (x) => x.toFixed(3);
for (const [name, key] of [['thaw --model', 'model'], ['thaw (lexicons alone)', 'thaw']]) {
  for (const p of parts) {
    const recs = p[key], gold = recs.map((r) => r.gold.label), goldScore = recs.map((r) => r.gold.score);
    const part = key === 'model' && p === parts[0] ? p.name + ' (training data: in-sample)' : p.name;
    rows.push({ name, part, n: recs.length, band: 'own', f1: macroF1(gold, recs.map((r) => r.label)), rho: spearman(recs.map((r) => r.score), goldScore) });
  }
}
for (const [name, f] of Object.entries(scorers)) {
  // The neutral band is chosen on the tuning part only, then applied unchanged.
  const t = tuneBand(tune.map((r) => f(r.text)), tune.map((r) => r.gold.label));
  for (const p of parts) {
    const scores = p.gold.map((r) => f(r.text));
    rows.push({ name, part: p.name, n: p.gold.length, band: fmt(t), f1: macroF1(p.gold.map((r) => r.gold.label), scores.map((s) => band(s, t))), rho: spearman(scores, p.gold.map((r) => r.gold.score)) });
  }
}
console.log('| scorer | part | n | neutral band | macro-F1 | Spearman |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.part} | ${r.n} | ${r.band} | ${fmt(r.f1)} | ${fmt(r.rho)} |`);
