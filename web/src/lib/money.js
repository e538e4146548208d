// Money as the server keeps it — whole paise — written the Indian way: "₹ 1,23,45,678",
// "₹ 1,23,45,678.50" (paise only when there are some). The server also sends each amount's
// written forms (amount, amount_words); this is for values it sends as paise alone (a
// register's money field) and for the form that edits them.

/* "1,23,45,678" from a whole number of rupees (digits grouped in threes, then twos). */
function grouped(rupees) {
  const s = String(rupees);
  if (s.length <= 3) return s;
  const head = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${head},${s.slice(-3)}`;
}

/* Rupees as a person writes them, without the sign: "15,16,000" or "15,16,000.50". */
export function rupeesText(paise) {
  if (typeof paise !== 'number' || !Number.isSafeInteger(paise)) return '';
  const neg = paise < 0;
  const p = Math.abs(paise);
  const r = Math.floor(p / 100), c = p % 100;
  return (neg ? '-' : '') + grouped(r) + (c ? `.${String(c).padStart(2, '0')}` : '');
}

/* "₹ 15,16,000". */
export function fmtMoney(paise) {
  const t = rupeesText(paise);
  return t ? `₹ ${t}` : '';
}

/* "₹ 8.72 crore", "₹ 45.5 lakh", "₹ 12,000" below a lakh (two decimals at most). */
export function fmtMoneyWords(paise) {
  if (typeof paise !== 'number') return '';
  const crore = 1e9, lakh = 1e7;
  const words = (n, unit) => `₹ ${(Math.round((n * 100)) / 100).toString()} ${unit}`;
  if (Math.abs(paise) >= crore) return words(paise / crore, 'crore');
  if (Math.abs(paise) >= lakh) return words(paise / lakh, 'lakh');
  return fmtMoney(Math.round(paise / 100) * 100);
}
