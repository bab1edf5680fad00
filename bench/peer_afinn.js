// AFINN peer for bench/run.sh: the npm package "sentiment" (AFINN-165 word
// list), comparative score of each statement's text. Same input and output
// as peer_vader.js. usage: node peer_afinn.js FILE.jsonl > out.jsonl
'use strict';
const fs = require('fs');
const readline = require('readline');
const Sentiment = require('sentiment');

const sentiment = new Sentiment();
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]), crlfDelay: Infinity });
let buf = [];
rl.on('line', (line) => {
  if (!line.trim()) return;
  const r = JSON.parse(line);
  const score = sentiment.analyze(r.text).comparative;
  buf.push(JSON.stringify({ id: r.id, score }));
  if (buf.length >= 4096) { process.stdout.write(buf.join('\n') + '\n'); buf = []; }
});
rl.on('close', () => { if (buf.length) process.stdout.write(buf.join('\n') + '\n'); });
