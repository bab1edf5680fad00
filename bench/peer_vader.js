// VADER peer for bench/run.sh: the npm port of vaderSentiment, compound score
// of each statement's text. Reads the same JSONL as `thaw batch`, writes one
// {"id", "score"} line per record (buffered, so the peer is not timed on
// console writes). usage: node peer_vader.js FILE.jsonl > out.jsonl
'use strict';
const fs = require('fs');
const readline = require('readline');
const vader = require('vader-sentiment');

const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]), crlfDelay: Infinity });
let buf = [];
rl.on('line', (line) => {
  if (!line.trim()) return;
  const r = JSON.parse(line);
  const score = vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound;
  buf.push(JSON.stringify({ id: r.id, score }));
  if (buf.length >= 4096) { process.stdout.write(buf.join('\n') + '\n'); buf = []; }
});
rl.on('close', () => { if (buf.length) process.stdout.write(buf.join('\n') + '\n'); });
