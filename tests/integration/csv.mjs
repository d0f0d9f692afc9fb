// RFC 4180 CSV for tests: what the gateway answers, read strictly, and texts to send.
import assert from 'node:assert/strict';

/** RFC 4180: rows of fields, quoted fields with doubled quotes, CRLF line ends. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i += 1;
    } else field += c;
  }
  assert.equal(field, '', 'the last line ends with CRLF');
  return rows;
}

/** Rows of fields as RFC 4180 text. */
export function toCsv(rows) {
  const field = (value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return rows.map((row) => row.map((value) => field(String(value))).join(',') + '\r\n').join('');
}
