// check.js asks the npm package "mrz" (an implementation independent of
// dancu) whether MRZ blocks are valid. Input: MRZ blocks on stdin, three
// lines each, blocks separated by a blank line. Output: one JSON object per
// block, one per line, in input order.
//
// mrz does not look at the Vietnamese check digit at line 1 position 30
// (over the 12-digit ID in optional data 1), so that digit is checked with
// mrz as well: it is placed as the personal-number check digit of a TD3
// (passport) line 2 whose personal number is the 12-digit ID plus "<<"
// (trailing fillers weigh 0, so the check digit is the same).
import { readFileSync } from 'node:fs';
import { parse } from 'mrz';

function checkBlock(lines) {
  const result = parse(lines);
  const invalid = result.details
    .filter((d) => !d.valid)
    .map((d) => `${d.field}: ${d.error}`);
  const idCheck = checkIdDigit(lines[0]);
  if (!idCheck.valid) invalid.push(`vnIdCheckDigit: ${idCheck.error}`);
  return { valid: result.valid && idCheck.valid, format: result.format, invalid };
}

function checkIdDigit(line1) {
  const id = line1.slice(15, 27);
  const td3 = [
    'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
    `L898902C36UTO7408122F1204159${id}<<${line1[29]}<`,
  ];
  const detail = parse(td3).details.find(
    (d) => d.field === 'personalNumberCheckDigit',
  );
  return { valid: detail.valid, error: detail.error };
}

const input = readFileSync(0, 'utf8');
const blocks = input
  .split(/\r?\n\s*\r?\n/)
  .map((b) => b.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
  .filter((b) => b.length > 0);
for (const lines of blocks) {
  let out;
  try {
    out = checkBlock(lines);
  } catch (error) {
    out = { valid: false, invalid: [String(error.message)] };
  }
  console.log(JSON.stringify(out));
}
